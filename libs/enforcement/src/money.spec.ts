import { describe, expect, it } from '@jest/globals';
import { formatMajor, majorToMinor, readMoney } from './money.js';
import { outcomeProblem, SiteKind } from './outcomes.js';

describe('money', () => {
  it('reads minor units of a known currency, any case of its code', () => {
    expect(readMoney('123450', 'cny')).toEqual({ ok: true, money: { amountMinor: 123450n, currency: 'CNY' } });
    expect(readMoney('0', 'USD')).toMatchObject({ ok: true });
  });

  it('refuses unknown currencies, naming the field', () => {
    expect(readMoney('100', 'XYZ')).toMatchObject({ ok: false, field: 'currency' });
    expect(readMoney('100', 'RMB')).toMatchObject({ ok: false, field: 'currency' }); // the people's name, not the code
    expect(readMoney('100', 'US')).toMatchObject({ ok: false, field: 'currency' });
  });

  it('refuses negative, fractional and non-numeric amounts', () => {
    for (const bad of ['-1', '12.50', '1e6', '', ' ', '0x10', '١٢']) expect(readMoney(bad, 'EUR')).toMatchObject({ ok: false, field: 'amountMinor' });
  });

  it('refuses an absurd amount by the currency’s own minor units', () => {
    expect(readMoney('1000000000000', 'CNY')).toMatchObject({ ok: true }); // 10 bn yuan, in fen: the bound
    expect(readMoney('1000000000001', 'CNY')).toMatchObject({ ok: false, field: 'amountMinor' });
    expect(readMoney('10000000000', 'JPY')).toMatchObject({ ok: true }); // yen have no minor unit
    expect(readMoney('10000000001', 'JPY')).toMatchObject({ ok: false, field: 'amountMinor' });
    expect(readMoney('99999999999999999999', 'USD')).toMatchObject({ ok: false, field: 'amountMinor' });
  });

  it('formats exactly by the currency’s minor digits, without floats', () => {
    expect(formatMajor({ amountMinor: 5n, currency: 'USD' })).toBe('0.05');
    expect(formatMajor({ amountMinor: 360000000000n, currency: 'CNY' })).toBe('3600000000.00');
    expect(formatMajor({ amountMinor: 1234n, currency: 'JPY' })).toBe('1234');
    expect(formatMajor({ amountMinor: 1234n, currency: 'KWD' })).toBe('1.234');
  });
});

describe('outcome figures', () => {
  const sites = { MANUFACTURING: 1, WAREHOUSE: 2, DISTRIBUTION: 0, RETAIL: 3 };
  it('accepts plausible figures', () => {
    expect(outcomeProblem({ arrests: 12, sitesClosed: sites, unitsSeized: 40_000 })).toBeNull();
  });
  it('names the first negative, fractional or absurd figure', () => {
    expect(outcomeProblem({ arrests: -1, sitesClosed: sites, unitsSeized: 0 })?.field).toBe('arrests');
    expect(outcomeProblem({ arrests: 1.5, sitesClosed: sites, unitsSeized: 0 })?.field).toBe('arrests');
    expect(outcomeProblem({ arrests: 1, sitesClosed: { ...sites, [SiteKind.WAREHOUSE]: -2 }, unitsSeized: 0 })?.field).toBe('sitesClosed.WAREHOUSE');
    expect(outcomeProblem({ arrests: 1, sitesClosed: sites, unitsSeized: 2_000_000_000 })?.field).toBe('unitsSeized');
    expect(outcomeProblem({ arrests: 20_000, sitesClosed: sites, unitsSeized: 0 })?.message).toMatch(/above 10,000/);
  });
});

describe('amounts typed in major units', () => {
  it('turns them into minor units exactly', () => {
    expect(majorToMinor('1,234.50', 'CNY')).toBe('123450');
    expect(majorToMinor('3600000000.5', 'CNY')).toBe('360000000050');
    expect(majorToMinor('0.07', 'USD')).toBe('7');
    expect(majorToMinor('1234', 'JPY')).toBe('1234');
    expect(majorToMinor('1.234', 'KWD')).toBe('1234');
    expect(majorToMinor('12.', 'EUR')).toBe('1200');
  });
  it('refuses what is not a plain amount of that currency', () => {
    for (const bad of ['-5', '1.5.0', 'abc', '', '1e3', '12.345']) expect(majorToMinor(bad, 'USD')).toBeNull();
    expect(majorToMinor('12.5', 'JPY')).toBeNull();
    expect(majorToMinor('12', 'XYZ')).toBeNull();
  });
});
