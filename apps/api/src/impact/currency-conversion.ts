import { minorUnitDigits } from '../../../../libs/domain/src/money.js';

/**
 * Seized values converted to the alliance's reporting currency at the rates its coordinators keep,
 * exactly: a rate is a decimal string (at most 12 digits before and 12 after the point), amounts
 * are whole minor units (bigint), and a period's converted total is the exact sum of
 * amount × rate (minor-unit digits of both currencies accounted for) rounded once, half to even,
 * to the reporting currency's minor unit. A value whose currency has no rate valid on or before its
 * date is not converted: it is reported per currency as "unconverted", never dropped.
 */

/** Fraction digits a rate may have (numeric(24, 12) in exchange_rate). */
export const RATE_SCALE = 12;
const RATE = /^(\d{1,12})(?:\.(\d{1,12}))?$/;
/** The most minor-unit digits a currency has (ICU: CLF, UYW 4); the common denominator allows for it. */
const MAX_MINOR_DIGITS = 4;

export interface ExchangeRateValue {
  currency: string;
  /** YYYY-MM-DD: the rate holds from this day until the currency's next rate. */
  validFrom: string;
  /** Units of the reporting currency per unit of `currency`, as an exact decimal string. */
  rate: string;
}

export interface DatedAmount {
  currency: string;
  /** YYYY-MM-DD: the day the value is converted at. */
  on: string;
  amountMinor: bigint;
}

/** Why this is not a rate (null: it is one), e.g. '7.8123', '0.000151'. */
export function rateProblem(rate: string): string | null {
  const m = RATE.exec(rate);
  if (!m) return 'A rate is a decimal number such as 7.1234 (up to 12 digits before and 12 after the point), not negative';
  if (!/[1-9]/.test(rate)) return 'A rate is more than 0';
  return null;
}

/** The rate as written canonically: no leading zeros, no trailing fraction zeros ('007.50' → '7.5'). */
export function canonicalRate(rate: string): string {
  const [whole, fraction = ''] = rate.split('.');
  const w = whole.replace(/^0+(?=\d)/, '');
  const f = fraction.replace(/0+$/, '');
  return f ? `${w}.${f}` : w;
}

/** The rate scaled to RATE_SCALE fraction digits, as an integer. */
function scaledRate(rate: string): bigint {
  const [whole, fraction = ''] = rate.split('.');
  return BigInt(whole) * 10n ** BigInt(RATE_SCALE) + BigInt(fraction.padEnd(RATE_SCALE, '0').slice(0, RATE_SCALE) || '0');
}

/** The rate of `currency` valid on `on`: the one with the latest valid-from on or before that day. */
export function rateOn(rates: readonly ExchangeRateValue[], currency: string, on: string): ExchangeRateValue | null {
  let best: ExchangeRateValue | null = null;
  for (const r of rates) if (r.currency === currency && r.validFrom <= on && (!best || r.validFrom > best.validFrom)) best = r;
  return best;
}

/** n / d rounded to the nearest integer, a half to the even one (n, d ≥ 0, d > 0). */
export function divideHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = 2n * r;
  if (twice > d || (twice === d && q % 2n === 1n)) return q + 1n;
  return q;
}

export interface Converted {
  /** The converted total in the reporting currency's minor units (null when there is no reporting currency). */
  convertedMinor: bigint | null;
  /** What could not be converted, summed per currency (sorted by code). */
  unconverted: { currency: string; amountMinor: bigint }[];
}

/**
 * Converts and sums the amounts: exact, rounded once. An amount already in the reporting currency
 * needs no rate. Without a reporting currency, everything is unconverted.
 */
export function convertAll(amounts: readonly DatedAmount[], reportingCurrency: string | null, rates: readonly ExchangeRateValue[]): Converted {
  const unconverted = new Map<string, bigint>();
  if (reportingCurrency === null) {
    for (const a of amounts) unconverted.set(a.currency, (unconverted.get(a.currency) ?? 0n) + a.amountMinor);
    return { convertedMinor: null, unconverted: sorted(unconverted) };
  }
  const toDigits = minorUnitDigits(reportingCurrency);
  // every term over the common denominator 10^(RATE_SCALE + MAX_MINOR_DIGITS)
  const denominator = 10n ** BigInt(RATE_SCALE + MAX_MINOR_DIGITS);
  let numerator = 0n;
  for (const a of amounts) {
    if (a.amountMinor === 0n) continue;
    const found = a.currency === reportingCurrency ? null : rateOn(rates, a.currency, a.on);
    const rate = a.currency === reportingCurrency ? 10n ** BigInt(RATE_SCALE) : found ? scaledRate(found.rate) : null;
    if (rate === null) {
      unconverted.set(a.currency, (unconverted.get(a.currency) ?? 0n) + a.amountMinor);
      continue;
    }
    // amount / 10^from × rate / 10^12 × 10^to, over 10^(12 + MAX): amount × rate × 10^(to − from + MAX)
    numerator += a.amountMinor * rate * 10n ** BigInt(toDigits - minorUnitDigits(a.currency) + MAX_MINOR_DIGITS);
  }
  return { convertedMinor: divideHalfEven(numerator, denominator), unconverted: sorted(unconverted) };
}

function sorted(m: Map<string, bigint>) {
  return [...m].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amountMinor]) => ({ currency, amountMinor }));
}
