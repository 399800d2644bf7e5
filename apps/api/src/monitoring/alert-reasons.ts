/**
 * Why a listing alerts a brand, and how much each reason weighs (issue 17, outcome 2). Pure: the
 * matching job (listing-matcher.service.ts) finds the facts a chunk at a time in SQL and turns them
 * into reasons here; the score is the same function of the reasons everywhere.
 */
import { normaliseTerm } from '../../../../libs/domain/src/index.js';
import { listingMatchText } from './rule-matching.js';

export enum AlertReasonKind {
  /** A KEYWORD rule of the brand: its name or a variant, none of the excluded words. */
  BRAND_KEYWORD = 'BRAND_KEYWORD',
  /** A PRICE_FLOOR rule: the listing names the product line and costs less than its floor. */
  PRICE_FLOOR = 'PRICE_FLOOR',
  /** An IMAGE rule: one of the listing's pictures looks like one of the brand's (perceptual hash within the rule's distance). */
  IMAGE_MATCH = 'IMAGE_MATCH',
  /** Below half the median price of the brand's listings in the same currency (at least MEDIAN_SAMPLE of them). */
  PRICE_BELOW_MEDIAN = 'PRICE_BELOW_MEDIAN',
  /** The seller's store or a contact is an indicator of a counterfeiter network. */
  SELLER_IN_NETWORK = 'SELLER_IN_NETWORK',
  /** The seller's store or a contact is an indicator of intelligence reports in no network. */
  SELLER_IN_REPORTS = 'SELLER_IN_REPORTS',
  /** Upheld takedowns removed listings of this store (repeat offender). */
  REPEAT_OFFENDER = 'REPEAT_OFFENDER',
  /** Stores sharing a network with this one (shared identifiers) had upheld takedowns. */
  RELATED_STORES = 'RELATED_STORES',
}

/** Each reason's weight: the chance, in percent, that it alone points at a counterfeit. */
export const REASON_WEIGHTS: Readonly<Record<AlertReasonKind, number>> = {
  [AlertReasonKind.BRAND_KEYWORD]: 15,
  [AlertReasonKind.PRICE_FLOOR]: 35,
  [AlertReasonKind.IMAGE_MATCH]: 35,
  [AlertReasonKind.PRICE_BELOW_MEDIAN]: 25,
  [AlertReasonKind.SELLER_IN_NETWORK]: 45,
  [AlertReasonKind.SELLER_IN_REPORTS]: 30,
  [AlertReasonKind.REPEAT_OFFENDER]: 25,
  [AlertReasonKind.RELATED_STORES]: 20,
};

/** Each upheld takedown past the first adds this much to REPEAT_OFFENDER, up to REPEAT_OFFENDER_MAX. */
export const REPEAT_OFFENDER_STEP = 10;
export const REPEAT_OFFENDER_MAX = 45;
/** The brand's listings in one currency needed before "below half the median" means anything. */
export const MEDIAN_SAMPLE = 5;
/** The brand's latest alerts its median price is taken over. */
export const MEDIAN_WINDOW = 5000;

export interface AlertReason {
  kind: AlertReasonKind;
  /** What a dismissal suppresses for the seller: the rule's id, or the automatic reason's kind (INTEL for both intelligence kinds). */
  ruleKey: string;
  ruleId?: string;
  weight: number;
  detail: string;
  /** SELLER_IN_NETWORK, RELATED_STORES: the networks (named only to a reader who may see them). */
  networkIds?: string[];
  /** SELLER_IN_REPORTS: how many reports. */
  reports?: number;
  /** BRAND_KEYWORD, PRICE_FLOOR: the terms found. */
  terms?: string[];
}

/**
 * The score 0–100: reasons combine like independent evidence, 100 × (1 − Π(1 − wᵢ/100)), so each
 * reason raises the score, none alone reaches 100 and the order does not matter.
 */
export function scoreOf(reasons: readonly Pick<AlertReason, 'weight'>[]): number {
  let clear = 1;
  for (const r of reasons) clear *= 1 - Math.min(100, Math.max(0, r.weight)) / 100;
  return Math.round(100 * (1 - clear));
}

/** Heaviest first, so the reason that matters most reads first. */
export function ordered<T extends Pick<AlertReason, 'weight' | 'kind'>>(reasons: T[]): T[] {
  return [...reasons].sort((a, b) => b.weight - a.weight || a.kind.localeCompare(b.kind));
}

/** A term as rules keep it and listings are searched (libs/domain `normaliseTerm`, which the web client shares). */
export { normaliseTerm };

