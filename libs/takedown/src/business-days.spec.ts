import { describe, expect, it } from '@jest/globals';
import { businessDaysBetween, businessDeadline, isBusinessDay, localDate } from './business-days.js';

const at = (iso: string) => new Date(iso);

describe('business days of a jurisdiction', () => {
  it('skips weekends and public holidays (Germany at Christmas)', () => {
    expect(isBusinessDay('2026-12-24', { country: 'DE' })).toBe(true); // Christmas Eve is not a public holiday
    expect(isBusinessDay('2026-12-25', { country: 'DE' })).toBe(false);
    expect(isBusinessDay('2026-12-26', { country: 'DE' })).toBe(false); // Saturday and a holiday
    expect(isBusinessDay('2026-12-28', { country: 'DE' })).toBe(true);
    // a window of 3 business days opened on Wednesday 23 December closes at the end of Tuesday 29th, Berlin time
    expect(businessDeadline(at('2026-12-23T15:00:00Z'), 3, { country: 'DE' })).toEqual(at('2026-12-29T23:00:00Z'));
  });

  it('counts in the jurisdiction’s time zone: late Friday in New York is still Friday there', () => {
    const fridayEvening = at('2026-03-07T02:00:00Z'); // Friday 6 March, 21:00 in New York
    expect(localDate(fridayEvening, 'America/New_York')).toBe('2026-03-06');
    // Monday 9, Tuesday 10, Wednesday 11 (the DST change on Sunday 8 moves midnight to 04:00Z)
    expect(businessDeadline(fridayEvening, 3, { country: 'US' })).toEqual(at('2026-03-12T04:00:00Z'));
  });

  it('skips China’s National Day holidays (as date-holidays lists them: 1–3 October)', () => {
    for (const day of ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04']) expect(isBusinessDay(day, { country: 'CN' })).toBe(false);
    // opened Wednesday 30 September in Shanghai: the one business day is Monday 5 October
    expect(businessDeadline(at('2026-09-30T04:00:00Z'), 1, { country: 'CN' })).toEqual(at('2026-10-05T16:00:00Z'));
  });

  it('uses Friday and Saturday as the weekend where they are', () => {
    expect(isBusinessDay('2026-03-06', { country: 'SA' })).toBe(false); // Friday
    expect(isBusinessDay('2026-03-08', { country: 'SA' })).toBe(true); // Sunday
  });

  it('counts business days between two moments', () => {
    expect(businessDaysBetween(at('2026-12-23T09:00:00Z'), at('2026-12-29T09:00:00Z'), { country: 'DE' })).toBe(3);
    expect(businessDaysBetween(at('2026-12-23T09:00:00Z'), at('2026-12-23T20:00:00Z'), { country: 'DE' })).toBe(0);
  });

  it('refuses unknown jurisdictions and impossible windows', () => {
    expect(() => businessDeadline(at('2026-01-05T00:00:00Z'), 3, { country: 'XX' })).toThrow('No holiday calendar for XX');
    expect(() => businessDeadline(at('2026-01-05T00:00:00Z'), 0, { country: 'DE' })).toThrow(RangeError);
  });
});
