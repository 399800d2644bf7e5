import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseGlobalId, toGlobalId } from '../../apps/api/src/common/node.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { allianceWithCoordinator } from '../factories/alliance.factory.js';
import { appliedMember } from '../factories/member.factory.js';
import { citableRightOf } from '../factories/takedown.factory.js';
import { pdfText } from '../support/pdf-text.js';
import { errorOf, TestApp } from '../support/test-app.js';

// Issue 17, outcome 7: what the impact dashboard and the PDF read beside the quarters — takedowns,
// SLA and removals per month, members by category, country and region — on a copy of the demo,
// before and after a small scenario (a member from Brazil joins; three takedowns, one filed from a
// monitoring alert, two removed): the scenario's month and groups move by the hand-computed
// figures and nothing else; the months add up to the quarters; the PDF prints GraphQL's figures.
const MONTH = `month takedownsReceived takedownsProcessed takedownsProcessedWithinSla withinSlaShare listingsRemoved listingsRemovedProactively listingsRemovedOnNotice alerts`;
const FIGURES = `period members brands takedownsReceived takedownsProcessed takedownsProcessedWithinSla listingsRemoved listingsRemovedProactively listingsRemovedOnNotice alerts
  casesOpened casesReferred arrests sitesClosed { manufacturing warehouse distribution retail total } unitsSeized valueSeized { amount currency } valueUnconverted { amount currency }`;
const GROUPS = `code name members`;
const REPORT = `query($y: Int!) { impactReport(year: $y) { year quarters { ${FIGURES} } total { ${FIGURES} } months { ${MONTH} } membersAt
  membersByCategory { ${GROUPS} } membersByCountry { ${GROUPS} } membersByRegion { ${GROUPS} } } }`;
const START = `mutation($i: MembershipStatusChangeInput!) { startApplicationReview(input: $i) { id status } }`;
const VERIFY = `mutation($i: TrademarkReviewInput!) { verifyTrademark(input: $i) { id verificationStatus } }`;
const APPROVE = `mutation($i: MembershipStatusChangeInput!) { approveApplication(input: $i) { id status } }`;
const ACT = `mutation($i: ActOnTakedownInput!) { actOnTakedown(input: $i) { status } }`;

const now = new Date();
const year = now.getUTCFullYear();
const month = now.getUTCMonth(); // the scenario's month (index)
const FLOWS = ['takedownsReceived', 'takedownsProcessed', 'takedownsProcessedWithinSla', 'listingsRemoved', 'listingsRemovedProactively', 'listingsRemovedOnNotice', 'alerts'] as const;