/** The terms of one rule a text names, none of its excluded terms named: matching's test (`RuleIndex.textHits`) for one text and rule, as tests use it. */
export function textMatches(text: string, terms: readonly string[], excluded: readonly string[] = []): string[] {
  const words = listingMatchText(text, null);
  if (excluded.some((x) => words.includes(` ${x} `))) return [];
  return terms.filter((t) => words.includes(` ${t} `));
}

export function keywordReason(ruleId: string, ruleName: string, terms: string[]): AlertReason {
  return { kind: AlertReasonKind.BRAND_KEYWORD, ruleKey: ruleId, ruleId, weight: REASON_WEIGHTS.BRAND_KEYWORD, detail: `Names the brand (${ruleName}: ${terms.join(', ')})`, terms };
}

/** Closer pictures weigh more: the full weight at distance 0, half of it at the rule's limit. */
export function imageReason(ruleId: string, ruleName: string, distance: number, maxDistance: number): AlertReason {
  const weight = Math.round(REASON_WEIGHTS.IMAGE_MATCH * (1 - distance / (2 * Math.max(1, maxDistance))));
  return {
    kind: AlertReasonKind.IMAGE_MATCH, ruleKey: ruleId, ruleId, weight,
    detail: `A picture looks like one of ${ruleName} (${distance} of 64 bits differ)`,
  };
}

export function priceFloorReason(ruleId: string, ruleName: string, terms: string[], price: bigint, floor: bigint, currency: string): AlertReason | null {
  if (price >= floor) return null;
  return {
    kind: AlertReasonKind.PRICE_FLOOR, ruleKey: ruleId, ruleId, weight: REASON_WEIGHTS.PRICE_FLOOR, terms,
    detail: `Too cheap to be real: ${price} ${currency} (minor units) is below ${ruleName}’s floor of ${floor}`,
  };
}

export function medianReason(price: bigint, median: number, sample: number, currency: string): AlertReason | null {
  if (sample < MEDIAN_SAMPLE || !(Number(price) < median / 2)) return null;
  return {
    kind: AlertReasonKind.PRICE_BELOW_MEDIAN, ruleKey: AlertReasonKind.PRICE_BELOW_MEDIAN, weight: REASON_WEIGHTS.PRICE_BELOW_MEDIAN,
    detail: `Below half the median price of the brand’s ${sample} listings in ${currency} (${price} against a median of ${Math.round(median)}, minor units)`,
  };
}

export function networkReason(networkIds: string[], via: string[]): AlertReason {
  return {
    kind: AlertReasonKind.SELLER_IN_NETWORK, ruleKey: 'INTEL', weight: REASON_WEIGHTS.SELLER_IN_NETWORK, networkIds: [...new Set(networkIds)].sort(),
    detail: `The seller’s ${via.join(' and ')} ${via.length > 1 ? 'are' : 'is'} in a known counterfeiter network`,
  };
}

export function reportsReason(reports: number, via: string[]): AlertReason {
  return {
    kind: AlertReasonKind.SELLER_IN_REPORTS, ruleKey: 'INTEL', weight: REASON_WEIGHTS.SELLER_IN_REPORTS, reports,
    detail: `The seller’s ${via.join(' and ')} ${via.length > 1 ? 'are' : 'is'} in ${reports} intelligence report${reports === 1 ? '' : 's'}`,
  };
}

export function repeatOffenderReason(upheld: number): AlertReason | null {
  if (upheld < 1) return null;
  return {
    kind: AlertReasonKind.REPEAT_OFFENDER, ruleKey: AlertReasonKind.REPEAT_OFFENDER,
    weight: Math.min(REPEAT_OFFENDER_MAX, REASON_WEIGHTS.REPEAT_OFFENDER + REPEAT_OFFENDER_STEP * (upheld - 1)),
    detail: `Repeat offender: ${upheld} upheld takedown${upheld === 1 ? '' : 's'} removed listings of this store`,
  };
}

export function relatedStoresReason(strikes: number, networkIds: string[]): AlertReason | null {
  if (strikes < 1) return null;
  return {
    kind: AlertReasonKind.RELATED_STORES, ruleKey: AlertReasonKind.RELATED_STORES, weight: REASON_WEIGHTS.RELATED_STORES, networkIds: [...new Set(networkIds)].sort(),
    detail: `Stores sharing identifiers with this one had ${strikes} upheld takedown${strikes === 1 ? '' : 's'}`,
  };
}
