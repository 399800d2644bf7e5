import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CASES, demoOutcomeTotals } from '../../apps/api/src/demo/demo-enforcement.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { errorOf, TestApp } from '../support/test-app.js';

// Issue 17, outcome 7: the demo alliance's enforcement cases — a case at every status, opened from
// the demo's networks and takedowns with dated histories; the demo's police partner sees exactly
// the cases referred to it and their evidence; the outcomes add up to what the list and the impact
// report say; and what the case page's timeline is made of.
const CASES = `{ enforcementCases(first: 50) { totalCount edges { node {
  id title status openedAt referral { referredAt partnership { id } }
  outcomes { arrests unitsSeized sitesClosed { manufacturing warehouse distribution retail total } valueSeized { amountMinor currency } }
  networks { id } takedowns { id } history { action toStatus at } actions { kind occurredOn } courtResults { result decidedOn }
  evidence { id } evidenceAttachments { attachedAt file { id fileName } } } } } }`;
const GET = `query($id: ID!) { enforcementCase(id: $id) { id status evidence { id fileName } } }`;
const EXPORTS = `query($id: ID!, $kinds: [CustodyEventKind!]) { enforcementCase(id: $id) { custodyLog(first: 100, kinds: $kinds) { totalCount edges { node { kind occurredAt } } } } }`;
const FIGURES = `arrests sitesClosed { manufacturing warehouse distribution retail } unitsSeized valueUnconverted { amountMinor currency }`;
const IMPACT = `query($y: Int!) { impactReport(year: $y) { reportingCurrency total { ${FIGURES} } } }`;

const sorted = (values: string[]) => [...values].sort();
/** Reads a binary body to its end (supertest parses only text types by itself). */
function drain(res: NodeJS.ReadableStream, done: (error: Error | null, body: null) => void) {
  res.on('data', () => undefined);
  res.on('end', () => done(null, null));
}

