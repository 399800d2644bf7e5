import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When an import's uploaded file was deleted (IMPORT_FILE_RETENTION_DAYS after the import ended). */
export class ImportFileRetention1764982800000 implements MigrationInterface {
  name = 'ImportFileRetention1764982800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_job ADD COLUMN file_deleted_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_job DROP COLUMN file_deleted_at`);
  }
}
