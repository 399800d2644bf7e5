import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseGlobalId, toGlobalId } from '../../apps/api/src/common/node.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { allianceWithCoordinator } from '../factories/alliance.factory.js';
import { citableRightOf } from '../factories/takedown.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

// Issue 17, outcome 6: the impact report. On a copy of the demo (whose enforcement cases have seizures
// in several currencies): the report of this year before and
// after a small scenario (takedowns filed and decided, cases referred with outcomes in three
// currencies, dated rates); the scenario's quarter moves by exactly the hand-computed figures, the
// other quarters not at all; the CSV says what GraphQL says; who may read and write; bad input.
const FIGURES = `period from to members brands takedownsReceived takedownsProcessed takedownsProcessedWithinSla listingsRemoved listingsRemovedProactively
  listingsRemovedOnNotice alerts casesOpened casesReferred arrests sitesClosed { manufacturing warehouse distribution retail total } unitsSeized
  valueSeized { amountMinor currency amount } valueUnconverted { amountMinor currency amount }`;
const REPORT = `query($y: Int!) { impactReport(year: $y) { year reportingCurrency quarters { ${FIGURES} } total { ${FIGURES} } } }`;
const RATES = `{ exchangeRates { reportingCurrency rates { currency validFrom rate } } }`;
const SET_RATE = `mutation($i: SetExchangeRateInput!) { setExchangeRate(input: $i) { currency validFrom rate } }`;
const REMOVE_RATE = `mutation($i: RemoveExchangeRateInput!) { removeExchangeRate(input: $i) }`;
const SET_CURRENCY = `mutation($i: SetReportingCurrencyInput!) { setReportingCurrency(input: $i) { reportingCurrency } }`;
const OPEN = `mutation($i: OpenEnforcementCaseInput!) { openEnforcementCase(input: $i) { id } }`;
const MOVE = `mutation($i: MoveEnforcementCaseInput!) { moveEnforcementCase(input: $i) { id status } }`;
const OUTCOMES = `mutation($i: RecordEnforcementOutcomesInput!) { recordEnforcementOutcomes(input: $i) { id } }`;

const now = new Date();
const year = now.getUTCFullYear();
const quarter = Math.floor(now.getUTCMonth() / 3); // the scenario's quarter (index)
const day = (d: Date) => d.toISOString().slice(0, 10);
const today = day(now);
const tomorrow = day(new Date(now.getTime() + 86_400_000));

/** Every number of the figures, to subtract one report from another. */
function numbers(f: any): Record<string, number> {
  return {
    members: f.members, brands: f.brands, takedownsReceived: f.takedownsReceived, takedownsProcessed: f.takedownsProcessed,
    takedownsProcessedWithinSla: f.takedownsProcessedWithinSla, listingsRemoved: f.listingsRemoved, listingsRemovedProactively: f.listingsRemovedProactively,
    listingsRemovedOnNotice: f.listingsRemovedOnNotice, alerts: f.alerts, casesOpened: f.casesOpened, casesReferred: f.casesReferred, arrests: f.arrests,
    manufacturing: f.sitesClosed.manufacturing, warehouse: f.sitesClosed.warehouse, distribution: f.sitesClosed.distribution, retail: f.sitesClosed.retail,
    sitesTotal: f.sitesClosed.total, unitsSeized: Number(f.unitsSeized),
  };
}
const delta = (after: any, before: any) => Object.fromEntries(Object.entries(numbers(after)).map(([k, v]) => [k, v - numbers(before)[k]]));
/** Money per currency, in minor units. */
const perCurrency = (moneys: readonly { amountMinor: string; currency: string }[]) => {
  const sums = new Map<string, bigint>();
  for (const m of moneys) sums.set(m.currency, (sums.get(m.currency) ?? 0n) + BigInt(m.amountMinor));
  return sums;
};
/** What `after` lists per currency beyond `before`: `{ GBP: 4000n }`. */
const moneyDelta = (after: readonly { amountMinor: string; currency: string }[], before: readonly { amountMinor: string; currency: string }[]) => {
  const a = perCurrency(after);
  const b = perCurrency(before);
  return Object.fromEntries([...new Set([...a.keys(), ...b.keys()])].map((c) => [c, (a.get(c) ?? 0n) - (b.get(c) ?? 0n)]).filter(([, v]) => v !== 0n));
};

