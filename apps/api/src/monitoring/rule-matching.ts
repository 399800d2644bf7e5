import { normaliseTerm } from '../../../../libs/domain/src/index.js';
import type { MonitoringRuleRow } from './monitoring-rule.repository.js';
import { halvesDistance, hashHalves } from './perceptual-hash.js';

/** A listing's title and description normalised as rules' terms are (`normaliseTerm`), a space at each end: ` term ` inside it is a whole-word match. */
export function listingMatchText(title: string, description: string | null): string {
  return ` ${normaliseTerm(description ? `${title} ${description}` : title)} `;
}

/** A brand rule a listing matches: terms it names (and none of the excluded terms), or a picture near a reference. */
export interface RuleHit {
  listingId: string;
  ruleId: string;
  brandId: string;
  organisationId: string;
  kind: 'KEYWORD' | 'PRICE_FLOOR' | 'IMAGE';
  name: string;
  floorMinor: string | null;
  currency: string | null;
  terms: string[];
  /** IMAGE: the fewest bits in which one of the listing's pictures differs from a reference picture. */
  distance?: number;
  maxDistance?: number;
}

/**
 * A brand's monitoring rule as matching reads it (listing-match.repository.ts `rules`): terms
 * normalised (`normaliseTerm`), a word or a phrase of words one space apart; IMAGE references as
 * signed 64-bit perceptual hashes, as text.
 */
export type MatchableRule = { ruleId: string } & Pick<MonitoringRuleRow, 'brandId' | 'organisationId' | 'kind' | 'name' | 'terms' | 'excludedTerms' | 'floorMinor' | 'currency' | 'imageHashes' | 'maxDistance'>;

/**
 * The alliance's rules, indexed once per chunk of listings (issue 17, outcome 2): the keyword and
 * product-line terms by their first word, so a listing is checked against the few rules one of its
 * words begins, whatever the number of rules; the IMAGE rules' references as 32-bit halves. Terms
 * match whole words and phrases of a listing's match text (`listingMatchText`: ` word word `), the
 * same test as `textMatches` and the rules editor's preview in SQL; an excluded term silences the rule.
 */
export class RuleIndex {
  private readonly byFirstWord = new Map<string, { rule: MatchableRule; term: string }[]>();
  private readonly pictureRules: { rule: MatchableRule; references: [number, number][] }[] = [];

  constructor(rules: readonly MatchableRule[]) {
    for (const rule of rules) {
      if (rule.kind === 'IMAGE') {
        if (rule.imageHashes?.length) this.pictureRules.push({ rule, references: rule.imageHashes.map(hashHalves) });
        continue;
      }
      for (const term of new Set(rule.terms)) {
        const first = term.split(' ', 1)[0];
        if (!first) continue;
        const list = this.byFirstWord.get(first) ?? [];
        if (!list.length) this.byFirstWord.set(first, list);
        list.push({ rule, term });
      }
    }
  }

  get hasImageRules(): boolean {
    return this.pictureRules.length > 0;
  }

  /** The KEYWORD and PRICE_FLOOR rules a listing's match text names (with the terms found, sorted), none of whose excluded terms it names. */
  textHits(listingId: string, matchText: string): RuleHit[] {
    const found = new Map<MatchableRule, string[]>();
    for (const word of new Set(matchText.trim().split(' '))) {
      for (const { rule, term } of this.byFirstWord.get(word) ?? []) {
        if (term !== word && !matchText.includes(` ${term} `)) continue;
        const terms = found.get(rule) ?? [];
        if (!terms.length) found.set(rule, terms);
        terms.push(term);
      }
    }
    const hits: RuleHit[] = [];
    for (const [rule, terms] of found) {
      if (rule.excludedTerms.some((x) => matchText.includes(` ${x} `))) continue;
      hits.push({
        listingId, ruleId: rule.ruleId, brandId: rule.brandId, organisationId: rule.organisationId, kind: rule.kind, name: rule.name,
        floorMinor: rule.floorMinor, currency: rule.currency, terms: terms.sort(),
      });
    }
    return hits;
  }

  /** The IMAGE rules one of whose references is within the rule's distance of a listing's picture, per listing with the fewest bits apart. */
  imageHits(pictures: readonly { listingId: string; phash: string }[]): RuleHit[] {
    if (!pictures.length || !this.pictureRules.length) return [];
    const hashed = pictures.map((p) => ({ listingId: p.listingId, halves: hashHalves(p.phash) }));
    const hits: RuleHit[] = [];
    for (const { rule, references } of this.pictureRules) {
      const limit = rule.maxDistance ?? 0;
      const nearest = new Map<string, number>();
      for (const p of hashed) {
        for (const ref of references) {
          const distance = halvesDistance(p.halves, ref);
          if (distance <= limit && distance < (nearest.get(p.listingId) ?? Infinity)) nearest.set(p.listingId, distance);
        }
      }
      for (const [listingId, distance] of nearest) {
        hits.push({
          listingId, ruleId: rule.ruleId, brandId: rule.brandId, organisationId: rule.organisationId, kind: 'IMAGE', name: rule.name,
          floorMinor: null, currency: null, terms: [], distance, maxDistance: limit,
        });
      }
    }
    return hits;
  }
}
