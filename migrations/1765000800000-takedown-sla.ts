import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When a takedown request's reviewers were warned of its due time, and when it breached the SLA: each set once, by the SLA job. */
export class TakedownSla1765000800000 implements MigrationInterface {
  name = 'TakedownSla1765000800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE takedown_request ADD COLUMN warned_at timestamptz, ADD COLUMN breached_at timestamptz`);
    // what the SLA job looks for: undecided requests not yet warned or marked, by due time
    await q.query(`CREATE INDEX takedown_request_sla ON takedown_request (due_at) WHERE status IN ('SUBMITTED', 'UNDER_REVIEW') AND breached_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX takedown_request_sla`);
    await q.query(`ALTER TABLE takedown_request DROP COLUMN warned_at, DROP COLUMN breached_at`);
  }
}
