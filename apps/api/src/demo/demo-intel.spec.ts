import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { DEFAULT_MARKETPLACES, IndicatorType, normaliseIndicator } from '../../../../libs/indicators/src/index.js';
import { MembershipStatus, SharingLevel } from '../../../../libs/domain/src/index.js';
import { groupRowsIntoReports, parseCsv } from '../intel-exchange/csv.js';
import { DEMO_MEMBERS } from './demo-data.js';
import { buildDemoIntel, DEMO_INTEL, type DemoIndicator, type DemoReport } from './demo-intel.js';

const { reports, networks } = DEMO_INTEL;
const keyOf = (r: DemoReport, i: DemoIndicator) => {
  const n = normaliseIndicator(i.type, i.value, { defaultCountry: r.country, marketplaces: DEFAULT_MARKETPLACES });
  if (!n.ok) throw new Error(`${i.type} ${i.value}: ${n.reason}`);
  return `${i.type}:${n.key}`;
};
const serviceKey = `${IndicatorType.PHONE}:+864008865510`;

/** Reports linked as the alliance would link them (every shared key but the over-correlating one). */
function components(): DemoReport[][] {
  const parent = reports.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const holder = new Map<string, number>();
  reports.forEach((r, i) => {
    for (const indicator of r.indicators) {
      const key = keyOf(r, indicator);
      if (key === serviceKey) continue;
      const other = holder.get(key);
      if (other === undefined) holder.set(key, i);
      else parent[find(i)] = find(other);
    }
  });
  const groups = new Map<number, DemoReport[]>();
  reports.forEach((r, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), r]));
  return [...groups.values()];
}

