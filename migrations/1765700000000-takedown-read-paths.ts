import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two reads of issue 16's benchmark (1,000,000 requests, 3,000,000 listings), each an index scan:
 * - the reviewers' queue in its page's order: undecided requests of a marketplace by due time,
 *   then id (the keyset). A page reads each marketplace's first rows from it and merges them,
 *   instead of sorting the whole queue of the reviewer's marketplaces. It replaces the index
 *   without id.
 * - the strike ladder's lookup of stores' removed listings, by store id as it compares them
 *   (lower case): without it, each filing of a request read every listing of the alliance.
 */
export class TakedownReadPaths1765700000000 implements MigrationInterface {
  name = 'TakedownReadPaths1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX takedown_request_queue_due ON takedown_request (alliance_id, marketplace_id, due_at, id) WHERE status IN ('SUBMITTED', 'UNDER_REVIEW')`);
    await q.query(`DROP INDEX takedown_request_queue`);
    await q.query(`CREATE INDEX takedown_listing_removed_store ON takedown_listing (alliance_id, lower(store_id)) WHERE outcome = 'REMOVED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX takedown_listing_removed_store`);
    await q.query(`CREATE INDEX takedown_request_queue ON takedown_request (alliance_id, marketplace_id, due_at) WHERE status IN ('SUBMITTED', 'UNDER_REVIEW')`);
    await q.query(`DROP INDEX takedown_request_queue_due`);
  }
}
