import { describe, expect, it } from '@jest/globals';
import { currencyProblem, minorUnitDigits, minorUnitsProblem } from './money.js';

describe('money', () => {
  it('knows ISO 4217 currencies and refuses others', () => {
    expect(currencyProblem('CNY')).toBeNull();
    expect(currencyProblem('EUR')).toBeNull();
    expect(currencyProblem('ZZZ')).toBe('ZZZ is not an ISO 4217 currency');
    expect(currencyProblem('usd')).toMatch(/three-letter/);
    expect(currencyProblem('US$')).toMatch(/three-letter/);
  });

  it('tells the minor unit of a currency', () => {
    expect(minorUnitDigits('USD')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
  });

  it('takes whole minor units only', () => {
    expect(minorUnitsProblem(1999)).toBeNull();
    expect(minorUnitsProblem(0)).toBeNull();
    expect(minorUnitsProblem(19.99)).toMatch(/whole number/);
    expect(minorUnitsProblem('1999')).toMatch(/whole number/);
    expect(minorUnitsProblem(-1)).toMatch(/0 or more/);
    expect(minorUnitsProblem(1e16)).toMatch(/at most/);
  });
});
