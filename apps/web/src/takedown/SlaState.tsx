import { useEffect, useState } from 'react';
import { formatDateTime } from '../common/format';
import type { TakedownStatus } from '../gql/graphql';

/** The clock, ticking every `everyMs`, for countdowns that stay true while the page is open. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** `2 d 4 h`, `3 h 12 min`, `7 min`: a span of time as a reviewer reads it. */
export function formatSpan(ms: number): string {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${rest} min`;
  return `${rest} min`;
}

/** Where the SLA clock of a request stands; the reviewers are warned this long before the due time. */
const WARNING_MS = 4 * 3_600_000;

export interface SlaFacts {
  status: TakedownStatus;
  dueAt: string;
  paused: boolean;
  slaBreached: boolean;
  decidedAt?: string | null;
}

/**
 * A request's SLA state in a few words: time left (soon: under the 4-hour warning), overdue in red
 * with a "breached" badge, "paused" while it waits on the rights holder, or for a decided request
 * whether it was decided in time. The due time is the element's title.
 */
export function SlaState({ request, now }: { request: SlaFacts; now: number }) {
  const due = new Date(request.dueAt).getTime();
  const title = `Due ${formatDateTime(request.dueAt)}`;
  if (request.paused) {
    return <span className="sla" title="Waiting on the rights holder: the clock resumes when they answer"><span className="badge sla-paused">paused</span></span>;
  }
  if (request.decidedAt) {
    return request.slaBreached
      ? <span className="sla" title={title}><span className="badge sla-breached">breached</span> <span className="hint">decided late</span></span>
      : <span className="sla hint" title={title}>decided in time</span>;
  }
  if (request.status !== 'SUBMITTED' && request.status !== 'UNDER_REVIEW') return <span className="sla hint" title={title}>—</span>;
  const left = due - now;
  if (left < 0 || request.slaBreached) {
    return <span className="sla overdue" title={title}><span className="badge sla-breached">breached</span> overdue by {formatSpan(left)}</span>;
  }
  return <span className={left < WARNING_MS ? 'sla soon' : 'sla'} title={title}>{formatSpan(left)} left</span>;
}
