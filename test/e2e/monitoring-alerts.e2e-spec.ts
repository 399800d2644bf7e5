import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { Role } from '../../libs/domain/src/index.js';
import { JobsService } from '../../apps/api/src/jobs/jobs.service.js';
import { MATCH_QUEUE } from '../../apps/api/src/monitoring/listing-matcher.service.js';
import { hashHex, perceptualHash } from '../../apps/api/src/monitoring/perceptual-hash.js';
import { allianceWithCoordinator, userFor } from '../factories/alliance.factory.js';
import { publish } from '../factories/intel.factory.js';
import { invitedMember, uuid } from '../factories/member.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

// Issue 17, outcomes 2 and 3: listings from the feed matched by a job against brands' rules and the
// alliance's intelligence, alerts per listing and brand, and their triage.
const PUSH = `mutation($i: PushListingsInput!) { pushListings(input: $i) { accepted updated refused } }`;
const CREATE_PARTNER = `mutation($i: CreatePartnerInput!) { createPartner(input: $i) { id } }`;
const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`;
const CREATE_BRAND = `mutation($i: CreateBrandInput!) { createBrand(input: $i) { id } }`;
const CREATE_RULE = `mutation($i: CreateMonitoringRuleInput!) { createMonitoringRule(input: $i) { id kind name terms excludedTerms floor { amountMinor currency } } }`;
const UPDATE_RULE = `mutation($i: UpdateMonitoringRuleInput!) { updateMonitoringRule(input: $i) { id terms } }`;
const REMOVE_RULE = `mutation($id: ID!) { removeMonitoringRule(ruleId: $id) { id } }`;
const RULES = `query($b: ID!) { monitoringRules(brandId: $b) { id name } }`;
const ALERTS = `query($brandId: ID, $status: AlertStatus, $minScore: Int, $first: Int, $after: String) {
  alerts(brandId: $brandId, status: $status, minScore: $minScore, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id brandId score status dismissReason alertedAt
      reasons { kind weight detail ruleId terms networks { id } hiddenNetworks }
      listing { listingId title storeId price { amountMinor currency } } } } } }`;
const TRIAGE = `mutation($i: TriageAlertInput!) { triageAlert(input: $i) { id status dismissReason } }`;

/** Rings or stripes in grey, as PNG or JPEG, base64. */
async function picture(kind: 'rings' | 'stripes', size: number, format: 'png' | 'jpeg'): Promise<string> {
  const pixels = Buffer.alloc(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) pixels[y * size + x] = kind === 'rings' ? 128 + 120 * Math.sin(Math.hypot(x / size - 0.5, y / size - 0.3) * 30) : (Math.floor((x / size) * 6) % 2) * 200 + 20;
  const image = sharp(pixels, { raw: { width: size, height: size, channels: 1 } });
  return (await (format === 'png' ? image.png() : image.jpeg({ quality: 60 })).toBuffer()).toString('base64');
}

const taobao = (id: number, title: string, extra: Record<string, unknown> = {}) => ({ url: `https://item.taobao.com/item.htm?id=${id}`, title, ...extra });