describe('impact report', () => {
  let t: TestApp;
  let coordinator: string;
  let lead: string; // Zhenlan's admin
  let analyst: string; // an active member's analyst: reads the report
  let police: string; // the demo's law-enforcement partner
  let foreignCoordinator: string;
  let policeId: string;
  let bare: any; // before the reporting currency and the rates
  let before: any; // with them, before the scenario
  let after: any;

  beforeAll(async () => {
    t = await TestApp.startWithDemo(); // with its intelligence and monitoring feed: alerts to file from
    coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    lead = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    analyst = await t.login('analyst@copperline.demo.countermark.test', DEMO_PASSWORD);
    police = await t.login(DEMO_USERS.partner, DEMO_PASSWORD);
    foreignCoordinator = (await allianceWithCoordinator(t, 'impact-other')).token;
    const partners = (await t.ok(`{ partners(first: 20) { edges { node { id kind } } } }`, {}, coordinator)).partners.edges.map((e: any) => e.node);
    policeId = partners.find((p: any) => p.kind === 'LAW_ENFORCEMENT').id;
    await t.settleJobs(); // the demo's feed is matched by a job: its alerts are in before the first report
    bare = (await t.ok(REPORT, { y: year }, coordinator)).impactReport;

    // the reporting currency and dated rates: USD's rate changed today (the old one and tomorrow's are not used), GBP's starts tomorrow
    await t.ok(SET_CURRENCY, { i: { currency: 'cny' } }, coordinator);
    await t.ok(SET_RATE, { i: { currency: 'EUR', validFrom: `${year}-01-01`, rate: '7.8' } }, coordinator);
    await t.ok(SET_RATE, { i: { currency: 'USD', validFrom: `${year - 1}-12-31`, rate: '6.9' } }, coordinator);
    await t.ok(SET_RATE, { i: { currency: 'USD', validFrom: today, rate: '7.1234' } }, coordinator);
    await t.ok(SET_RATE, { i: { currency: 'USD', validFrom: tomorrow, rate: '99' } }, coordinator);
    await t.ok(SET_RATE, { i: { currency: 'GBP', validFrom: tomorrow, rate: '9.1' } }, coordinator);
    before = (await t.ok(REPORT, { y: year }, coordinator)).impactReport;

    // two takedowns filed on notice; one accepted with its listing removed, one still waiting
    const right = await citableRightOf(t, DEMO_USERS.memberAdmin);
    const file = async (item: string) => (await t.ok(`mutation($i: FileTakedownInput!) { fileTakedown(input: $i) { id } }`, {
      i: { brandId: right.brandId, trademarkId: right.trademarkId, reason: 'COUNTERFEIT', channel: 'PORTAL', listings: [{ url: `https://item.taobao.com/item.htm?id=${item}` }] },
    }, lead)).fileTakedown.id;
    const accepted = await file('640000077001');
    await file('640000077002');
    await t.ok(`mutation($i: ActOnTakedownInput!) { actOnTakedown(input: $i) { status } }`, { i: { id: accepted, action: 'ACCEPT', listingOutcomes: [{ position: 1, outcome: 'REMOVED' }] } }, coordinator);

    // one more, filed from one of the demo's monitoring alerts and removed: a proactive removal
    const { alerts } = await t.ok(`{ alerts(first: 100, status: NEW) { edges { node { id brandId } } } }`, {}, lead);
    let fromAlert: string | null = null;
    for (const { node } of alerts.edges) {
      const [tm] = await t.sql(`SELECT id FROM trademark WHERE brand_id = $1 AND verification_status = 'VERIFIED' AND (expires_on IS NULL OR expires_on > now()) LIMIT 1`, [parseGlobalId(node.brandId)!.uuid]);
      if (!tm) continue;
      const filed = (await t.ok(`mutation($i: FileTakedownFromAlertInput!) { fileTakedownFromAlert(input: $i) { takedownRequestId } }`,
        { i: { alertId: node.id, trademarkId: toGlobalId('Trademark', tm.id) } }, lead)).fileTakedownFromAlert;
      fromAlert = filed.takedownRequestId;
      break;
    }
    expect(fromAlert).not.toBeNull();
    await t.ok(`mutation($i: ActOnTakedownInput!) { actOnTakedown(input: $i) { status } }`, { i: { id: fromAlert, action: 'ACCEPT', listingOutcomes: [{ position: 1, outcome: 'REMOVED' }] } }, coordinator);

    // four cases opened, three referred, with outcomes in EUR, USD and GBP
    const zhenlan = toGlobalId('Organisation', (await t.sql(`SELECT organisation_id AS id FROM app_user WHERE email = $1`, [DEMO_USERS.memberAdmin]))[0].id);
    const withOutcomes = async (title: string, outcomes: Record<string, unknown>) => {
      const { id } = (await t.ok(OPEN, { i: { title, leadOrganisationId: zhenlan } }, coordinator)).openEnforcementCase;
      await t.ok(MOVE, { i: { id, action: 'REFER', referral: { partnershipId: policeId, agency: 'Economic Crimes Unit', jurisdiction: 'CN-GD' } } }, coordinator);
      await t.ok(MOVE, { i: { id, action: 'RECORD_ACTION' } }, lead);
      await t.ok(OUTCOMES, { i: { id, ...outcomes } }, lead);
    };
    const sites = (s: Partial<Record<'manufacturing' | 'warehouse' | 'distribution' | 'retail', number>>) => ({ manufacturing: 0, warehouse: 0, distribution: 0, retail: 0, ...s });
    await withOutcomes('Factory raid', { arrests: 3, sitesClosed: sites({ manufacturing: 1, warehouse: 2 }), unitsSeized: 1000, valueSeized: { amountMinor: '100000', currency: 'EUR' } });
    await withOutcomes('Port seizure', { arrests: 2, sitesClosed: sites({ retail: 1 }), unitsSeized: 500, valueSeized: { amountMinor: '25000', currency: 'USD' } });
    await withOutcomes('London shop', { arrests: 0, sitesClosed: sites({}), unitsSeized: 10, valueSeized: { amountMinor: '4000', currency: 'GBP' } });
    await t.ok(OPEN, { i: { title: 'Still looking', leadOrganisationId: zhenlan } }, coordinator);

    after = (await t.ok(REPORT, { y: year }, coordinator)).impactReport;
  });
  afterAll(() => t.close());

  it('moves the scenario’s quarter by the hand-computed figures and no other', () => {
    expect(after.reportingCurrency).toBe('CNY');
    expect(after.quarters.map((q: any) => q.period)).toEqual([1, 2, 3, 4].map((q) => `${year}-Q${q}`));
    expect(delta(after.quarters[quarter], before.quarters[quarter])).toEqual({
      members: 0, brands: 0,
      takedownsReceived: 3, takedownsProcessed: 2, takedownsProcessedWithinSla: 2,
      listingsRemoved: 2, listingsRemovedProactively: 1, listingsRemovedOnNotice: 1, alerts: 0,
      casesOpened: 4, casesReferred: 3, arrests: 5, manufacturing: 1, warehouse: 2, distribution: 0, retail: 1, sitesTotal: 4, unitsSeized: 1510,
    });
    for (const [i, q] of after.quarters.entries()) {
      if (i === quarter) continue;
      expect(q).toEqual(before.quarters[i]);
    }
    // with no reporting currency, no value is converted: each is listed in its own currency (the demo's seizures)
    expect(bare.reportingCurrency).toBeNull();
    for (const [i, q] of bare.quarters.entries()) {
      expect(q.valueSeized).toBeNull();
      expect({ ...q, valueSeized: null, valueUnconverted: [] }).toEqual({ ...before.quarters[i], valueSeized: null, valueUnconverted: [] });
    }
    expect(perCurrency(bare.total.valueUnconverted).size).toBeGreaterThan(1);
    // the scenario adds 1,000.00 EUR × 7.8 + 250.00 USD × 7.1234 (today's rate) = 7,800.00 + 1,780.85 CNY (the demo's seizures are whole
    // thousands, exact at any rate, so the quarter's total, rounded once, moves by exactly this)
    expect(after.quarters[quarter].valueSeized.currency).toBe('CNY');
    expect(BigInt(after.quarters[quarter].valueSeized.amountMinor) - BigInt(before.quarters[quarter].valueSeized.amountMinor)).toBe(958085n);
    // GBP has no rate until tomorrow: reported apart, not dropped
    expect(moneyDelta(after.quarters[quarter].valueUnconverted, before.quarters[quarter].valueUnconverted)).toEqual({ GBP: 4000n });
    expect(after.quarters[quarter].valueUnconverted).toContainEqual({ amountMinor: '4000', currency: 'GBP', amount: '40.00' });
  });

  it('adds the quarters up to the year; members and brands are the last quarter’s, as the alliance’s figures count them now', async () => {
    const total = after.total;
    expect(total.period).toBe(String(year));
    for (const k of Object.keys(numbers(total)).filter((k) => k !== 'members' && k !== 'brands')) {
      expect([k, numbers(total)[k]]).toEqual([k, after.quarters.reduce((n: number, q: any) => n + numbers(q)[k], 0)]);
    }
    expect(total.valueSeized.currency).toBe('CNY');
    expect(BigInt(total.valueSeized.amountMinor)).toBe(after.quarters.reduce((n: bigint, q: any) => n + BigInt(q.valueSeized.amountMinor), 0n));
    expect(perCurrency(total.valueUnconverted)).toEqual(perCurrency(after.quarters.flatMap((q: any) => q.valueUnconverted)));
    const figures = (await t.ok(`{ alliance { figures { activeMembers brands } } }`, {}, coordinator)).alliance.figures;
    expect({ members: after.quarters[quarter].members, brands: after.quarters[quarter].brands }).toEqual({ members: figures.activeMembers, brands: figures.brands });
    expect({ members: total.members, brands: total.brands }).toEqual({ members: after.quarters[3].members, brands: after.quarters[3].brands });
    expect(after.quarters[quarter].members).toBeGreaterThan(0);
  });

  it('answers the same figures as CSV, a row per quarter and one for the year', async () => {
    const res = await t.http().get(`/impact-report.csv?year=${year}`).set('authorization', `Bearer ${coordinator}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [head, ...rows] = res.text.trimEnd().split('\r\n').map((line: string) => line.split(','));
    expect(rows).toHaveLength(5);
    for (const [i, f] of [...after.quarters, after.total].entries()) {
      const row = Object.fromEntries(head.map((h: string, j: number) => [h, rows[i][j]]));
      expect(row).toEqual({
        period: f.period, members: String(f.members), brands: String(f.brands), takedownsReceived: String(f.takedownsReceived),
        takedownsProcessed: String(f.takedownsProcessed), takedownsProcessedWithinSla: String(f.takedownsProcessedWithinSla), listingsRemoved: String(f.listingsRemoved),
        listingsRemovedProactively: String(f.listingsRemovedProactively), listingsRemovedOnNotice: String(f.listingsRemovedOnNotice), alerts: String(f.alerts),
        casesOpened: String(f.casesOpened), casesReferred: String(f.casesReferred), arrests: String(f.arrests),
        sitesClosedManufacturing: String(f.sitesClosed.manufacturing), sitesClosedWarehouse: String(f.sitesClosed.warehouse), sitesClosedDistribution: String(f.sitesClosed.distribution),
        sitesClosedRetail: String(f.sitesClosed.retail), sitesClosedTotal: String(f.sitesClosed.total), unitsSeized: f.unitsSeized,
        valueSeizedMinor: f.valueSeized.amountMinor, valueSeizedCurrency: f.valueSeized.currency, valueSeized: f.valueSeized.amount,
        valueUnconverted: f.valueUnconverted.map((m: any) => `${m.currency} ${m.amount}`).join('; '),
      });
    }
    // an active member's analyst reads the same report (the alliance's aggregates)
    expect((await t.ok(REPORT, { y: year }, analyst)).impactReport).toEqual(after);
    const csv = await t.http().get(`/impact-report.csv?year=${year}`).set('authorization', `Bearer ${analyst}`);
    expect(csv.text).toBe(res.text);
  });

  it('keeps the rates, audited, in canonical form', async () => {
    const { exchangeRates } = await t.ok(RATES, {}, lead);
    expect(exchangeRates.reportingCurrency).toBe('CNY');
    expect(exchangeRates.rates.filter((r: any) => r.currency === 'USD')).toEqual([
      { currency: 'USD', validFrom: `${year - 1}-12-31`, rate: '6.9' }, { currency: 'USD', validFrom: today, rate: '7.1234' }, { currency: 'USD', validFrom: tomorrow, rate: '99' },
    ]);
    expect((await t.ok(SET_RATE, { i: { currency: 'USD', validFrom: tomorrow, rate: '0099.500' } }, coordinator)).setExchangeRate.rate).toBe('99.5');
    expect((await t.ok(REMOVE_RATE, { i: { currency: 'USD', validFrom: tomorrow } }, coordinator)).removeExchangeRate).toBe(true);
    expect(errorOf(await t.gql(REMOVE_RATE, { i: { currency: 'USD', validFrom: tomorrow } }, coordinator))).toMatchObject({ code: 'NOT_FOUND', field: 'validFrom' });
    const audit = await t.sql(`SELECT action FROM audit_event WHERE action LIKE 'impact.%' ORDER BY id`);
    expect(new Set(audit.map((a: any) => a.action))).toEqual(new Set(['impact.reporting_currency_set', 'impact.exchange_rate_set', 'impact.exchange_rate_removed']));
  });

  it('refuses partners, members writing, strangers; another alliance sees its own (empty) report', async () => {
    expect(errorOf(await t.gql(REPORT, { y: year }, police)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(RATES, {}, police)).code).toBe('FORBIDDEN');
    expect((await t.http().get(`/impact-report.csv?year=${year}`).set('authorization', `Bearer ${police}`)).status).toBe(403);
    expect((await t.http().get(`/impact-report.csv?year=${year}`)).status).toBe(401);
    expect(errorOf(await t.gql(REPORT, { y: year }))).toMatchObject({ code: 'UNAUTHENTICATED' });
    for (const token of [lead, analyst]) {
      expect(errorOf(await t.gql(SET_RATE, { i: { currency: 'EUR', validFrom: today, rate: '1' } }, token)).code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(SET_CURRENCY, { i: { currency: 'EUR' } }, token)).code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(REMOVE_RATE, { i: { currency: 'EUR', validFrom: `${year}-01-01` } }, token)).code).toBe('FORBIDDEN');
    }
    const foreign = (await t.ok(REPORT, { y: year }, foreignCoordinator)).impactReport;
    expect(foreign.reportingCurrency).toBeNull();
    expect(numbers(foreign.total)).toEqual(Object.fromEntries(Object.keys(numbers(foreign.total)).map((k) => [k, 0])));
    expect(foreign.total.valueSeized).toBeNull();
    expect((await t.ok(RATES, {}, foreignCoordinator)).exchangeRates.rates).toEqual([]);
    // its rates are its own
    await t.ok(SET_RATE, { i: { currency: 'EUR', validFrom: `${year}-01-01`, rate: '1.5' } }, foreignCoordinator);
    expect((await t.ok(RATES, {}, coordinator)).exchangeRates.rates.find((r: any) => r.currency === 'EUR')).toMatchObject({ rate: '7.8' });
  });

  it('refuses bad input with the code and the field, changing nothing', async () => {
    const [{ count: rates }] = await t.sql(`SELECT count(*)::int AS count FROM exchange_rate`);
    const cases: [Record<string, string>, string][] = [
      [{ currency: 'XXY', validFrom: today, rate: '1.5' }, 'currency'],
      [{ currency: 'EURO', validFrom: today, rate: '1.5' }, 'currency'],
      [{ currency: 'EUR', validFrom: today, rate: '-1' }, 'rate'],
      [{ currency: 'EUR', validFrom: today, rate: '0' }, 'rate'],
      [{ currency: 'EUR', validFrom: today, rate: '0.0000' }, 'rate'],
      [{ currency: 'EUR', validFrom: today, rate: '1e3' }, 'rate'],
      [{ currency: 'EUR', validFrom: today, rate: '1.1234567890123' }, 'rate'],
      [{ currency: 'EUR', validFrom: `${year}-02-30`, rate: '1.5' }, 'validFrom'],
      [{ currency: 'EUR', validFrom: '1850-01-01', rate: '1.5' }, 'validFrom'],
      [{ currency: 'CNY', validFrom: today, rate: '1.5' }, 'currency'], // the reporting currency itself
    ];
    for (const [i, field] of cases) expect([i, errorOf(await t.gql(SET_RATE, { i }, coordinator))]).toMatchObject([i, { code: 'BAD_USER_INPUT', field }]);
    expect(errorOf(await t.gql(SET_CURRENCY, { i: { currency: 'ABC' } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currency' });
    for (const y of [1850, 1999, year + 1, 100000]) expect(errorOf(await t.gql(REPORT, { y }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
    for (const y of ['abc', '1850', '']) {
      const res = await t.http().get(`/impact-report.csv?year=${y}`).set('authorization', `Bearer ${coordinator}`);
      expect([y, res.status]).toEqual([y, 400]);
    }
    const [{ count: still }] = await t.sql(`SELECT count(*)::int AS count FROM exchange_rate`);
    expect(still).toBe(rates);
    expect((await t.ok(RATES, {}, coordinator)).exchangeRates.reportingCurrency).toBe('CNY');
  });
});
