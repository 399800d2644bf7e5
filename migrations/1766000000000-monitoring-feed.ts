import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monitoring feed (issue 17, outcome 1): marketplace listings pushed by marketplace partners
 * and members' crawlers, one row per listing of a marketplace the alliance keeps (takedown's
 * `marketplace` table), so a listing sent again updates its row. Money in minor units with its
 * ISO 4217 code; images as their URLs or, for bytes sent, their SHA-256 (the bytes are kept
 * content-addressed under FILES_DIR/<alliance>/listing-images/). Matching (outcome 2) reads
 * store ids, contacts and images from here.
 */
export class MonitoringFeed1766000000000 implements MigrationInterface {
  name = 'MonitoringFeed1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE listing (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        marketplace_id uuid NOT NULL,
        listing_id text NOT NULL CHECK (length(listing_id) BETWEEN 1 AND 120),
        url text NOT NULL,
        title text NOT NULL,
        description text,
        price_minor bigint CHECK (price_minor >= 0),
        currency char(3),
        units_sold integer CHECK (units_sold >= 0),
        store_id text,
        store_name text,
        seller_contacts text[] NOT NULL DEFAULT '{}',
        -- [{ "url": … }] or [{ "sha256": …, "contentType": …, "sizeBytes": … }], in the order sent
        images jsonb NOT NULL DEFAULT '[]',
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        -- when what the listing says last changed (a re-send of the same content leaves it)
        changed_at timestamptz NOT NULL DEFAULT now(),
        -- who sent it last: the organisation (partner or member) and the person or key
        source_organisation_id uuid,
        pushed_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, marketplace_id) REFERENCES marketplace (alliance_id, id),
        FOREIGN KEY (alliance_id, source_organisation_id) REFERENCES organisation (alliance_id, id),
        CHECK ((price_minor IS NULL) = (currency IS NULL))
      )`);
    // a listing sent again is the same row: the feed's upsert key
    await q.query(`CREATE UNIQUE INDEX listing_key ON listing (alliance_id, marketplace_id, listing_id)`);
    // matching (outcome 2) looks sellers up by store
    await q.query(`CREATE INDEX listing_store ON listing (alliance_id, marketplace_id, store_id) WHERE store_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE listing`);
  }
}
