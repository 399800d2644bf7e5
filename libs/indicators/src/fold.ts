/**
 * Folds free text for matching: width (NFKC: full-width ＡＢＣ → ABC), case, diacritics (é → e),
 * punctuation to single spaces. Used for names and addresses, where people type the same thing
 * many ways.
 */
export function foldText(value: string): string {
  return value
    .normalize('NFKC')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[.'’`]/g, '') // S.A. → sa, O'Neil → oneil
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

// legal forms carry no identity: "Acme Ltd" and "ACME Limited" are one company
const LEGAL_FORMS = new Set([
  'inc', 'incorporated', 'ltd', 'limited', 'llc', 'llp', 'lp', 'gmbh', 'ag', 'kg', 'sa', 'sas', 'sarl', 'spa', 'srl', 'bv', 'nv', 'plc',
  'co', 'corp', 'corporation', 'company', 'kk', 'oy', 'ab', 'as', 'aps', 'pty', 'pte', 'sl', 'slu', 'sro', 'zoo', 'oo',
]);

/** A company name folded, without legal-form words: the key two registrations of one company share. */
export function foldCompanyName(value: string): string {
  const words = foldText(value).split(' ').filter(Boolean);
  const kept = words.filter((w) => !LEGAL_FORMS.has(w));
  return (kept.length ? kept : words).join(' ');
}