describe('monitoring alerts', () => {
  let t: TestApp;
  let coordinator: string;
  let feed: string;
  let adminA: string;
  let analystA: string;
  let adminB: string;
  let membershipA: string;
  let brandA: string;
  let brandB: string;
  let networkId: string;
  let allianceId: string;

  const push = async (listings: unknown[]) => {
    const res = (await t.ok(PUSH, { i: { listings } }, feed)).pushListings;
    await t.get(JobsService).drain(MATCH_QUEUE);
    return res;
  };
  const alerts = async (token: string, vars: Record<string, unknown> = {}) => (await t.ok(ALERTS, vars, token)).alerts;
  const alertOf = async (token: string, listingId: string) => (await alerts(token, { first: 100 })).edges.map((e: any) => e.node).find((n: any) => n.listing.listingId === listingId);

  beforeAll(async () => {
    t = await TestApp.start();
    const a = await allianceWithCoordinator(t, 'alerts');
    coordinator = a.token;
    allianceId = a.alliance.id;
    const partner = (await t.ok(CREATE_PARTNER, { i: { name: 'Taobao Feed', kind: 'MARKETPLACE', scopes: ['listings:write'] } }, coordinator)).createPartner;
    feed = (await t.ok(CREATE_KEY, { i: { partnershipId: partner.id, name: 'feed key', scopes: ['listings:write'] } }, coordinator)).createApiKey.secret;
    const memberA = await invitedMember(t, coordinator, 'Acme Owner');
    const memberB = await invitedMember(t, coordinator, 'Beta Owner');
    membershipA = uuid(memberA.membershipId);
    await t.sql(`UPDATE membership SET status = 'ACTIVE', joined_on = current_date WHERE id = ANY($1::uuid[])`, [[membershipA, uuid(memberB.membershipId)]]);
    adminA = memberA.token;
    adminB = memberB.token;
    analystA = await userFor(t, allianceId, uuid(memberA.organisationId), Role.MEMBER_ANALYST, 'analyst@acme-owner.test');
    brandA = (await t.ok(CREATE_BRAND, { i: { name: 'Acme' } }, adminA)).createBrand.id;
    brandB = (await t.ok(CREATE_BRAND, { i: { name: 'Betamax' } }, adminB)).createBrand.id;
    // member A's intelligence, for A alone: the store shop-9 and a phone
    const report = await publish(t, adminA, 'Shop nine sells fakes', [{ type: 'MARKETPLACE_STORE', value: 'taobao:shop-9' }, { type: 'PHONE', value: '+86 138 0013 8000' }], { sharingLevel: 'RED' });
    networkId = report.network.id;
  });
  afterAll(() => t.close());

  it('lets the brand’s admins keep its rules, validated, and refuses everyone else', async () => {
    const keyword = (await t.ok(CREATE_RULE, { i: { brandId: brandA, kind: 'KEYWORD', name: 'Names', terms: ['ACME', 'Acme-Pro', 'acme'], excludedTerms: ['Case for'] } }, adminA)).createMonitoringRule;
    expect(keyword).toMatchObject({ kind: 'KEYWORD', terms: ['acme', 'acme pro'], excludedTerms: ['case for'], floor: null });
    const floor = (await t.ok(CREATE_RULE, { i: { brandId: brandA, kind: 'PRICE_FLOOR', name: 'Handbags', terms: ['handbag'], floor: { amountMinor: '20000', currency: 'cny' } } }, adminA)).createMonitoringRule;
    expect(floor.floor).toEqual({ amountMinor: '20000', currency: 'CNY' });
    await t.ok(CREATE_RULE, { i: { brandId: brandB, kind: 'KEYWORD', name: 'Names', terms: ['betamax'] } }, adminB);

    expect(errorOf(await t.gql(CREATE_RULE, { i: { brandId: brandA, kind: 'PRICE_FLOOR', name: 'No floor', terms: ['bag'] } }, adminA))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'floor' });
    expect(errorOf(await t.gql(CREATE_RULE, { i: { brandId: brandA, kind: 'PRICE_FLOOR', name: 'Bad', terms: ['bag'], floor: { amountMinor: '100', currency: 'XXQ' } } }, adminA))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'floor.currency' });
    expect(errorOf(await t.gql(CREATE_RULE, { i: { brandId: brandA, kind: 'KEYWORD', name: 'Regex', terms: ['(.*)+'] } }, adminA))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'terms' });
    expect(errorOf(await t.gql(CREATE_RULE, { i: { brandId: brandA, kind: 'KEYWORD', name: 'X', terms: ['x'.repeat(101)] } }, adminA)).code).toBe('BAD_USER_INPUT');
    // the analyst reads, the admin writes; another member, the coordinator and a key do neither
    expect((await t.ok(RULES, { b: brandA }, analystA)).monitoringRules).toHaveLength(2);
    expect(errorOf(await t.gql(CREATE_RULE, { i: { brandId: brandA, kind: 'KEYWORD', name: 'N', terms: ['n'] } }, analystA)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(CREATE_RULE, { i: { brandId: brandA, kind: 'KEYWORD', name: 'N', terms: ['n'] } }, adminB)).code).toMatch(/FORBIDDEN|NOT_FOUND/);
    expect(errorOf(await t.gql(RULES, { b: brandA }, adminB)).code).toMatch(/FORBIDDEN|NOT_FOUND/);
    expect(errorOf(await t.gql(RULES, { b: brandA }, coordinator)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(UPDATE_RULE, { i: { ruleId: keyword.id, kind: 'KEYWORD', name: 'Mine', terms: ['acme'] } }, adminB)).code).toBe('NOT_FOUND');
    expect(errorOf(await t.gql(REMOVE_RULE, { id: keyword.id }, feed)).code).toBe('FORBIDDEN');
    const scratch = (await t.ok(CREATE_RULE, { i: { brandId: brandA, kind: 'KEYWORD', name: 'Scratch', terms: ['scratch'] } }, adminA)).createMonitoringRule;
    expect((await t.ok(UPDATE_RULE, { i: { ruleId: scratch.id, kind: 'KEYWORD', name: 'Scratch', terms: ['Scratch Two'] } }, adminA)).updateMonitoringRule.terms).toEqual(['scratch two']);
    await t.ok(REMOVE_RULE, { id: scratch.id }, adminA);
    const audit = await t.sql(`SELECT action FROM audit_event WHERE alliance_id = $1 AND action LIKE 'monitoring_rule.%' ORDER BY id`, [allianceId]);
    expect(audit.map((a) => a.action)).toEqual(['monitoring_rule.created', 'monitoring_rule.created', 'monitoring_rule.created', 'monitoring_rule.created', 'monitoring_rule.updated', 'monitoring_rule.removed']);
  });

  it('matches the feed in a job: an alert per listing and brand with its reasons and score, by score; a network named only to who may see it', async () => {
    expect(await push([
      taobao(1, 'ACME handbag with Betamax strap', { priceMinor: 1999, currency: 'CNY', storeId: 'shop-9' }),
      taobao(2, 'Case for Acme phone', { priceMinor: 500, currency: 'CNY', storeId: 'shop-9' }),
      taobao(3, 'Acme-Pro sneakers', { priceMinor: 50000, currency: 'CNY', storeId: 'shop-2' }),
      taobao(4, 'Acmeco garden hose', { storeId: 'shop-3' }),
      taobao(5, 'Plain bag', { storeId: 'shop-4', sellerContacts: ['Tel: +86 138 0013 8000'] }),
    ])).toMatchObject({ accepted: 5, refused: 0 });

    const a = await alerts(adminA);
    expect(a.totalCount).toBe(2);
    const [first, second] = a.edges.map((e: any) => e.node);
    expect(first.listing).toMatchObject({ listingId: '1', storeId: 'shop-9', price: { amountMinor: '1999', currency: 'CNY' } });
    expect(first.reasons.map((r: any) => r.kind)).toEqual(['SELLER_IN_NETWORK', 'PRICE_FLOOR', 'BRAND_KEYWORD']);
    expect(first.reasons[0]).toMatchObject({ weight: 45, networks: [{ id: networkId }], hiddenNetworks: 0 });
    expect(first.reasons[2].terms).toEqual(['acme']);
    expect(first.score).toBe(Math.round(100 * (1 - 0.55 * 0.65 * 0.85)));
    expect(second).toMatchObject({ status: 'NEW', score: 15, listing: { listingId: '3' } });
    expect(second.reasons[0].terms).toEqual(['acme', 'acme pro']); // whole words: the phrase and the word in it

    // member B gets its own alert on listing 1, the network counted but not named
    const b = await alerts(adminB);
    expect(b.totalCount).toBe(1);
    expect(b.edges[0].node.brandId).toBe(brandB);
    expect(b.edges[0].node.reasons.find((r: any) => r.kind === 'SELLER_IN_NETWORK')).toMatchObject({ networks: [], hiddenNetworks: 1 });
    expect(JSON.stringify(b)).not.toContain(networkId);

    // filters and pages
    expect((await alerts(adminA, { minScore: 50 })).totalCount).toBe(1);
    expect((await alerts(adminA, { brandId: brandA, status: 'DISMISSED' })).totalCount).toBe(0);
    const page1 = await alerts(adminA, { first: 1 });
    const page2 = await alerts(adminA, { first: 1, after: page1.pageInfo.endCursor });
    expect([page1.pageInfo.hasNextPage, page1.edges[0].node.id, page2.edges[0].node.id, page2.pageInfo.hasNextPage]).toEqual([true, first.id, second.id, false]);
  });

  it('previews what a rule would have matched in the last 30 days, for the brand’s people only', async () => {
    const PREVIEW = `query($i: CreateMonitoringRuleInput!) { monitoringRulePreview(input: $i) { since matched listings { listingId title } } }`;
    const keyword = (await t.ok(PREVIEW, { i: { brandId: brandA, kind: 'KEYWORD', name: 'Try', terms: ['acme'], excludedTerms: ['case for'] } }, analystA)).monitoringRulePreview;
    expect(keyword.matched).toBe(2);
    expect(keyword.listings.map((l: any) => l.listingId).sort()).toEqual(['1', '3']);
    const floor = (await t.ok(PREVIEW, { i: { brandId: brandA, kind: 'PRICE_FLOOR', name: 'Try', terms: ['handbag'], floor: { amountMinor: '20000', currency: 'CNY' } } }, adminA)).monitoringRulePreview;
    expect(floor).toMatchObject({ matched: 1, listings: [{ listingId: '1' }] });
    expect(errorOf(await t.gql(PREVIEW, { i: { brandId: brandA, kind: 'KEYWORD', name: 'Try', terms: ['acme'] } }, adminB)).code).toMatch(/FORBIDDEN|NOT_FOUND/);
    expect(errorOf(await t.gql(PREVIEW, { i: { brandId: brandA, kind: 'KEYWORD', name: 'Try', terms: ['acme'] } }, coordinator)).code).toBe('FORBIDDEN');
    expect((await t.ok(RULES, { b: brandA }, adminA)).monitoringRules).toHaveLength(2); // nothing kept
  });

  it('does not alert again for a listing sent again unchanged', async () => {
    const before = await alertOf(adminA, '1');
    expect(await push([taobao(1, 'ACME handbag with Betamax strap', { priceMinor: 1999, currency: 'CNY', storeId: 'shop-9' })])).toMatchObject({ accepted: 0, updated: 1 });
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM monitoring_alert WHERE alliance_id = $1`, [allianceId]);
    expect(n).toBe(3);
    expect(await alertOf(adminA, '1')).toEqual(before);
  });

  it('dismissed: the seller stops alerting the brand for those reasons', async () => {
    const alert = await alertOf(adminA, '3');
    expect(errorOf(await t.gql(TRIAGE, { i: { alertId: alert.id, action: 'DISMISS' } }, adminA))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(errorOf(await t.gql(TRIAGE, { i: { alertId: alert.id, action: 'DISMISS', reason: 'mine' } }, adminB)).code).toBe('NOT_FOUND');
    expect((await t.ok(TRIAGE, { i: { alertId: alert.id, action: 'DISMISS', reason: 'Authorised reseller' } }, analystA)).triageAlert).toMatchObject({ status: 'DISMISSED', dismissReason: 'Authorised reseller' });
    // the same store, another listing the same rule matches: quiet; another store: alerts
    await push([taobao(6, 'Acme-Pro jacket', { storeId: 'SHOP-2' }), taobao(7, 'Acme jacket', { storeId: 'shop-7' })]);
    expect(await alertOf(adminA, '6')).toBeUndefined();
    expect(await alertOf(adminA, '7')).toMatchObject({ status: 'NEW' });
    expect((await alerts(adminA, { status: 'DISMISSED' })).totalCount).toBe(1);
    const [audit] = await t.sql(`SELECT after FROM audit_event WHERE alliance_id = $1 AND action = 'alert.dismissed'`, [allianceId]);
    expect(audit.after).toMatchObject({ status: 'DISMISSED', reason: 'Authorised reseller' });
  });

  it('watched: alerts again when the listing changes, not when it is sent again unchanged', async () => {
    const alert = await alertOf(adminA, '1');
    expect((await t.ok(TRIAGE, { i: { alertId: alert.id, action: 'WATCH' } }, adminA)).triageAlert.status).toBe('WATCHING');
    await push([taobao(1, 'ACME handbag with Betamax strap', { priceMinor: 1999, currency: 'CNY', storeId: 'shop-9' })]);
    expect((await alertOf(adminA, '1')).status).toBe('WATCHING');
    await push([taobao(1, 'ACME handbag with Betamax strap', { priceMinor: 1899, currency: 'CNY', storeId: 'shop-9' })]);
    const again = await alertOf(adminA, '1');
    expect(again).toMatchObject({ status: 'NEW', listing: { price: { amountMinor: '1899' } } });
    expect(new Date(again.alertedAt).getTime()).toBeGreaterThan(new Date(alert.alertedAt).getTime());
    // a job run twice alerts once
    const [{ listing_id }] = await t.sql(`SELECT listing_id FROM monitoring_alert WHERE id = $1`, [uuid(alert.id)]);
    await t.ok(TRIAGE, { i: { alertId: alert.id, action: 'WATCH' } }, adminA);
    await t.get(JobsService).send(MATCH_QUEUE, { listingIds: [listing_id] }, { allianceId });
    await t.get(JobsService).drain(MATCH_QUEUE);
    expect((await alertOf(adminA, '1')).status).toBe('WATCHING');
  });

  it('files a takedown from an alert in one step, once, through the takedown rules', async () => {
    const FILE = `mutation($i: FileTakedownFromAlertInput!) { fileTakedownFromAlert(input: $i) { id status takedownRequestId } }`;
    const trademark = (await t.ok(`mutation($i: AddTrademarkInput!) { addTrademark(input: $i) { id } }`,
      { i: { brandId: brandA, office: 'EUIPO', registrationNumber: '018000123', niceClasses: [18], ownerName: 'Acme Owner Ltd', registeredOn: '2020-01-15', expiresOn: '2035-01-15' } }, adminA)).addTrademark;
    const alert = await alertOf(adminA, '7');
    // an unverified right is refused by the takedown pillar, and nothing changes
    expect(errorOf(await t.gql(FILE, { i: { alertId: alert.id, trademarkId: trademark.id } }, analystA))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'trademarkId' });
    expect((await alertOf(adminA, '7')).status).toBe('NEW');
    await t.sql(`UPDATE trademark SET verification_status = 'VERIFIED' WHERE id = $1`, [uuid(trademark.id)]);
    expect(errorOf(await t.gql(FILE, { i: { alertId: alert.id, trademarkId: trademark.id } }, adminB)).code).toBe('NOT_FOUND');
    expect(errorOf(await t.gql(FILE, { i: { alertId: alert.id, trademarkId: trademark.id } }, coordinator)).code).toBe('FORBIDDEN');

    const filed = (await t.ok(FILE, { i: { alertId: alert.id, trademarkId: trademark.id } }, analystA)).fileTakedownFromAlert;
    expect(filed).toMatchObject({ id: alert.id, status: 'FILED', takedownRequestId: expect.any(String) });
    const [request] = await t.sql(
      `SELECT r.channel, r.reason, r.statement, r.brand_id, l.url, l.store_id FROM takedown_request r JOIN takedown_listing l ON l.alliance_id = r.alliance_id AND l.request_id = r.id WHERE r.id = $1`,
      [uuid(filed.takedownRequestId)],
    );
    expect(request).toMatchObject({ channel: 'API', reason: 'COUNTERFEIT', brand_id: uuid(brandA), url: 'https://item.taobao.com/item.htm?id=7', statement: expect.stringContaining('Names the brand') });
    expect((await t.ok(FILE, { i: { alertId: alert.id, trademarkId: trademark.id } }, adminA)).fileTakedownFromAlert.takedownRequestId).toBe(filed.takedownRequestId);
    expect(errorOf(await t.gql(TRIAGE, { i: { alertId: alert.id, action: 'WATCH' } }, adminA)).code).toBe('CONFLICT');
    expect((await alerts(adminA, { status: 'FILED' })).totalCount).toBe(1);
    const audit = await t.sql(`SELECT action FROM audit_event WHERE alliance_id = $1 AND action IN ('alert.takedown_filed', 'takedown.filed')`, [allianceId]);
    expect(audit.map((a) => a.action).sort()).toEqual(['alert.takedown_filed', 'takedown.filed']);

    // the figures: a member's for its brands; the coordinators' counts for every brand; nobody else's
    const FIGURES = `{ alertFigures { alerts actedOnShare removedFromAlerts listingsRemoved proactiveShare medianHoursToRemoval removedWithUnitsKnown removedBeforeSale
      brands { brandId alerts newAlerts watching dismissed filed actedOnShare } } }`;
    const mine = (await t.ok(FIGURES, {}, adminA)).alertFigures;
    expect(mine).toMatchObject({ alerts: 3, removedFromAlerts: 0, brands: [{ brandId: brandA, alerts: 3, watching: 1, dismissed: 1, filed: 1, actedOnShare: 2 / 3 }] });
    await t.sql(`UPDATE takedown_request SET status = 'ACCEPTED', decided_at = now() WHERE id = $1`, [uuid(filed.takedownRequestId)]);
    await t.sql(`UPDATE listing SET units_sold = 0 WHERE alliance_id = $1 AND listing_id = '7'`, [allianceId]);
    expect((await t.ok(FIGURES, {}, adminA)).alertFigures).toMatchObject({ removedFromAlerts: 1, listingsRemoved: 1, proactiveShare: 1, removedWithUnitsKnown: 1, removedBeforeSale: 1, medianHoursToRemoval: expect.any(Number) });
    const all = (await t.ok(FIGURES, {}, coordinator)).alertFigures;
    expect(all.brands.map((b: any) => b.brandId).sort()).toEqual([brandA, brandB].sort());
    expect(errorOf(await t.gql(FIGURES, {}, feed)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(`{ alertFigures(from: "2026-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z") { alerts } }`, {}, adminA))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
  });

  it("looks picture hashes up by band: none within 7 bits of a picture's is missed, a hash far from it is not a candidate", async () => {
    // 400 random hashes, each against itself with 0–7 bits flipped: every pair must share a probe
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pairs: [string, string][] = [];
    for (let n = 0; n < 400; n++) {
      let a = 0n;
      for (let k = 0; k < 4; k++) a = (a << 16n) | BigInt(Math.floor(next() * 65536));
      let b = a;
      const flips = new Set<number>();
      while (flips.size < n % 8) flips.add(Math.floor(next() * 64));
      for (const f of flips) b ^= 1n << BigInt(f);
      pairs.push([a.toString(16).padStart(16, '0'), b.toString(16).padStart(16, '0')]);
    }
    const [{ missed, found }] = await t.sql(
      `SELECT count(*) FILTER (WHERE NOT phash_bands(a) && phash_probes(b))::int AS missed, count(*)::int AS found FROM unnest($1::text[], $2::text[]) AS p(a, b)`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    expect({ missed, found }).toEqual({ missed: 0, found: 400 });
    // a hash 16 bits away in every band shares no probe: the lookup does narrow
    const [{ shares }] = await t.sql(`SELECT phash_bands('0123456789abcdef') && phash_probes('fedca9876543210f') AS shares`);
    expect(shares).toBe(false);
  });

  it('matches pictures by perceptual hash: a listing showing the brand’s picture concerns the brand without naming it', async () => {
    const rule = (await t.ok(CREATE_RULE.replace('floor { amountMinor currency }', 'floor { amountMinor currency } imageHashes maxDistance'),
      { i: { brandId: brandB, kind: 'IMAGE', name: 'Reel logo', terms: [], images: [await picture('rings', 120, 'png')], maxDistance: 8 } }, adminB)).createMonitoringRule;
    expect(rule).toMatchObject({ kind: 'IMAGE', maxDistance: 8, imageHashes: [expect.stringMatching(/^[0-9a-f]{16}$/)] });
    expect(errorOf(await t.gql(CREATE_RULE, { i: { brandId: brandB, kind: 'IMAGE', name: 'Nothing', terms: [], images: [Buffer.from('not a picture').toString('base64')] } }, adminB)))
      .toMatchObject({ code: 'BAD_USER_INPUT', field: 'images.0' });
    // a picture intelligence holds (IMAGE_HASH: the file's SHA-256) links the seller to B's network
    const stripes = await picture('stripes', 90, 'jpeg');
    // and a perceptual hash near a picture (A's, RED: B learns the network exists, not which)
    const near = hashHex(await perceptualHash(Buffer.from(await picture('rings', 200, 'png'), 'base64')));
    await publish(t, adminA, 'Reel fakes pictures', [{ type: 'IMAGE_HASH', value: near }], { sharingLevel: 'RED' });
    const report = await publish(t, adminB, 'Fake player pictures', [{ type: 'IMAGE_HASH', value: createHash('sha256').update(Buffer.from(stripes, 'base64')).digest('hex') }], { sharingLevel: 'GREEN' });
    await push([
      taobao(8, 'Vintage tape recorder', { storeId: 'shop-8', images: [{ dataBase64: await picture('rings', 90, 'jpeg') }] }),
      taobao(9, 'Vintage radio', { storeId: 'shop-8', images: [{ dataBase64: stripes }] }),
      taobao(10, 'Betamax player', { storeId: 'shop-10', images: [{ dataBase64: stripes }] }),
    ]);
    expect((await alertOf(adminB, '8')).reasons.find((r: any) => r.kind === 'SELLER_IN_NETWORK')).toMatchObject({ networks: [], hiddenNetworks: 1, detail: expect.stringContaining('picture') });
    expect((await alertOf(adminB, '10')).reasons.find((r: any) => r.kind === 'SELLER_IN_NETWORK')).toMatchObject({ networks: [{ id: report.network.id }], detail: expect.stringContaining('picture') });
    const alert = await alertOf(adminB, '8');
    expect(alert.reasons.map((r: any) => r.kind)).toEqual(['SELLER_IN_NETWORK', 'IMAGE_MATCH']);
    expect(alert.reasons[1]).toMatchObject({ ruleId: rule.id });
    expect(await alertOf(adminB, '9')).toBeUndefined();
    expect(await alertOf(adminA, '8')).toBeUndefined();
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM listing_image_hash WHERE alliance_id = $1 AND phash IS NOT NULL`, [allianceId]);
    expect(n).toBe(2); // each picture hashed once
    const preview = (await t.ok(`query($i: CreateMonitoringRuleInput!) { monitoringRulePreview(input: $i) { matched listings { listingId } } }`,
      { i: { brandId: brandB, kind: 'IMAGE', name: 'Try', terms: [], images: [await picture('rings', 64, 'png')] } }, adminB)).monitoringRulePreview;
    expect(preview).toEqual({ matched: 1, listings: [{ listingId: '8' }] });
  });

  it('flags a price below half the median of the brand’s listings in the currency, once it has enough of them', async () => {
    await push([20, 21, 22, 23, 24].map((id) => taobao(id, `Acme wallet ${id}`, { storeId: `wallets-${id}`, priceMinor: 10000 + id, currency: 'CNY' })));
    expect((await alertOf(adminA, '24')).reasons.map((r: any) => r.kind)).toEqual(['BRAND_KEYWORD']);
    await push([taobao(25, 'Acme wallet cheap', { storeId: 'wallets-25', priceMinor: 3000, currency: 'CNY' }), taobao(26, 'Acme wallet', { storeId: 'wallets-26', priceMinor: 3000, currency: 'USD' })]);
    expect((await alertOf(adminA, '25')).reasons.map((r: any) => r.kind)).toEqual(['PRICE_BELOW_MEDIAN', 'BRAND_KEYWORD']);
    expect((await alertOf(adminA, '26')).reasons.map((r: any) => r.kind)).toEqual(['BRAND_KEYWORD']); // too few USD listings to tell
  });

  it('refuses the coordinator, keys, other members’ alerts and a suspended member', async () => {
    expect(errorOf(await t.gql(ALERTS, {}, coordinator)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(ALERTS, {}, feed)).code).toBe('FORBIDDEN');
    const alert = await alertOf(adminA, '1');
    expect(errorOf(await t.gql(TRIAGE, { i: { alertId: alert.id, action: 'WATCH' } }, coordinator)).code).toBe('FORBIDDEN');
    const node = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: alert.id }, adminB);
    expect(node.data?.node ?? null).toBeNull();
    expect((await t.ok(`query($id: ID!) { node(id: $id) { ... on Alert { score } } }`, { id: alert.id }, adminA)).node.score).toBe(alert.score);
    await t.sql(`UPDATE membership SET status = 'SUSPENDED' WHERE id = $1`, [membershipA]);
    const res = await t.gql(ALERTS, {}, adminA);
    expect(res.errors ? errorOf(res).code : res.data.alerts.totalCount).toEqual(res.errors ? 'FORBIDDEN' : 0);
    expect(errorOf(await t.gql(CREATE_RULE, { i: { brandId: brandA, kind: 'KEYWORD', name: 'N', terms: ['n'] } }, adminA)).code).toBe('FORBIDDEN');
    await t.sql(`UPDATE membership SET status = 'ACTIVE' WHERE id = $1`, [membershipA]);
  });

  it('matches each chunk against the rules as they are then: one added, changed or removed between two chunks counts from the next', async () => {
    await push([taobao(40, 'Zebracorn lamp', { storeId: 'lamps-1' })]);
    expect(await alertOf(adminA, '40')).toBeUndefined();
    const rule = (await t.ok(CREATE_RULE, { i: { brandId: brandA, kind: 'KEYWORD', name: 'Lamps', terms: ['zebracorn'] } }, adminA)).createMonitoringRule;
    await push([taobao(41, 'Zebracorn lamp', { storeId: 'lamps-1' })]);
    expect((await alertOf(adminA, '41')).reasons[0].terms).toEqual(['zebracorn']);
    await t.ok(UPDATE_RULE, { i: { ruleId: rule.id, kind: 'KEYWORD', name: 'Lamps', terms: ['unicorn lamp'] } }, adminA);
    await push([taobao(42, 'Zebracorn lamp', { storeId: 'lamps-2' }), taobao(43, 'Unicorn lamp', { storeId: 'lamps-3' })]);
    expect(await alertOf(adminA, '42')).toBeUndefined();
    expect((await alertOf(adminA, '43')).reasons[0].terms).toEqual(['unicorn lamp']);
    await t.ok(REMOVE_RULE, { id: rule.id }, adminA);
    await push([taobao(44, 'Unicorn lamp', { storeId: 'lamps-4' })]);
    expect(await alertOf(adminA, '44')).toBeUndefined();
  });
});
