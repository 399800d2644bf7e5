import { currencyProblem, minorUnitDigits } from '../../domain/src/money.js';

/**
 * Money as CONTRACT.md has it: an integer amount in the currency's minor units and its ISO 4217
 * code (the known codes and their minor digits: libs/domain/src/money.ts). Never a float: amounts
 * of a case travel as decimal strings of digits and are held as bigint (a seizure's value in fen
 * passes 2^53 long before it becomes absurd).
 */
export interface Money {
  amountMinor: bigint;
  currency: string;
}

/** The largest value of goods one case may record, in major units (10 billion): more is a typing error, not a seizure. */
export const MAX_MAJOR_UNITS = 10_000_000_000n;

export type MoneyProblem = { field: 'currency' | 'amountMinor'; message: string };

/**
 * Reads an amount of minor units (a string of digits) and a currency code: the money, or the
 * problem with the field at fault (an unknown currency, a negative, fractional or absurd amount).
 */
export function readMoney(amountMinor: string, currency: string): { ok: true; money: Money } | ({ ok: false } & MoneyProblem) {
  const code = currency.trim().toUpperCase();
  const problem = currencyProblem(code);
  if (problem) return { ok: false, field: 'currency', message: problem };
  const digits = amountMinor.trim();
  if (!/^\d{1,20}$/.test(digits)) {
    return { ok: false, field: 'amountMinor', message: 'An amount is a whole number of minor units (cents, fen), 0 or more, without a decimal point or sign' };
  }
  const amount = BigInt(digits);
  const max = MAX_MAJOR_UNITS * 10n ** BigInt(minorUnitDigits(code));
  if (amount > max) return { ok: false, field: 'amountMinor', message: `More than ${MAX_MAJOR_UNITS.toLocaleString('en')} ${code} for one case: check the amount (it is in minor units)` };
  return { ok: true, money: { amountMinor: amount, currency: code } };
}

/** `1234.50` for 123450 minor units of CNY, `1234` of JPY: for display, exact. */
export function formatMajor(money: Money): string {
  const digits = minorUnitDigits(money.currency);
  if (digits === 0) return money.amountMinor.toString();
  const s = money.amountMinor.toString().padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/**
 * An amount typed in major units (`1,234.50`, `1234`) as whole minor units of the currency
 * (`123450`), by string arithmetic; null when it is not a plain non-negative amount or has more
 * decimals than the currency has minor digits. For forms: the API takes minor units.
 */
export function majorToMinor(text: string, currency: string): string | null {
  const plain = text.trim().replace(/[\s,_]/g, '');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(plain);
  if (!m || currencyProblem(currency)) return null;
  const digits = minorUnitDigits(currency);
  const fraction = m[2] ?? '';
  if (fraction.length > digits) return null;
  return BigInt(m[1] + fraction.padEnd(digits, '0')).toString();
}
