import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The repeat-infringer ladder per alliance (issue 16, outcome 6): a store's upheld removals within
 * `strike_window_days` warn at `strike_warning_at` and flag at `strike_flag_at`. Every alliance
 * starts on the default (warning at 1, flagged at 3 within 365 days); the checks repeat
 * what updateAllianceSettings refuses, so no other writer can store a ladder that does not go up.
 */
export class StrikeLadder1765500000000 implements MigrationInterface {
  name = 'StrikeLadder1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE alliance
        ADD COLUMN strike_warning_at int NOT NULL DEFAULT 1,
        ADD COLUMN strike_flag_at int NOT NULL DEFAULT 3,
        ADD COLUMN strike_window_days int NOT NULL DEFAULT 365,
        ADD CONSTRAINT alliance_strike_ladder CHECK (
          strike_warning_at >= 1 AND strike_flag_at > strike_warning_at AND strike_window_days BETWEEN 1 AND 3650)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alliance DROP CONSTRAINT alliance_strike_ladder, DROP COLUMN strike_window_days, DROP COLUMN strike_flag_at, DROP COLUMN strike_warning_at`);
  }
}
