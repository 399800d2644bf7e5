import { describe, expect, it } from 'vitest';
import { formatMoney } from './labels';

describe('money on the case pages', () => {
  it('groups the API’s exact major units without turning them into a float', () => {
    expect(formatMoney({ amount: '3600000000.50', currency: 'CNY' })).toBe('CNY 3,600,000,000.50');
    expect(formatMoney({ amount: '9007199254740993.01', currency: 'USD' })).toBe('USD 9,007,199,254,740,993.01'); // past 2^53
    expect(formatMoney({ amount: '1234', currency: 'JPY' })).toBe('JPY 1,234');
    expect(formatMoney(null)).toBe('—');
  });
});
