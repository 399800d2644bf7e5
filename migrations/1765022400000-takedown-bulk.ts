import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Bulk CSV filing of takedowns (issue 16, outcome 3): an uploaded file and the result of each of its rows. */
export class TakedownBulk1765022400000 implements MigrationInterface {
  name = 'TakedownBulk1765022400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE takedown_bulk (
        alliance_id uuid NOT NULL,
        id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        user_id uuid NOT NULL,
        file_name text NOT NULL,
        storage_key text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 text NOT NULL,
        status text NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
        error text,
        rows_read integer NOT NULL DEFAULT 0,
        rows_filed integer NOT NULL DEFAULT 0,
        rows_refused integer NOT NULL DEFAULT 0,
        requests_filed integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, organisation_id) REFERENCES organisation (alliance_id, id)
      )`);
    await q.query(`CREATE INDEX takedown_bulk_id ON takedown_bulk (id)`);
    await q.query(`CREATE INDEX takedown_bulk_organisation ON takedown_bulk (alliance_id, organisation_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE takedown_bulk_row (
        alliance_id uuid NOT NULL,
        bulk_id uuid NOT NULL,
        line integer NOT NULL,
        status text NOT NULL CHECK (status IN ('FILED', 'REFUSED')),
        field text,
        message text,
        request_id uuid,
        PRIMARY KEY (alliance_id, bulk_id, line),
        FOREIGN KEY (alliance_id, bulk_id) REFERENCES takedown_bulk (alliance_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE takedown_bulk_row`);
    await q.query(`DROP TABLE takedown_bulk`);
  }
}
