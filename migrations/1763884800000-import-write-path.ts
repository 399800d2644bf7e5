import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The write path of large imports (docs/import-throughput.md):
 *  - Indicators and correlation keys are the two tables an import adds a row to per indicator.
 *    Their alliance_id is the tenant column copied from the report (whose own alliance foreign key
 *    stays); checking it against the alliance row on every insert cost a fifth of writing an
 *    indicator (0.5 s per 100,000) and of counting its key (0.2 s).
 *  - Report titles go back to a GIN trigram index: the GiST index cost 55 µs per report written
 *    (1.1 s per 20,000) against 9 µs for GIN. Title search now asks the index for the query's
 *    rarest part and checks the whole query on the candidates, as value search does, which was
 *    the reason for GiST (a GIN index reads the posting list of every common trigram).
 */
export class ImportWritePath1763884800000 implements MigrationInterface {
  name = 'ImportWritePath1763884800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE indicator DROP CONSTRAINT IF EXISTS indicator_alliance_id_fkey`);
    await q.query(`ALTER TABLE correlation_key DROP CONSTRAINT IF EXISTS correlation_key_alliance_id_fkey`);
    await q.query(`DROP INDEX intel_report_title_trgm`);
    await q.query(`CREATE INDEX intel_report_title_trgm ON intel_report USING gin (lower(title) gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX intel_report_title_trgm`);
    await q.query(`CREATE INDEX intel_report_title_trgm ON intel_report USING gist (lower(title) gist_trgm_ops(siglen = 128))`);
    await q.query(`ALTER TABLE correlation_key ADD CONSTRAINT correlation_key_alliance_id_fkey FOREIGN KEY (alliance_id) REFERENCES alliance(id)`);
    await q.query(`ALTER TABLE indicator ADD CONSTRAINT indicator_alliance_id_fkey FOREIGN KEY (alliance_id) REFERENCES alliance(id)`);
  }
}
