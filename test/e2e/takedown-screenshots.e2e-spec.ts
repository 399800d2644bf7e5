import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../../libs/domain/src/index.js';
import { toGlobalId } from '../../apps/api/src/common/node.js';
import { DEMO_MEMBER_PEOPLE, DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { citableRightOf } from '../factories/takedown.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

// Issue 16, outcome 2: a request's listings carry screenshots (evidence files the filer uploaded),
// which the request's deciders open and nobody else does.
const UPLOAD = `mutation($i: UploadEvidenceFileInput!) { uploadEvidenceFile(input: $i) { id } }`;
const FILE = `mutation($i: FileTakedownInput!) { fileTakedown(input: $i) { id } }`;
const READ = `query($id: ID!) { takedownRequest(id: $id) { listings { position screenshots { id fileName contentType downloadPath } } } }`;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3, 4]);

describe('screenshots of listings', () => {
  let t: TestApp;
  let admin: string;
  let reviewer: string;
  let other: string;
  let right: Awaited<ReturnType<typeof citableRightOf>>;
  const upload = async (token: string, fileName: string, contentType: string, content: Buffer) =>
    (await t.ok(UPLOAD, { i: { fileName, contentType, contentBase64: content.toString('base64') } }, token)).uploadEvidenceFile.id as string;
  const requests = async () => (await t.sql(`SELECT count(*)::int AS n FROM takedown_request`))[0].n as number;
  const filing = (listings: { url: string; screenshotFileIds?: string[] }[]) => ({ i: { brandId: right.brandId, trademarkId: right.trademarkId, reason: 'COUNTERFEIT', listings } });

  beforeAll(async () => {
    t = await TestApp.startWithDemo({}, { intel: false });
    admin = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    reviewer = await t.login(DEMO_USERS.platformReviewer, DEMO_PASSWORD);
    other = await t.login(DEMO_MEMBER_PEOPLE.find((p) => p.role === Role.MEMBER_ADMIN && p.email !== DEMO_USERS.memberAdmin)!.email, DEMO_PASSWORD);
    right = await citableRightOf(t, DEMO_USERS.memberAdmin);
    const [org] = await t.sql(`SELECT organisation_id FROM app_user WHERE email = $1`, [DEMO_USERS.platformReviewer]);
    await t.ok(`mutation($i: MarketplaceInput!) { createMarketplace(input: $i) { id } }`, {
      i: { name: 'Inside', domains: ['inside.example'], listingTemplate: '/p/{id}', storeTemplate: '?s={id}', jurisdiction: 'CN', reviewerOrganisationId: toGlobalId('Organisation', org.organisation_id) },
    }, await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD));
  });
  afterAll(() => t.close());

  it('keeps each listing’s screenshots, which the marketplace’s reviewers open and another member cannot', async () => {
    const front = await upload(admin, 'front.png', 'image/png', PNG);
    const label = await upload(admin, 'label.png', 'image/png', Buffer.concat([PNG, Buffer.from([9])]));
    const { id } = (await t.ok(FILE, filing([
      { url: 'https://inside.example/p/1?s=shop1', screenshotFileIds: [front, label] },
      { url: 'https://inside.example/p/2?s=shop1' },
    ]), admin)).fileTakedown;

    for (const token of [admin, reviewer]) {
      const listings = (await t.ok(READ, { id }, token)).takedownRequest.listings;
      expect(listings.map((l: { position: number }) => l.position)).toEqual([1, 2]);
      expect(listings[0].screenshots.map((s: { fileName: string }) => s.fileName).sort()).toEqual(['front.png', 'label.png']);
      expect(listings[0].screenshots.every((s: { contentType: string }) => s.contentType === 'image/png')).toBe(true);
      expect(listings[1].screenshots).toEqual([]);
      const shot = listings[0].screenshots.find((s: { fileName: string }) => s.fileName === 'front.png');
      const res = await t.http().get(shot.downloadPath).set('authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      expect(Buffer.from(res.body as Buffer)).toEqual(PNG);
    }
    // another member sees neither the request nor its screenshots
    expect((await t.gql(READ, { id }, other)).data?.takedownRequest ?? null).toBeNull();
    expect((await t.http().get(`/files/${front}`).set('authorization', `Bearer ${other}`)).status).toBe(404);
    // nor does a reviewer of a marketplace the request is not on, nor a partner
    expect((await t.http().get(`/files/${front}`).set('authorization', `Bearer ${await t.login(DEMO_USERS.partner, DEMO_PASSWORD)}`)).status).toBe(404);
  });

  it('refuses a screenshot that is not a picture, is another organisation’s, or one too many, and files nothing', async () => {
    const before = await requests();
    const pdf = await upload(admin, 'notice.pdf', 'application/pdf', Buffer.from('%PDF-1.4 notice'));
    expect(errorOf(await t.gql(FILE, filing([{ url: 'https://inside.example/p/3', screenshotFileIds: [pdf] }]), admin)))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'listings.0.screenshotFileIds.0', message: 'notice.pdf is not a picture (PNG, JPEG, WebP or GIF)' });
    const theirs = await upload(other, 'theirs.png', 'image/png', PNG);
    expect(errorOf(await t.gql(FILE, filing([{ url: 'https://inside.example/p/4' }, { url: 'https://inside.example/p/5', screenshotFileIds: [theirs] }]), admin)))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'listings.1.screenshotFileIds.0', message: 'Unknown file: upload the screenshot first' });
    const mine = await upload(admin, 'a.png', 'image/png', PNG);
    expect(errorOf(await t.gql(FILE, filing([{ url: 'https://inside.example/p/6', screenshotFileIds: Array(6).fill(mine) }]), admin)))
      .toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(errorOf(await t.gql(FILE, filing([{ url: 'https://inside.example/p/7', screenshotFileIds: ['not-an-id'] }]), admin)))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'listings.0.screenshotFileIds.0' });
    expect(await requests()).toBe(before);
  });
});
