import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { PDFDocument } from 'pdf-lib';
import { toGlobalId } from '../../apps/api/src/common/node.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { TakedownDeliveryService, webhookSignature } from '../../apps/api/src/takedown/takedown-delivery.service.js';
import { freePort } from '../support/free-port.js';
import { citableRightOf } from '../factories/takedown.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

// Issue 16, outcome 4: accepted requests reach marketplaces outside Countermark by e-mail (with the
// PDF notice) and by a signed webhook, retried, each attempt visible on the request.
const READ = `query($id: ID!) { takedownRequest(id: $id) { status deliveries { channel target status deliveredAt attempts { ok statusCode error } } } }`;

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('takedown deliveries', () => {
  let t: TestApp;
  let receiver: Server;
  let port: number;
  const received: Received[] = [];
  let failFirst = 1;
  let coordinator: string;
  let admin: string;
  let brandId: string;
  let trademarkId: string;

  beforeAll(async () => {
    port = await freePort();
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = failFirst-- > 0 ? 500 : 204;
        res.end();
      });
    });
    await new Promise<void>((done) => receiver.listen(port, '127.0.0.1', done));
    // the receiver listens on the loopback: private targets are allowed here, and switched off below
    t = await TestApp.startWithDemo({ TAKEDOWN_DELIVERY_RETRY_SECONDS: 1, WEBHOOK_PRIVATE_TARGETS: true }, { intel: false });
    coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    admin = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    ({ brandId, trademarkId } = await citableRightOf(t, DEMO_USERS.memberAdmin));
  });
  afterAll(async () => {
    await t.close();
    await new Promise((done) => receiver.close(done));
  });

  it('sends the notice e-mail with its PDF and a signed webhook (retried after a failure), each attempt on the request', async () => {
    const { createMarketplace: market } = await t.ok(
      `mutation($i: MarketplaceInput!) { createMarketplace(input: $i) { id webhookSecret } }`,
      { i: { name: 'Bazaar', domains: ['bazaar.example'], listingTemplate: '/p/{id}', storeTemplate: '?s={id}', jurisdiction: 'DE', abuseEmail: 'abuse@bazaar.example', webhookUrl: `http://127.0.0.1:${port}/takedowns` } },
      coordinator,
    );
    expect(market.webhookSecret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const { id } = (
      await t.ok(`mutation($i: FileTakedownInput!) { fileTakedown(input: $i) { id } }`, {
        i: { brandId, trademarkId, reason: 'COUNTERFEIT', statement: 'Copies of our Aurora line.', listings: [{ url: 'https://www.bazaar.example/p/B-1?s=shop9' }, { url: 'https://www.bazaar.example/p/B-2?s=shop9' }] },
      }, admin)
    ).fileTakedown;
    expect((await t.ok(READ, { id }, admin)).takedownRequest.deliveries).toEqual([]);
    await t.ok(`mutation($i: ActOnTakedownInput!) { actOnTakedown(input: $i) { status } }`, { i: { id, action: 'ACCEPT' } }, coordinator);

    const deadline = Date.now() + 30_000;
    let deliveries: any[] = [];
    while (Date.now() < deadline) {
      await t.get(TakedownDeliveryService).dispatch();
      deliveries = (await t.ok(READ, { id }, admin)).takedownRequest.deliveries;
      if (deliveries.every((d) => d.status === 'DELIVERED')) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(deliveries).toEqual([
      { channel: 'EMAIL', target: 'abuse@bazaar.example', status: 'DELIVERED', deliveredAt: expect.any(String), attempts: [{ ok: true, statusCode: null, error: null }] },
      {
        channel: 'WEBHOOK', target: `http://127.0.0.1:${port}/takedowns`, status: 'DELIVERED', deliveredAt: expect.any(String),
        attempts: [{ ok: false, statusCode: 500, error: 'HTTP 500' }, { ok: true, statusCode: 204, error: null }],
      },
    ]);

    // the receiver can trust what it got: the signature is the marketplace's secret over timestamp and body
    expect(received).toHaveLength(2);
    for (const r of received) {
      expect(r.headers['x-countermark-signature']).toBe(webhookSignature(market.webhookSecret, String(r.headers['x-countermark-timestamp']), r.body));
      expect(webhookSignature('another secret', String(r.headers['x-countermark-timestamp']), r.body)).not.toBe(r.headers['x-countermark-signature']);
    }
    const payload = JSON.parse(received[1].body);
    expect(payload).toMatchObject({ event: 'takedown.accepted', requestId: id, marketplace: 'Bazaar', brand: expect.any(String), listings: [{ listingId: 'B-1', storeId: 'shop9', outcome: 'REMOVED' }, { listingId: 'B-2' }] });
    expect(payload.counterNoticeUrl).toContain(`/counter-notice/${id}?token=`);

    const [mail] = await t.sql(`SELECT subject, body, attachments FROM outbox_message WHERE kind = 'takedown_notice' AND to_address = 'abuse@bazaar.example'`);
    expect(mail.subject).toContain('2 listing(s) on Bazaar');
    expect(mail.body).toContain('https://www.bazaar.example/p/B-1?s=shop9');
    const pdf = Buffer.from(mail.attachments[0].content, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(doc.getTitle()).toBe(`Takedown notice ${id}`);
  });

  it('sends nothing for a marketplace whose reviewers work inside Countermark', async () => {
    const [org] = await t.sql(`SELECT o.id FROM organisation o JOIN app_user u ON u.organisation_id = o.id WHERE u.email = $1`, [DEMO_USERS.platformReviewer]);
    await t.ok(
      `mutation($i: MarketplaceInput!) { createMarketplace(input: $i) { id } }`,
      { i: { name: 'Inside', domains: ['inside.example'], listingTemplate: '/p/{id}', jurisdiction: 'CN', abuseEmail: 'abuse@inside.example', reviewerOrganisationId: toGlobalId('Organisation', org.id) } },
      coordinator,
    );
    const reviewer = await t.login(DEMO_USERS.platformReviewer, DEMO_PASSWORD);
    const { id } = (await t.ok(`mutation($i: FileTakedownInput!) { fileTakedown(input: $i) { id } }`, { i: { brandId, trademarkId, reason: 'COUNTERFEIT', listings: [{ url: 'https://inside.example/p/9' }] } }, admin)).fileTakedown;
    await t.ok(`mutation($i: ActOnTakedownInput!) { actOnTakedown(input: $i) { status } }`, { i: { id, action: 'ACCEPT' } }, reviewer);
    expect((await t.ok(READ, { id }, admin)).takedownRequest.deliveries).toEqual([]);
  });

  it('never posts to a private address once private targets are off: refused when typed, and at delivery for one stored before', async () => {
    t.config.WEBHOOK_PRIVATE_TARGETS = false;
    try {
      const create = (webhookUrl: string) => t.gql(`mutation($i: MarketplaceInput!) { createMarketplace(input: $i) { id } }`,
        { i: { name: `Metadata ${webhookUrl.length}`, domains: [`m${webhookUrl.length}.example`], listingTemplate: '/p/{id}', jurisdiction: 'DE', webhookUrl } }, coordinator);
      for (const url of ['https://169.254.169.254/latest/meta-data/', `http://127.0.0.1:${port}/takedowns`, 'https://[::ffff:10.0.0.1]/hook']) {
        expect(errorOf(await create(url))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'webhookUrl', message: expect.stringMatching(/public internet|starts with https/) });
      }
      // Bazaar's webhook was stored while private targets were allowed: its next delivery is refused, nothing sent
      const before = received.length;
      const { id } = (await t.ok(`mutation($i: FileTakedownInput!) { fileTakedown(input: $i) { id } }`, {
        i: { brandId, trademarkId, reason: 'COUNTERFEIT', listings: [{ url: 'https://www.bazaar.example/p/B-7?s=shop9' }] },
      }, admin)).fileTakedown;
      await t.ok(`mutation($i: ActOnTakedownInput!) { actOnTakedown(input: $i) { status } }`, { i: { id, action: 'ACCEPT' } }, coordinator);
      await t.get(TakedownDeliveryService).dispatch();
      const webhook = (await t.ok(READ, { id }, admin)).takedownRequest.deliveries.find((d: { channel: string }) => d.channel === 'WEBHOOK');
      expect(webhook.status).not.toBe('DELIVERED');
      expect(webhook.attempts).toEqual([{ ok: false, statusCode: null, error: expect.stringContaining('A webhook URL starts with https://') }]);
      expect(received.length).toBe(before);
    } finally {
      t.config.WEBHOOK_PRIVATE_TARGETS = true;
    }
  });
});
