/**
 * Trusted and abusive complainants (issue 16, outcome 7), over a rolling 90 days. A member whose
 * requests are almost always right may be made trusted by the coordinator (its requests skip the
 * queue where the marketplace allows it, audited afterwards by sampling); one whose removals are
 * often reinstated after a counter-notice is flagged to the coordinator with the figures.
 */
export interface ComplainantRequest {
  submittedAt: Date;
  /** The platform's decision; null while undecided. */
  decision: 'ACCEPTED' | 'REJECTED' | null;
  /** Reinstated after a counter-notice (only for accepted ones). */
  reinstated: boolean;
  /** For trusted complainants' auto-accepted requests picked for audit: whether the audit agreed; null if not sampled. */
  auditAgreed?: boolean | null;
}

export const COMPLAINANT_RULES = {
  windowDays: 90,
  trustMinRequests: 50,
  trustMinAcceptance: 0.9,
  /** Below this accuracy on audited samples, trust is lost automatically. */
  trustMinAuditAccuracy: 0.99,
  /** More than this share of removals reinstated: flagged as a possibly abusive complainant. */
  abusiveReinstatedShare: 0.05,
} as const;

export interface ComplainantFigures {
  requests: number;
  decided: number;
  accepted: number;
  /** accepted / decided; null without decisions. */
  acceptanceRate: number | null;
  reinstated: number;
  /** reinstated / accepted; null without removals. */
  reinstatedShare: number | null;
  audited: number;
  /** audits that agreed / audited; null without audits. */
  auditAccuracy: number | null;
  /** May be made trusted by the coordinator. */
  eligibleForTrust: boolean;
  /** A trusted complainant whose audited accuracy fell below the bar. */
  losesTrust: boolean;
  /** Flag to the coordinator. */
  abusive: boolean;
}

const DAY = 86_400_000;

/** The counts the figures are made of (what SQL aggregates over the window). */
export interface ComplainantCounts {
  requests: number;
  decided: number;
  accepted: number;
  reinstated: number;
  audited: number;
  agreed: number;
}

export function complainantFigures(requests: readonly ComplainantRequest[], now: Date, rules = COMPLAINANT_RULES): ComplainantFigures {
  const since = now.getTime() - rules.windowDays * DAY;
  const recent = requests.filter((r) => r.submittedAt.getTime() > since && r.submittedAt.getTime() <= now.getTime());
  const decided = recent.filter((r) => r.decision !== null);
  const accepted = decided.filter((r) => r.decision === 'ACCEPTED');
  const audited = recent.filter((r) => r.auditAgreed === true || r.auditAgreed === false);
  return complainantStanding(
    { requests: recent.length, decided: decided.length, accepted: accepted.length, reinstated: accepted.filter((r) => r.reinstated).length, audited: audited.length, agreed: audited.filter((r) => r.auditAgreed).length },
    rules,
  );
}

/** The figures and flags from counts over the window. */
export function complainantStanding(c: ComplainantCounts, rules = COMPLAINANT_RULES): ComplainantFigures {
  const acceptanceRate = c.decided ? c.accepted / c.decided : null;
  const reinstatedShare = c.accepted ? c.reinstated / c.accepted : null;
  const auditAccuracy = c.audited ? c.agreed / c.audited : null;
  return {
    requests: c.requests,
    decided: c.decided,
    accepted: c.accepted,
    acceptanceRate,
    reinstated: c.reinstated,
    reinstatedShare,
    audited: c.audited,
    auditAccuracy,
    eligibleForTrust: c.decided >= rules.trustMinRequests && (acceptanceRate ?? 0) >= rules.trustMinAcceptance,
    losesTrust: auditAccuracy !== null && auditAccuracy < rules.trustMinAuditAccuracy,
    abusive: reinstatedShare !== null && reinstatedShare > rules.abusiveReinstatedShare,
  };
}
