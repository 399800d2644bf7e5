/**
 * Repeat infringers (issue 16, outcome 6): each upheld removal is a strike on the seller's store;
 * a ladder turns the strikes within a rolling window into a level. The alliance configures the
 * ladder; the default warns at the first strike and flags at the third within 365 days.
 */
export enum StrikeLevel {
  NONE = 'NONE',
  WARNING = 'WARNING',
  FLAGGED = 'FLAGGED',
}

export interface StrikeLadder {
  windowDays: number;
  /** Ascending by strikes. */
  steps: readonly { strikes: number; level: StrikeLevel }[];
}

export const DEFAULT_STRIKE_LADDER: StrikeLadder = {
  windowDays: 365,
  steps: [
    { strikes: 1, level: StrikeLevel.WARNING },
    { strikes: 3, level: StrikeLevel.FLAGGED },
  ],
};

/** The two-step ladder an alliance configures (warning and flag thresholds, window in days). */
export function ladderOf(settings: { strikeWarningAt: number; strikeFlagAt: number; strikeWindowDays: number }): StrikeLadder {
  return {
    windowDays: settings.strikeWindowDays,
    steps: [
      { strikes: settings.strikeWarningAt, level: StrikeLevel.WARNING },
      { strikes: settings.strikeFlagAt, level: StrikeLevel.FLAGGED },
    ],
  };
}

export function validateLadder(ladder: StrikeLadder): string | null {
  if (!Number.isInteger(ladder.windowDays) || ladder.windowDays < 1 || ladder.windowDays > 3650) return 'The window is 1 to 3650 days';
  if (!ladder.steps.length) return 'A ladder has at least one step';
  for (let i = 0; i < ladder.steps.length; i++) {
    const step = ladder.steps[i];
    if (!Number.isInteger(step.strikes) || step.strikes < 1) return 'Each step needs at least one strike';
    if (i > 0 && step.strikes <= ladder.steps[i - 1].strikes) return 'Steps go up: each needs more strikes than the one before';
  }
  return null;
}

export interface StrikeStanding {
  level: StrikeLevel;
  /** Strikes inside the window. */
  strikes: number;
  /** When the oldest strike in the window leaves it (the level may then drop); null without strikes. */
  oldestExpiresAt: Date | null;
}

const DAY = 86_400_000;

/** A store's standing now, from the times of its upheld removals (its own and, shown as related, its network's). */
export function strikeStanding(strikes: readonly Date[], now: Date, ladder: StrikeLadder = DEFAULT_STRIKE_LADDER): StrikeStanding {
  const since = now.getTime() - ladder.windowDays * DAY;
  const inWindow = strikes.filter((s) => s.getTime() > since && s.getTime() <= now.getTime()).sort((a, b) => a.getTime() - b.getTime());
  let level = StrikeLevel.NONE;
  for (const step of ladder.steps) if (inWindow.length >= step.strikes) level = step.level;
  return {
    level,
    strikes: inWindow.length,
    oldestExpiresAt: inWindow.length ? new Date(inWindow[0].getTime() + ladder.windowDays * DAY) : null,
  };
}
