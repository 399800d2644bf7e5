import { describe, expect, it } from '@jest/globals';
import { canonicalRate, convertAll, divideHalfEven, rateOn, rateProblem, type ExchangeRateValue } from './currency-conversion.js';

const rates: ExchangeRateValue[] = [
  { currency: 'EUR', validFrom: '2026-01-01', rate: '7.8' },
  { currency: 'EUR', validFrom: '2026-07-01', rate: '8.1' },
  { currency: 'USD', validFrom: '2026-01-01', rate: '7.123456789012' },
  { currency: 'JPY', validFrom: '2026-01-01', rate: '0.0475' },
  { currency: 'KWD', validFrom: '2026-01-01', rate: '23.5' },
];

describe('currency conversion', () => {
  it('reads rates as exact decimals and refuses the rest', () => {
    expect(rateProblem('7.8')).toBeNull();
    expect(rateProblem('0.000000000001')).toBeNull();
    expect(rateProblem('123456789012.123456789012')).toBeNull();
    for (const bad of ['0', '0.000', '-1', '1e3', '7,8', '.5', '5.', '1234567890123', '1.1234567890123', '', ' 7.8', 'NaN']) expect(rateProblem(bad)).not.toBeNull();
    expect(canonicalRate('007.50')).toBe('7.5');
    expect(canonicalRate('0.050000000000')).toBe('0.05');
    expect(canonicalRate('8.000000000000')).toBe('8');
  });

  it('chooses the rate valid on the day: the latest valid-from on or before it', () => {
    expect(rateOn(rates, 'EUR', '2025-12-31')).toBeNull();
    expect(rateOn(rates, 'EUR', '2026-01-01')!.rate).toBe('7.8');
    expect(rateOn(rates, 'EUR', '2026-06-30')!.rate).toBe('7.8');
    expect(rateOn(rates, 'EUR', '2026-07-01')!.rate).toBe('8.1');
    expect(rateOn(rates, 'EUR', '2027-03-01')!.rate).toBe('8.1');
    expect(rateOn(rates, 'GBP', '2026-07-01')).toBeNull();
  });

  it('converts exactly, whatever the minor units of either currency', () => {
    // 1,000.00 EUR at 7.8 = 7,800.00 CNY; 1,000.00 EUR on 1 July at 8.1 = 8,100.00 CNY
    expect(convertAll([{ currency: 'EUR', on: '2026-03-01', amountMinor: 100_000n }], 'CNY', rates).convertedMinor).toBe(780_000n);
    expect(convertAll([{ currency: 'EUR', on: '2026-07-01', amountMinor: 100_000n }], 'CNY', rates).convertedMinor).toBe(810_000n);
    // JPY has no minor unit: ¥10,000 at 0.0475 = 475.00 CNY
    expect(convertAll([{ currency: 'JPY', on: '2026-03-01', amountMinor: 10_000n }], 'CNY', rates).convertedMinor).toBe(47_500n);
    // KWD has three: 1.000 KWD at 23.5 = 23.50 CNY
    expect(convertAll([{ currency: 'KWD', on: '2026-03-01', amountMinor: 1_000n }], 'CNY', rates).convertedMinor).toBe(2_350n);
    // into JPY: 10.00 EUR at 7.8 = ¥78 (reporting in a currency without minor units)
    expect(convertAll([{ currency: 'EUR', on: '2026-03-01', amountMinor: 1_000n }], 'JPY', rates).convertedMinor).toBe(78n);
    // the reporting currency itself needs no rate
    expect(convertAll([{ currency: 'CNY', on: '1999-01-01', amountMinor: 12_345n }], 'CNY', []).convertedMinor).toBe(12_345n);
    // a large amount with a 12-digit rate stays exact: 10^15 minor units × 7.123456789012
    expect(convertAll([{ currency: 'USD', on: '2026-02-01', amountMinor: 10n ** 15n }], 'CNY', rates).convertedMinor).toBe(7_123_456_789_012_000n);
  });

  it('sums exactly and rounds once, a half to the even unit', () => {
    expect(divideHalfEven(5n, 2n)).toBe(2n);
    expect(divideHalfEven(7n, 2n)).toBe(4n);
    expect(divideHalfEven(11n, 4n)).toBe(3n);
    expect(divideHalfEven(9n, 4n)).toBe(2n);
    // 0.01 USD at 7.123456789012 = 0.07123… CNY → 0.07; three such: 0.2137… → 0.21 (not 3 × 0.07)
    const cent = { currency: 'USD', on: '2026-02-01', amountMinor: 1n };
    expect(convertAll([cent], 'CNY', rates).convertedMinor).toBe(7n);
    expect(convertAll([cent, cent, cent], 'CNY', rates).convertedMinor).toBe(21n);
    // halves: 0.05 EUR at 7.8 = 0.39 exactly; 1 fen at rate 0.5 = 0.5 fen → 0 (even), 3 fen → 1.5 → 2
    const half: ExchangeRateValue[] = [{ currency: 'HKD', validFrom: '2026-01-01', rate: '0.5' }];
    expect(convertAll([{ currency: 'HKD', on: '2026-05-05', amountMinor: 1n }], 'CNY', half).convertedMinor).toBe(0n);
    expect(convertAll([{ currency: 'HKD', on: '2026-05-05', amountMinor: 3n }], 'CNY', half).convertedMinor).toBe(2n);
    expect(convertAll([{ currency: 'HKD', on: '2026-05-05', amountMinor: 5n }], 'CNY', half).convertedMinor).toBe(2n);
  });

  it('reports a value without a rate on or before its day as unconverted, per currency', () => {
    const result = convertAll(
      [
        { currency: 'EUR', on: '2025-12-31', amountMinor: 500n }, // before the first EUR rate
        { currency: 'GBP', on: '2026-05-01', amountMinor: 200n }, // no GBP rate at all
        { currency: 'GBP', on: '2026-06-01', amountMinor: 300n },
        { currency: 'EUR', on: '2026-02-01', amountMinor: 100n }, // converted: 7.80
      ],
      'CNY',
      rates,
    );
    expect(result).toEqual({ convertedMinor: 780n, unconverted: [{ currency: 'EUR', amountMinor: 500n }, { currency: 'GBP', amountMinor: 500n }] });
    // without a reporting currency nothing is converted
    expect(convertAll([{ currency: 'EUR', on: '2026-02-01', amountMinor: 100n }], null, rates)).toEqual({ convertedMinor: null, unconverted: [{ currency: 'EUR', amountMinor: 100n }] });
  });
});
