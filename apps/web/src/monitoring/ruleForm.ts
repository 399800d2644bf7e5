import { currencyProblem, minorUnitDigits } from '../../../../libs/domain/src/money';
import { normaliseTerm } from '../../../../libs/domain/src/terms';
import { majorToMinor } from '../../../../libs/enforcement/src/money';
import type { MonitoringRuleKind } from '../gql/graphql';

/** The API's caps on a rule (apps/api/src/monitoring/dto/monitoring-rule.input.ts). */
export const MAX_NAME_LENGTH = 120;
export const MAX_RULE_TERMS = 50;
export const MAX_TERM_LENGTH = 100;
export const MAX_REFERENCE_IMAGES = 10;
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_DISTANCE = 10;
export const MAX_DISTANCE = 20;
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

/** A reference picture chosen in the form, read as base64 for the API (which keeps only its perceptual hash). */
export interface RuleImage {
  name: string;
  size: number;
  type: string;
  dataBase64: string;
}

/** The rule form as typed: words one a line (or separated by commas), the floor in major units. */
export interface RuleDraft {
  kind: MonitoringRuleKind;
  name: string;
  terms: string;
  excludedTerms: string;
  floorAmount: string;
  floorCurrency: string;
  images: readonly RuleImage[];
  maxDistance: string;
}

/** What the API takes for a rule (`MonitoringRuleFields`), without the brand or rule id. */
export interface RuleFields {
  kind: MonitoringRuleKind;
  name: string;
  terms: string[];
  excludedTerms: string[];
  floor: { amountMinor: string; currency: string } | null;
  images: string[] | null;
  maxDistance: number | null;
}

/** The form's fields by the API's names, so a message of either lands on the same control. */
export type RuleField = 'name' | 'terms' | 'excludedTerms' | 'floor.amountMinor' | 'floor.currency' | 'images' | 'maxDistance';

export const EMPTY_DRAFT: RuleDraft = {
  kind: 'KEYWORD', name: '', terms: '', excludedTerms: '', floorAmount: '', floorCurrency: '', images: [], maxDistance: String(DEFAULT_MAX_DISTANCE),
};

/** A kept rule back in the form, to edit. The pictures are not kept (only their hashes): an IMAGE rule is saved with pictures chosen again. */
export function draftOf(rule: {
  kind: MonitoringRuleKind; name: string; terms: readonly string[]; excludedTerms: readonly string[];
  floor: { amount: string; currency: string } | null; maxDistance: number | null;
}): RuleDraft {
  return {
    kind: rule.kind, name: rule.name, terms: rule.terms.join('\n'), excludedTerms: rule.excludedTerms.join('\n'),
    floorAmount: rule.floor?.amount ?? '', floorCurrency: rule.floor?.currency ?? '', images: [],
    maxDistance: String(rule.maxDistance ?? DEFAULT_MAX_DISTANCE),
  };
}

/** The words typed, one a line or separated by commas, blanks dropped. */
export function splitTerms(text: string): string[] {
  return text.split(/[\n,;]/).map((t) => t.trim()).filter(Boolean);
}

/** The words as the API will keep them (lower case, punctuation as spaces, each once): what listings are searched for. */
export function keptTerms(text: string): string[] {
  return [...new Set(splitTerms(text).map(normaliseTerm).filter(Boolean))];
}

/** A term's problem, or null: too long, or nothing to search for (no letter or digit, e.g. a regular expression). */
function termProblem(term: string): string | null {
  if (term.length > MAX_TERM_LENGTH) return `“${term.slice(0, 20)}…” is longer than ${MAX_TERM_LENGTH} characters`;
  if (!normaliseTerm(term)) return `“${term}” has no letter or digit: terms are plain words, not patterns`;
  return null;
}

function termsProblem(terms: string[], what: string): string | null {
  if (terms.length > MAX_RULE_TERMS) return `At most ${MAX_RULE_TERMS} ${what}`;
  for (const t of terms) {
    const problem = termProblem(t);
    if (problem) return problem;
  }
  return null;
}

