import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shared counterfeiter intelligence: reports with TLP 2.0 sharing levels and their history,
 * normalised indicators, correlation keys (with the alliance's exclusions and over-correlation
 * limit), counterfeiter networks with their events, and sightings.
 */
export class Intelligence1763866800000 implements MigrationInterface {
  name = 'Intelligence1763866800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alliance ADD COLUMN correlation_limit integer NOT NULL DEFAULT 100 CHECK (correlation_limit BETWEEN 2 AND 100000)`);
    await q.query(`ALTER TABLE alliance ADD COLUMN marketplaces text[] NOT NULL DEFAULT '{taobao,tmall,aliexpress,alibaba,amazon,ebay,jd,pinduoduo,shopee,lazada,etsy,walmart}'`);

    await q.query(`
      CREATE TABLE counterfeiter_network (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        merged_into_id uuid REFERENCES counterfeiter_network(id),
        report_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX counterfeiter_network_alliance ON counterfeiter_network (alliance_id)`);

    await q.query(`
      CREATE TABLE intel_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        author_id uuid NOT NULL,
        kind text NOT NULL,
        title text NOT NULL,
        summary text NOT NULL DEFAULT '',
        confidence integer NOT NULL CHECK (confidence BETWEEN 0 AND 100),
        sharing_level text NOT NULL,
        status text NOT NULL DEFAULT 'DRAFT',
        country char(2),
        countries text[] NOT NULL DEFAULT '{}',
        marketplaces text[] NOT NULL DEFAULT '{}',
        first_observed_on date,
        last_observed_on date,
        network_id uuid REFERENCES counterfeiter_network(id),
        version integer NOT NULL DEFAULT 1,
        source_ref text,
        published_at timestamptz,
        retracted_at timestamptz,
        retraction_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX intel_report_feed ON intel_report (alliance_id, status, published_at DESC, id)`);
    await q.query(`CREATE INDEX intel_report_network ON intel_report (network_id)`);
    await q.query(`CREATE INDEX intel_report_title_trgm ON intel_report USING gin (lower(title) gin_trgm_ops)`);
    // imports are idempotent through the source's own id
    await q.query(`CREATE UNIQUE INDEX intel_report_source_ref ON intel_report (alliance_id, organisation_id, source_ref) WHERE source_ref IS NOT NULL`);

    await q.query(`
      CREATE TABLE intel_report_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        report_id uuid NOT NULL REFERENCES intel_report(id),
        version integer NOT NULL,
        snapshot jsonb NOT NULL,
        actor_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (report_id, version)
      )`);

    await q.query(`
      CREATE TABLE intel_report_brand (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        report_id uuid NOT NULL REFERENCES intel_report(id) ON DELETE CASCADE,
        brand_id uuid NOT NULL REFERENCES brand(id),
        PRIMARY KEY (report_id, brand_id)
      )`);
    await q.query(`CREATE INDEX intel_report_brand_brand ON intel_report_brand (brand_id)`);
    await q.query(`
      CREATE TABLE intel_report_category (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        report_id uuid NOT NULL REFERENCES intel_report(id) ON DELETE CASCADE,
        category_id uuid NOT NULL REFERENCES industry_category(id),
        PRIMARY KEY (report_id, category_id)
      )`);
    await q.query(`
      CREATE TABLE intel_report_evidence (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        report_id uuid NOT NULL REFERENCES intel_report(id) ON DELETE CASCADE,
        file_id uuid NOT NULL REFERENCES evidence_file(id),
        PRIMARY KEY (report_id, file_id)
      )`);

    await q.query(`
      CREATE TABLE indicator (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        report_id uuid NOT NULL REFERENCES intel_report(id) ON DELETE CASCADE,
        type text NOT NULL,
        raw_value text NOT NULL,
        key text NOT NULL,
        note text,
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (report_id, type, key)
      )`);
    await q.query(`CREATE INDEX indicator_key ON indicator (alliance_id, type, key)`);
    await q.query(`CREATE INDEX indicator_raw_trgm ON indicator USING gin (lower(raw_value) gin_trgm_ops)`);

    // one row per (type, key) seen in published reports: counts and the coordinators' decisions
    await q.query(`
      CREATE TABLE correlation_key (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        type text NOT NULL,
        key text NOT NULL,
        report_count integer NOT NULL DEFAULT 0,
        decision text,
        decision_reason text,
        decided_by uuid,
        decided_at timestamptz,
        PRIMARY KEY (alliance_id, type, key)
      )`);
    await q.query(`CREATE INDEX correlation_key_decision ON correlation_key (alliance_id, decision) WHERE decision IS NOT NULL`);

    await q.query(`
      CREATE TABLE network_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        network_id uuid NOT NULL REFERENCES counterfeiter_network(id),
        kind text NOT NULL,
        cause text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX network_event_network ON network_event (network_id, id)`);

    await q.query(`
      CREATE TABLE sighting (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        indicator_id uuid NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        user_id uuid,
        seen_at timestamptz NOT NULL,
        note text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sighting_indicator ON sighting (indicator_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['sighting', 'network_event', 'correlation_key', 'indicator', 'intel_report_evidence', 'intel_report_category', 'intel_report_brand', 'intel_report_version', 'intel_report', 'counterfeiter_network']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`ALTER TABLE alliance DROP COLUMN marketplaces`);
    await q.query(`ALTER TABLE alliance DROP COLUMN correlation_limit`);
  }
}
