import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseGlobalId, toGlobalId } from '../../apps/api/src/common/node.js';
import { DEMO_MEMBER_PEOPLE, DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { TakedownSlaService } from '../../apps/api/src/takedown/takedown-sla.service.js';
import { monthlyFigures } from '../../libs/takedown/src/index.js';
import { parse } from 'csv-parse/sync';
import { citableRightOf } from '../factories/takedown.factory.js';
import { takedownFiguresDrift } from '../support/takedown-figures-drift.js';
import { errorOf, TestApp } from '../support/test-app.js';

// Issue 16, outcomes 2 and 4 (first part): marketplaces, filing through the API, the reviewers'
// queue against the SLA, and decisions along the transition table.
const FILE = `mutation($i: FileTakedownInput!) { fileTakedown(input: $i) {
  id status channel listingCount submittedAt dueAt paused slaBreached marketplace { name }
  listings { position url listingId storeId price currency outcome } history { fromStatus toStatus action actorKind } } }`;
const ACT = `mutation($i: ActOnTakedownInput!) { actOnTakedown(input: $i) { id status paused dueAt decidedAt availableActions listings { position outcome } history { action actorKind note } } }`;
const QUEUE = `query($m: ID) { takedownQueue(marketplaceId: $m, first: 50) { totalCount edges { node { id status dueAt } } } }`;

describe('notice and takedown', () => {
  let t: TestApp;
  let coordinator: string;
  let admin: string; // Zhenlan's admin
  let otherAdmin: string; // another member's admin
  let reviewer: string; // Lotusmart's reviewer
  let partner: string;
  let brandId: string;
  let trademarkId: string;
  let pendingTrademarkId: string;
  let otherBrandId: string;
  let lotusmart: string;
  const listing = (n: number) => ({ url: `https://www.lotusmart.example/goods/LM-${n}.html?shop=fake_store`, price: 19.9, currency: 'cny' });

  beforeAll(async () => {
    t = await TestApp.startWithDemo();
    coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    admin = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    reviewer = await t.login(DEMO_USERS.platformReviewer, DEMO_PASSWORD);
    partner = await t.login(DEMO_USERS.partner, DEMO_PASSWORD);
    const other = DEMO_MEMBER_PEOPLE.find((p) => p.role === 'MEMBER_ADMIN' && p.email !== DEMO_USERS.memberAdmin)!;
    otherAdmin = await t.login(other.email, DEMO_PASSWORD);

    const mine = await citableRightOf(t, DEMO_USERS.memberAdmin);
    ({ brandId, trademarkId } = mine);
    const [pending] = await t.sql(
      `INSERT INTO trademark (alliance_id, brand_id, office, registration_number, nice_classes, owner_name, verification_status)
       SELECT alliance_id, id, 'EUIPO', '0099887766', '{25}', 'Zhenlan', 'PENDING' FROM brand WHERE id = $1 RETURNING id`,
      [mine.brandUuid],
    );
    pendingTrademarkId = toGlobalId('Trademark', pending.id);
    const [theirs] = await t.sql(`SELECT b.id FROM app_user u JOIN brand b ON b.organisation_id = u.organisation_id WHERE u.email = $1 LIMIT 1`, [other.email]);
    otherBrandId = toGlobalId('Brand', theirs.id);
  });
  afterAll(() => t.close());

  describe('marketplaces', () => {
    it('starts a new alliance with the built-in marketplaces it lists', async () => {
      const { marketplaces } = await t.ok(`{ marketplaces { id name rule jurisdiction status } }`, {}, admin);
      expect(marketplaces.filter((m: any) => m.rule)).toHaveLength(12);
      lotusmart = marketplaces.find((m: any) => m.name === 'Lotusmart').id; // the demo's, with reviewers in Countermark
      expect(marketplaces).toContainEqual(expect.objectContaining({ name: 'Taobao', rule: 'taobao', jurisdiction: 'CN', status: 'ACTIVE' }));
    });

    it('lets the coordinator add a marketplace read by templates, with its reviewers and webhook', async () => {
      const [org] = await t.sql(`SELECT o.id FROM organisation o JOIN app_user u ON u.organisation_id = o.id WHERE u.email = $1`, [DEMO_USERS.platformReviewer]);
      const data = await t.ok(
        `mutation($i: MarketplaceInput!) { createMarketplace(input: $i) { id name rule domains listingTemplate storeTemplate jurisdiction webhookConfigured webhookUrl reviewerOrganisation { name } } }`,
        {
          i: {
            name: 'Orchid Bazaar', domains: ['orchid-bazaar.example'], listingTemplate: '/p/{id}', storeTemplate: '/s/{id}', jurisdiction: 'cn',
            abuseEmail: 'ip@orchid-bazaar.example', webhookUrl: 'https://hooks.orchid-bazaar.example/takedowns', reviewerOrganisationId: toGlobalId('Organisation', org.id),
          },
        },
        coordinator,
      );
      expect(data.createMarketplace).toMatchObject({ name: 'Orchid Bazaar', rule: null, jurisdiction: 'CN', webhookConfigured: true, webhookUrl: 'https://hooks.orchid-bazaar.example/takedowns', reviewerOrganisation: { name: expect.any(String) } });
      // the webhook's address is the coordinators' business
      const seen = await t.gql(`{ marketplaces { name webhookConfigured webhookUrl } }`, {}, admin);
      expect(errorOf(seen).code).toBe('FORBIDDEN');
      expect((await t.ok(`{ marketplaces { name webhookConfigured } }`, {}, admin)).marketplaces).toContainEqual({ name: 'Orchid Bazaar', webhookConfigured: true });
      const read = await t.ok(`query($u: String!) { parseListingUrl(url: $u) { marketplace { name } listingId storeId } }`, { u: 'https://m.orchid-bazaar.example/s/shop-9' }, admin);
      expect(read.parseListingUrl).toEqual({ marketplace: { name: 'Orchid Bazaar' }, listingId: null, storeId: 'shop-9' });
    });

    it('refuses members, taken names, bad templates, domains, jurisdictions and plain-http webhooks, changing nothing', async () => {
      const create = (i: Record<string, unknown>, token = coordinator) => t.gql(`mutation($i: MarketplaceInput!) { createMarketplace(input: $i) { id } }`, { i }, token);
      const base = { name: 'Bazaar', domains: ['bazaar.example'], listingTemplate: '/p/{id}', jurisdiction: 'DE' };
      expect(errorOf(await create(base, admin)).code).toBe('FORBIDDEN');
      expect(errorOf(await create({ ...base, name: 'lotusmart' }))).toMatchObject({ code: 'CONFLICT', field: 'name' });
      expect(errorOf(await create({ ...base, listingTemplate: '/p/{id}/{id}' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'listingTemplate' });
      expect(errorOf(await create({ ...base, listingTemplate: null }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'listingTemplate' });
      expect(errorOf(await create({ ...base, domains: ['www.bazaar.example'] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'domains.0' });
      expect(errorOf(await create({ ...base, jurisdiction: 'XX' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'jurisdiction' });
      expect(errorOf(await create({ ...base, webhookUrl: 'http://hooks.bazaar.example/' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'webhookUrl' });
      expect(errorOf(await create({ ...base, rule: 'nosuchmarket' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rule' });
      expect((await t.sql(`SELECT count(*)::int AS n FROM marketplace WHERE name = 'Bazaar'`))[0].n).toBe(0);
    });

    it('reads listing URLs as the filing form does, and names the known marketplaces for an unknown one', async () => {
      const read = await t.ok(`query($u: String!) { parseListingUrl(url: $u) { marketplace { name } listingId storeId url } }`, { u: 'https://item.taobao.com/item.htm?id=6543210&spm=x#top' }, admin);
      expect(read.parseListingUrl).toEqual({ marketplace: { name: 'Taobao' }, listingId: '6543210', storeId: null, url: 'https://item.taobao.com/item.htm?id=6543210&spm=x' });
      const unknown = await t.gql(`query($u: String!) { parseListingUrl(url: $u) { listingId } }`, { u: 'https://fakes.example/item/1' }, admin);
      expect(errorOf(unknown)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
      expect(errorOf(unknown).knownMarketplaces).toEqual(expect.arrayContaining(['Lotusmart', 'Taobao', 'Amazon']));
    });
  });

  describe('filing', () => {
    it('files a request through the API: ids read from the URLs, due in the alliance’s 24 hours, history begun', async () => {
      const { fileTakedown: r } = await t.ok(FILE, { i: { brandId, trademarkId, reason: 'COUNTERFEIT', listings: [listing(1), listing(2)] } }, admin);
      expect(r).toMatchObject({
        status: 'SUBMITTED', channel: 'API', listingCount: 2, paused: false, slaBreached: false, marketplace: { name: 'Lotusmart' },
        history: [{ fromStatus: null, toStatus: 'SUBMITTED', action: 'SUBMIT', actorKind: 'USER' }],
      });
      expect(r.listings[0]).toEqual({ position: 1, url: listing(1).url, listingId: 'LM-1', storeId: 'fake_store', price: '19.90', currency: 'CNY', outcome: null });
      expect(new Date(r.dueAt).getTime() - new Date(r.submittedAt).getTime()).toBe(24 * 3600 * 1000);
      const [audit] = await t.sql(`SELECT action FROM audit_event WHERE target_type = 'TakedownRequest' AND target_id = $1`, [parseGlobalId(r.id)!.uuid]);
      expect(audit.action).toBe('takedown.filed');
    });

    it('files once per client key, and refuses the key for a different request', async () => {
      const input = { brandId, trademarkId, reason: 'TRADEMARK_INFRINGEMENT', listings: [listing(10)], clientKey: 'tool-0001', channel: 'PORTAL' };
      const first = (await t.ok(FILE, { i: input }, admin)).fileTakedown;
      const again = (await t.ok(FILE, { i: input }, admin)).fileTakedown;
      expect(again.id).toBe(first.id);
      expect(first.channel).toBe('PORTAL');
      const other = await t.gql(FILE, { i: { ...input, listings: [listing(11)] } }, admin);
      expect(errorOf(other)).toMatchObject({ code: 'CONFLICT', field: 'clientKey' });
    });

    it('refuses bad filings with the field at fault, and files nothing half', async () => {
      const [{ n: before }] = await t.sql(`SELECT count(*)::int AS n FROM takedown_request`);
      const file = (i: Record<string, unknown>, token = admin) => t.gql(FILE, { i: { brandId, trademarkId, reason: 'COUNTERFEIT', listings: [listing(1)], ...i } }, token);
      const unknown = await file({ listings: [listing(3), { url: 'https://fakes.example/item/9' }] });
      expect(errorOf(unknown)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'listings.1.url' });
      expect(errorOf(unknown).knownMarketplaces).toContain('Lotusmart');
      expect(errorOf(await file({ listings: [listing(3), { url: 'https://item.taobao.com/item.htm?id=1' }] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'listings.1.url' });
      expect(errorOf(await file({ listings: [listing(3), listing(3)] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'listings.1.url' });
      expect(errorOf(await file({ listings: Array.from({ length: 301 }, (_, n) => listing(n)) }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'listings' });
      expect(errorOf(await file({ listings: [] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'listings' });
      expect(errorOf(await file({ listings: [{ ...listing(4), currency: null }] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'listings.0.currency' });
      expect(errorOf(await file({ listings: [{ url: 'https://www.lotusmart.example/shop?shop=abc' }] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'listings.0.listingId' });
      expect(errorOf(await file({ trademarkId: pendingTrademarkId }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'trademarkId' });
      expect(errorOf(await file({ brandId: otherBrandId }))).toMatchObject({ code: 'FORBIDDEN', field: 'brandId' });
      expect(errorOf(await file({ brandId: trademarkId }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'brandId' });
      expect(errorOf(await file({}, reviewer)).code).toBe('FORBIDDEN');
      expect(errorOf(await file({}, partner)).code).toBe('FORBIDDEN');
      expect(errorOf(await file({}, coordinator)).code).toBe('FORBIDDEN');
      expect((await t.sql(`SELECT count(*)::int AS n FROM takedown_request`))[0].n).toBe(before);
    });
  });

  it('gives the demo reviewer a queue with requests due soon and past due, and a year of decided ones', async () => {
    const queue = (await t.ok(`query($m: ID) { takedownQueue(marketplaceId: $m, first: 50) { edges { node { status dueAt slaBreached } } } }`, { m: lotusmart }, reviewer)).takedownQueue.edges.map((e: any) => e.node);
    const hoursLeft = queue.map((r: any) => (new Date(r.dueAt).getTime() - Date.now()) / 3_600_000);
    expect(hoursLeft.some((h: number) => h < 0)).toBe(true);
    expect(hoursLeft.some((h: number) => h > 0 && h < 4)).toBe(true);
    expect(queue.some((r: any) => r.status === 'UNDER_REVIEW')).toBe(true);
    const [figures] = await t.sql(
      `SELECT count(*)::int AS decided, avg(CASE WHEN decided_at <= due_at THEN 1 ELSE 0 END)::float8 AS within FROM takedown_request WHERE decided_at < now() - interval '1 day'`,
    );
    expect(figures.decided).toBeGreaterThanOrEqual(40);
    expect(figures.within).toBeGreaterThan(0.9);
    expect((await t.ok(`{ takedownRequests(status: NEEDS_INFO) { totalCount } }`, {}, reviewer)).takedownRequests.totalCount).toBeGreaterThan(0);
  });

  it('pages the queue and the request list by cursor, in order and each request once (times on file have microseconds, cursors milliseconds)', async () => {
    for (const [field, token, key, order, first] of [['takedownQueue', reviewer, 'dueAt', 1, 2], ['takedownRequests', coordinator, 'submittedAt', -1, 10]] as const) {
      const seen: { id: string; at: string }[] = [];
      let after: string | null = null;
      let total = 0;
      do {
        const page: any = (await t.ok(`query($after: String) { ${field}(first: ${first}, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id ${key} } } } }`, { after }, token))[field];
        seen.push(...page.edges.map((e: any) => ({ id: e.node.id, at: e.node[key] })));
        total = page.totalCount;
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(seen.length).toBeGreaterThan(first);
      expect(seen).toHaveLength(total);
      expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
      expect(seen.every((s, i) => i === 0 || order * s.at.localeCompare(seen[i - 1].at) >= 0)).toBe(true);
    }
  });

  it('gives SLA figures per month that agree with the rules in libs/takedown, per marketplace for its reviewers, per member for coordinators only', async () => {
    const FIGURES = `query($g: TakedownFiguresGroup) { takedownFigures(groupBy: $g) { month groupName received processed withinSla withinSlaShare medianHours p95Hours acceptanceRate listingsRemoved } }`;
    const figures = (await t.ok(FIGURES, { g: 'MONTH' }, coordinator)).takedownFigures;
    const raw = await t.sql(
      `SELECT submitted_at, (extract(epoch FROM decided_at - submitted_at) * 1000 - paused_ms)::float8 AS ms, status <> 'REJECTED' AS accepted,
              (SELECT count(*)::int FROM takedown_listing l WHERE l.request_id = r.id AND l.outcome = 'REMOVED') * (CASE WHEN status IN ('ACCEPTED', 'COUNTER_NOTICED', 'UPHELD') THEN 1 ELSE 0 END) AS removed
         FROM takedown_request r WHERE decided_at IS NOT NULL AND submitted_at >= date_trunc('month', now() - interval '1 year')`,
    );
    const expected = monthlyFigures(raw.map((r) => ({ submittedAt: r.submitted_at, elapsedMs: r.ms, accepted: r.accepted, listingsRemoved: r.removed })), 24);
    const processedMonths = figures.filter((f: any) => f.processed > 0);
    expect(processedMonths.map((f: any) => f.month)).toEqual(expected.map((e) => e.month));
    for (const [i, e] of expected.entries()) {
      const f = processedMonths[i];
      expect(f.processed).toBe(e.processed);
      // the roll-up's histogram: within 5% of the exact nearest rank, or 30 s under a minute
      expect(Math.abs(f.medianHours * 3_600_000 - e.medianMs!)).toBeLessThanOrEqual(Math.max(0.05 * e.medianMs!, 30_000));
      expect(Math.abs(f.p95Hours * 3_600_000 - e.p95Ms!)).toBeLessThanOrEqual(Math.max(0.05 * e.p95Ms!, 30_000));
      expect(f.acceptanceRate).toBeCloseTo(e.acceptanceRate!, 6);
      expect(f.listingsRemoved).toBe(e.listingsRemoved);
    }
    const total = figures.reduce((a: any, f: any) => ({ processed: a.processed + f.processed, within: a.within + f.withinSla }), { processed: 0, within: 0 });
    expect(total.within / total.processed).toBeGreaterThan(0.9); // the demo's year: near the published 96–98%

    const byMarketplace = (await t.ok(FIGURES, { g: 'MARKETPLACE' }, reviewer)).takedownFigures;
    expect(new Set(byMarketplace.map((f: any) => f.groupName))).toEqual(new Set(['Lotusmart']));
    expect(errorOf(await t.gql(FIGURES, { g: 'MEMBER' }, admin)).code).toBe('FORBIDDEN');
    const byMember = (await t.ok(FIGURES, { g: 'MEMBER' }, coordinator)).takedownFigures;
    expect(byMember.reduce((n: number, f: any) => n + f.received, 0)).toBe(figures.reduce((n: number, f: any) => n + f.received, 0));
    const own = (await t.ok(FIGURES, { g: 'MONTH' }, admin)).takedownFigures.reduce((n: number, f: any) => n + f.received, 0);
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM takedown_request r JOIN app_user u ON u.organisation_id IN (r.organisation_id, r.agent_organisation_id) WHERE u.email = $1 AND r.submitted_at >= date_trunc('month', now() - interval '1 year')`, [DEMO_USERS.memberAdmin]);
    expect(own).toBe(n);

    // figures are kept per whole month: a period inside months counts the months it touches, whole
    const [a, b] = processedMonths.slice(-3, -1);
    const inside = (await t.ok(`query($from: DateTime, $to: DateTime) { takedownFigures(groupBy: MONTH, from: $from, to: $to) { month received processed listingsRemoved } }`,
      { from: `${a.month}-10T00:00:00Z`, to: `${b.month}-20T00:00:00Z` }, coordinator)).takedownFigures;
    expect(inside).toEqual([a, b].map((f: any) => ({ month: f.month, received: f.received, processed: f.processed, listingsRemoved: f.listingsRemoved })));
  });

  it('exports the notice archive of a period as CSV for coordinators, withholding the names of members that ask', async () => {
    const set = await t.ok(`mutation { setTakedownArchivePrivacy(withholdName: true) { withholdName organisation { name } } }`, {}, admin);
    expect(set.setTakedownArchivePrivacy.withholdName).toBe(true);
    expect(errorOf(await t.gql(`mutation { setTakedownArchivePrivacy(withholdName: true) { withholdName } }`, {}, coordinator)).code).toBe('FORBIDDEN');
    const from = new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const res = await t.http().get(`/exports/takedown-notices?from=${from}&to=${to}`).set('authorization', `Bearer ${coordinator}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows: Record<string, string>[] = parse(res.text, { columns: true });
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM takedown_request WHERE decided_at IS NOT NULL AND submitted_at >= $1 AND submitted_at < $2`, [from, to]);
    expect(rows).toHaveLength(n);
    expect(Object.keys(rows[0])).toEqual(['notice_id', 'type', 'date_sent', 'date_decided', 'sender', 'principal', 'recipient', 'rights_cited', 'urls', 'action_taken', 'counter_notice', 'channel']);
    const zhenlan = set.setTakedownArchivePrivacy.organisation.name;
    expect(rows.some((r) => r.principal.startsWith('Withheld (a member of'))).toBe(true);
    expect(rows.every((r) => !r.principal.includes(zhenlan) && !r.sender.includes(zhenlan))).toBe(true);
    expect(rows.some((r) => r.principal && !r.principal.startsWith('Withheld'))).toBe(true);
    expect(rows.find((r) => r.recipient === 'Lotusmart')!.urls).toMatch(/^https:\/\/www\.lotusmart\.example\/goods\//);
    expect(rows.every((r) => /^(Removed|Rejected|Reinstated)/.test(r.action_taken))).toBe(true);
    expect(res.text).not.toContain('token=');

    expect((await t.http().get(`/exports/takedown-notices?from=${from}&to=${to}`).set('authorization', `Bearer ${admin}`)).status).toBe(403);
    expect((await t.http().get(`/exports/takedown-notices?from=${to}&to=${from}`).set('authorization', `Bearer ${coordinator}`)).status).toBe(400);
    expect((await t.http().get(`/exports/takedown-notices?from=yesterday&to=${to}`).set('authorization', `Bearer ${coordinator}`)).status).toBe(400);
    await t.ok(`mutation { setTakedownArchivePrivacy(withholdName: false) { withholdName } }`, {}, admin);
  });

  describe('the queue and decisions', () => {
    let requestId: string;

    beforeAll(async () => {
      requestId = (await t.ok(FILE, { i: { brandId, trademarkId, reason: 'COUNTERFEIT', listings: [listing(20), listing(21)] } }, admin)).fileTakedown.id;
    });

    it('shows each caller only what it may see: the member its own, the reviewer its marketplace’s queue by due time', async () => {
      const queue = (await t.ok(QUEUE, { m: lotusmart }, reviewer)).takedownQueue;
      const dues = queue.edges.map((e: any) => e.node.dueAt);
      expect(queue.edges.map((e: any) => e.node.id)).toContain(requestId);
      expect([...dues].sort()).toEqual(dues);
      const theirs = (await t.ok(`{ takedownRequests(first: 100) { edges { node { id organisation { name } } } } }`, {}, otherAdmin)).takedownRequests.edges;
      expect(theirs.map((e: any) => e.node.id)).not.toContain(requestId);
      expect(new Set(theirs.map((e: any) => e.node.organisation.name)).size).toBeLessThanOrEqual(1);
      expect(errorOf(await t.gql(`query($id: ID!) { takedownRequest(id: $id) { id } }`, { id: requestId }, otherAdmin)).code).toBe('NOT_FOUND');
      expect((await t.ok(`{ takedownRequests { totalCount } }`, {}, partner)).takedownRequests.totalCount).toBe(0);
      expect(errorOf(await t.gql(QUEUE, {}, partner)).code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(QUEUE, {}, admin)).code).toBe('FORBIDDEN');
      const mine = await t.ok(`query($id: ID!) { takedownRequest(id: $id) { availableActions brand { name } trademark { registrationNumber } } }`, { id: requestId }, admin);
      expect(mine.takedownRequest.availableActions).toEqual([]);
    });

    it('answers node(id) for requests and marketplaces as their own queries do: null to callers who may not see the request', async () => {
      const NODE = `query($id: ID!) { node(id: $id) { id ... on TakedownRequest { listingCount marketplace { name } } ... on Marketplace { name } } }`;
      expect((await t.ok(NODE, { id: requestId }, admin)).node).toEqual({ id: requestId, listingCount: 2, marketplace: { name: 'Lotusmart' } });
      expect((await t.ok(NODE, { id: requestId }, reviewer)).node).toEqual({ id: requestId, listingCount: 2, marketplace: { name: 'Lotusmart' } });
      expect((await t.ok(NODE, { id: requestId }, otherAdmin)).node).toBeNull();
      expect((await t.ok(NODE, { id: requestId }, partner)).node).toBeNull();
      expect((await t.ok(NODE, { id: lotusmart }, admin)).node).toEqual({ id: lotusmart, name: 'Lotusmart' });
    });

    it('filters requests by rights holder within what the caller may see', async () => {
      const { organisation } = (await t.ok(`query($id: ID!) { takedownRequest(id: $id) { organisation { id name } } }`, { id: requestId }, admin)).takedownRequest;
      const BY_HOLDER = `query($o: ID!) { takedownRequests(rightsHolderId: $o, first: 100) { totalCount edges { node { id organisation { id } } } } }`;
      const all = (await t.ok(BY_HOLDER, { o: organisation.id }, coordinator)).takedownRequests;
      expect(all.edges.map((e: any) => e.node.id)).toContain(requestId);
      expect(new Set(all.edges.map((e: any) => e.node.organisation.id))).toEqual(new Set([organisation.id]));
      const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM takedown_request WHERE organisation_id = $1`, [parseGlobalId(organisation.id)!.uuid]);
      expect(all.totalCount).toBe(n);
      expect((await t.ok(BY_HOLDER, { o: organisation.id }, otherAdmin)).takedownRequests.totalCount).toBe(0); // not theirs to see
      expect(errorOf(await t.gql(BY_HOLDER, { o: requestId }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rightsHolderId' });
    });

    it('pauses the clock while it waits on the rights holder, then the reviewer accepts with per-listing outcomes', async () => {
      expect(errorOf(await t.gql(ACT, { i: { id: requestId, action: 'ASK_FOR_INFO' } }, reviewer))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
      const asked = (await t.ok(ACT, { i: { id: requestId, action: 'ASK_FOR_INFO', note: 'Which product line do the listings copy?' } }, reviewer)).actOnTakedown;
      expect(asked).toMatchObject({ status: 'NEEDS_INFO', paused: true, decidedAt: null });
      const mine = (await t.ok(`query($id: ID!) { takedownRequest(id: $id) { availableActions dueAt } }`, { id: requestId }, admin)).takedownRequest;
      expect(mine.availableActions).toEqual(['PROVIDE_INFO']);
      await new Promise((r) => setTimeout(r, 50));
      const given = (await t.ok(ACT, { i: { id: requestId, action: 'PROVIDE_INFO', note: 'The Aurora sneakers line' } }, admin)).actOnTakedown;
      expect(given).toMatchObject({ status: 'UNDER_REVIEW', paused: false });
      expect(new Date(given.dueAt).getTime()).toBeGreaterThan(new Date(asked.dueAt).getTime());

      expect(errorOf(await t.gql(ACT, { i: { id: requestId, action: 'ACCEPT' } }, coordinator)).code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(ACT, { i: { id: requestId, action: 'AUTO_ACCEPT' } }, reviewer)).code).toBe('CONFLICT');
      const accepted = (
        await t.ok(ACT, { i: { id: requestId, action: 'ACCEPT', listingOutcomes: [{ position: 2, outcome: 'ALREADY_GONE' }] } }, reviewer)
      ).actOnTakedown;
      expect(accepted).toMatchObject({ status: 'ACCEPTED', availableActions: ['COUNTER_NOTICE'], listings: [{ position: 1, outcome: 'REMOVED' }, { position: 2, outcome: 'ALREADY_GONE' }] });
      expect(accepted.decidedAt).not.toBeNull();
      expect(accepted.history.map((h: any) => `${h.action}/${h.actorKind}`)).toEqual(['SUBMIT/USER', 'ASK_FOR_INFO/REVIEWER', 'PROVIDE_INFO/COMPLAINANT', 'ACCEPT/REVIEWER']);
      const again = await t.gql(ACT, { i: { id: requestId, action: 'REJECT' } }, reviewer);
      expect(errorOf(again)).toMatchObject({ code: 'CONFLICT', field: 'action', status: 'ACCEPTED', allowed: ['COUNTER_NOTICE'] });
    });

    it('lets exactly one of many parallel decisions win', async () => {
      const id = (await t.ok(FILE, { i: { brandId, trademarkId, reason: 'COUNTERFEIT', listings: [listing(30)] } }, admin)).fileTakedown.id;
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, n) => t.gql(ACT, { i: { id, action: n % 2 ? 'ACCEPT' : 'REJECT', note: `decision ${n}` } }, reviewer)),
      );
      const won = results.filter((r) => !r.errors);
      expect(won).toHaveLength(1);
      for (const lost of results.filter((r) => r.errors)) expect(errorOf(lost).code).toBe('CONFLICT');
      const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM takedown_transition WHERE action IN ('ACCEPT', 'REJECT') AND note LIKE 'decision %'`);
      expect(n).toBe(1);
    });

    it('lets coordinators decide for a marketplace without reviewers of its own', async () => {
      const id = (
        await t.ok(FILE, { i: { brandId, trademarkId, reason: 'COUNTERFEIT', listings: [{ url: 'https://item.taobao.com/item.htm?id=777001' }] } }, admin)
      ).fileTakedown.id;
      expect(errorOf(await t.gql(ACT, { i: { id, action: 'REJECT' } }, reviewer)).code).toBe('NOT_FOUND');
      expect((await t.ok(ACT, { i: { id, action: 'REJECT', note: 'Listing shows genuine goods' } }, coordinator)).actOnTakedown.status).toBe('REJECTED');
    });
  });

  describe('the SLA clock', () => {
    it('warns the reviewers 4 hours before the due time and marks a breach, each once, with two API processes', async () => {
      const second = await TestApp.start({}, { databaseUrl: t.databaseUrl });
      try {
        const id = (await t.ok(FILE, { i: { brandId, trademarkId, reason: 'COUNTERFEIT', listings: [listing(40)] } }, admin)).fileTakedown.id;
        const uuid = parseGlobalId(id)!.uuid;
        const notices = async (kind: string) =>
          (await t.sql(`SELECT u.role FROM notification n JOIN app_user u ON u.id = n.user_id WHERE n.kind = $1 AND n.target_id = $2 ORDER BY 1`, [kind, uuid])).map((r) => r.role);
        const sweepBoth = () => Promise.all([t.get(TakedownSlaService).sweep(), second.get(TakedownSlaService).sweep(), t.get(TakedownSlaService).sweep()]);

        await sweepBoth();
        expect(await notices('takedown.due_soon')).toEqual([]);
        await t.sql(`UPDATE takedown_request SET due_at = now() + interval '3 hours' WHERE id = $1`, [uuid]);
        await sweepBoth();
        await sweepBoth();
        expect(await notices('takedown.due_soon')).toEqual(['PLATFORM_REVIEWER']);
        expect(await notices('takedown.breached')).toEqual([]);

        await t.sql(`UPDATE takedown_request SET due_at = now() - interval '1 minute' WHERE id = $1`, [uuid]);
        await sweepBoth();
        await sweepBoth();
        expect(await notices('takedown.breached')).toEqual(['COORDINATOR', 'PLATFORM_REVIEWER']);
        const [row] = await t.sql(`SELECT warned_at, breached_at FROM takedown_request WHERE id = $1`, [uuid]);
        expect(row.breached_at).not.toBeNull();
        const seen = (await t.ok(`query($id: ID!) { takedownRequest(id: $id) { slaBreached } }`, { id }, reviewer)).takedownRequest;
        expect(seen.slaBreached).toBe(true);
        // a decided request is not chased
        await t.ok(ACT, { i: { id, action: 'ACCEPT' } }, reviewer);
        await t.sql(`UPDATE takedown_request SET breached_at = NULL WHERE id = $1`, [uuid]);
        await sweepBoth();
        expect(await notices('takedown.breached')).toHaveLength(2);
      } finally {
        await second.close();
      }
    });
  });

  it('keeps the SLA figures’ monthly roll-up equal to a live recount after filing, deciding, pausing, the SLA clock and the demo’s backdating', async () => {
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM takedown_request WHERE paused_ms > 0 AND decided_at IS NOT NULL`);
    expect(n).toBeGreaterThan(0);
    expect(await takedownFiguresDrift((sql, params) => t.sql(sql, params))).toEqual([]);
  });
});