describe('demo enforcement cases', () => {
  let t: TestApp;
  let coordinator: string;
  let police: string;
  let memberAdmin: string;
  let cases: any[];
  let policeId: string;

  beforeAll(async () => {
    t = await TestApp.startWithDemo();
    coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    police = await t.login(DEMO_USERS.partner, DEMO_PASSWORD);
    memberAdmin = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    const list = (await t.ok(CASES, {}, coordinator)).enforcementCases;
    expect(list.totalCount).toBe(list.edges.length);
    cases = list.edges.map((e: any) => e.node);
    const partners = (await t.ok(`{ partners(first: 20) { edges { node { id kind } } } }`, {}, coordinator)).partners.edges.map((e: any) => e.node);
    policeId = partners.find((p: any) => p.kind === 'LAW_ENFORCEMENT').id;
  });
  afterAll(() => t.close());

  it('has a case at every status, each opened from a network or takedowns, its history dated in the past in order', () => {
    expect(sorted(cases.map((c) => c.title))).toEqual(sorted(DEMO_CASES.map((c) => c.title)));
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(['OPEN', 'REFERRED', 'ACTION_TAKEN', 'PROSECUTION', 'CLOSED', 'DROPPED']));
    const now = Date.now();
    for (const c of cases) {
      const plan = DEMO_CASES.find((p) => p.title === c.title)!;
      expect({ title: c.title, status: c.status }).toEqual({ title: c.title, status: plan.status });
      expect(c.networks.length + c.takedowns.length).toBeGreaterThan(0);
      const at = c.history.map((h: any) => Date.parse(h.at));
      expect(at).toEqual([...at].sort((a, b) => a - b));
      expect(new Set(at).size).toBe(at.length);
      expect(Math.max(...at)).toBeLessThan(now);
      expect(c.openedAt).toBe(c.history[0].at);
      expect(Date.parse(c.openedAt)).toBeLessThan(now - plan.opened.daysAgo * 86_400_000 + 86_400_000);
      expect(c.history.at(-1).toStatus).toBe(c.status);
      if (c.referral) expect(c.referral.referredAt).toBe(c.history.find((h: any) => h.action === 'REFER').at);
      // evidence is on the case before it is handed to the partner
      for (const e of c.evidenceAttachments) if (c.referral) expect(Date.parse(e.attachedAt)).toBeLessThan(Date.parse(c.referral.referredAt));
      expect(c.evidenceAttachments.map((e: any) => e.file.id)).toEqual(c.evidence.map((e: any) => e.id));
    }
    // the log: test buys, raids, seizures and litigation; court results while prosecuted
    const kinds = new Set(cases.flatMap((c) => c.actions.map((a: any) => a.kind)));
    for (const k of ['TEST_BUY', 'INVESTIGATION', 'RAID', 'SEIZURE', 'LITIGATION']) expect(kinds).toContain(k);
    expect(new Set(cases.flatMap((c) => c.courtResults.map((r: any) => r.result)))).toEqual(new Set(['INJUNCTION', 'CONVICTION']));
  });

  it('shows the police partner exactly the cases referred to it, with their evidence, and NOT_FOUND for the others', async () => {
    const referred = cases.filter((c) => c.referral?.partnership?.id === policeId);
    const others = cases.filter((c) => !referred.includes(c));
    expect(referred.length).toBe(DEMO_CASES.filter((c) => c.referral).length);
    expect(others.length).toBeGreaterThan(0);
    expect(referred.some((c) => c.evidence.length > 0)).toBe(true);

    const seen = (await t.ok(CASES, {}, police)).enforcementCases;
    expect(sorted(seen.edges.map((e: any) => e.node.id))).toEqual(sorted(referred.map((c) => c.id)));
    expect(seen.totalCount).toBe(referred.length);
    for (const c of referred) {
      const got = (await t.ok(GET, { id: c.id }, police)).enforcementCase;
      expect(got.evidence.map((f: any) => f.id)).toEqual(c.evidence.map((f: any) => f.id));
      for (const f of c.evidence) expect((await t.http().get(`/files/${f.id}`).set('authorization', `Bearer ${police}`).buffer(true).parse(drain as never)).status).toBe(200);
    }
    for (const c of others) {
      expect(errorOf(await t.gql(GET, { id: c.id }, police))).toMatchObject({ code: 'NOT_FOUND', message: 'Enforcement case not found' });
      for (const f of c.evidence) expect((await t.http().get(`/files/${f.id}`).set('authorization', `Bearer ${police}`)).status).toBe(404);
    }
    // the demo member admin: the cases Zhenlan leads or takes part in, some referred and some not
    const mine = (await t.ok(CASES, {}, memberAdmin)).enforcementCases.edges.map((e: any) => e.node);
    expect(mine.length).toBe(DEMO_CASES.filter((c) => c.lead === 0 || c.participants.includes(0)).length);
    expect(mine.some((c: any) => c.referral) && mine.some((c: any) => !c.referral)).toBe(true);
  });

  it('sums the outcomes as listed, as the plan and the impact report give them', async () => {
    const planned = demoOutcomeTotals();
    const listed = { arrests: 0, manufacturing: 0, warehouse: 0, distribution: 0, retail: 0, units: 0, value: {} as Record<string, bigint> };
    for (const { outcomes: o } of cases) {
      listed.arrests += o.arrests;
      for (const k of ['manufacturing', 'warehouse', 'distribution', 'retail'] as const) listed[k] += o.sitesClosed[k];
      expect(o.sitesClosed.total).toBe(o.sitesClosed.manufacturing + o.sitesClosed.warehouse + o.sitesClosed.distribution + o.sitesClosed.retail);
      listed.units += o.unitsSeized;
      if (o.valueSeized) listed.value[o.valueSeized.currency] = (listed.value[o.valueSeized.currency] ?? 0n) + BigInt(o.valueSeized.amountMinor);
    }
    expect(listed).toEqual({ arrests: planned.arrests, ...planned.sitesClosed, units: planned.unitsSeized, value: planned.valueSeized });
    expect(Object.keys(listed.value).length).toBeGreaterThanOrEqual(3);

    // the impact report counts each case's outcomes in the quarter its action was first taken: this year's and last year's together
    const year = new Date().getUTCFullYear();
    const reports = [(await t.ok(IMPACT, { y: year }, coordinator)).impactReport, (await t.ok(IMPACT, { y: year - 1 }, coordinator)).impactReport];
    expect(reports.map((r) => r.reportingCurrency)).toEqual([null, null]); // nothing converted: every value is listed in its currency
    const reported = { arrests: 0, manufacturing: 0, warehouse: 0, distribution: 0, retail: 0, units: 0, value: {} as Record<string, bigint> };
    for (const { total } of reports) {
      reported.arrests += total.arrests;
      for (const k of ['manufacturing', 'warehouse', 'distribution', 'retail'] as const) reported[k] += total.sitesClosed[k];
      reported.units += Number(total.unitsSeized);
      for (const m of total.valueUnconverted) reported.value[m.currency] = (reported.value[m.currency] ?? 0n) + BigInt(m.amountMinor);
    }
    expect(reported).toEqual(listed);
  });

  it('answers the case page’s network graph and exports, as the web client writes them, with only what the reader may see', async () => {
    const source = (file: string, name: string) => [...readFileSync(join('apps/web/src/enforcement', file), 'utf8').matchAll(/graphql\(`([^`]*)`\)/g)].map((m) => m[1]).find((q) => q.includes(`query ${name}(`))!;
    const graph = source('CaseNetworks.tsx', 'CaseNetworks');
    const exports = source('CaseTimeline.tsx', 'CaseExports');
    const c = cases.find((x) => x.referral && x.networks.length > 0)!;
    const levels: Record<string, string[]> = {};
    for (const [who, token] of [['coordinator', coordinator], ['police', police]] as const) {
      const { enforcementCase } = await t.ok(graph, { id: c.id, reports: 20 }, token);
      expect(enforcementCase.networks.map((n: any) => n.id)).toEqual(c.networks.map((n: any) => n.id));
      const reports = enforcementCase.networks.flatMap((n: any) => n.reports.edges.map((e: any) => e.node));
      expect(reports.length).toBeGreaterThan(1);
      levels[who] = [...new Set<string>(reports.map((r: any) => r.sharingLevel))];
      expect((await t.ok(exports, { id: c.id, first: 100 }, token)).enforcementCase.exports.totalCount).toBe(0);
    }
    // the police partner reads CLEAR, GREEN and AMBER intelligence only (its scopes), in the graph as anywhere
    expect(levels.police.every((l) => ['CLEAR', 'GREEN', 'AMBER'].includes(l))).toBe(true);
  });

  it('gives the case page’s timeline when each file was attached and the case’s pack exports, each kind of custody event on its own', async () => {
    const c = cases.find((x) => x.referral && x.evidence.length > 0 && x.status === 'REFERRED')!;
    expect((await t.ok(EXPORTS, { id: c.id, kinds: ['EXPORTED'] }, coordinator)).enforcementCase.custodyLog.totalCount).toBe(0);
    // the partner exports the pack: an EXPORTED event, the case's only one
    const res = await t.http().get(`/evidence-packs/${c.id}`).set('authorization', `Bearer ${police}`).buffer(true).parse(drain as never);
    expect(res.status).toBe(200);
    for (const token of [coordinator, police]) {
      const exported = (await t.ok(EXPORTS, { id: c.id, kinds: ['EXPORTED'] }, token)).enforcementCase.custodyLog;
      expect(exported.totalCount).toBe(1);
      expect(exported.edges.map((e: any) => e.node.kind)).toEqual(['EXPORTED']);
      expect(Date.parse(exported.edges[0].node.occurredAt)).toBeGreaterThan(Date.parse(c.referral.referredAt));
    }
    // a kind on its own and several together; none named: every event (collected, attached, handed over, exported)
    const attached = (await t.ok(EXPORTS, { id: c.id, kinds: ['ATTACHED'] }, coordinator)).enforcementCase.custodyLog;
    expect(attached.edges.map((e: any) => e.node.kind)).toEqual(c.evidence.map(() => 'ATTACHED'));
    const some = (await t.ok(EXPORTS, { id: c.id, kinds: ['HANDED_OVER', 'EXPORTED', 'HANDED_OVER'] }, coordinator)).enforcementCase.custodyLog;
    expect(some.edges.map((e: any) => e.node.kind)).toEqual(['HANDED_OVER', 'EXPORTED']);
    const all = (await t.ok(EXPORTS, { id: c.id, kinds: null }, coordinator)).enforcementCase.custodyLog;
    expect([...new Set(all.edges.map((e: any) => e.node.kind))]).toEqual(expect.arrayContaining(['COLLECTED', 'ATTACHED', 'HANDED_OVER', 'EXPORTED']));
    expect((await t.ok(EXPORTS, { id: c.id, kinds: [] }, coordinator)).enforcementCase.custodyLog.totalCount).toBe(all.totalCount);
    expect(errorOf(await t.gql(EXPORTS, { id: c.id, kinds: ['SHREDDED'] }, coordinator)).code).toBe('BAD_USER_INPUT');
  });
});
