import type { AlertReasonKind, AlertStatus, MonitoringRuleKind } from '../gql/graphql';

/** The inbox's words for an alert's status: open (to triage), watched, dismissed, acted on (a takedown filed). */
export const ALERT_STATUS_LABELS: Record<AlertStatus, string> = {
  NEW: 'Open',
  WATCHING: 'Watched',
  DISMISSED: 'Dismissed',
  FILED: 'Takedown filed',
};

export const ALERT_STATUSES = Object.keys(ALERT_STATUS_LABELS) as AlertStatus[];

/** Why a listing alerts, in a few words (the API's `detail` says it in full). */
export const REASON_LABELS: Record<AlertReasonKind, string> = {
  BRAND_KEYWORD: 'Names the brand',
  PRICE_FLOOR: 'Below a price floor',
  IMAGE_MATCH: 'Picture like the brand’s',
  PRICE_BELOW_MEDIAN: 'Below half the median price',
  SELLER_IN_NETWORK: 'Seller in a counterfeiter network',
  SELLER_IN_REPORTS: 'Seller in intelligence reports',
  REPEAT_OFFENDER: 'Repeat offender',
  RELATED_STORES: 'Related stores taken down',
};

export const RULE_KIND_LABELS: Record<MonitoringRuleKind, string> = {
  KEYWORD: 'Keywords',
  PRICE_FLOOR: 'Price floor',
  IMAGE: 'Pictures',
};

export const RULE_KINDS = Object.keys(RULE_KIND_LABELS) as MonitoringRuleKind[];

/** What each kind of rule does, for the form's hint. */
export const RULE_KIND_HINTS: Record<MonitoringRuleKind, string> = {
  KEYWORD: 'The brand’s name and its variants: a listing naming one (and none of the excluded words) concerns the brand.',
  PRICE_FLOOR: 'A product line’s words and the price below which it is too cheap to be real. It adds to a listing that concerns the brand (through a keyword or picture rule).',
  IMAGE: 'The brand’s product or logo pictures: a listing showing one (matched by perceptual hash) concerns the brand. Only the pictures’ fingerprints are kept.',
};

/** A score's band, for its badge's colour. */
export function scoreBand(score: number): 'high' | 'medium' | 'low' {
  return score >= 70 ? 'high' : score >= 40 ? 'medium' : 'low';
}
