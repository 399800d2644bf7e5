import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Background imports of STIX bundles and CSV files: the uploaded file stays on disk, the job row
 * holds its progress and a checkpoint, so an import stopped mid-way resumes where it was.
 */
export class ImportJobs1763874000000 implements MigrationInterface {
  name = 'ImportJobs1763874000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_job (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        format text NOT NULL,
        file_name text NOT NULL,
        storage_key text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 char(64) NOT NULL,
        status text NOT NULL DEFAULT 'QUEUED',
        phase text,
        rows_read integer NOT NULL DEFAULT 0,
        reports_total integer,
        reports_done integer NOT NULL DEFAULT 0,
        reports_created integer NOT NULL DEFAULT 0,
        reports_already_imported integer NOT NULL DEFAULT 0,
        indicators_created integer NOT NULL DEFAULT 0,
        skipped jsonb NOT NULL DEFAULT '[]',
        errors jsonb NOT NULL DEFAULT '[]',
        error_count integer NOT NULL DEFAULT 0,
        worker text,
        heartbeat_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX import_job_pending ON import_job (created_at) WHERE status IN ('QUEUED', 'RUNNING')`);
    await q.query(`CREATE INDEX import_job_org ON import_job (alliance_id, organisation_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_job`);
  }
}
