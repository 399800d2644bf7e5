import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notice and takedown, first tables (issue 16): the marketplaces an alliance works with, requests
 * with their listings, and the one transition table of their lifecycle. Tenant-keyed from the start
 * (docs/scale-out.md). Existing alliances get a marketplace for each built-in URL rule they list.
 */
export class Takedown1764997200000 implements MigrationInterface {
  name = 'Takedown1764997200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE marketplace (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        rule text,
        domains text[] NOT NULL DEFAULT '{}',
        listing_template text,
        store_template text,
        jurisdiction text NOT NULL,
        abuse_email text,
        webhook_url text,
        reviewer_organisation_id uuid,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'RETIRED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, reviewer_organisation_id) REFERENCES organisation (alliance_id, id),
        CHECK (rule IS NOT NULL OR cardinality(domains) > 0)
      )`);
    await q.query(`CREATE UNIQUE INDEX marketplace_name ON marketplace (alliance_id, lower(name))`);
    await q.query(`CREATE INDEX marketplace_id ON marketplace (id)`);
    await q.query(`
      INSERT INTO marketplace (alliance_id, name, rule, jurisdiction)
      SELECT a.id, b.name, b.rule, b.jurisdiction
        FROM alliance a
        JOIN (VALUES ('taobao', 'Taobao', 'CN'), ('tmall', 'Tmall', 'CN'), ('aliexpress', 'AliExpress', 'CN'), ('alibaba', 'Alibaba.com', 'CN'),
                     ('amazon', 'Amazon', 'US'), ('ebay', 'eBay', 'US'), ('jd', 'JD.com', 'CN'), ('pinduoduo', 'Pinduoduo', 'CN'),
                     ('shopee', 'Shopee', 'SG'), ('lazada', 'Lazada', 'SG'), ('etsy', 'Etsy', 'US'), ('walmart', 'Walmart', 'US'))
             AS b(rule, name, jurisdiction) ON b.rule = ANY (a.marketplaces)`);

    await q.query(`
      CREATE TABLE takedown_request (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL,
        filed_by uuid NOT NULL,
        filed_by_kind text NOT NULL CHECK (filed_by_kind IN ('USER', 'API_KEY')),
        brand_id uuid NOT NULL,
        trademark_id uuid NOT NULL,
        marketplace_id uuid NOT NULL,
        reason text NOT NULL,
        statement text,
        channel text NOT NULL CHECK (channel IN ('PORTAL', 'API', 'BULK_CSV', 'PDF_FORM', 'EMAIL')),
        client_key text,
        status text NOT NULL,
        sla_hours integer NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        due_at timestamptz NOT NULL,
        paused_since timestamptz,
        paused_ms bigint NOT NULL DEFAULT 0,
        decided_at timestamptz,
        decided_by uuid,
        listing_count integer NOT NULL CHECK (listing_count BETWEEN 1 AND 300),
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, organisation_id) REFERENCES organisation (alliance_id, id),
        FOREIGN KEY (alliance_id, brand_id) REFERENCES brand (alliance_id, id),
        FOREIGN KEY (alliance_id, trademark_id) REFERENCES trademark (alliance_id, id),
        FOREIGN KEY (alliance_id, marketplace_id) REFERENCES marketplace (alliance_id, id)
      )`);
    await q.query(`CREATE INDEX takedown_request_id ON takedown_request (id)`);
    await q.query(`CREATE UNIQUE INDEX takedown_request_client_key ON takedown_request (alliance_id, organisation_id, client_key) WHERE client_key IS NOT NULL`);
    // the reviewers' queue: undecided requests of a marketplace by due time
    await q.query(`CREATE INDEX takedown_request_queue ON takedown_request (alliance_id, marketplace_id, due_at) WHERE status IN ('SUBMITTED', 'UNDER_REVIEW')`);
    await q.query(`CREATE INDEX takedown_request_complainant ON takedown_request (alliance_id, organisation_id, submitted_at DESC)`);

    await q.query(`
      CREATE TABLE takedown_listing (
        alliance_id uuid NOT NULL,
        request_id uuid NOT NULL,
        position integer NOT NULL,
        url text NOT NULL,
        listing_id text,
        store_id text,
        store_name text,
        price numeric(14, 2),
        currency char(3),
        outcome text CHECK (outcome IN ('REMOVED', 'NOT_REMOVED', 'ALREADY_GONE')),
        PRIMARY KEY (alliance_id, request_id, position),
        FOREIGN KEY (alliance_id, request_id) REFERENCES takedown_request (alliance_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX takedown_listing_store ON takedown_listing (alliance_id, store_id) WHERE store_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE takedown_transition (
        alliance_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL,
        from_status text,
        to_status text NOT NULL,
        action text NOT NULL,
        actor_kind text NOT NULL,
        actor_id uuid,
        note text,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, request_id) REFERENCES takedown_request (alliance_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX takedown_transition_request ON takedown_transition (alliance_id, request_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE takedown_transition`);
    await q.query(`DROP TABLE takedown_listing`);
    await q.query(`DROP TABLE takedown_request`);
    await q.query(`DROP TABLE marketplace`);
  }
}
