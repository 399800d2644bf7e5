import { describe, expect, it } from '@jest/globals';
import { DEFAULT_STRIKE_LADDER, ladderOf, StrikeLevel, strikeStanding, validateLadder } from './strikes.js';

const at = (iso: string) => new Date(iso);
const now = at('2026-12-06T00:00:00Z');

describe('strike ladder', () => {
  it('warns at the first strike and flags at the third within 365 days', () => {
    expect(strikeStanding([], now).level).toBe(StrikeLevel.NONE);
    expect(strikeStanding([at('2026-11-01T00:00:00Z')], now).level).toBe(StrikeLevel.WARNING);
    expect(strikeStanding([at('2026-11-01T00:00:00Z'), at('2026-06-01T00:00:00Z')], now).level).toBe(StrikeLevel.WARNING);
    const three = strikeStanding([at('2026-11-01T00:00:00Z'), at('2026-06-01T00:00:00Z'), at('2026-01-10T00:00:00Z')], now);
    expect(three).toEqual({ level: StrikeLevel.FLAGGED, strikes: 3, oldestExpiresAt: at('2027-01-10T00:00:00Z') });
  });

  it('forgets strikes older than the window, and strikes not yet made', () => {
    const standing = strikeStanding([at('2025-12-06T00:00:00Z'), at('2026-11-01T00:00:00Z'), at('2026-12-07T00:00:00Z')], now);
    expect(standing.strikes).toBe(1);
    expect(standing.level).toBe(StrikeLevel.WARNING);
  });

  it('follows an alliance’s own ladder', () => {
    const ladder = { windowDays: 30, steps: [{ strikes: 2, level: StrikeLevel.FLAGGED }] };
    expect(validateLadder(ladder)).toBeNull();
    expect(strikeStanding([at('2026-12-01T00:00:00Z')], now, ladder).level).toBe(StrikeLevel.NONE);
    expect(strikeStanding([at('2026-12-01T00:00:00Z'), at('2026-11-20T00:00:00Z')], now, ladder).level).toBe(StrikeLevel.FLAGGED);
    expect(strikeStanding([at('2026-12-01T00:00:00Z'), at('2026-10-20T00:00:00Z')], now, ladder).level).toBe(StrikeLevel.NONE);
  });

  it('refuses ladders that do not go up', () => {
    expect(validateLadder(DEFAULT_STRIKE_LADDER)).toBeNull();
    expect(validateLadder({ windowDays: 365, steps: [] })).toBe('A ladder has at least one step');
    expect(validateLadder({ windowDays: 0, steps: [{ strikes: 1, level: StrikeLevel.WARNING }] })).toBe('The window is 1 to 3650 days');
    expect(
      validateLadder({ windowDays: 365, steps: [{ strikes: 3, level: StrikeLevel.WARNING }, { strikes: 3, level: StrikeLevel.FLAGGED }] }),
    ).toBe('Steps go up: each needs more strikes than the one before');
  });

  it('reads an alliance’s settings as a two-step ladder: the default settings are the default ladder', () => {
    expect(ladderOf({ strikeWarningAt: 1, strikeFlagAt: 3, strikeWindowDays: 365 })).toEqual(DEFAULT_STRIKE_LADDER);
    const ladder = ladderOf({ strikeWarningAt: 2, strikeFlagAt: 4, strikeWindowDays: 30 });
    expect(validateLadder(ladder)).toBeNull();
    const strikes = ['2026-12-01', '2026-11-25', '2026-11-20', '2026-11-10'].map((d) => at(`${d}T00:00:00Z`));
    expect(strikeStanding(strikes.slice(0, 1), now, ladder).level).toBe(StrikeLevel.NONE);
    expect(strikeStanding(strikes.slice(0, 2), now, ladder).level).toBe(StrikeLevel.WARNING);
    expect(strikeStanding(strikes, now, ladder)).toMatchObject({ level: StrikeLevel.FLAGGED, strikes: 4 });
    expect(validateLadder(ladderOf({ strikeWarningAt: 3, strikeFlagAt: 3, strikeWindowDays: 30 }))).toBe('Steps go up: each needs more strikes than the one before');
  });
});
