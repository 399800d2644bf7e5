import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseGlobalId } from '../../apps/api/src/common/node.js';
import { TakedownSlaService } from '../../apps/api/src/takedown/takedown-sla.service.js';
import { JobsService } from '../../apps/api/src/jobs/jobs.service.js';
import { REPEAT_INFRINGER_QUEUE, RepeatInfringerService } from '../../apps/api/src/takedown/repeat-infringer.service.js';
import { AllianceService } from '../../apps/api/src/alliances/alliance.service.js';
import { RequestContext } from '../../apps/api/src/common/request-context.js';
import { MATCH_QUEUE } from '../../apps/api/src/monitoring/listing-matcher.service.js';
import { MarketplaceService } from '../../apps/api/src/takedown/marketplace.service.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { intelPeople, publish } from '../factories/intel.factory.js';
import { demoTakedownDesk } from '../factories/takedown.factory.js';
import { Role } from '../../libs/domain/src/index.js';
import { errorOf, TestApp } from '../support/test-app.js';

// Issue 16, outcome 6: repeat infringers on the alliance's own ladder.
const FILE = `mutation($i: FileTakedownInput!) { fileTakedown(input: $i) { id listings { storeId repeatOffence storeStanding { level strikes relatedStrikes relatedStores { storeKey networkId strikes } } } } }`;
const READ = `query($id: ID!) { takedownRequest(id: $id) { listings { storeStanding { level strikes relatedStrikes relatedStores { storeKey networkId } } } } }`;
const ACT = `mutation($i: ActOnTakedownInput!) { actOnTakedown(input: $i) { id status } }`;
const SETTINGS = `mutation($i: UpdateAllianceSettingsInput!) { updateAllianceSettings(input: $i) { strikeWarningAt strikeFlagAt strikeWindowDays } }`;
const LADDER = `{ alliance { strikeWarningAt strikeFlagAt strikeWindowDays } }`;

