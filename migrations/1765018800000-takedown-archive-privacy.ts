import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A complainant may have its name withheld from the public notice archive export (issue 16, outcome 8). */
export class TakedownArchivePrivacy1765018800000 implements MigrationInterface {
  name = 'TakedownArchivePrivacy1765018800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE takedown_complainant ADD COLUMN withhold_name boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX takedown_request_archive ON takedown_request (alliance_id, submitted_at, id) WHERE decided_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX takedown_request_archive`);
    await q.query(`ALTER TABLE takedown_complainant DROP COLUMN withhold_name`);
  }
}