const flows = (f: any) => Object.fromEntries(FLOWS.map((k) => [k, f[k]]));
const delta = (after: any, before: any) => Object.fromEntries(FLOWS.map((k) => [k, after[k] - before[k]]));
const byName = (groups: any[]) => Object.fromEntries(groups.map((g) => [g.name, g.members]));
const sum = (groups: any[]) => groups.reduce((n, g) => n + g.members, 0);
/** As the PDF prints a count: thousands grouped. */
const n = (x: number | string) => Number(x).toLocaleString('en-US');
const share = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(1)}%` : '—');

describe('impact dashboard figures and PDF', () => {
  let t: TestApp;
  let coordinator: string;
  let lead: string;
  let analyst: string;
  let police: string;
  let reviewer: string;
  let foreignCoordinator: string;
  let before: any;
  let after: any;
  let category: string;
  let alertMonth: number;

  beforeAll(async () => {
    t = await TestApp.startWithDemo();
    coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    lead = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    analyst = await t.login('analyst@copperline.demo.countermark.test', DEMO_PASSWORD);
    police = await t.login(DEMO_USERS.partner, DEMO_PASSWORD);
    reviewer = await t.login(DEMO_USERS.platformReviewer, DEMO_PASSWORD);
    foreignCoordinator = (await allianceWithCoordinator(t, 'impact-dashboard-other')).token;
    await t.settleJobs(); // the demo's feed is matched by a job: its alerts are in before the first report
    before = (await t.ok(REPORT, { y: year }, coordinator)).impactReport;

    // a member based in Brazil joins, in the first category
    const joining = await appliedMember(t, coordinator, 'Samba Sportswear', { country: 'BR' });
    category = (await t.ok(`{ categories { id name } }`, {}, coordinator)).categories.find((c: any) => c.id === joining.categoryId).name;
    await t.ok(START, { i: { membershipId: joining.membershipId } }, coordinator);
    await t.ok(VERIFY, { i: { trademarkId: joining.trademarkId } }, coordinator);
    expect((await t.ok(APPROVE, { i: { membershipId: joining.membershipId } }, coordinator)).approveApplication.status).toBe('ACTIVE');

    // two takedowns on notice, one accepted with its listing removed; one from an alert, accepted and removed
    const right = await citableRightOf(t, DEMO_USERS.memberAdmin);
    const file = async (item: string) => (await t.ok(`mutation($i: FileTakedownInput!) { fileTakedown(input: $i) { id } }`, {
      i: { brandId: right.brandId, trademarkId: right.trademarkId, reason: 'COUNTERFEIT', channel: 'PORTAL', listings: [{ url: `https://item.taobao.com/item.htm?id=${item}` }] },
    }, lead)).fileTakedown.id;
    const accepted = await file('640000088001');
    await file('640000088002');
    await t.ok(ACT, { i: { id: accepted, action: 'ACCEPT', listingOutcomes: [{ position: 1, outcome: 'REMOVED' }] } }, coordinator);
    const { alerts } = await t.ok(`{ alerts(first: 100, status: NEW) { edges { node { id brandId } } } }`, {}, lead);
    let fromAlert: string | null = null;
    for (const { node } of alerts.edges) {
      const [tm] = await t.sql(`SELECT id FROM trademark WHERE brand_id = $1 AND verification_status = 'VERIFIED' AND (expires_on IS NULL OR expires_on > now()) LIMIT 1`, [parseGlobalId(node.brandId)!.uuid]);
      if (!tm) continue;
      fromAlert = (await t.ok(`mutation($i: FileTakedownFromAlertInput!) { fileTakedownFromAlert(input: $i) { takedownRequestId } }`,
        { i: { alertId: node.id, trademarkId: toGlobalId('Trademark', tm.id) } }, lead)).fileTakedownFromAlert.takedownRequestId;
      // the proactive removal counts in the month the alert was first raised
      const [{ at }] = await t.sql(`SELECT first_alerted_at AS at FROM monitoring_alert WHERE id = $1`, [parseGlobalId(node.id)!.uuid]);
      alertMonth = new Date(at).getUTCFullYear() === year ? new Date(at).getUTCMonth() : -1;
      break;
    }
    expect(fromAlert).not.toBeNull();
    await t.ok(ACT, { i: { id: fromAlert, action: 'ACCEPT', listingOutcomes: [{ position: 1, outcome: 'REMOVED' }] } }, coordinator);

    after = (await t.ok(REPORT, { y: year }, coordinator)).impactReport;
  });
  afterAll(() => t.close());

  it('moves the scenario’s month by the hand-computed figures and no other month', () => {
    expect(after.months.map((m: any) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`));
    expect(alertMonth).toBe(month); // the demo's feed raised its alerts this month
    expect(delta(after.months[month], before.months[month])).toEqual({
      takedownsReceived: 3, takedownsProcessed: 2, takedownsProcessedWithinSla: 2,
      listingsRemoved: 2, listingsRemovedProactively: 1, listingsRemovedOnNotice: 1, alerts: 0,
    });
    for (const [i, m] of after.months.entries()) if (i !== month) expect(m).toEqual(before.months[i]);
    const m = after.months[month];
    expect(m.withinSlaShare).toBeCloseTo(m.takedownsProcessedWithinSla / m.takedownsProcessed, 12);
    for (const x of after.months) {
      expect(x.listingsRemoved).toBe(x.listingsRemovedProactively + x.listingsRemovedOnNotice);
      if (x.takedownsProcessed === 0) expect(x.withinSlaShare).toBeNull();
    }
  });

  it('adds the months up to the quarters and the year, before and after', () => {
    for (const report of [before, after]) {
      for (const [q, quarter] of report.quarters.entries()) {
        const months = report.months.slice(3 * q, 3 * q + 3);
        expect(flows(quarter)).toEqual(Object.fromEntries(FLOWS.map((k) => [k, months.reduce((s: number, m: any) => s + m[k], 0)])));
      }
      expect(flows(report.total)).toEqual(Object.fromEntries(FLOWS.map((k) => [k, report.months.reduce((s: number, m: any) => s + m[k], 0)])));
    }
    expect(after.total.takedownsReceived).toBeGreaterThan(3); // the demo's year of takedowns is in them
  });

  it('counts the members by category, country and region at the year’s end (now), adding up to the year’s members', () => {
    expect(Math.abs(new Date(after.membersAt).getTime() - Date.now())).toBeLessThan(120_000);
    expect(after.total.members).toBe(before.total.members + 1);
    for (const report of [before, after]) {
      expect(sum(report.membersByCountry)).toBe(report.total.members);
      expect(sum(report.membersByRegion)).toBe(report.total.members);
      expect(sum(report.membersByCategory)).toBeGreaterThanOrEqual(report.total.members);
      // most first; members without a category or a country last
      for (const groups of [report.membersByCategory, report.membersByCountry, report.membersByRegion]) {
        const named = groups.filter((g: any) => !['No category', 'Country not given'].includes(g.name)).map((g: any) => g.members);
        expect(named).toEqual([...named].sort((a, b) => b - a));
        expect(groups.slice(0, named.length).map((g: any) => g.members)).toEqual(named);
      }
    }
    const country = (r: any) => byName(r.membersByCountry);
    const region = (r: any) => byName(r.membersByRegion);
    const cat = (r: any) => byName(r.membersByCategory);
    expect([(country(after).Brazil ?? 0) - (country(before).Brazil ?? 0), region(after)['Latin America and the Caribbean'] - (region(before)['Latin America and the Caribbean'] ?? 0), cat(after)[category] - (cat(before)[category] ?? 0)])
      .toEqual([1, 1, 1]);
    expect(after.membersByCountry.find((g: any) => g.name === 'Brazil').code).toBe('BR');
    expect(parseGlobalId(after.membersByCategory.find((g: any) => g.name === category).code)).toMatchObject({ type: 'IndustryCategory' });
    // every other group as it was
    const others = (r: any, pick: (r: any) => Record<string, number>, skip: string) => Object.entries(pick(r)).filter(([k]) => k !== skip);
    expect(others(after, country, 'Brazil')).toEqual(others(before, country, 'Brazil'));
    expect(others(after, cat, category)).toEqual(others(before, cat, category));
  });

  it('prints in the PDF the figures GraphQL answers: quarters, year, months and members', async () => {
    const res = await t.http().get(`/impact-report.pdf?year=${year}`).set('authorization', `Bearer ${coordinator}`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="impact-report-${year}.pdf"`);
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain(`Impact report ${year}`);
    for (const f of [...after.quarters, after.total]) {
      expect(text).toContain([f.period, n(f.members), n(f.brands), n(f.takedownsReceived), n(f.takedownsProcessed), n(f.takedownsProcessedWithinSla),
        share(f.takedownsProcessedWithinSla, f.takedownsProcessed), n(f.listingsRemoved), n(f.listingsRemovedProactively), n(f.listingsRemovedOnNotice), n(f.alerts)].join(' '));
      expect(text).toContain([f.period, n(f.casesOpened), n(f.casesReferred), n(f.arrests), n(f.sitesClosed.manufacturing), n(f.sitesClosed.warehouse),
        n(f.sitesClosed.distribution), n(f.sitesClosed.retail), n(f.sitesClosed.total), n(f.unitsSeized)].join(' '));
    }
    for (const m of after.months) {
      expect(text).toContain([m.month, n(m.takedownsReceived), n(m.takedownsProcessed), n(m.takedownsProcessedWithinSla), share(m.takedownsProcessedWithinSla, m.takedownsProcessed),
        n(m.listingsRemoved), n(m.listingsRemovedProactively), n(m.listingsRemovedOnNotice), n(m.alerts)].join(' '));
    }
    for (const g of [...after.membersByCategory, ...after.membersByRegion, ...after.membersByCountry]) expect(text).toContain(`${g.name} ${n(g.members)}`);
    // the charts are vector drawings: their axis and month labels are text, their bars paths
    expect(text).toMatch(/Takedowns per month 0 [\d,]+ .*Jan .*Dec/);
    expect(text).toContain('Enforcement outcomes per quarter');
  });

  it('lets whoever may read the report have the PDF; refuses the rest as the CSV does', async () => {
    const get = (token?: string, y: string | number = year) => {
      const r = t.http().get(`/impact-report.pdf?year=${y}`);
      return token ? r.set('authorization', `Bearer ${token}`) : r;
    };
    // an active member's analyst reads the alliance's report, with the same figures
    const own = await get(analyst);
    expect(own.status).toBe(200);
    const { membersAt, ...figures } = after; // membersAt is now: it moves from one call to the next
    expect((await t.ok(REPORT, { y: year }, analyst)).impactReport).toEqual({ ...figures, membersAt: expect.any(String) });
    expect(membersAt).toEqual(expect.any(String));
    for (const token of [police, reviewer]) {
      expect((await get(token)).status).toBe(403);
      expect((await t.http().get(`/impact-report.csv?year=${year}`).set('authorization', `Bearer ${token}`)).status).toBe(403);
      expect(errorOf(await t.gql(REPORT, { y: year }, token)).code).toBe('FORBIDDEN');
    }
    expect((await get()).status).toBe(401);
    for (const y of ['abc', '1850', '', String(year + 1)]) expect([y, (await get(coordinator, y)).status]).toEqual([y, 400]);
    // another alliance: its own, empty figures
    const foreign = (await t.ok(REPORT, { y: year }, foreignCoordinator)).impactReport;
    expect(foreign.months.every((m: any) => Object.values(flows(m)).every((v) => v === 0) && m.withinSlaShare === null)).toBe(true);
    expect([foreign.membersByCategory, foreign.membersByCountry, foreign.membersByRegion]).toEqual([[], [], []]);
    const pdf = await get(foreignCoordinator);
    expect(pdf.status).toBe(200);
  });
});
