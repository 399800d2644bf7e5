/**
 * The 24-hour SLA of a takedown request (issue 16, outcome 4), as pure arithmetic over the
 * request's history, so the queue, the jobs that warn and mark breaches, and the figures agree.
 * The clock starts at submission, runs while the request waits on the platform and pauses while it
 * waits on the rights holder (NEEDS_INFO); the due time moves by every pause.
 */
export interface Pause {
  from: Date;
  /** Absent while the request is still paused. */
  to?: Date | null;
}

export interface SlaInput {
  submittedAt: Date;
  slaHours: number;
  pauses?: readonly Pause[];
  /** When the platform decided (ACCEPTED or REJECTED); absent while undecided. */
  decidedAt?: Date | null;
}

export interface SlaState {
  /** Submission + SLA + every pause so far (an open pause counts up to `now`). */
  dueAt: Date;
  /** When reviewers are warned: `WARNING_HOURS` before the due time. */
  warnAt: Date;
  paused: boolean;
  /** Time the platform has spent on the request, pauses excluded: up to the decision, else up to now. */
  elapsedMs: number;
  /** Negative once past due. */
  remainingMs: number;
  breached: boolean;
  /** Decided within the SLA (null while undecided). */
  withinSla: boolean | null;
}

export const WARNING_HOURS = 4;
const HOUR = 3_600_000;

export function slaState(input: SlaInput, now: Date): SlaState {
  const end = input.decidedAt ?? now;
  const pauses = [...(input.pauses ?? [])].sort((a, b) => a.from.getTime() - b.from.getTime());
  for (const p of pauses) {
    if (p.from < input.submittedAt || (p.to && p.to < p.from)) throw new RangeError('A pause must start after submission and end after it starts');
  }
  const openPause = pauses.find((p) => !p.to);
  const paused = !input.decidedAt && openPause !== undefined;
  const pausedMs = pauses.reduce((sum, p) => sum + overlap(p, input.submittedAt, end), 0);
  const elapsedMs = Math.max(0, end.getTime() - input.submittedAt.getTime() - pausedMs);
  const budgetMs = input.slaHours * HOUR;
  // while paused the due time keeps moving with the clock; afterwards it stays where the pause left it
  const dueAt = new Date(input.submittedAt.getTime() + budgetMs + pausesUntil(pauses, input.decidedAt ?? now));
  const remainingMs = budgetMs - elapsedMs;
  return {
    dueAt,
    warnAt: new Date(dueAt.getTime() - WARNING_HOURS * HOUR),
    paused,
    elapsedMs,
    remainingMs,
    breached: remainingMs < 0,
    withinSla: input.decidedAt ? elapsedMs <= budgetMs : null,
  };
}

function overlap(pause: Pause, start: Date, end: Date): number {
  const from = Math.max(pause.from.getTime(), start.getTime());
  const to = Math.min((pause.to ?? end).getTime(), end.getTime());
  return Math.max(0, to - from);
}

function pausesUntil(pauses: readonly Pause[], until: Date): number {
  return pauses.reduce((sum, p) => sum + Math.max(0, Math.min((p.to ?? until).getTime(), until.getTime()) - p.from.getTime()), 0);
}

export interface ProcessedRequest {
  submittedAt: Date;
  /** Processing time, pauses excluded (`slaState(...).elapsedMs` of a decided request). */
  elapsedMs: number;
  accepted: boolean;
  listingsRemoved: number;
}

export interface SlaFigures {
  /** `YYYY-MM` in UTC, the month the request was submitted. */
  month: string;
  processed: number;
  withinSla: number;
  /** 0–1; null without processed requests. */
  withinSlaShare: number | null;
  medianMs: number | null;
  p95Ms: number | null;
  acceptanceRate: number | null;
  listingsRemoved: number;
}

/**
 * Figures per month of submission: a request filed on the 31st at 23:00 and decided the next
 * morning counts in the month it was filed, so a month's figures do not change with the next one.
 */
export function monthlyFigures(requests: readonly ProcessedRequest[], slaHours: number): SlaFigures[] {
  const byMonth = new Map<string, ProcessedRequest[]>();
  for (const r of requests) {
    const month = r.submittedAt.toISOString().slice(0, 7);
    byMonth.set(month, [...(byMonth.get(month) ?? []), r]);
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, rs]) => {
      const times = rs.map((r) => r.elapsedMs).sort((a, b) => a - b);
      const within = rs.filter((r) => r.elapsedMs <= slaHours * HOUR).length;
      return {
        month,
        processed: rs.length,
        withinSla: within,
        withinSlaShare: rs.length ? within / rs.length : null,
        medianMs: percentile(times, 0.5),
        p95Ms: percentile(times, 0.95),
        acceptanceRate: rs.length ? rs.filter((r) => r.accepted).length / rs.length : null,
        listingsRemoved: rs.reduce((sum, r) => sum + r.listingsRemoved, 0),
      };
    });
}

/** Nearest-rank percentile of sorted values (what PostgreSQL's percentile_disc answers). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

/**
 * Nearest-rank percentile over a histogram (counts per bucket, buckets in ascending order of the
 * value): the index of the bucket that holds the value of rank ⌈p·n⌉, the one `percentile` would
 * answer over the values themselves; null when empty.
 */
export function histogramPercentile(counts: readonly number[], p: number): number | null {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total <= 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let below = 0;
  for (const [bucket, n] of counts.entries()) {
    below += n;
    if (below >= rank) return bucket;
  }
  return counts.length - 1;
}
