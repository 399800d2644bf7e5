import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { intelPeople, publish } from '../factories/intel.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

const NETWORK_OF = `query($id: ID!) { node(id: $id) { ... on IntelReport { network { id summary { reportCount } events { kind cause } } } } }`;
const SERVICE_NUMBER = '+86 571 8815 7858'; // stands for a marketplace's customer-service line

describe('correlation members can trust: exclusions, the over-correlation limit, explained links', () => {
  let t: TestApp;
  let p: Awaited<ReturnType<typeof intelPeople>>;
  let coordinator: string;
  const sellers: any[] = [];
  const payees: any[] = [];

  const networkOf = async (reportId: string) => (await t.ok(NETWORK_OF, { id: reportId }, coordinator)).node.network;

  beforeAll(async () => {
    t = await TestApp.startWithDemo({}, { intel: false });
    p = await intelPeople(t);
    coordinator = p.coordinator;
    expect(await t.ok(`mutation { setCorrelationLimit(input: { limit: 5 }) }`, {}, coordinator)).toEqual({ setCorrelationLimit: 5 });
    // eight sellers from two members: each its own store, all quoting the marketplace's service line and a free-mail domain
    for (let i = 0; i < 8; i++) {
      sellers.push(
        await publish(t, i % 2 ? p.b : p.a, `Seller ${i}`, [
          { type: 'MARKETPLACE_STORE', value: `https://shop${1000 + i}.taobao.com` },
          { type: 'PHONE', value: SERVICE_NUMBER },
          { type: 'DOMAIN', value: 'gmail.com' },
        ], { country: 'CN' }),
      );
    }
  });
  afterAll(() => t.close());

  it('keeps unrelated sellers apart: the seeded free-mail exclusion and the limit stop the shared values linking', async () => {
    const networks = new Set<string>();
    for (const s of sellers) networks.add((await networkOf(s.id)).id);
    expect(networks.size).toBe(8);
    const over = (await t.ok(`{ overCorrelatingKeys { totalCount edges { node { type key reports organisations networks } } } }`, {}, coordinator)).overCorrelatingKeys;
    expect(over.totalCount).toBe(1);
    expect(over.edges.map((e: any) => e.node)).toEqual([{ type: 'PHONE', key: '+8657188157858', reports: 8, organisations: 2, networks: 8 }]);
    const exclusions = (await t.ok(`{ correlationExclusions(first: 100) { edges { node { type key decision reason } } } }`, {}, coordinator)).correlationExclusions.edges.map((e: any) => e.node);
    expect(exclusions).toContainEqual(expect.objectContaining({ type: 'DOMAIN', key: 'gmail.com', decision: 'EXCLUDED' }));
    expect(exclusions).toContainEqual(expect.objectContaining({ type: 'IP_ADDRESS', key: '8.8.8.8' }));
    // the network that grew to six before the number crossed the limit split, and said why
    const splits = await t.sql(`SELECT detail FROM network_event WHERE kind = 'SPLIT' AND cause = 'over_correlation_limit'`);
    expect(splits).toHaveLength(1);
    // the sixth report took the number over the limit: the five it had linked became five networks, one keeping the id
    expect(splits[0].detail.newNetworks).toHaveLength(4);
  });

  it('pages through the exclusion list and the over-correlating keys as cursor connections', async () => {
    const EXCLUSIONS = `query($after: String) { correlationExclusions(first: 30, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { type key } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let pages = 0; pages < 20; pages++) {
      const page: any = (await t.ok(EXCLUSIONS, { after }, coordinator)).correlationExclusions;
      total = page.totalCount;
      expect(page.edges.length).toBeLessThanOrEqual(30);
      seen.push(...page.edges.map((e: any) => `${e.node.type}:${e.node.key}`));
      if (!page.pageInfo.hasNextPage) break;
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1).cursor);
      after = page.pageInfo.endCursor;
    }
    expect(total).toBeGreaterThan(60); // the seeded list: more than two pages
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort()).toEqual(seen); // by type, then key
    // the over-correlating list: one key, and an empty page after it
    const OVER = `query($after: String) { overCorrelatingKeys(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { key reports } } } }`;
    const first = (await t.ok(OVER, {}, coordinator)).overCorrelatingKeys;
    expect(first).toMatchObject({ totalCount: 1, pageInfo: { hasNextPage: false }, edges: [{ node: { key: '+8657188157858', reports: 8 } }] });
    expect((await t.ok(OVER, { after: first.pageInfo.endCursor }, coordinator)).overCorrelatingKeys.edges).toEqual([]);
    expect(errorOf(await t.gql(EXCLUSIONS, { after: 'not-a-cursor' }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('still links two reports that truly share a bank account', async () => {
    const x = await publish(t, p.a, 'Payee one', [{ type: 'BANK_ACCOUNT', value: 'DE89 3704 0044 0532 0130 00' }, { type: 'PHONE', value: SERVICE_NUMBER }]);
    const y = await publish(t, p.b, 'Payee two', [{ type: 'BANK_ACCOUNT', value: 'de89370400440532013000' }, { type: 'PHONE', value: SERVICE_NUMBER }]);
    payees.push(x, y);
    const nx = await networkOf(x.id);
    expect((await networkOf(y.id)).id).toBe(nx.id);
    expect(nx.summary.reportCount).toBe(2);
  });

  it('shows members that a key over-correlates, without who else holds it', async () => {
    const seen = (await t.ok(`query($id: ID!) { node(id: $id) { ... on IntelReport { indicators { type linkStatus } } } }`, { id: sellers[1].id }, p.b)).node;
    expect(seen.indicators).toEqual([
      { type: 'MARKETPLACE_STORE', linkStatus: 'LINKING' },
      { type: 'PHONE', linkStatus: 'OVER_LIMIT' },
      { type: 'DOMAIN', linkStatus: 'EXCLUDED' },
    ]);
    expect(errorOf(await t.gql(`{ overCorrelatingKeys { totalCount } }`, {}, p.b)).code).toBe('FORBIDDEN');
  });

  it('links the reports of a confirmed key, and splits them again when it is excluded, recording both', async () => {
    const confirm = `mutation($i: CorrelationKeyDecisionInput!) { confirmCorrelationKey(input: $i) { decision reportCount } }`;
    expect((await t.ok(confirm, { i: { type: 'PHONE', key: '+8657188157858', reason: 'All these shops are one seller ring' } }, coordinator)).confirmCorrelationKey).toEqual({ decision: 'CONFIRMED', reportCount: 10 });
    const merged = await networkOf(sellers[0].id);
    expect(merged.summary.reportCount).toBe(10);
    for (const s of sellers) expect((await networkOf(s.id)).id).toBe(merged.id);
    expect(merged.events.at(-1)).toEqual({ kind: 'MERGED', cause: 'key_confirmed' });
    expect((await t.ok(`{ overCorrelatingKeys { totalCount edges { node { key } } } }`, {}, coordinator)).overCorrelatingKeys).toEqual({ totalCount: 0, edges: [] });

    const exclude = `mutation($i: ExcludeCorrelationKeyInput!) { excludeCorrelationKey(input: $i) { decision reason } }`;
    await t.ok(exclude, { i: { type: 'PHONE', value: '0086 571 8815 7858', reason: 'Marketplace customer service line' } }, coordinator);
    // the largest part (the two payees sharing a bank account) keeps the id; every seller is on its own again
    const kept = await networkOf(payees[0].id);
    expect(kept.id).toBe(merged.id);
    expect(kept.summary.reportCount).toBe(2);
    expect(kept.events.at(-1)).toEqual({ kind: 'SPLIT', cause: 'exclusion' });
    const sellerNetworks = await Promise.all(sellers.map(async (s) => (await networkOf(s.id)).id));
    expect(new Set(sellerNetworks).size).toBe(8);
    expect(sellerNetworks).not.toContain(merged.id);
    const audit = await t.ok(`{ auditEvents(filter: { targetType: "CorrelationKey" }) { edges { node { action after } } } }`, {}, coordinator);
    expect(audit.auditEvents.edges.map((e: any) => e.node.action).slice(0, 2)).toEqual(['correlation.excluded', 'correlation.confirmed']);
  });

  it('explains a link, step by step through an intermediate report', async () => {
    const a = await publish(t, p.a, 'Chain start', [{ type: 'EMAIL', value: 'chain-start@links.example' }], { sharingLevel: 'GREEN' });
    await publish(t, p.b, 'Chain middle', [{ type: 'EMAIL', value: 'Chain-Start@links.example' }, { type: 'IP_ADDRESS', value: '198.51.100.23' }], { sharingLevel: 'RED' });
    const c = await publish(t, p.a, 'Chain end', [{ type: 'IP_ADDRESS', value: '198.51.100.23' }], { sharingLevel: 'GREEN' });
    const q = `query($a: ID!, $c: ID!) { explainLink(fromReportId: $a, toReportId: $c) { steps { report { title } viaType viaKey values } } }`;
    const forB = (await t.ok(q, { a: a.id, c: c.id }, p.b)).explainLink.steps;
    expect(forB).toEqual([
      { report: { title: 'Chain start' }, viaType: null, viaKey: null, values: [] },
      { report: { title: 'Chain middle' }, viaType: 'EMAIL', viaKey: 'chain-start@links.example', values: ['chain-start@links.example', 'Chain-Start@links.example'] },
      { report: { title: 'Chain end' }, viaType: 'IP_ADDRESS', viaKey: '198.51.100.23', values: ['198.51.100.23', '198.51.100.23'] },
    ]);
    // A may not see B's RED middle report: the step is there, B's side of each value is not
    const forA = (await t.ok(q, { a: a.id, c: c.id }, p.a)).explainLink.steps;
    expect(forA[1]).toEqual({ report: null, viaType: 'EMAIL', viaKey: 'chain-start@links.example', values: ['chain-start@links.example'] });
    expect(forA[2]).toEqual({ report: { title: 'Chain end' }, viaType: 'IP_ADDRESS', viaKey: '198.51.100.23', values: ['198.51.100.23'] });
    const unrelated = await publish(t, p.a, 'Unrelated', [{ type: 'EMAIL', value: 'nobody-else@links.example' }]);
    expect((await t.ok(q, { a: a.id, c: unrelated.id }, p.a)).explainLink).toBeNull();
  });

  it('refuses bad correlation changes with clear errors and changes nothing', async () => {
    const exclude = `mutation($i: ExcludeCorrelationKeyInput!) { excludeCorrelationKey(input: $i) { decision } }`;
    expect(errorOf(await t.gql(exclude, { i: { type: 'EMAIL', value: 'never-reported@x.example', reason: 'Just because' } }, coordinator))).toMatchObject({ code: 'NOT_FOUND', field: 'value' });
    expect(errorOf(await t.gql(exclude, { i: { type: 'EMAIL', value: 'no-at-sign', reason: 'Just because' } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'value' });
    expect(errorOf(await t.gql(exclude, { i: { type: 'PHONE', value: SERVICE_NUMBER, reason: 'Again' } }, coordinator))).toMatchObject({ code: 'CONFLICT' });
    expect(errorOf(await t.gql(exclude, { i: { type: 'IP_ADDRESS', value: '198.51.100.23', reason: 'Members may not' } }, p.a)).code).toBe('FORBIDDEN');
    const confirm = `mutation($i: CorrelationKeyDecisionInput!) { confirmCorrelationKey(input: $i) { decision } }`;
    expect(errorOf(await t.gql(confirm, { i: { type: 'IP_ADDRESS', key: '198.51.100.23', reason: 'Not over the limit' } }, coordinator))).toMatchObject({ code: 'CONFLICT', field: 'key' });
    for (const limit of [0, 1_000_000]) {
      expect(errorOf(await t.gql(`mutation($l: Int!) { setCorrelationLimit(input: { limit: $l }) }`, { l: limit }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
    }
    expect((await t.ok(`{ alliance { correlationLimit } }`, {}, coordinator)).alliance.correlationLimit).toBe(5);
    const [ip] = await t.sql(`SELECT decision FROM correlation_key WHERE type = 'IP_ADDRESS' AND key = '198.51.100.23'`);
    expect(ip.decision).toBeNull();
  });
});
