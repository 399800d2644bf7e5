import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Titles go back to a GIN trigram index. GiST was chosen for pg_trgm's `%` on titles, which search
 * no longer uses: a misspelt query is now looked up by pieces (`LIKE '%piece%'`, see
 * apps/api/src/intel/fuzzy-plan.ts), which GIN answers from the rarest trigrams of each piece
 * (4.6 ms against 13 ms with GiST for "seler ring 1234 shop" over 200,000 titles), and GIN costs
 * a sixth of GiST to write (0.18 s against 1.1 s per 20,000 imported reports).
 */
export class TitleSearchGin1763892000000 implements MigrationInterface {
  name = 'TitleSearchGin1763892000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX intel_report_title_trgm`);
    await q.query(`CREATE INDEX intel_report_title_trgm ON intel_report USING gin (lower(title) gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX intel_report_title_trgm`);
    await q.query(`CREATE INDEX intel_report_title_trgm ON intel_report USING gist (lower(title) gist_trgm_ops(siglen = 128))`);
  }
}
