import type { CourtResultType, EnforcementActionKind, EnforcementCaseAction, EnforcementCaseStatus, EnforcementTargetKind } from '../gql/graphql';

export const CASE_STATUS_LABELS: Record<EnforcementCaseStatus, string> = {
  OPEN: 'Open',
  REFERRED: 'Referred',
  ACTION_TAKEN: 'Action taken',
  PROSECUTION: 'Prosecution',
  CLOSED: 'Closed',
  DROPPED: 'Dropped',
};

export const CASE_STATUSES = Object.keys(CASE_STATUS_LABELS) as EnforcementCaseStatus[];

export const CASE_ACTION_LABELS: Record<EnforcementCaseAction, string> = {
  REFER: 'Refer to law enforcement',
  RECORD_ACTION: 'Record that action was taken',
  PROSECUTE: 'Move to prosecution',
  CLOSE: 'Close the case',
  DROP: 'Drop the case',
};

export const TARGET_LABELS: Record<EnforcementTargetKind, string> = { PERSON: 'Person', COMPANY: 'Company', ADDRESS: 'Address', SITE: 'Site' };

export const LOG_KIND_LABELS: Record<EnforcementActionKind, string> = {
  TEST_BUY: 'Test buy',
  INVESTIGATION: 'Investigation',
  RAID: 'Raid',
  SEIZURE: 'Seizure',
  LITIGATION: 'Litigation',
  OTHER: 'Other',
};

export const COURT_RESULT_LABELS: Record<CourtResultType, string> = {
  CONVICTION: 'Conviction',
  ACQUITTAL: 'Acquittal',
  SETTLEMENT: 'Settlement',
  INJUNCTION: 'Injunction',
  CIVIL_JUDGMENT: 'Civil judgment',
  OTHER: 'Other',
};

/** `CNY 3,600,000,000.50` from the API's exact major-unit string (no float on the way). */
export function formatMoney(money: { amount: string; currency: string } | null | undefined): string {
  if (!money) return '—';
  const [whole, fraction] = money.amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${money.currency} ${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** Who took a step of the history. */
export function caseActorLabel(kind: string): string {
  return kind === 'LEAD' ? 'Lead member' : kind === 'COORDINATOR' ? 'Coordinator' : kind;
}

/** What a case is being opened from, in a few words: `1 network, 2 alerts` (empty when nothing). */
export function openedFromText(from: { networkIds: readonly string[]; reportIds: readonly string[]; takedownIds: readonly string[]; alertIds: readonly string[] }): string {
  const parts: [number, string, string][] = [
    [from.networkIds.length, 'network', 'networks'],
    [from.reportIds.length, 'report', 'reports'],
    [from.takedownIds.length, 'takedown request', 'takedown requests'],
    [from.alertIds.length, 'monitoring alert', 'monitoring alerts'],
  ];
  return parts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`).join(', ');
}
