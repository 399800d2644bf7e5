import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { Role } from '../../libs/domain/src/index.js';
import { AppConfig } from '../../apps/api/src/config/app-config.js';
import { CallerBudget } from '../../apps/api/src/identity/caller-budget.js';
import { listingImagePath } from '../../apps/api/src/monitoring/listing-images.js';
import { allianceWithCoordinator, userFor } from '../factories/alliance.factory.js';
import { invitedMember, uuid } from '../factories/member.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

// Issue 17, outcome 1: the listing feed, in GraphQL batches and as an NDJSON stream.
const PUSH = `mutation($i: PushListingsInput!) { pushListings(input: $i) { accepted updated refused problemsTruncated problems { row listingId field reason } } }`;
const CREATE_PARTNER = `mutation($i: CreatePartnerInput!) { createPartner(input: $i) { id } }`;
const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

const taobao = (id: number | string, extra: Record<string, unknown> = {}) => ({ url: `https://item.taobao.com/item.htm?id=${id}`, title: `Listing ${id}`, ...extra });

describe('listing feed', () => {
  let t: TestApp;
  let coordinator: string;
  let allianceId: string;
  let marketplaceKey: string;
  let statsKey: string;
  let analyst: string;
  let memberAdmin: string;
  let memberOrganisationId: string;
  let membershipId: string;
  let otherKey: string;
  let otherAllianceId: string;

  const keyFor = async (token: string, name: string, scopes: string[], kind = 'MARKETPLACE') => {
    const partner = (await t.ok(CREATE_PARTNER, { i: { name, kind, scopes } }, token)).createPartner;
    return (await t.ok(CREATE_KEY, { i: { partnershipId: partner.id, name: `${name} key`, scopes } }, token)).createApiKey.secret as string;
  };
  const stream = (lines: string | Buffer, token = marketplaceKey) =>
    t.http().post('/monitoring/listings.ndjson').set('authorization', `Bearer ${token}`).set('content-type', 'application/x-ndjson').send(Buffer.isBuffer(lines) ? lines : Buffer.from(lines));
  const listing = async (listingId: string, alliance = allianceId) =>
    (await t.sql(`SELECT l.*, m.name AS marketplace FROM listing l JOIN marketplace m ON m.alliance_id = l.alliance_id AND m.id = l.marketplace_id WHERE l.alliance_id = $1 AND l.listing_id = $2`, [alliance, listingId]))[0];

  beforeAll(async () => {
    t = await TestApp.start({ MAX_IMPORT_BYTES: 8 * 1024 * 1024 });
    const a = await allianceWithCoordinator(t, 'feed');
    coordinator = a.token;
    allianceId = a.alliance.id;
    marketplaceKey = await keyFor(coordinator, 'Taobao Feed', ['listings:write']);
    statsKey = await keyFor(coordinator, 'Stats Only', ['stats:read'], 'ACADEMIA');
    const m = await invitedMember(t, coordinator, 'Crawling Brand');
    membershipId = m.membershipId;
    memberAdmin = m.token;
    memberOrganisationId = uuid(m.organisationId);
    await t.sql(`UPDATE membership SET status = 'ACTIVE', joined_on = current_date WHERE id = $1`, [uuid(m.membershipId)]);
    analyst = await userFor(t, allianceId, uuid(m.organisationId), Role.MEMBER_ANALYST, 'crawler@crawling.test');
    const other = await allianceWithCoordinator(t, 'feed-other');
    otherAllianceId = other.alliance.id;
    otherKey = await keyFor(other.token, 'Other Feed', ['listings:write']);
  });
  afterAll(() => t.close());

  it('takes a batch, reading marketplace and ids from the URL, money in minor units, contacts and images', async () => {
    const res = await t.ok(PUSH, { i: { listings: [
      taobao(1001, { priceMinor: 1999, currency: 'cny', unitsSold: 0, storeId: 'shop-9', storeName: 'Shop Nine', sellerContacts: ['wx: fakes88', '+86 138 0013 8000'],
        images: [{ url: 'https://img.taobao.example/1001.jpg' }, { dataBase64: PNG.toString('base64') }], firstSeenAt: '2026-12-01T08:00:00.000Z', description: 'Genuine?' }),
      { marketplace: 'amazon', url: 'https://www.amazon.com/dp/B01ABCDEFG', title: 'Amazon listing', priceMinor: 5000, currency: 'USD' },
    ] } }, marketplaceKey);
    expect(res.pushListings).toEqual({ accepted: 2, updated: 0, refused: 0, problemsTruncated: false, problems: [] });
    const row = await listing('1001');
    expect(row).toMatchObject({
      marketplace: 'Taobao', url: 'https://item.taobao.com/item.htm?id=1001', title: 'Listing 1001', description: 'Genuine?', price_minor: '1999', currency: 'CNY', units_sold: 0,
      store_id: 'shop-9', store_name: 'Shop Nine', seller_contacts: ['wx: fakes88', '+86 138 0013 8000'],
    });
    expect(row.first_seen_at.toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(row.images[0]).toEqual({ url: 'https://img.taobao.example/1001.jpg' });
    expect(row.images[1]).toMatchObject({ contentType: 'image/png', sizeBytes: PNG.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(existsSync(listingImagePath(t.get(AppConfig).filesDir, allianceId, row.images[1].sha256))).toBe(true);
    expect((await listing('B01ABCDEFG'))).toMatchObject({ marketplace: 'Amazon', price_minor: '5000', currency: 'USD' });
    const [audit] = await t.sql(`SELECT action, after FROM audit_event WHERE alliance_id = $1 AND action = 'listing.feed_pushed' ORDER BY id DESC LIMIT 1`, [allianceId]);
    expect(audit.after).toMatchObject({ channel: 'GRAPHQL', rowsRead: 2, accepted: 2, updated: 0, refused: 0 });
  });

  it('updates a listing sent again instead of duplicating it, keeping its first sighting', async () => {
    const before = await listing('1001');
    const res = await t.ok(PUSH, { i: { listings: [taobao(1001, { title: 'Listing 1001, cheaper', priceMinor: 999, currency: 'CNY', firstSeenAt: '2026-12-05T00:00:00.000Z' }), taobao(1002)] } }, analyst);
    expect(res.pushListings).toMatchObject({ accepted: 1, updated: 1, refused: 0 });
    const after = await listing('1001');
    expect(after).toMatchObject({ id: before.id, title: 'Listing 1001, cheaper', price_minor: '999', seller_contacts: [], images: [] });
    expect(after.first_seen_at.toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(after.changed_at.getTime()).toBeGreaterThan(before.changed_at.getTime());
    expect((await t.sql(`SELECT count(*)::int AS n FROM listing WHERE alliance_id = $1 AND listing_id = '1001'`, [allianceId]))[0].n).toBe(1);
    // the same listing twice in one batch: the second updates the first
    const twice = await t.ok(PUSH, { i: { listings: [taobao(1003), taobao(1003, { title: 'Second' })] } }, analyst);
    expect(twice.pushListings).toMatchObject({ accepted: 1, updated: 1 });
    expect((await listing('1003')).title).toBe('Second');
  });

  it('refuses bad rows with their row, field and reason, and takes the rest', async () => {
    const notImage = Buffer.from('MZ this is an executable').toString('base64');
    const huge = Buffer.concat([PNG, Buffer.alloc(3 * 1024 * 1024)]).toString('base64');
    const res = await t.ok(PUSH, { i: { listings: [
      taobao(2001),
      taobao(2002, { priceMinor: 100, currency: 'XYZ' }),
      { url: 'https://fakes.example/item/1', title: 'Elsewhere' },
      taobao(2004, { title: '   ' }),
      taobao(2005, { images: [{ dataBase64: notImage }] }),
      taobao(2006, { images: [{ dataBase64: huge }] }),
      taobao(2007, { description: 'x'.repeat(20_001) }),
      taobao(2008, { priceMinor: 100 }),
      { marketplace: 'Nowhere Mall', url: 'https://item.taobao.com/item.htm?id=2009', title: 'x' },
      taobao(2010),
    ] } }, marketplaceKey);
    const result = res.pushListings;
    expect(result).toMatchObject({ accepted: 2, updated: 0, refused: 8 });
    const problem = (row: number) => result.problems.filter((p: any) => p.row === row).map((p: any) => ({ field: p.field, reason: p.reason }));
    expect(problem(2)).toEqual([{ field: 'currency', reason: 'XYZ is not an ISO 4217 currency' }]);
    expect(problem(3)).toEqual([{ field: 'url', reason: expect.stringContaining('Not an address of a marketplace the alliance works with') }]);
    expect(problem(4)).toEqual([{ field: 'title', reason: 'title is empty' }]);
    expect(problem(5)).toEqual([{ field: 'images.0', reason: 'Not an image: a PNG, JPEG, WebP or GIF is expected' }]);
    expect(problem(6)).toEqual([{ field: 'images.0', reason: 'An image is at most 2 MiB' }]);
    expect(problem(7)).toEqual([{ field: 'description', reason: expect.stringContaining('at most 20,000 characters') }]);
    expect(problem(8)).toEqual([{ field: 'currency', reason: 'A price needs its currency' }]);
    expect(problem(9)).toEqual([{ field: 'marketplace', reason: expect.stringContaining('Nowhere Mall is not a marketplace the alliance works with') }]);
    expect(result.problems.find((p: any) => p.row === 2).listingId).toBe('2002');
    expect(await listing('2001')).toBeDefined();
    expect(await listing('2010')).toBeDefined();
    expect(await listing('2002')).toBeUndefined();
  });

  it('refuses a batch over 10,000 listings whole, and a float price before anything runs', async () => {
    const tooMany = Array.from({ length: 10_001 }, (_, i) => ({ url: `https://item.taobao.com/item.htm?id=${i}`, title: 't' }));
    const res = await t.gql(PUSH, { i: { listings: tooMany } }, marketplaceKey);
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'listings' });
    expect((await t.sql(`SELECT count(*)::int AS n FROM listing WHERE alliance_id = $1 AND listing_id = '10000'`, [allianceId]))[0].n).toBe(0);
    expect(errorOf(await t.gql(PUSH, { i: { listings: [taobao(3001, { priceMinor: 19.99, currency: 'CNY' })] } }, marketplaceKey)).code).toBe('BAD_USER_INPUT');
  });

  it('streams NDJSON line by line: new, re-sent and refused lines by line number', async () => {
    const lines = [
      JSON.stringify(taobao(4001, { priceMinor: 12_000, currency: 'JPY' })),
      '',
      JSON.stringify(taobao(1001, { title: 'Listing 1001 from the stream' })),
      '{"url": "https://item.taobao.com/item.htm?id=4004", "title": ',
      JSON.stringify(taobao(4005, { price: 19.99 })),
      JSON.stringify(taobao(4006, { images: [{ dataBase64: PNG.toString('base64'), contentType: 'image/png' }] })),
    ];
    const res = await stream(`${lines.join('\n')}\n`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, updated: 1, refused: 2, stoppedAtLine: null });
    expect(res.body.problems).toEqual([
      { row: 4, listingId: null, field: null, reason: expect.stringMatching(/^Not JSON/) },
      { row: 5, listingId: '4005', field: 'price', reason: expect.stringContaining('priceMinor') },
    ]);
    expect((await listing('1001')).title).toBe('Listing 1001 from the stream');
    expect(await listing('4001')).toMatchObject({ price_minor: '12000', currency: 'JPY' });
    const [audit] = await t.sql(`SELECT after FROM audit_event WHERE alliance_id = $1 AND action = 'listing.feed_pushed' ORDER BY id DESC LIMIT 1`, [allianceId]);
    expect(audit.after).toMatchObject({ channel: 'NDJSON', rowsRead: 5, accepted: 2, updated: 1, refused: 2 });
  });

  it('streams 20,000 lines in chunks, and a second time updates them all', async () => {
    const body = Array.from({ length: 20_000 }, (_, i) => JSON.stringify(taobao(500_000 + i, { storeId: `s${i % 50}`, priceMinor: 100 + i, currency: 'CNY' }))).join('\n');
    const first = await stream(body);
    expect(first.body).toMatchObject({ accepted: 20_000, updated: 0, refused: 0 });
    const again = await stream(body);
    expect(again.body).toMatchObject({ accepted: 0, updated: 20_000, refused: 0 });
    expect((await t.sql(`SELECT count(*)::int AS n FROM listing WHERE alliance_id = $1 AND listing_id ~ '^5[0-9]{5}$'`, [allianceId]))[0].n).toBe(20_000);
  });

  it('writes two chunks at once, but a chunk holding a listing of a chunk still being written only after it', async () => {
    // a session of the test's own holds the first chunk's first listing, so that chunk's write waits on it
    await stream(`${JSON.stringify(taobao(900_000))}\n`);
    const holder = new pg.Client({ connectionString: t.databaseUrl });
    await holder.connect();
    const hold = async () => {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM listing WHERE alliance_id = $1 AND listing_id = '900000' FOR UPDATE`, [allianceId]);
    };
    const count = async (pattern: string) => (await t.sql(`SELECT count(*)::int AS n FROM listing WHERE alliance_id = $1 AND listing_id ~ $2`, [allianceId, pattern]))[0].n;
    const lines = (ids: number[], extra: (id: number) => Record<string, unknown> = () => ({})) => ids.map((id) => JSON.stringify(taobao(id, extra(id))));
    const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
    try {
      // chunk 1 (lines 1-1,000) waits on the held listing; chunk 2 shares none of its listings and goes in meanwhile
      await hold();
      const first = stream([...lines([900_000, ...range(910_000, 999)]), ...lines(range(920_000, 1000))].join('\n')).then((r) => r);
      for (let i = 0; i < 100 && (await count('^920[0-9]{3}$')) < 1000; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await count('^920[0-9]{3}$')).toBe(1000);
      expect(await count('^910[0-9]{3}$')).toBe(0);
      await holder.query('ROLLBACK');
      expect((await first).body).toMatchObject({ accepted: 1999, updated: 1, refused: 0 });

      // chunk 1 names listing 930000 after the held one; chunk 2 names it again: it waits for chunk 1,
      // so what chunk 2 says of it is what stays (written first, chunk 1 would have overwritten it)
      await hold();
      const title = (id: number, version: string) => (id === 930_000 ? { title: `Listing 930000, ${version}` } : {});
      const second = stream([...lines([900_000, 930_000, ...range(931_000, 998)], (id) => title(id, 'first chunk')), ...lines([930_000, ...range(932_000, 999)], (id) => title(id, 'second chunk'))].join('\n')).then((r) => r);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await count('^93[0-9]{4}$')).toBe(0);
      await holder.query('ROLLBACK');
      expect((await second).body).toMatchObject({ accepted: 1998, updated: 2, refused: 0 });
      expect((await listing('930000')).title).toBe('Listing 930000, second chunk');
    } finally {
      await holder.end();
    }
  });

  it('stops a stream whose caller spends its budget, saying from which line to send again; refuses a body over the limit before reading it', async () => {
    const key = await keyFor(coordinator, 'Busy Crawler', ['listings:write']);
    // this key has spent all but 1,500 listings' worth of its minute (10 each)
    await t.get(CallerBudget).charge({ headers: { authorization: `Bearer ${key}` } }, t.get(AppConfig).COST_BUDGET_PER_MINUTE - 15_001);
    const body = Array.from({ length: 3000 }, (_, i) => JSON.stringify(taobao(800_000 + i))).join('\n');
    const res = await stream(body, key);
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body).toMatchObject({ code: 'RATE_LIMITED', accepted: 1000, updated: 0, refused: 0, stoppedAtLine: 1001 });
    expect((await t.sql(`SELECT count(*)::int AS n FROM listing WHERE alliance_id = $1 AND listing_id ~ '^8[0-9]{5}$'`, [allianceId]))[0].n).toBe(1000);

    const big = await stream(Buffer.alloc(9 * 1024 * 1024, 0x20));
    expect(big.status).toBe(413);
  });

  it('refuses callers who may not push: no credentials, a key without listings:write, a suspended member, a coordinator', async () => {
    const one = { i: { listings: [taobao(6001)] } };
    expect(errorOf(await t.gql(PUSH, one, statsKey))).toMatchObject({ code: 'FORBIDDEN', message: 'Needs scope listings:write' });
    expect(errorOf(await t.gql(PUSH, one, coordinator)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(PUSH, one)).code).toBe('UNAUTHENTICATED');
    expect((await stream(JSON.stringify(taobao(6001)), statsKey)).status).toBe(403);
    expect((await t.http().post('/monitoring/listings.ndjson').set('content-type', 'application/x-ndjson').send('{}')).status).toBe(401);

    await t.ok(`mutation($i: MembershipDecisionInput!) { suspendMembership(input: $i) { status } }`, { i: { membershipId, reason: 'Unpaid dues' } }, coordinator);
    expect(errorOf(await t.gql(PUSH, one, analyst))).toMatchObject({ code: 'FORBIDDEN', message: 'Your organisation is not an active member of the alliance' });
    expect((await stream(JSON.stringify(taobao(6001)), analyst)).status).toBe(403);
    await t.ok(`mutation($i: MembershipStatusChangeInput!) { reinstateMembership(input: $i) { status } }`, { i: { membershipId } }, coordinator);
    expect(await listing('6001')).toBeUndefined();
  });

  it('lets a member admin issue feed keys for its crawlers: they push listings and do nothing else, while the membership is active', async () => {
    const CREATE_FEED_KEY = `mutation($i: CreateFeedApiKeyInput!) { createFeedApiKey(input: $i) { secret apiKey { id scopes } } }`;
    expect(errorOf(await t.gql(CREATE_FEED_KEY, { i: { name: 'Nightly crawler' } }, analyst)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(CREATE_FEED_KEY, { i: { name: 'Nightly crawler' } }, coordinator)).code).toBe('FORBIDDEN');
    const created = (await t.ok(CREATE_FEED_KEY, { i: { name: 'Nightly crawler' } }, memberAdmin)).createFeedApiKey;
    expect(created.apiKey.scopes).toEqual(['listings:write']);
    const key = created.secret as string;
    expect((await t.ok(`{ feedApiKeys { id name } }`, {}, memberAdmin)).feedApiKeys).toEqual([{ id: created.apiKey.id, name: 'Nightly crawler' }]);

    expect((await stream(JSON.stringify(taobao(9001)), key)).body).toMatchObject({ accepted: 1, refused: 0 });
    expect(await listing('9001')).toMatchObject({ source_organisation_id: memberOrganisationId });
    expect((await t.ok(PUSH, { i: { listings: [taobao(9002)] } }, key)).pushListings).toMatchObject({ accepted: 1 });
    // the key opens nothing else: not the directory, not intelligence, not takedowns, not more keys
    expect(errorOf(await t.gql(`{ members(first: 5) { totalCount } }`, {}, key)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(`{ intelReports(first: 5) { totalCount } }`, {}, key)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(CREATE_FEED_KEY, { i: { name: 'Another' } }, key)).code).toBe('FORBIDDEN');

    await t.ok(`mutation($i: MembershipDecisionInput!) { suspendMembership(input: $i) { status } }`, { i: { membershipId, reason: 'Unpaid dues' } }, coordinator);
    const suspended = await stream(JSON.stringify(taobao(9003)), key);
    expect(suspended.status).toBe(403);
    expect(suspended.body.message).toBe('Your organisation is not an active member of the alliance');
    await t.ok(`mutation($i: MembershipStatusChangeInput!) { reinstateMembership(input: $i) { status } }`, { i: { membershipId } }, coordinator);
    expect((await stream(JSON.stringify(taobao(9003)), key)).body).toMatchObject({ accepted: 1 });

    // another member's admin cannot revoke it; its own can, and then it is refused
    expect(errorOf(await t.gql(`mutation($id: ID!) { revokeFeedApiKey(apiKeyId: $id) { revokedAt } }`, { id: created.apiKey.id }, analyst)).code).toBe('FORBIDDEN');
    expect((await t.ok(`mutation($id: ID!) { revokeFeedApiKey(apiKeyId: $id) { revokedAt } }`, { id: created.apiKey.id }, memberAdmin)).revokeFeedApiKey.revokedAt).not.toBeNull();
    expect((await stream(JSON.stringify(taobao(9004)), key)).status).toBe(401);
  });

  it('keeps another alliance’s key to its own alliance', async () => {
    // the same marketplace and listing id, pushed by another alliance's marketplace: its own row, ours untouched
    const res = await stream(JSON.stringify(taobao(1001, { title: 'Theirs' })), otherKey);
    expect(res.body).toMatchObject({ accepted: 1, updated: 0, refused: 0 });
    expect((await listing('1001')).title).toBe('Listing 1001 from the stream');
    expect((await listing('1001', otherAllianceId)).title).toBe('Theirs');
    // naming our marketplace by its id does not reach it
    const [ours] = await t.sql(`SELECT id FROM marketplace WHERE alliance_id = $1 AND rule = 'taobao'`, [allianceId]);
    const named = await stream(JSON.stringify(taobao(7001, { marketplace: ours.id })), otherKey);
    expect(named.body).toMatchObject({ accepted: 0, refused: 1, problems: [{ row: 1, field: 'marketplace' }] });
    expect(await listing('7001', allianceId)).toBeUndefined();
  });

  it('keeps every listing on a marketplace of its own alliance (checked once a statement), and a marketplace listings name where it is', async () => {
    const [ours] = await t.sql(`SELECT id FROM marketplace WHERE alliance_id = $1 AND rule = 'taobao'`, [allianceId]);
    const [theirs] = await t.sql(`SELECT id FROM marketplace WHERE alliance_id = $1 AND rule = 'taobao'`, [otherAllianceId]);
    const insert = (marketplaceIds: string[]) =>
      t.sql(`INSERT INTO listing (alliance_id, marketplace_id, listing_id, url, title, first_seen_at, pushed_by)
             SELECT $1, m, 'check-' || n, 'https://item.taobao.com/item.htm?id=1', 'Check', now(), gen_random_uuid() FROM unnest($2::uuid[]) WITH ORDINALITY AS x(m, n)`, [allianceId, marketplaceIds]);
    const refused = { code: '23503' };
    // one row of the statement naming another alliance's marketplace, or none, fails the statement
    await expect(insert([ours.id, theirs.id])).rejects.toMatchObject(refused);
    await expect(insert([ours.id, '00000000-0000-0000-0000-000000000001'])).rejects.toMatchObject(refused);
    expect(await listing('check-1')).toBeUndefined();
    await insert([ours.id, ours.id]);
    expect((await listing('check-2')).marketplace).toBe('Taobao');
    await expect(t.sql(`UPDATE listing SET marketplace_id = $2 WHERE alliance_id = $1 AND listing_id = 'check-1'`, [allianceId, theirs.id])).rejects.toMatchObject(refused);
    await t.sql(`UPDATE listing SET title = 'Checked' WHERE alliance_id = $1 AND listing_id = 'check-1'`, [allianceId]);
    // the marketplace stays while listings name it
    await expect(t.sql(`DELETE FROM marketplace WHERE id = $1`, [ours.id])).rejects.toThrow(/listings name it/);
    await expect(t.sql(`UPDATE marketplace SET id = gen_random_uuid() WHERE id = $1`, [ours.id])).rejects.toThrow(/listings name it/);
    await t.sql(`DELETE FROM listing WHERE alliance_id = $1 AND listing_id LIKE 'check-%'`, [allianceId]);
  });
});
