import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { PDFDocument } from 'pdf-lib';
import { FORM_FIELDS } from '../../libs/takedown/src/index.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { TakedownBulkService } from '../../apps/api/src/takedown/takedown-bulk.service.js';
import { TakedownEmailListener } from '../../apps/api/src/takedown/takedown-email.listener.js';
import { TakedownEmailService } from '../../apps/api/src/takedown/takedown-email.service.js';
import { citableRightOf } from '../factories/takedown.factory.js';
import { TestApp } from '../support/test-app.js';

// Issue 16, outcome 3 (EMAIL): a real SMTP conversation with the listener, nodemailer as the client.
const MAILS = `query($status: TakedownMailStatus) { takedownInboundMails(first: 50, status: $status) { totalCount edges { node {
  id sender subject status sha256 sizeBytes problems { field message } requests { id channel listings { url } }
  bulkImports { id status rowsFiled } source { contentType sha256 sizeBytes } organisation { name } } } } }`;
const REFUSALS = `{ takedownMailRefusals(days: 7) { since unknownSender spoofedSender notAuthenticated tooLarge } }`;
const MAX_BYTES = 64 * 1024;

type SmtpError = Error & { responseCode?: number; response?: string };

describe('takedowns by e-mail', () => {
  let t: TestApp;
  let port: number;
  let admin: string;
  let coordinator: string;
  let right: Awaited<ReturnType<typeof citableRightOf>>;
  const to = 'takedowns+demo@countermark.test';

  const send = (mail: SendMailOptions) =>
    nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 10_000 }).sendMail({ to, ...mail });
  const refusalOf = (mail: SendMailOptions) => send(mail).then(() => { throw new Error('accepted'); }, (e: SmtpError) => e);
  const processed = async () => {
    await t.get(TakedownEmailService).dispatch();
    await t.get(TakedownBulkService).dispatch();
  };
  const latestReply = async (address: string) =>
    (await t.sql(`SELECT kind, subject, body FROM outbox_message WHERE to_address = $1 AND kind = 'takedown.email_reply' ORDER BY created_at DESC LIMIT 1`, [address]))[0];
  const counts = async () => (await t.sql(`SELECT (SELECT count(*)::int FROM takedown_inbound_mail) AS mails, (SELECT count(*)::int FROM evidence_file WHERE content_type = 'message/rfc822') AS files`))[0];

  beforeAll(async () => {
    t = await TestApp.startWithDemo({ TAKEDOWN_SMTP_MAX_BYTES: MAX_BYTES }, { intel: false });
    port = await t.get(TakedownEmailListener).listen(0);
    admin = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    right = await citableRightOf(t, DEMO_USERS.memberAdmin);
  });
  afterAll(() => t.close());

  it('files the listings of a member’s message as a request of channel EMAIL and keeps the message, hashed, as evidence', async () => {
    const info = await send({
      from: DEMO_USERS.memberAdmin,
      subject: 'Fakes on Taobao',
      text: `Hello,\n\nBrand: ${right.brandName}\nRight: ${right.registrationNumber}\nReason: counterfeit\n\n`
        + 'https://item.taobao.com/item.htm?id=910001\nhttps://item.taobao.com/item.htm?id=910002, and again https://item.taobao.com/item.htm?id=910001.\n\n-- \nZhenlan https://zhenlan.example',
    });
    expect(info.response).toMatch(/^250 2\.0\.0 Stored as [0-9a-f-]{36}/);
    await processed();

    const { edges } = (await t.ok(MAILS, {}, admin)).takedownInboundMails;
    const mail = edges[0].node;
    expect(mail).toMatchObject({ sender: DEMO_USERS.memberAdmin, subject: 'Fakes on Taobao', status: 'FILED', problems: [], bulkImports: [] });
    expect(mail.requests).toHaveLength(1);
    expect(mail.requests[0].channel).toBe('EMAIL');
    expect(mail.requests[0].listings.map((l: { url: string }) => l.url)).toEqual(['https://item.taobao.com/item.htm?id=910001', 'https://item.taobao.com/item.htm?id=910002']);
    const [request] = await t.sql(`SELECT brand_id, trademark_id, reason, channel FROM takedown_request WHERE channel = 'EMAIL'`);
    expect(request).toEqual({ brand_id: right.brandUuid, trademark_id: right.trademarkUuid, reason: 'COUNTERFEIT', channel: 'EMAIL' });

    // the source as received: the stored bytes hash to what the row and the evidence file say
    expect(mail.source).toMatchObject({ contentType: 'message/rfc822', sha256: mail.sha256, sizeBytes: mail.sizeBytes });
    const [file] = await t.sql(`SELECT storage_key FROM evidence_file WHERE sha256 = $1`, [mail.sha256]);
    const stored = readFileSync(join(t.config.filesDir, file.storage_key));
    expect(createHash('sha256').update(stored).digest('hex')).toBe(mail.sha256);
    expect(stored.toString('utf8')).toContain('Subject: Fakes on Taobao');
    expect(stored.length).toBe(mail.sizeBytes);

    const reply = await latestReply(DEMO_USERS.memberAdmin);
    expect(reply.subject).toBe('Re: Fakes on Taobao');
    expect(reply.body).toContain('Filed:');
    expect(reply.body).toContain(mail.requests[0].id);
    expect(reply.body).toContain(mail.sha256);
  });

  it('answers what is missing when the message does not say which brand, and files nothing', async () => {
    const before = (await t.sql(`SELECT count(*)::int AS n FROM takedown_request`))[0].n;
    await send({ from: DEMO_USERS.memberAnalyst, subject: 'Please remove', text: 'https://item.taobao.com/item.htm?id=920001' });
    await processed();
    const mail = (await t.ok(MAILS, { status: 'REFUSED' }, admin)).takedownInboundMails.edges[0].node;
    expect(mail).toMatchObject({ sender: DEMO_USERS.memberAnalyst, status: 'REFUSED', requests: [] });
    expect(mail.problems).toEqual([{ field: 'brand', message: expect.stringContaining('Name the brand on a line “Brand: <name>”') }]);
    expect((await t.sql(`SELECT count(*)::int AS n FROM takedown_request`))[0].n).toBe(before);
    const reply = await latestReply(DEMO_USERS.memberAnalyst);
    expect(reply.body).toContain('Nothing was filed');
    expect(reply.body).toContain('- brand: Name the brand');
    expect(reply.body).toContain('How to file by e-mail');
  });

  it('finds the brand from the right alone, explains an unknown marketplace’s address and the attachments it does not read', async () => {
    await send({
      from: DEMO_USERS.memberAdmin,
      subject: `Right: ${right.registrationNumber}`,
      html: '<p>Listings: <a href="https://item.taobao.com/item.htm?id=930001&amp;spm=a1">one</a> and <a href="https://fakes.example/item/2">two</a></p>',
      attachments: [{ filename: 'notes.docx', content: Buffer.from('PK\u0003\u0004 not read'), contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }],
    });
    await processed();
    const mail = (await t.ok(MAILS, {}, admin)).takedownInboundMails.edges[0].node;
    expect(mail.status).toBe('FILED');
    expect(mail.requests[0].listings).toHaveLength(1);
    expect(mail.problems).toEqual([
      { field: 'attachment', message: expect.stringContaining('notes.docx') },
      { field: 'url', message: expect.stringMatching(/^https:\/\/fakes\.example\/item\/2: /) },
    ]);
    const reply = await latestReply(DEMO_USERS.memberAdmin);
    expect(reply.body).toContain('Not filed:');
    expect(reply.body).toContain('notes.docx');
  });

  it('files a CSV attachment through bulk filing and answers a PDF that is not Countermark’s form', async () => {
    const csv = `Brand,Right,URL\n${right.brandName},${right.registrationNumber},https://item.taobao.com/item.htm?id=940001\n${right.brandName},${right.registrationNumber},https://item.taobao.com/item.htm?id=940002\n`;
    await send({
      from: DEMO_USERS.memberAdmin,
      subject: 'Two listings in a file',
      text: 'See the attachment.',
      attachments: [
        { filename: 'listings.csv', content: csv, contentType: 'text/csv' },
        { filename: 'form.pdf', content: Buffer.from('%PDF-1.7\n%not a real form\n'), contentType: 'application/pdf' },
      ],
    });
    await processed();
    const mail = (await t.ok(MAILS, {}, admin)).takedownInboundMails.edges[0].node;
    expect(mail.status).toBe('FILED');
    expect(mail.bulkImports).toEqual([{ id: expect.any(String), status: 'DONE', rowsFiled: 2 }]);
    expect(mail.problems).toEqual([{ field: 'attachment', message: expect.stringMatching(/^form\.pdf: This PDF (could not be read|is not a Countermark takedown form)/) }]);
    const filed = await t.sql(`SELECT l.url FROM takedown_listing l JOIN takedown_request r ON r.id = l.request_id WHERE r.channel = 'BULK_CSV' ORDER BY l.position`);
    expect(filed.map((r) => r.url)).toEqual(['https://item.taobao.com/item.htm?id=940001', 'https://item.taobao.com/item.htm?id=940002']);
    expect((await latestReply(DEMO_USERS.memberAdmin)).body).toContain('listings.csv: bulk import');
  });

  it('files a filled PDF form attached to a message as requests of channel PDF_FORM, once however often it is sent', async () => {
    const res = await t.http().get(`/takedown-forms?brandId=${encodeURIComponent(right.brandId)}`).set('authorization', `Bearer ${admin}`).buffer(true)
      .parse((stream, done) => { const chunks: Buffer[] = []; stream.on('data', (c: Buffer) => chunks.push(c)); stream.on('end', () => done(null, Buffer.concat(chunks))); });
    const doc = await PDFDocument.load(res.body as Buffer);
    const form = doc.getForm();
    const [mark] = await t.sql(`SELECT office FROM trademark WHERE id = $1`, [right.trademarkUuid]);
    form.getDropdown(FORM_FIELDS.right).select(`${mark.office} trademark ${right.registrationNumber}`);
    form.getDropdown(FORM_FIELDS.reason).select('COUNTERFEIT');
    form.getTextField(FORM_FIELDS.listing(1)).setText('https://item.taobao.com/item.htm?id=945001');
    form.getTextField(FORM_FIELDS.signatory).setText('Zhenlan Admin');
    form.getCheckBox(FORM_FIELDS.goodFaith).check();
    const filled = Buffer.from(await doc.save());
    for (let i = 0; i < 2; i++) {
      await send({ from: DEMO_USERS.memberAdmin, subject: 'Our form', text: 'The form is attached.', attachments: [{ filename: 'takedown.pdf', content: filled, contentType: 'application/pdf' }] });
      await processed();
    }
    const mails = (await t.ok(MAILS, {}, admin)).takedownInboundMails.edges.slice(0, 2).map((e: { node: { status: string; problems: unknown[]; requests: { id: string; channel: string; listings: { url: string }[] }[] } }) => e.node);
    for (const mail of mails) {
      expect(mail).toMatchObject({ status: 'FILED', problems: [] });
      expect(mail.requests).toEqual([{ id: mails[0].requests[0].id, channel: 'PDF_FORM', listings: [{ url: 'https://item.taobao.com/item.htm?id=945001' }] }]);
    }
    expect((await t.sql(`SELECT count(*)::int AS n FROM takedown_request WHERE channel = 'PDF_FORM'`))[0].n).toBe(1);
    expect((await latestReply(DEMO_USERS.memberAdmin)).body).toMatch(/takedown\.pdf: request \S+, 1 listing:/);
  });

  it('refuses unknown senders and other roles at RCPT TO, stores nothing and counts them for the coordinators', async () => {
    const before = await counts();
    for (const from of ['stranger@example.com', DEMO_USERS.platformReviewer, DEMO_USERS.coordinator]) {
      const refused = await refusalOf({ from, subject: 'x', text: 'https://item.taobao.com/item.htm?id=950001' });
      expect(refused.responseCode).toBe(550);
      expect(refused.response).toContain('registered addresses of the alliance’s active members');
    }
    // an alliance nobody has: no such mailbox, and nothing to count
    expect((await refusalOf({ to: 'takedowns+nowhere@countermark.test', from: DEMO_USERS.memberAdmin, text: 'x' })).response).toMatch(/^550 5\.1\.1/);
    expect(await counts()).toEqual(before);
    expect((await t.ok(REFUSALS, {}, coordinator)).takedownMailRefusals).toMatchObject({ unknownSender: 3, spoofedSender: 0, tooLarge: 0 });
    expect((await t.gql(REFUSALS, {}, admin)).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses a message whose From header is not its envelope sender', async () => {
    const before = await counts();
    const refused = await refusalOf({ from: 'ceo@zhenlan.example', envelope: { from: DEMO_USERS.memberAdmin, to }, subject: 'x', text: 'https://item.taobao.com/item.htm?id=960001' });
    expect(refused.responseCode).toBe(550);
    expect(refused.response).toContain('From header must be the envelope sender');
    expect(await counts()).toEqual(before);
    expect((await t.ok(REFUSALS, {}, coordinator)).takedownMailRefusals.spoofedSender).toBe(1);
  });

  it('refuses a message over the size limit and keeps nothing of it', async () => {
    const before = await counts();
    const refused = await refusalOf({ from: DEMO_USERS.memberAdmin, subject: 'big', text: `https://item.taobao.com/item.htm?id=970001\n${'x'.repeat(76)}\n`.repeat(Math.ceil(MAX_BYTES / 78) + 10) });
    expect(refused.responseCode).toBe(552);
    expect(await counts()).toEqual(before);
    expect((await t.ok(REFUSALS, {}, coordinator)).takedownMailRefusals.tooLarge).toBe(1);
  });

  it('asks for the MTA’s DMARC pass when TAKEDOWN_SMTP_AUTHSERV_ID is set', async () => {
    t.config.TAKEDOWN_SMTP_AUTHSERV_ID = 'mx.countermark.test';
    try {
      const mail = (results?: string) => ({
        from: DEMO_USERS.memberAdmin, subject: `Brand: ${right.brandName}; Right: ${right.registrationNumber}`, text: 'https://item.taobao.com/item.htm?id=980001',
        headers: results ? { 'Authentication-Results': results } : {},
      });
      for (const results of [undefined, 'mx.countermark.test; dmarc=fail header.from=zhenlan.demo.countermark.test', 'elsewhere.example; dmarc=pass']) {
        const refused = await refusalOf(mail(results));
        expect(refused.responseCode).toBe(550);
        expect(refused.response).toContain('did not pass DMARC');
      }
      expect((await t.ok(REFUSALS, {}, coordinator)).takedownMailRefusals.notAuthenticated).toBe(3);
      await send(mail('mx.countermark.test 1;\r\n  spf=pass smtp.mailfrom=zhenlan.demo.countermark.test;\r\n  dmarc=pass (p=reject) header.from=zhenlan.demo.countermark.test'));
      await processed();
      expect((await t.ok(MAILS, {}, admin)).takedownInboundMails.edges[0].node).toMatchObject({ status: 'FILED', subject: expect.stringContaining('Right:') });
    } finally {
      t.config.TAKEDOWN_SMTP_AUTHSERV_ID = undefined;
    }
  });

  it('shows a member its organisation’s messages only, the coordinators all', async () => {
    const other = await t.login('admin@harrowgate.demo.countermark.test', DEMO_PASSWORD);
    expect((await t.ok(MAILS, {}, other)).takedownInboundMails.totalCount).toBe(0);
    const all = (await t.ok(MAILS, {}, coordinator)).takedownInboundMails;
    expect(all.totalCount).toBe(7);
    expect(all.edges.map((e: { node: { organisation: { name: string } } }) => e.node.organisation.name)).toEqual(Array(7).fill(expect.stringContaining('Zhenlan')));
    const id = all.edges[0].node.id;
    expect((await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id }, other)).node).toBeNull();
    expect((await t.ok(`query($id: ID!) { node(id: $id) { ... on TakedownInboundMail { status } } }`, { id }, admin)).node.status).toBe('FILED');
  });
});
