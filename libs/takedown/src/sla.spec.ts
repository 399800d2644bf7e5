import { describe, expect, it } from '@jest/globals';
import { histogramPercentile, monthlyFigures, percentile, slaState } from './sla.js';

const at = (iso: string) => new Date(iso);
const H = 3_600_000;

describe('SLA arithmetic', () => {
  const submittedAt = at('2026-03-02T10:00:00Z');

  it('is due 24 hours after submission and warns 4 hours before', () => {
    const s = slaState({ submittedAt, slaHours: 24 }, at('2026-03-02T16:00:00Z'));
    expect(s.dueAt).toEqual(at('2026-03-03T10:00:00Z'));
    expect(s.warnAt).toEqual(at('2026-03-03T06:00:00Z'));
    expect(s.elapsedMs).toBe(6 * H);
    expect(s.remainingMs).toBe(18 * H);
    expect(s.breached).toBe(false);
    expect(s.withinSla).toBeNull();
  });

  it('is breached one millisecond past due, and stays so', () => {
    expect(slaState({ submittedAt, slaHours: 24 }, at('2026-03-03T10:00:00.000Z')).breached).toBe(false);
    expect(slaState({ submittedAt, slaHours: 24 }, at('2026-03-03T10:00:00.001Z')).breached).toBe(true);
    expect(slaState({ submittedAt, slaHours: 24 }, at('2026-03-09T00:00:00Z')).remainingMs).toBe(-134 * H);
  });

  it('pauses while waiting on the rights holder: an open pause moves the due time with the clock', () => {
    const pauses = [{ from: at('2026-03-02T12:00:00Z') }];
    const s = slaState({ submittedAt, slaHours: 24, pauses }, at('2026-03-04T12:00:00Z'));
    expect(s.paused).toBe(true);
    expect(s.elapsedMs).toBe(2 * H);
    expect(s.dueAt).toEqual(at('2026-03-05T10:00:00Z'));
    expect(s.remainingMs).toBe(22 * H);
    expect(s.breached).toBe(false);
  });

  it('counts a closed pause once, and a decision stops the clock', () => {
    const pauses = [
      { from: at('2026-03-02T12:00:00Z'), to: at('2026-03-02T20:00:00Z') },
      { from: at('2026-03-03T01:00:00Z'), to: at('2026-03-03T03:00:00Z') },
    ];
    const decided = slaState({ submittedAt, slaHours: 24, pauses, decidedAt: at('2026-03-03T19:00:00Z') }, at('2026-03-20T00:00:00Z'));
    expect(decided.dueAt).toEqual(at('2026-03-03T20:00:00Z'));
    expect(decided.elapsedMs).toBe(23 * H);
    expect(decided.withinSla).toBe(true);
    expect(decided.breached).toBe(false);
    const late = slaState({ submittedAt, slaHours: 24, pauses, decidedAt: at('2026-03-03T20:30:00Z') }, at('2026-03-20T00:00:00Z'));
    expect(late.withinSla).toBe(false);
  });

  it('refuses a pause before submission', () => {
    expect(() => slaState({ submittedAt, slaHours: 24, pauses: [{ from: at('2026-03-01T00:00:00Z') }] }, submittedAt)).toThrow(RangeError);
  });

  it('reports each month by the month of submission, with median and 95th percentile', () => {
    const figures = monthlyFigures(
      [
        { submittedAt: at('2026-01-31T23:00:00Z'), elapsedMs: 10 * H, accepted: true, listingsRemoved: 3 },
        { submittedAt: at('2026-01-15T08:00:00Z'), elapsedMs: 30 * H, accepted: false, listingsRemoved: 0 },
        { submittedAt: at('2026-02-01T00:00:00Z'), elapsedMs: 1 * H, accepted: true, listingsRemoved: 1 },
      ],
      24,
    );
    expect(figures).toEqual([
      { month: '2026-01', processed: 2, withinSla: 1, withinSlaShare: 0.5, medianMs: 10 * H, p95Ms: 30 * H, acceptanceRate: 0.5, listingsRemoved: 3 },
      { month: '2026-02', processed: 1, withinSla: 1, withinSlaShare: 1, medianMs: 1 * H, p95Ms: 1 * H, acceptanceRate: 1, listingsRemoved: 1 },
    ]);
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.95)).toBe(95);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('takes nearest-rank percentiles over a histogram: the bucket that holds the value percentile would answer', () => {
    const values = [3, 3, 7, 8, 8, 8, 12, 40];
    const bucket = (v: number) => (v < 5 ? 0 : v < 10 ? 1 : v < 20 ? 2 : 3);
    const counts = [0, 0, 0, 0];
    for (const v of values) counts[bucket(v)] += 1;
    for (const p of [0.01, 0.25, 0.5, 0.75, 0.95, 1]) expect(histogramPercentile(counts, p)).toBe(bucket(percentile(values, p)!));
    expect(histogramPercentile([0, 0, 0], 0.5)).toBeNull();
  });
});