describe('demo intelligence', () => {
  it('is the same every time it is built', () => {
    expect(buildDemoIntel()).toEqual(DEMO_INTEL);
  });

  it('has about 2,000 reports from the reporting members, at every sharing level, over a year', () => {
    expect(reports).toHaveLength(2000);
    expect(new Set(reports.map((r) => r.sourceRef)).size).toBe(reports.length);
    const active = new Set(DEMO_MEMBERS.filter((m) => m.status === MembershipStatus.ACTIVE).map((m) => m.name));
    expect(DEMO_INTEL.reportingMembers.length).toBeGreaterThanOrEqual(15);
    for (const name of DEMO_INTEL.reportingMembers) expect(active.has(name)).toBe(true);
    expect(new Set(reports.map((r) => r.member))).toEqual(new Set(DEMO_INTEL.reportingMembers));
    const byLevel = (level: SharingLevel) => reports.filter((r) => r.sharingLevel === level).length;
    expect(byLevel(SharingLevel.CLEAR)).toBeGreaterThan(100);
    expect(byLevel(SharingLevel.GREEN)).toBeGreaterThan(500);
    expect(byLevel(SharingLevel.AMBER)).toBeGreaterThan(500);
    expect(byLevel(SharingLevel.AMBER_STRICT)).toBeGreaterThan(150);
    expect(byLevel(SharingLevel.RED)).toBeGreaterThan(100);
    for (const r of reports) {
      expect(r.publishedDaysAgo).toBeGreaterThanOrEqual(0);
      expect(r.publishedDaysAgo).toBeLessThan(365);
      expect(r.publishedDaysAgo).toBeLessThanOrEqual(r.lastObservedDaysAgo);
      expect(r.lastObservedDaysAgo).toBeLessThanOrEqual(r.firstObservedDaysAgo);
      const member = DEMO_MEMBERS.find((m) => m.name === r.member)!;
      for (const brand of r.brands) expect(member.brands.map((b) => b.name)).toContain(brand);
      for (const m of r.marketplaces) expect(DEFAULT_MARKETPLACES).toContain(m);
    }
  });

  it('gives each sharing member (a demo login) reports of its own at members’ levels', () => {
    expect(DEMO_INTEL.sharingMembers).toHaveLength(3);
    for (const name of DEMO_INTEL.sharingMembers) {
      expect(reports.filter((r) => r.member === name && r.sharingLevel === SharingLevel.GREEN).length).toBeGreaterThan(20);
    }
  });

  it('uses realistic, invented values: each normalises, marketplaces are the alliance’s, web sites and e-mails are .example', () => {
    const types = new Set<string>();
    for (const r of reports) {
      for (const i of r.indicators) {
        types.add(i.type);
        keyOf(r, i); // throws when the value does not normalise
        if (i.type === IndicatorType.EMAIL || i.type === IndicatorType.DOMAIN) expect(i.value).toMatch(/\.example$/);
        if (i.type === IndicatorType.URL) expect(new URL(i.value).hostname).toMatch(/\.example$/);
        if (i.type === IndicatorType.MARKETPLACE_STORE || i.type === IndicatorType.MARKETPLACE_LISTING) {
          const key = keyOf(r, i).split(':')[1];
          expect(r.marketplaces).toContain(key);
        }
      }
    }
    for (const t of [IndicatorType.PHONE, IndicatorType.EMAIL, IndicatorType.MARKETPLACE_STORE, IndicatorType.MARKETPLACE_LISTING, IndicatorType.PAYMENT_ACCOUNT, IndicatorType.POSTAL_ADDRESS, IndicatorType.MESSAGING_HANDLE]) {
      expect(types).toContain(t);
    }
    const perReport = reports.reduce((s, r) => s + r.indicators.length, 0) / reports.length;
    expect(perReport).toBeGreaterThan(3);
  });

  it('plants a dozen networks of 3–40 reports, each spanning members, brands and marketplaces, and nothing else links more than two reports', () => {
    expect(networks.length).toBe(12);
    const linked = components();
    for (const [n, network] of networks.entries()) {
      const planted = reports.filter((r) => r.network === n);
      expect(planted).toHaveLength(network.size);
      expect(network.size).toBeGreaterThanOrEqual(3);
      expect(network.size).toBeLessThanOrEqual(40);
      // the planted reports are exactly one linked group
      const group = linked.find((g) => g.includes(planted[0]))!;
      expect(new Set(group.filter((r) => r.network === n))).toEqual(new Set(planted));
      expect(group.filter((r) => r.network !== n && r.network !== null)).toEqual([]);
      expect(new Set(planted.map((r) => r.member)).size).toBeGreaterThanOrEqual(2);
      expect(new Set(planted.flatMap((r) => r.brands)).size).toBeGreaterThanOrEqual(2);
      expect(new Set(planted.flatMap((r) => r.marketplaces)).size).toBeGreaterThanOrEqual(2);
    }
    expect(networks.map((n) => n.size)).toContain(40);
    // outside the planted networks only the blind-match pairs share a value
    for (const g of linked) if (!g.some((r) => r.network !== null)) expect(g.length).toBeLessThanOrEqual(2);
  });

  it('has a customer-service number held by more reports than the correlation limit (100)', () => {
    const holders = reports.filter((r) => r.indicators.some((i) => keyOf(r, i) === serviceKey));
    expect(holders.length).toBeGreaterThan(100);
    expect(new Set(holders.map((r) => r.member)).size).toBeGreaterThan(5);
    expect(new Set(holders.flatMap((r) => r.indicators.filter((i) => i.type === IndicatorType.PHONE).map((i) => i.value))).size).toBeGreaterThan(1); // written several ways
  });

  it('plants blind matches: a sharing member’s visible value that another member holds in a report members may not see', () => {
    expect(DEMO_INTEL.blindMatches.length).toBeGreaterThanOrEqual(3);
    for (const b of DEMO_INTEL.blindMatches) {
      expect(DEMO_INTEL.sharingMembers).toContain(b.member);
      const holding = reports.filter((r) => r.indicators.some((i) => i.value === b.indicator.value));
      expect(holding.some((r) => r.member === b.member && r.sharingLevel === SharingLevel.GREEN)).toBe(true);
      expect(holding.some((r) => r.member === b.holder && (r.sharingLevel === SharingLevel.RED || r.sharingLevel === SharingLevel.AMBER_STRICT))).toBe(true);
    }
    expect(DEMO_INTEL.contactRequests.map((c) => c.outcome).sort()).toEqual(['ACCEPTED', 'APPROVED', 'PENDING_REVIEW']);
    for (const c of DEMO_INTEL.contactRequests) expect(DEMO_INTEL.blindMatches.some((b) => b.member === c.requester && b.indicator === c.indicator)).toBe(true);
  });

  it('has each sharing member watch a value that another member reports at a level members see', () => {
    expect(DEMO_INTEL.watches.map((w) => w.member).sort()).toEqual([...DEMO_INTEL.sharingMembers].sort());
    for (const w of DEMO_INTEL.watches) {
      const hits = reports.filter((r) => r.member !== w.member && r.indicators.includes(w.indicator) && [SharingLevel.CLEAR, SharingLevel.GREEN, SharingLevel.AMBER].includes(r.sharingLevel));
      expect(hits.length).toBeGreaterThan(0);
    }
  });

  it('has an import file that the CSV reader takes without an error', async () => {
    const events = [];
    for await (const e of groupRowsIntoReports(parseCsv(Readable.from([Buffer.from(DEMO_INTEL.importFile.csv)])), { marketplaces: DEFAULT_MARKETPLACES, defaultCountry: 'CN' })) events.push(e);
    expect(events.filter((e) => e.kind !== 'report')).toEqual([]);
    expect(events).toHaveLength(DEMO_INTEL.importFile.reports);
    expect(DEMO_INTEL.sharingMembers).toContain(DEMO_INTEL.importFile.member);
  });
});