describe('repeat infringers', () => {
  let t: TestApp;
  let coordinator: string;
  let admin: string;
  let brandId: string;
  let trademarkId: string;
  let organisationUuid: string;
  let n = 0;
  const uuid = (id: string) => parseGlobalId(id)!.uuid;
  const file = async (store: string) =>
    (await t.ok(FILE, { i: { brandId, trademarkId, reason: 'COUNTERFEIT', listings: [{ url: `https://item.taobao.com/item.htm?id=${91000 + ++n}&shop_id=${store}` }] } }, admin)).fileTakedown;
  /** A strike on `store`: a request naming it, accepted, its counter-notice window lapsed, upheld by the sweep. */
  const strike = async (store: string) => {
    const { id } = await file(store);
    await t.ok(ACT, { i: { id, action: 'ACCEPT' } }, coordinator);
    await t.sql(`UPDATE takedown_request SET counter_deadline = now() - interval '1 minute' WHERE id = $1`, [uuid(id)]);
    await t.get(TakedownSlaService).sweep();
    return id;
  };

  beforeAll(async () => {
    t = await TestApp.startWithDemo({}, { intel: false });
    ({ coordinator, admin, brandId, trademarkId, organisationUuid } = await demoTakedownDesk(t));
  });
  afterAll(() => t.close());

  describe('the ladder, per alliance', () => {
    it('starts on the default (warning at 1, flagged at 3 within 365 days), readable by anyone of the alliance', async () => {
      expect((await t.ok(LADDER, {}, admin)).alliance).toEqual({ strikeWarningAt: 1, strikeFlagAt: 3, strikeWindowDays: 365 });
    });

    it('refuses a member, and a ladder that does not go up or has no window, naming the field', async () => {
      expect(errorOf(await t.gql(SETTINGS, { i: { strikeFlagAt: 2 } }, admin)).code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(SETTINGS, { i: { strikeWarningAt: 3 } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'strikeWarningAt' });
      expect(errorOf(await t.gql(SETTINGS, { i: { strikeFlagAt: 1 } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'strikeFlagAt' });
      expect(errorOf(await t.gql(SETTINGS, { i: { strikeWarningAt: 4, strikeFlagAt: 4 } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'strikeWarningAt' });
      expect(errorOf(await t.gql(SETTINGS, { i: { strikeWarningAt: 0 } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'strikeWarningAt' });
      expect(errorOf(await t.gql(SETTINGS, { i: { strikeWindowDays: -5 } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'strikeWindowDays' });
      expect(errorOf(await t.gql(SETTINGS, { i: { strikeWindowDays: 3651 } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'strikeWindowDays' });
      expect((await t.ok(LADDER, {}, coordinator)).alliance).toEqual({ strikeWarningAt: 1, strikeFlagAt: 3, strikeWindowDays: 365 });
    });

    it('flags on the coordinators’ ladder, counting only the strikes inside its window', async () => {
      const STORE = '8810001';
      expect((await t.ok(SETTINGS, { i: { strikeWarningAt: 1, strikeFlagAt: 2, strikeWindowDays: 30 } }, coordinator)).updateAllianceSettings)
        .toEqual({ strikeWarningAt: 1, strikeFlagAt: 2, strikeWindowDays: 30 });
      const old = await strike(STORE);
      // the first strike was upheld 40 days ago: outside a 30-day window
      await t.sql(`UPDATE takedown_transition SET at = now() - interval '40 days' WHERE request_id = $1 AND to_status = 'UPHELD'`, [uuid(old)]);
      expect((await file(STORE)).listings[0]).toMatchObject({ repeatOffence: false, storeStanding: { level: 'NONE', strikes: 0, relatedStrikes: 0, relatedStores: [] } });
      await strike(STORE);
      expect((await file(STORE)).listings[0]).toMatchObject({ repeatOffence: false, storeStanding: { level: 'WARNING', strikes: 1 } });
      await strike(STORE);
      // two within the window: flagged at 2 (the default would only warn)
      expect((await file(STORE)).listings[0]).toMatchObject({ repeatOffence: true, storeStanding: { level: 'FLAGGED', strikes: 2 } });
      // a longer window takes the old strike back in
      await t.ok(SETTINGS, { i: { strikeFlagAt: 5, strikeWindowDays: 60 } }, coordinator);
      expect((await file(STORE)).listings[0]).toMatchObject({ repeatOffence: false, storeStanding: { level: 'WARNING', strikes: 3 } });
      await t.ok(SETTINGS, { i: { strikeWarningAt: 1, strikeFlagAt: 3, strikeWindowDays: 365 } }, coordinator);
    });
  });

  describe('related stores: a strike on a store counts on every store sharing an intelligence network with it', () => {
    it('counts it on the ladder as related and names the store and network to whoever may see the network', async () => {
      // the member's own report names two stores: one network
      const report = await publish(t, admin, 'Two storefronts of one seller', [
        { type: 'MARKETPLACE_STORE', value: 'taobao:8820001' },
        { type: 'MARKETPLACE_STORE', value: 'taobao:8820002' },
      ]);
      expect(report.network?.id).toBeTruthy();
      await strike('8820002');
      const listing = (await file('8820001')).listings[0];
      expect(listing).toMatchObject({
        repeatOffence: false,
        storeStanding: { level: 'WARNING', strikes: 1, relatedStrikes: 1, relatedStores: [{ storeKey: 'taobao:store:8820002', networkId: report.network.id, strikes: 1 }] },
      });
      // the struck store itself: its own strike, nothing related
      expect((await file('8820002')).listings[0].storeStanding).toMatchObject({ level: 'WARNING', strikes: 1, relatedStrikes: 0, relatedStores: [] });
      // a request naming both stores' strikes counts each upheld request once
      await strike('8820001');
      expect((await file('8820001')).listings[0].storeStanding).toMatchObject({ strikes: 2, relatedStrikes: 1 });
    });

    it('counts a strike through a network the caller may not see, without naming the store or the network', async () => {
      const people = await intelPeople(t);
      const other = people.orgA.id === organisationUuid ? people.b : people.a;
      await publish(t, other, 'A seller only we know', [
        { type: 'MARKETPLACE_STORE', value: 'taobao:8830001' },
        { type: 'MARKETPLACE_STORE', value: 'taobao:8830002' },
      ], { sharingLevel: 'RED' });
      await strike('8830002');
      const listing = (await file('8830001')).listings[0];
      expect(listing.storeStanding).toEqual({ level: 'WARNING', strikes: 1, relatedStrikes: 1, relatedStores: [] });
      expect(JSON.stringify(listing)).not.toContain('8830002');
    });

    it('counts them in monitoring too: a listing of a store sharing a network with a struck one alerts its brand with RELATED_STORES, read from the struck side as the ladder reads it', async () => {
      const [brand] = await t.sql(`SELECT name, alliance_id FROM brand WHERE id = $1`, [uuid(brandId)]);
      await t.ok(`mutation($i: CreateMonitoringRuleInput!) { createMonitoringRule(input: $i) { id } }`, { i: { brandId, kind: 'KEYWORD', name: 'Names', terms: [brand.name] } }, admin);
      const listing = (id: number, store: string) => ({ url: `https://item.taobao.com/item.htm?id=${id}`, title: `${brand.name} handbag`, storeId: store });
      await t.ok(`mutation($i: PushListingsInput!) { pushListings(input: $i) { accepted } }`, { i: { listings: [listing(99001, '8820001'), listing(99002, '8830001'), listing(99003, '8840001')] } }, admin);
      await t.get(JobsService).drain(MATCH_QUEUE);
      const alerts = (await t.ok(`query($b: ID) { alerts(brandId: $b, first: 50) { edges { node { listing { listingId } reasons { kind detail networks { id } hiddenNetworks } } } } }`, { b: brandId }, admin))
        .alerts.edges.map((e: any) => e.node);
      const reason = (listingId: string, kind: string) => alerts.find((a: any) => a.listing.listingId === listingId)?.reasons.find((r: any) => r.kind === kind);
      // 8820001: its own strike repeats, 8820002's is related; 8830001: related through another member's network; 8840001: nothing.
      // (Matching reads as the system, which names no member's network: the reason counts the strikes.)
      expect(reason('99001', 'RELATED_STORES')).toMatchObject({ detail: expect.stringContaining('had 1 upheld takedown') });
      expect(reason('99001', 'REPEAT_OFFENDER')).toBeTruthy();
      expect(reason('99002', 'RELATED_STORES')).toMatchObject({ detail: expect.stringContaining('had 1 upheld takedown') });
      expect(reason('99003', 'RELATED_STORES')).toBeUndefined();
      expect(reason('99003', 'REPEAT_OFFENDER')).toBeUndefined();

      // the struck side first, or store by store (past the limit of upheld requests or of their removed listings): the same answer
      const system = RequestContext.system(brand.alliance_id);
      const read = { alliance: await t.get(AllianceService).get(system), marketplaces: await t.get(MarketplaceService).list(system, true) };
      const taobao = read.marketplaces.find((m) => m.rule === 'taobao')!;
      const stores = ['8820001', '8820002', '8830001', '8830002', '8840001'].map((storeId) => ({ marketplaceId: taobao.id, storeId }));
      const service = t.get(RepeatInfringerService);
      // as the system (what matching asks) and as the member, who sees its own network named
      const member = new RequestContext(system.actorId, 'USER', brand.alliance_id, organisationUuid, Role.MEMBER_ADMIN, new Set());
      for (const ctx of [system, member]) {
        const struckFirst = await service.relatedStandings(ctx, stores, read);
        expect(struckFirst.get(`${taobao.id}:8820001`)).not.toHaveProperty('level'); // read from the struck side
        for (const limit of [{ requests: 0, listings: 5000 }, { requests: 500, listings: 0 }]) {
          const byStore = await service.relatedStandings(ctx, stores, read, new Date(), limit);
          expect(byStore.get(`${taobao.id}:8820001`)).toHaveProperty('level'); // `standings` answered
          expect([...struckFirst]).toEqual([...byStore].map(([k, v]) => [k, { relatedStrikes: v.relatedStrikes, relatedStores: v.relatedStores }]));
        }
        expect(struckFirst.get(`${taobao.id}:8820001`)).toMatchObject({ relatedStrikes: 1 });
        expect(struckFirst.get(`${taobao.id}:8830001`)).toMatchObject({ relatedStrikes: 1, relatedStores: [] });
        expect(struckFirst.get(`${taobao.id}:8840001`)).toEqual({ relatedStrikes: 0, relatedStores: [] });
      }
      const [network] = await t.sql(`SELECT r.network_id FROM intel_report r JOIN indicator i ON i.report_id = r.id WHERE i.key = 'taobao:store:8820002'`);
      expect((await service.relatedStandings(member, stores, read)).get(`${taobao.id}:8820001`)!.relatedStores).toEqual([{ storeKey: 'taobao:store:8820002', networkId: network.network_id, strikes: 1 }]);
    });

    it('shows a reviewer of another marketplace nothing of the request or its stores', async () => {
      const { id } = await file('8820001');
      const [reviewerMarketplace] = await t.sql(`SELECT m.rule FROM marketplace m JOIN app_user u ON u.organisation_id = m.reviewer_organisation_id WHERE u.email = $1`, [DEMO_USERS.platformReviewer]);
      expect(reviewerMarketplace?.rule).not.toBe('taobao');
      const reviewer = await t.login(DEMO_USERS.platformReviewer, DEMO_PASSWORD);
      expect(errorOf(await t.gql(READ, { id }, reviewer)).code).toBe('NOT_FOUND');
      expect((await t.ok(READ, { id }, admin)).takedownRequest.listings[0].storeStanding.relatedStrikes).toBe(1);
    });
  });

  describe('a flagged store becomes intelligence of the reporting member', () => {
    const flagReports = (store: string) =>
      t.sql(`SELECT r.organisation_id, r.sharing_level, r.status, r.kind, array_agg(i.key ORDER BY i.key) AS keys
               FROM intel_report r JOIN indicator i ON i.report_id = r.id WHERE r.source_ref LIKE $1 GROUP BY r.id, r.organisation_id, r.sharing_level, r.status, r.kind`, [`takedown-flag:%:${store}`]);
    const drain = () => t.get(JobsService).drain(REPEAT_INFRINGER_QUEUE);

    it('files the store once, at the alliance’s default sharing level, when the uphold that flags it commits', async () => {
      const STORE = '8840001';
      await t.ok(SETTINGS, { i: { strikeWarningAt: 1, strikeFlagAt: 2, strikeWindowDays: 365 } }, coordinator);
      try {
        await strike(STORE);
        await drain();
        expect(await flagReports(STORE)).toEqual([]); // a warning is no intelligence
        await strike(STORE);
        await drain();
        const [{ defaultSharingLevel }] = await t.sql(`SELECT default_sharing_level AS "defaultSharingLevel" FROM alliance WHERE slug = 'demo'`);
        expect(await flagReports(STORE)).toEqual([{ organisation_id: organisationUuid, sharing_level: defaultSharingLevel, status: 'PUBLISHED', kind: 'ONLINE_SELLER', keys: [`taobao:store:${STORE}`] }]);
        // a third strike, and the job run again: still one report
        await strike(STORE);
        await drain();
        await t.get(JobsService).send(REPEAT_INFRINGER_QUEUE, { requestId: (await t.sql(`SELECT id FROM takedown_request r JOIN takedown_listing l ON l.request_id = r.id WHERE l.store_id = $1 AND r.status = 'UPHELD' LIMIT 1`, [STORE]))[0].id }, { allianceId: (await t.sql(`SELECT id FROM alliance WHERE slug = 'demo'`))[0].id });
        await drain();
        expect(await flagReports(STORE)).toHaveLength(1);
        // and the member sees it in its intelligence; the next request naming the store is a repeat offence
        const feed = (await t.ok(`{ intelReports(first: 50, filter: { mine: true }) { edges { node { title } } } }`, {}, admin)).intelReports.edges.map((e: any) => e.node.title);
        expect(feed).toContain(`Repeat infringer on Taobao: store ${STORE}`);
        expect((await file(STORE)).listings[0]).toMatchObject({ repeatOffence: true, storeStanding: { level: 'FLAGGED', strikes: 3 } });
      } finally {
        await t.ok(SETTINGS, { i: { strikeWarningAt: 1, strikeFlagAt: 3, strikeWindowDays: 365 } }, coordinator);
      }
    });
  });
});
