import { CASE_ACTION_LABELS, caseActorLabel, COURT_RESULT_LABELS, formatMoney, LOG_KIND_LABELS } from './labels';
import type { CourtResultType, EnforcementActionKind, EnforcementCaseAction, EnforcementCaseStatus } from '../gql/graphql';

/** What the case page's timeline is made of: the fields of the case the API gives, and its pack exports from the chain of custody. */
export interface TimelineSources {
  history: readonly { action: string; actorKind: string; fromStatus?: EnforcementCaseStatus | null; toStatus: EnforcementCaseStatus; note?: string | null; at: string }[];
  referral?: { agency: string; jurisdiction: string; reference?: string | null; partnership?: { organisation: { name: string } } | null } | null;
  actions: readonly { id: string; kind: EnforcementActionKind; occurredOn: string; summary: string }[];
  evidenceAttachments: readonly { attachedAt: string; file: { id: string; fileName: string } }[];
  courtResults: readonly { id: string; decidedOn: string; court: string; result: CourtResultType; defendant?: string | null; sentenceMonths?: number | null; fine?: { amount: string; currency: string } | null }[];
  /** EXPORTED custody events: when, and the entry as hashed (it says whether the referred partner exported) */
  exports: readonly { seq: number; occurredAt: string; entry: string }[];
}

export type TimelineKind = 'STATUS' | 'REFERRAL' | 'ACTION' | 'EVIDENCE' | 'COURT' | 'EXPORT';

export interface TimelineEntry {
  key: string;
  kind: TimelineKind;
  /** an ISO-8601 moment (UTC), or a day (YYYY-MM-DD) for the log's entries and court results, which are dated by day */
  at: string;
  title: string;
  detail?: string;
}

const STEP_TITLES: Record<EnforcementCaseAction, string> = {
  REFER: 'Referred to law enforcement',
  RECORD_ACTION: 'Action taken',
  PROSECUTE: 'Moved to prosecution',
  CLOSE: 'Closed',
  DROP: 'Dropped',
};

/** Where an entry falls: a day counts from its start, so what happened that day comes before the steps recorded on it. */
export function timelineInstant(at: string): number {
  return Date.parse(at.length === 10 ? `${at}T00:00:00Z` : at);
}

function exportedBy(entry: string): string {
  try {
    const recipient = (JSON.parse(entry) as { details?: { recipient?: string } }).details?.recipient;
    return recipient === 'REFERRED_PARTNER' ? 'by the partner the case is referred to' : 'by the alliance';
  } catch {
    return '';
  }
}

/**
 * The case's timeline, oldest first: its status changes (the referral with its agency), the dated
 * log, evidence attached (files attached together in one entry), court results and evidence pack
 * exports, merged by date. Entries of one instant keep the order above.
 */
export function caseTimeline(c: TimelineSources): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  c.history.forEach((h, i) => {
    const by = caseActorLabel(h.actorKind);
    if (h.action === 'OPEN') {
      entries.push({ key: `step-${i}`, kind: 'STATUS', at: h.at, title: 'Case opened', detail: `by ${by.toLowerCase()}` });
    } else if (h.action === 'REFER') {
      const r = c.referral;
      const to = r ? `${r.agency} (${r.jurisdiction})${r.reference ? `, ref. ${r.reference}` : ''}${r.partnership ? ` — ${r.partnership.organisation.name}` : ''}` : '';
      entries.push({ key: `step-${i}`, kind: 'REFERRAL', at: h.at, title: STEP_TITLES.REFER, detail: [to, h.note].filter(Boolean).join('. ') });
    } else {
      const title = STEP_TITLES[h.action as EnforcementCaseAction] ?? CASE_ACTION_LABELS[h.action as EnforcementCaseAction] ?? h.action;
      entries.push({ key: `step-${i}`, kind: 'STATUS', at: h.at, title, detail: [`by ${by.toLowerCase()}`, h.note].filter(Boolean).join(': ') });
    }
  });
  for (const a of c.actions) entries.push({ key: `action-${a.id}`, kind: 'ACTION', at: a.occurredOn, title: LOG_KIND_LABELS[a.kind], detail: a.summary });
  const attached = new Map<string, string[]>();
  for (const e of c.evidenceAttachments) attached.set(e.attachedAt, [...(attached.get(e.attachedAt) ?? []), e.file.fileName]);
  for (const [at, names] of attached) {
    entries.push({ key: `evidence-${at}`, kind: 'EVIDENCE', at, title: names.length === 1 ? 'Evidence attached' : `${names.length} evidence files attached`, detail: names.join(', ') });
  }
  for (const r of c.courtResults) {
    const parts = [r.court, r.defendant, r.sentenceMonths != null ? `${r.sentenceMonths} months` : null, r.fine ? `fine ${formatMoney(r.fine)}` : null];
    entries.push({ key: `court-${r.id}`, kind: 'COURT', at: r.decidedOn, title: `Court: ${COURT_RESULT_LABELS[r.result]}`, detail: parts.filter(Boolean).join(', ') });
  }
  for (const e of c.exports) entries.push({ key: `export-${e.seq}`, kind: 'EXPORT', at: e.occurredAt, title: 'Evidence pack exported', detail: exportedBy(e.entry) });
  // a stable sort: entries of one instant keep the order they were added in
  return entries.map((e, i) => ({ e, i, t: timelineInstant(e.at) })).sort((a, b) => a.t - b.t || a.i - b.i).map(({ e }) => e);
}