/**
 * Reads the form as the API would, so most mistakes are named on their field before anything is
 * sent: the fields to send, or a message per field. The API checks everything again (its refusals
 * land on the same fields).
 */
export function readRuleDraft(draft: RuleDraft): { fields: RuleFields; errors?: undefined } | { fields?: undefined; errors: Partial<Record<RuleField, string>> } {
  const errors: Partial<Record<RuleField, string>> = {};
  const name = draft.name.trim();
  if (!name) errors.name = 'Give the rule a name, e.g. “Brand names”';
  else if (name.length > MAX_NAME_LENGTH) errors.name = `A name is at most ${MAX_NAME_LENGTH} characters`;

  const image = draft.kind === 'IMAGE';
  const terms = image ? [] : splitTerms(draft.terms);
  const excludedTerms = image ? [] : splitTerms(draft.excludedTerms);
  if (!image) {
    const problem = termsProblem(terms, 'words or phrases');
    if (problem) errors.terms = problem;
    else if (!terms.length) errors.terms = draft.kind === 'KEYWORD' ? 'Give at least one name or variant of the brand' : 'Give at least one word of the product line';
    const excludedProblem = termsProblem(excludedTerms, 'excluded words');
    if (excludedProblem) errors.excludedTerms = excludedProblem;
    else {
      const kept = new Set(terms.map(normaliseTerm));
      const clash = excludedTerms.find((x) => kept.has(normaliseTerm(x)));
      if (clash) errors.excludedTerms = `“${normaliseTerm(clash)}” is both a word to find and an excluded word`;
    }
  }

  let floor: RuleFields['floor'] = null;
  if (draft.kind === 'PRICE_FLOOR') {
    const currency = draft.floorCurrency.trim().toUpperCase();
    const currencyError = currencyProblem(currency);
    if (currencyError) errors['floor.currency'] = currencyError;
    if (!draft.floorAmount.trim()) errors['floor.amountMinor'] = 'Give the price below which a listing is too cheap';
    else if (!currencyError) {
      const minor = majorToMinor(draft.floorAmount, currency);
      if (minor === null) errors['floor.amountMinor'] = `An amount such as 200 or 199.90, with at most ${minorUnitDigits(currency)} decimals in ${currency}`;
      else if (BigInt(minor) < 1n) errors['floor.amountMinor'] = 'A floor is more than 0';
      else floor = { amountMinor: minor, currency };
    }
  }

  let images: string[] | null = null;
  let maxDistance: number | null = null;
  if (image) {
    if (!draft.images.length) errors.images = 'Choose at least one picture of the product or logo';
    else if (draft.images.length > MAX_REFERENCE_IMAGES) errors.images = `At most ${MAX_REFERENCE_IMAGES} pictures`;
    else {
      const wrong = draft.images.find((i) => !IMAGE_TYPES.includes(i.type)) ?? draft.images.find((i) => i.size > MAX_IMAGE_BYTES);
      if (wrong) errors.images = IMAGE_TYPES.includes(wrong.type) ? `${wrong.name} is larger than 2 MiB` : `${wrong.name} is not a PNG, JPEG, WebP or GIF picture`;
    }
    images = draft.images.map((i) => i.dataBase64);
    const distance = Number(draft.maxDistance.trim() || DEFAULT_MAX_DISTANCE);
    if (!Number.isInteger(distance) || distance < 0 || distance > MAX_DISTANCE) errors.maxDistance = `A whole number of bits from 0 to ${MAX_DISTANCE}`;
    else maxDistance = distance;
  }

  if (Object.keys(errors).length) return { errors };
  return { fields: { kind: draft.kind, name, terms, excludedTerms, floor, images, maxDistance } };
}

/** A chosen picture as base64 (the API takes pictures inside the rule's input). */
export function readPicture(file: File): Promise<RuleImage> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error(`${file.name} could not be read`));
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ name: file.name, size: file.size, type: file.type, dataBase64: url.slice(url.indexOf(',') + 1) });
    };
    reader.readAsDataURL(file);
  });
}
