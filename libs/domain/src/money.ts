/**
 * Money is an integer amount in the currency's minor units plus its ISO 4217 code (CONTRACT.md):
 * no floats anywhere. The known currencies are the current ISO 4217 list as the runtime's ICU
 * knows it (`Intl.supportedValuesOf`), so an unknown or withdrawn code is refused rather than stored.
 */
const KNOWN = new Set<string>(Intl.supportedValuesOf('currency'));

/** Largest amount in minor units a price may have (10^15: beyond any listing, within a safe integer and a bigint column). */
export const MAX_MINOR_UNITS = 1e15;

/** Why this is not a currency code we know (null: it is one). `code` as given, trimmed and upper-cased by the caller. */
export function currencyProblem(code: string): string | null {
  if (!/^[A-Z]{3}$/.test(code)) return 'A currency is its three-letter ISO 4217 code (CNY, USD, EUR)';
  if (!KNOWN.has(code)) return `${code} is not an ISO 4217 currency`;
  return null;
}

/** Digits after the decimal point in a currency's minor unit (USD 2, JPY 0, KWD 3). */
export function minorUnitDigits(code: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Why this is not an amount in minor units (null: it is one). */
export function minorUnitsProblem(amount: unknown): string | null {
  if (typeof amount !== 'number' || !Number.isInteger(amount)) return 'A price is a whole number of minor units (cents: 1999 for 19.99), not a decimal';
  if (amount < 0) return 'A price is 0 or more';
  if (amount > MAX_MINOR_UNITS) return `A price is at most ${MAX_MINOR_UNITS} minor units`;
  return null;
}
