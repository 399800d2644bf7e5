import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Matching and alerts (issue 17, outcomes 2 and 3): each brand's monitoring rules, the alerts the
 * matching job writes (one per listing and brand, with its reasons and score), and the seller-and-rule
 * pairs a member dismissed, which stop alerting.
 */
export class MonitoringAlerts1766200000000 implements MigrationInterface {
  name = 'MonitoringAlerts1766200000000';

  async up(q: QueryRunner): Promise<void> {
    // KEYWORD: any term and none of the excluded terms, as whole words (normalised: lower case,
    // anything but letters and digits a space); PRICE_FLOOR: a listing of the brand naming the
    // product line (its terms) priced below the floor in the floor's currency; IMAGE: a listing's
    // picture within max_distance bits (Hamming) of a reference picture's 64-bit perceptual hash.
    // No user regex.
    await q.query(`
      CREATE TABLE monitoring_rule (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL,
        -- the brand's owner when the rule was written: its alerts go to this member
        organisation_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('KEYWORD', 'PRICE_FLOOR', 'IMAGE')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        terms text[] NOT NULL CHECK (cardinality(terms) <= 50),
        excluded_terms text[] NOT NULL DEFAULT '{}' CHECK (cardinality(excluded_terms) <= 50),
        floor_minor bigint CHECK (floor_minor > 0),
        currency char(3),
        image_hashes bigint[] CHECK (cardinality(image_hashes) BETWEEN 1 AND 10),
        max_distance smallint CHECK (max_distance BETWEEN 0 AND 20),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, brand_id) REFERENCES brand (alliance_id, id) ON DELETE CASCADE,
        FOREIGN KEY (alliance_id, organisation_id) REFERENCES organisation (alliance_id, id),
        CHECK ((kind = 'PRICE_FLOOR') = (floor_minor IS NOT NULL AND currency IS NOT NULL)),
        CHECK ((kind = 'IMAGE') = (image_hashes IS NOT NULL AND max_distance IS NOT NULL)),
        CHECK (kind = 'IMAGE' OR cardinality(terms) >= 1)
      )`);
    await q.query(`CREATE INDEX monitoring_rule_brand ON monitoring_rule (alliance_id, brand_id)`);

    // each picture the feed kept (by its SHA-256) hashed once, when an alliance has IMAGE rules;
    // phash NULL: the bytes were no picture sharp could read
    await q.query(`
      CREATE TABLE listing_image_hash (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        sha256 char(64) NOT NULL,
        phash bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id, sha256)
      )`);

    await q.query(`
      CREATE TABLE monitoring_alert (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        listing_id uuid NOT NULL,
        brand_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        -- marketplace id and store id in lower case, or listing:<id> for a listing without a store
        seller_key text NOT NULL,
        score smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
        -- [{ kind, ruleKey, ruleId?, weight, detail, networkIds?, … }]
        reasons jsonb NOT NULL,
        status text NOT NULL DEFAULT 'NEW' CHECK (status IN ('NEW', 'WATCHING', 'DISMISSED', 'FILED')),
        dismiss_reason text,
        triaged_by uuid,
        triaged_at timestamptz,
        -- FILED: the takedown request filed from the alert
        takedown_request_id uuid,
        -- the listing's changed_at this alert was matched at: a watched listing alerts again when it moves
        listing_changed_at timestamptz NOT NULL,
        first_alerted_at timestamptz NOT NULL DEFAULT now(),
        alerted_at timestamptz NOT NULL DEFAULT now(),
        matched_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, listing_id) REFERENCES listing (alliance_id, id) ON DELETE CASCADE,
        FOREIGN KEY (alliance_id, brand_id) REFERENCES brand (alliance_id, id) ON DELETE CASCADE,
        FOREIGN KEY (alliance_id, organisation_id) REFERENCES organisation (alliance_id, id),
        FOREIGN KEY (alliance_id, takedown_request_id) REFERENCES takedown_request (alliance_id, id),
        CHECK ((status = 'FILED') = (takedown_request_id IS NOT NULL))
      )`);
    // one alert per listing and brand
    await q.query(`CREATE UNIQUE INDEX monitoring_alert_key ON monitoring_alert (alliance_id, listing_id, brand_id)`);
    // the inbox: a member's alerts by score
    await q.query(`CREATE INDEX monitoring_alert_inbox ON monitoring_alert (alliance_id, organisation_id, score DESC, id DESC)`);
    // a brand's latest alerts (its median price: MEDIAN_WINDOW of them)
    await q.query(`CREATE INDEX monitoring_alert_brand ON monitoring_alert (alliance_id, brand_id, first_alerted_at DESC)`);

    await q.query(`
      CREATE TABLE monitoring_suppression (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        brand_id uuid NOT NULL,
        seller_key text NOT NULL,
        -- a rule's id, or the automatic reason's kind (INTEL, REPEAT_OFFENDER, …)
        rule_key text NOT NULL,
        alert_id uuid NOT NULL,
        reason text NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id, brand_id, seller_key, rule_key),
        FOREIGN KEY (alliance_id, brand_id) REFERENCES brand (alliance_id, id) ON DELETE CASCADE,
        FOREIGN KEY (alliance_id, alert_id) REFERENCES monitoring_alert (alliance_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE monitoring_suppression`);
    await q.query(`DROP TABLE monitoring_alert`);
    await q.query(`DROP TABLE listing_image_hash`);
    await q.query(`DROP TABLE monitoring_rule`);
  }
}
