import { describe, expect, it } from '@jest/globals';
import { caseTransition, CaseStatus, COURT_STATUSES, FINAL_CASE_STATUSES, OUTCOME_STATUSES, readMoney } from '../../../../libs/enforcement/src/index.js';
import { DEMO_CASES, demoOutcomeTotals, type DemoMoment } from './demo-enforcement.js';
import { DEMO_INTEL } from './demo-intel.js';

/** Minutes before the load's day starts: larger is earlier. */
const minutesAgo = (m: DemoMoment) => m.daysAgo * 1440 - m.minute;

describe('demo enforcement cases', () => {
  it('end at every status of the lifecycle, some referred with evidence', () => {
    expect(DEMO_CASES.length).toBeGreaterThanOrEqual(8);
    expect(DEMO_CASES.length).toBeLessThanOrEqual(12);
    expect(new Set(DEMO_CASES.map((c) => c.status))).toEqual(new Set(Object.values(CaseStatus)));
    const referred = DEMO_CASES.filter((c) => c.referral);
    expect(referred.some((c) => c.events.some((e) => e.kind === 'EVIDENCE'))).toBe(true);
    // and some that are not, for the partner not to see
    expect(DEMO_CASES.length - referred.length).toBeGreaterThanOrEqual(2);
    expect(new Set(DEMO_CASES.map((c) => c.title)).size).toBe(DEMO_CASES.length);
  });

  it('plays each case along the transition table, by whoever may take each step, in the order it happened', () => {
    for (const c of DEMO_CASES) {
      let status = CaseStatus.OPEN;
      let last = minutesAgo(c.opened);
      const contributors = ['COORDINATOR', c.lead, ...c.participants];
      for (const e of c.events) {
        if (e.kind === 'STEP') {
          expect({ case: c.title, at: minutesAgo(e.at) < last }).toEqual({ case: c.title, at: true });
          last = minutesAgo(e.at);
          expect([c.lead, 'COORDINATOR']).toContain(e.by);
          status = caseTransition(status, e.action, e.by === 'COORDINATOR' ? 'COORDINATOR' : 'LEAD').to;
        } else if (e.kind === 'EVIDENCE') {
          expect(minutesAgo(e.at)).toBeLessThan(last);
          last = minutesAgo(e.at);
          expect(contributors).toContain(e.by);
          expect(FINAL_CASE_STATUSES.has(status)).toBe(false);
        } else if (e.kind === 'LOG') {
          expect(e.daysAgo).toBeLessThanOrEqual(c.opened.daysAgo);
          expect(e.daysAgo).toBeGreaterThanOrEqual(1);
          expect(contributors).toContain(e.by);
          expect(FINAL_CASE_STATUSES.has(status)).toBe(false);
        } else if (e.kind === 'OUTCOMES') {
          expect(OUTCOME_STATUSES.has(status)).toBe(true);
        } else {
          expect(COURT_STATUSES.has(status)).toBe(true);
          expect(e.daysAgo).toBeLessThan(Math.ceil(last / 1440));
        }
      }
      expect({ case: c.title, status }).toEqual({ case: c.title, status: c.status });
      // a referral exactly when the case was referred, and its evidence on the case before it was handed over
      const refer = c.events.findIndex((e) => e.kind === 'STEP' && e.action === 'REFER');
      expect(refer >= 0).toBe(c.referral !== null);
      if (refer >= 0) expect(c.events.slice(refer).some((e) => e.kind === 'EVIDENCE')).toBe(false);
      // its files are attached together: the history is set back with one time for them
      expect(c.events.filter((e) => e.kind === 'EVIDENCE').length).toBeLessThanOrEqual(1);
      if (c.network !== null) expect(DEMO_INTEL.networks[c.network]).toBeDefined();
      expect(c.network !== null || c.repeatStore).toBe(true);
    }
  });

  it('records outcomes in several currencies, in whole thousands (exact at any dated rate)', () => {
    const values = DEMO_CASES.flatMap((c) => c.events.flatMap((e) => (e.kind === 'OUTCOMES' ? [e.outcomes.valueSeized] : [])));
    expect(new Set(values.map((v) => v.currency)).size).toBeGreaterThanOrEqual(3);
    for (const v of values) {
      expect(readMoney(v.amountMinor, v.currency).ok).toBe(true);
      expect(BigInt(v.amountMinor) % 100_000n).toBe(0n);
    }
    const totals = demoOutcomeTotals();
    expect(totals.arrests).toBeGreaterThan(0);
    expect(Object.values(totals.sitesClosed).every((n) => n >= 0)).toBe(true);
    expect(Object.keys(totals.valueSeized).sort()).toEqual([...new Set(values.map((v) => v.currency))].sort());
  });
});
