import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The feed's listing upsert (issue 17, "Performance": at 100,000 listings fed it is matching's
 * costliest statement) keeps one index fewer: `listing_store` (alliance, marketplace, store id) was
 * made for matching to look sellers up by store, but no statement reads `listing` by store (matching
 * reads a chunk by id; sellers are looked up in intelligence and in the takedown record), so every
 * listing written paid for an index nothing used.
 */
export class ListingStoreIndex1767400000000 implements MigrationInterface {
  name = 'ListingStoreIndex1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS listing_store`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX listing_store ON listing (alliance_id, marketplace_id, store_id) WHERE store_id IS NOT NULL`);
  }
}
