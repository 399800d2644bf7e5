import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Keeps the qualifier an indicator was entered with (marketplace of a bare id, messenger of a bare handle), so an edit loses nothing. */
export class IndicatorQualifier1763877600000 implements MigrationInterface {
  name = 'IndicatorQualifier1763877600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE indicator ADD COLUMN qualifier text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE indicator DROP COLUMN qualifier`);
  }
}
