import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CREATE_REPORT, intelPeople, publish, report } from '../factories/intel.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

const NETWORK = `query($id: ID!) { node(id: $id) { ... on CounterfeiterNetwork { id summary { reportCount } mergedInto { id } events { kind cause relatedNetworkIds } reports(first: 50) { edges { node { title } } } indicators { type key reports values } } } }`;
const RETRACT = `mutation($i: RetractReportInput!) { retractReport(input: $i) { id status network { id } } }`;

describe('reports and their correlation into networks', () => {
  let t: TestApp;
  let p: Awaited<ReturnType<typeof intelPeople>>;
  let coordinator: string;

  beforeAll(async () => {
    t = await TestApp.startWithDemo({}, { intel: false });
    p = await intelPeople(t);
    coordinator = p.coordinator;
  });
  afterAll(() => t.close());

  it('links reports of different members through differently written values of one phone', async () => {
    const r1 = await publish(t, p.a, 'Guangzhou bag seller', [{ type: 'PHONE', value: '138 0013 8000' }, { type: 'EMAIL', value: 'bags1@sellers.example' }], { country: 'CN' });
    const r2 = await publish(t, p.b, 'Shoe listing spammer', [{ type: 'PHONE', value: '+86 (138) 0013-8000' }], { country: 'DE' });
    expect(r2.network.id).toBe(r1.network.id);
    const n = (await t.ok(NETWORK, { id: r1.network.id }, coordinator)).node;
    expect(n.summary.reportCount).toBe(2);
    expect(n.indicators.find((i: any) => i.type === 'PHONE')).toEqual({ type: 'PHONE', key: '+8613800138000', reports: 2, values: expect.arrayContaining(['138 0013 8000', '+86 (138) 0013-8000']) });
    expect(n.events.map((e: any) => e.kind)).toEqual(['CREATED', 'GREW']);
  });

  it('merges two networks when a report bridges them: the largest keeps its id, the other points to it', async () => {
    const big1 = await publish(t, p.a, 'Factory A1', [{ type: 'DOMAIN', value: 'factory-a.example' }]);
    const big2 = await publish(t, p.a, 'Factory A2', [{ type: 'DOMAIN', value: 'https://shop.factory-a.example/x' }, { type: 'COMPANY_NAME', value: 'Dongguan Shiny Co., Ltd.' }]);
    const small = await publish(t, p.b, 'Warehouse B', [{ type: 'BANK_ACCOUNT', value: 'GB29 NWBK 6016 1331 9268 19' }]);
    expect(big2.network.id).toBe(big1.network.id);
    expect(small.network.id).not.toBe(big1.network.id);
    const bridge = await publish(t, p.b, 'Bridge', [{ type: 'BANK_ACCOUNT', value: 'gb29nwbk60161331926819' }, { type: 'COMPANY_NAME', value: 'DONGGUAN SHINY LIMITED' }]);
    expect(bridge.network.id).toBe(big1.network.id);
    const merged = (await t.ok(NETWORK, { id: big1.network.id }, coordinator)).node;
    expect(merged.summary.reportCount).toBe(4);
    expect(merged.events.at(-1)).toMatchObject({ kind: 'MERGED', cause: 'publication', relatedNetworkIds: [small.network.id] });
    const absorbed = (await t.ok(NETWORK, { id: small.network.id }, coordinator)).node;
    expect(absorbed.mergedInto).toEqual({ id: big1.network.id });
    expect(absorbed.summary.reportCount).toBe(4); // an old id shows the network it merged into
    expect(absorbed.events.map((e: any) => e.kind)).toEqual(['CREATED', 'MERGED_INTO']);
  });

  it('splits a network when the bridging report is retracted: the largest part keeps the id', async () => {
    const left1 = await publish(t, p.a, 'Split left 1', [{ type: 'EMAIL', value: 'left@split.example' }]);
    const left2 = await publish(t, p.a, 'Split left 2', [{ type: 'EMAIL', value: 'left@split.example' }, { type: 'IP_ADDRESS', value: '203.0.113.50' }]);
    const right = await publish(t, p.b, 'Split right', [{ type: 'IMAGE_HASH', value: 'ab12cd34ef56ab78' }]);
    const bridge = await publish(t, p.b, 'Split bridge', [{ type: 'IP_ADDRESS', value: '203.0.113.50' }, { type: 'IMAGE_HASH', value: 'AB12CD34EF56AB78' }]);
    const id = left1.network.id;
    expect([left2.network.id, bridge.network.id]).toEqual([id, id]);
    expect((await t.ok(NETWORK, { id }, coordinator)).node.summary.reportCount).toBe(4);

    const retracted = (await t.ok(RETRACT, { i: { reportId: bridge.id, reason: 'Wrong IP: shared hosting' } }, p.b)).retractReport;
    expect(retracted).toMatchObject({ status: 'RETRACTED', network: null });
    const kept = (await t.ok(NETWORK, { id }, coordinator)).node;
    expect(kept.summary.reportCount).toBe(2);
    expect(kept.reports.edges.map((e: any) => e.node.title).sort()).toEqual(['Split left 1', 'Split left 2']);
    const split = kept.events.at(-1);
    expect(split).toMatchObject({ kind: 'SPLIT', cause: 'retraction' });
    expect(split.relatedNetworkIds).toHaveLength(1);
    const rightNow = (await t.ok(`query($id: ID!) { node(id: $id) { ... on IntelReport { network { id } } } }`, { id: right.id }, coordinator)).node;
    expect(rightNow.network.id).toBe(split.relatedNetworkIds[0]);
    expect(right.network.id).not.toBe(id);
  });

  it('keeps amendments as history and re-links the amended report', async () => {
    const other = await publish(t, p.b, 'Amend target', [{ type: 'TRACKING_NUMBER', value: '1Z 999 AA1 01 2345 6784' }]);
    const mine = await publish(t, p.a, 'Amend me', [{ type: 'EMAIL', value: 'amend@one.example' }]);
    expect(mine.network.id).not.toBe(other.network.id);
    const amended = (
      await t.ok(
        `mutation($i: UpdateReportInput!) { updateReport(input: $i) { version status network { id } indicators { key } history { version snapshot } } }`,
        { i: { reportId: mine.id, kind: 'LOGISTICS', title: 'Amend me (tracking found)', confidence: 90, indicators: [{ type: 'EMAIL', value: 'amend@one.example' }, { type: 'TRACKING_NUMBER', value: '1z999aa10123456784' }] } },
        p.a,
      )
    ).updateReport;
    expect(amended).toMatchObject({ version: 2, status: 'PUBLISHED', network: { id: expect.any(String) } });
    expect(amended.indicators.map((i: any) => i.key)).toEqual(['amend@one.example', '1Z999AA10123456784']);
    expect(amended.history[0].snapshot.id).toBe(mine.id); // opaque ids, no tenant or author ids
    expect(amended.history[0].snapshot.allianceId).toBeUndefined();
    expect(amended.history).toEqual([{ version: 1, snapshot: expect.objectContaining({ title: 'Amend me', indicators: [{ type: 'EMAIL', value: 'amend@one.example', qualifier: null, key: 'amend@one.example', note: null }] }) }]);
    const otherNow = (await t.ok(`query($id: ID!) { node(id: $id) { ... on IntelReport { network { id } } } }`, { id: other.id }, coordinator)).node;
    expect(otherNow.network.id).toBe(amended.network.id);
    // others see no history of someone else's report
    const seenByB = (await t.ok(`query($id: ID!) { node(id: $id) { ... on IntelReport { history { version } } } }`, { id: mine.id }, p.b)).node;
    expect(seenByB.history).toEqual([]);
  });

  it('keeps the qualifier an indicator was entered with, and tells who may change a report', async () => {
    const r = await publish(t, p.a, 'Qualified ids', [{ type: 'MARKETPLACE_STORE', value: '998877', qualifier: 'shopee' }, { type: 'MESSAGING_HANDLE', value: 'bags_factory', qualifier: 'line' }]);
    const seen = await t.ok(`query($id: ID!) { node(id: $id) { ... on IntelReport { mine indicators { value qualifier key } } } }`, { id: r.id }, p.a);
    expect(seen.node).toEqual({ mine: true, indicators: [{ value: '998877', qualifier: 'shopee', key: 'shopee:store:998877' }, { value: 'bags_factory', qualifier: 'line', key: 'LINE:bags_factory' }] });
    expect((await t.ok(`query($id: ID!) { node(id: $id) { ... on IntelReport { mine } } }`, { id: r.id }, p.b)).node).toEqual({ mine: false });
  });

  it('links values as people paste them: labels, abbreviated addresses, and listings of a marketplace the alliance added (issue 18)', async () => {
    const tag = Date.now().toString(36);
    const d = String(Date.now() % 1e8).padStart(8, '0'); // a number no other run has filed
    // a marketplace the coordinators add for takedowns, read by its templates: intelligence reads its addresses too
    const market = { name: `Bazaar ${tag}`, domains: [`bazaar-${tag}.example`], listingTemplate: '/goods/{id}.html', storeTemplate: '?shop={id}', jurisdiction: 'CN' };
    await t.ok(`mutation($i: MarketplaceInput!) { createMarketplace(input: $i) { id } }`, { i: market }, coordinator);
    const first = await publish(t, p.a, 'Pasted from a parcel label', [
      { type: 'PHONE', value: `Tel: +86 139 ${d.slice(0, 4)} ${d.slice(4)}` },
      { type: 'POSTAL_ADDRESS', value: `Room 1203, 12/F, Building 5, No. 18 ${tag} Road, Baiyun District` },
      { type: 'MARKETPLACE_LISTING', value: `https://m.bazaar-${tag}.example/goods/LM-${tag}.html?shop=store_77#reviews` },
    ]);
    const second = await publish(t, p.b, 'Pasted from a chat', [{ type: 'PHONE', value: `电话：+86-139-${d.slice(0, 4)}-${d.slice(4)}` }]);
    const third = await publish(t, p.b, 'Pasted from a shop page', [{ type: 'POSTAL_ADDRESS', value: `Rm.1203 12F Bldg 5 No.18 ${tag} Rd, Baiyun Dist.` }]);
    const fourth = await publish(t, p.b, 'Shared listing', [{ type: 'MARKETPLACE_LISTING', value: `bazaar-${tag}:LM-${tag}` }]);
    expect([second.network.id, third.network.id, fourth.network.id]).toEqual([first.network.id, first.network.id, first.network.id]);
    const n = (await t.ok(NETWORK, { id: first.network.id }, coordinator)).node;
    expect(n.indicators.map((i: any) => i.key).sort()).toEqual([`+86139${d}`, `bazaar-${tag}:listing:lm-${tag}`, `rm 1203 fl 12 bldg 5 18 ${tag} rd baiyun dist`].sort());
    // another room of the building is another address; a contradicting label is refused with its reason
    const apart = await publish(t, p.b, 'Next door', [{ type: 'POSTAL_ADDRESS', value: `Room 1204, 12/F, Building 5, No. 18 ${tag} Road, Baiyun District` }]);
    expect(apart.network.id).not.toBe(first.network.id);
    const refused = errorOf(await t.gql(CREATE_REPORT, { i: report('Mislabelled', [{ type: 'EMAIL', value: `Tel: +86 139 ${d}` }]) }, p.a));
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', field: 'indicators.0.value', message: expect.stringContaining('says this is a phone number') });
  });

  it('drafts are private, publish once, and retract once', async () => {
    const draft = (await t.ok(CREATE_REPORT, { i: report('Draft only', [{ type: 'EMAIL', value: 'draft@private.example' }], { publish: false }) }, p.a)).createReport;
    expect(draft).toMatchObject({ status: 'DRAFT', network: null });
    expect((await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: draft.id }, p.b)).node).toBeNull();
    expect((await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: draft.id }, p.aAnalyst)).node).toEqual({ id: draft.id });
    const published = (await t.ok(`mutation($id: ID!) { publishReport(reportId: $id) { status network { id } } }`, { id: draft.id }, p.aAnalyst)).publishReport;
    expect(published.status).toBe('PUBLISHED');
    expect(errorOf(await t.gql(`mutation($id: ID!) { publishReport(reportId: $id) { status } }`, { id: draft.id }, p.a))).toMatchObject({ code: 'CONFLICT', currentStatus: 'PUBLISHED' });
    await t.ok(RETRACT, { i: { reportId: draft.id, reason: 'Duplicate of another report' } }, p.a);
    expect(errorOf(await t.gql(RETRACT, { i: { reportId: draft.id, reason: 'Again' } }, p.a))).toMatchObject({ code: 'CONFLICT', currentStatus: 'RETRACTED' });
    // retracted reports leave the other members' feed
    expect((await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: draft.id }, p.b)).node).toBeNull();
  });

  it('refuses bad reports, naming the indicator, and stores nothing', async () => {
    const before = (await t.sql(`SELECT count(*)::int AS n FROM intel_report`))[0].n;
    const bad: [Record<string, unknown>, string, string][] = [
      [report('x', []), 'title', 'BAD_USER_INPUT'],
      [report('Confidence', [], { confidence: 101 }), 'confidence', 'BAD_USER_INPUT'],
      [report('Level', [], { sharingLevel: 'PURPLE' }), 'sharingLevel', 'BAD_USER_INPUT'],
      [report('Bad email', [{ type: 'PHONE', value: '+86 138 0013 8000' }, { type: 'EMAIL', value: 'no-at-sign.example' }]), 'indicators.1.value', 'BAD_USER_INPUT'],
      [report('Bad IBAN', [{ type: 'BANK_ACCOUNT', value: 'DE89 3704 0044 0532 0130 01' }]), 'indicators.0.value', 'BAD_USER_INPUT'],
      [report('Duplicate', [{ type: 'EMAIL', value: 'dup@x.example' }, { type: 'EMAIL', value: 'DUP@x.example' }]), 'indicators.1.value', 'BAD_USER_INPUT'],
      [report('Unknown type', [{ type: 'DNA', value: 'x' }]), 'type', 'BAD_USER_INPUT'],
      [report('Marketplace', [], { marketplaces: ['silkroad'] }), 'marketplaces', 'BAD_USER_INPUT'],
      [report('Dates', [], { firstObservedOn: '2026-02-01', lastObservedOn: '2026-01-01' }), 'lastObservedOn', 'BAD_USER_INPUT'],
      [report('NUL', [{ type: 'COMPANY_NAME', value: 'Evil\u0000Corp' }]), 'indicators.0.value', 'BAD_USER_INPUT'],
    ];
    for (const [input, field, code] of bad) {
      const res = await t.gql(CREATE_REPORT, { i: input }, p.a);
      expect({ title: input.title, ...errorOf(res) }).toMatchObject({ title: input.title, code, field: expect.stringContaining(field) });
    }
    const tooMany = Array.from({ length: 100_000 }, (_, i) => ({ type: 'TRACKING_NUMBER', value: `TN${i}` }));
    expect(errorOf(await t.gql(CREATE_REPORT, { i: report('Huge', tooMany) }, p.a))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'indicators' });
    expect(errorOf(await t.gql(CREATE_REPORT, { i: report('Not a member', []) }, coordinator)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(CREATE_REPORT, { i: report('Suspended', []) }, p.suspended)).code).toBe('FORBIDDEN');
    expect((await t.sql(`SELECT count(*)::int AS n FROM intel_report`))[0].n).toBe(before);
  });

  it('accepts a report with thousands of indicators in one statement', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ type: 'TRACKING_NUMBER', value: `BULK-${i}` }));
    const r = await publish(t, p.a, 'Bulk shipment list', many);
    expect(r.indicators).toHaveLength(5000);
  });
});
