import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Matching's read paths (issue 17, "Performance"), measured with `npm run bench:monitoring`:
 * - A listing keeps the text brand rules are matched against: its title and description normalised
 *   as rules' terms are (libs/domain `normaliseTerm`), a space at each end, written by the feed with
 *   the listing (`listingMatchText`). Matching normalised it in SQL for every listing of every chunk;
 *   one normaliser, the rules', also treats letters beyond ASCII alike on both sides. Rows written
 *   before (or by a path that does not set it) are normalised in SQL when read.
 * - The picture-band index of IMAGE_HASH indicators (migration 1766800000000) takes its entries at
 *   once instead of through GIN's pending list: a search reads the whole pending list, and after an
 *   import of intelligence each chunk's picture lookup took 0.1 s per picture, not 0.1 ms, until a
 *   vacuum merged it. Only perceptual hashes are in this partial index, so imports pay little.
 */
export class MatchingReadPaths1767200000000 implements MigrationInterface {
  name = 'MatchingReadPaths1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE listing ADD COLUMN match_text text`);
    await q.query(`ALTER INDEX indicator_phash_bands SET (fastupdate = off)`);
    await q.query(`SELECT gin_clean_pending_list('indicator_phash_bands'::regclass)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX indicator_phash_bands RESET (fastupdate)`);
    await q.query(`ALTER TABLE listing DROP COLUMN match_text`);
  }
}
