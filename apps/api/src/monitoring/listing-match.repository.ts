import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AlertReason } from './alert-reasons.js';
import type { MatchableRule } from './rule-matching.js';

/** A listing of a chunk as matching reads it. */
export interface ListingToMatch {
  id: string;
  marketplaceId: string;
  storeId: string | null;
  sellerContacts: string[];
  /** The SHA-256 of each picture the feed kept, and its perceptual hash (signed 64-bit, as text) once hashed (`hashed`; null then: no picture sharp could read). */
  pictures: { sha256: string; phash: string | null; hashed: boolean }[];
  priceMinor: string | null;
  currency: string | null;
  changedAt: Date;
  /** title and description as rules are matched against them (` word word `) */
  text: string;
}

/** A listing as alerts and previews show it. */
export interface ListingView {
  marketplaceId: string;
  listingKey: string;
  url: string;
  title: string;
  priceMinor: string | null;
  currency: string | null;
  unitsSold: number | null;
  storeId: string | null;
  storeName: string | null;
  firstSeenAt: Date;
  changedAt: Date;
}

export interface AlertWrite {
  listingId: string;
  brandId: string;
  organisationId: string;
  sellerKey: string;
  score: number;
  reasons: AlertReason[];
  changedAt: Date;
  /** the listing's price as matched (the brand's median reads it from its alerts) */
  priceMinor: string | null;
  currency: string | null;
}

/**
 * A listing's title and description as terms are searched: as the feed wrote them (`match_text`,
 * rule-matching.ts `listingMatchText`: normalised as rules' terms are, with a space at each
 * end), so `strpos(text, ' ' || term || ' ')` finds whole words and phrases with no user regex. A
 * row written without it (before migration 1767200000000) is normalised here, in SQL, alike for ASCII.
 */
const MATCH_TEXT = `coalesce(l.match_text, ' ' || btrim(regexp_replace(lower(l.title || ' ' || coalesce(l.description, '')), '[^[:alnum:]]+', ' ', 'g')) || ' ')`;

/**
 * Matching's statements (issue 17, outcome 2): each is set-based over a chunk of listings (one
 * statement per rule kind per chunk, never one per listing), on the monitoring tables.
 */
@Injectable()
export class ListingMatchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A chunk's listings as matching reads them, in one statement: the match text, the seller, the
   * price and each picture with its perceptual hash once hashed. (`(img->>'sha256')::bpchar`: the
   * key's type, so the picture is found by its primary key, not by comparing every picture as text;
   * a listing without images, most of a feed, runs no subquery.)
   */
  chunk(allianceId: string, ids: readonly string[]): Promise<ListingToMatch[]> {
    return this.dataSource.query(
      `SELECT l.id, l.marketplace_id AS "marketplaceId", l.store_id AS "storeId", l.seller_contacts AS "sellerContacts",
              CASE WHEN l.images = '[]' THEN '[]' ELSE
                coalesce((SELECT jsonb_agg(jsonb_build_object('sha256', img->>'sha256', 'phash', h.phash::text, 'hashed', h.sha256 IS NOT NULL))
                            FROM jsonb_array_elements(l.images) img
                            LEFT JOIN listing_image_hash h ON h.alliance_id = l.alliance_id AND h.sha256 = (img->>'sha256')::bpchar
                           WHERE img ? 'sha256'), '[]') END AS pictures,
              l.price_minor::text AS "priceMinor", l.currency, l.changed_at AS "changedAt", ${MATCH_TEXT} AS text
         FROM listing l WHERE l.alliance_id = $1 AND l.id = ANY($2::uuid[])`,
      [allianceId, ids],
    );
  }

  /**
   * What the alliance's rules are at: their count and the sum of their rows' transaction ids, so
   * any insert, update or delete (a brand's deletion too) changes it, whatever the commit order.
   */
  async rulesVersion(allianceId: string): Promise<string> {
    const [row] = await this.dataSource.query(
      `SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) AS version FROM monitoring_rule WHERE alliance_id = $1`,
      [allianceId],
    );
    return row.version;
  }

  /** Every rule of the alliance, as matching indexes them (rule-matching.ts `RuleIndex`). */
  rules(allianceId: string): Promise<MatchableRule[]> {
    return this.dataSource.query(
      `SELECT r.id AS "ruleId", r.brand_id AS "brandId", r.organisation_id AS "organisationId", r.kind, r.name, r.terms, r.excluded_terms AS "excludedTerms",
              r.floor_minor::text AS "floorMinor", r.currency, r.image_hashes::text[] AS "imageHashes", r.max_distance AS "maxDistance"
         FROM monitoring_rule r WHERE r.alliance_id = $1`,
      [allianceId],
    );
  }

  /** Keeps pictures' hashes (NULL: no picture sharp could read), once per picture. */
  async keepImageHashes(allianceId: string, rows: readonly { sha256: string; phash: bigint | null }[]): Promise<void> {
    if (!rows.length) return;
    await this.dataSource.query(
      `INSERT INTO listing_image_hash (alliance_id, sha256, phash) SELECT $1, s, p FROM unnest($2::text[], $3::bigint[]) AS x(s, p) ON CONFLICT DO NOTHING`,
      [allianceId, rows.map((r) => r.sha256), rows.map((r) => (r.phash === null ? null : r.phash.toString()))],
    );
  }

  /**
   * What a rule would have matched among the alliance's listings seen since `since` (the rules
   * editor's preview): how many and the most recent few. The rule as given, not as kept: terms and
   * excluded terms for KEYWORD and PRICE_FLOOR (with the floor), reference hashes for IMAGE (over
   * the pictures hashed so far). Bounded by a statement timeout: a preview is never a long scan.
   */
  async preview(allianceId: string, rule: { kind: string; terms: string[]; excludedTerms: string[]; floorMinor: bigint | null; currency: string | null; imageHashes: bigint[] | null; maxDistance: number | null },
    since: Date, limit: number): Promise<{ matched: number; sample: string[] }> {
    const textual = `EXISTS (SELECT 1 FROM unnest($3::text[]) t WHERE strpos(w.words, ' ' || t || ' ') > 0)
      AND NOT EXISTS (SELECT 1 FROM unnest($4::text[]) x WHERE strpos(w.words, ' ' || x || ' ') > 0)
      AND ($5::bigint IS NULL OR (w.price_minor < $5::bigint AND w.currency = $6))`;
    const pictured = `EXISTS (SELECT 1 FROM jsonb_array_elements(w.images) img
      JOIN listing_image_hash h ON h.alliance_id = $1 AND h.sha256 = (img->>'sha256')::bpchar AND h.phash IS NOT NULL
      CROSS JOIN unnest($3::bigint[]) ref WHERE bit_count((h.phash # ref)::bit(64)) <= $4::int)`;
    const image = rule.kind === 'IMAGE';
    const params: unknown[] = image
      ? [allianceId, since, rule.imageHashes?.map(String) ?? [], rule.maxDistance ?? 0]
      : [allianceId, since, rule.terms, rule.excludedTerms, rule.kind === 'PRICE_FLOOR' ? rule.floorMinor?.toString() : null, rule.currency];
    return this.dataSource.transaction(async (em) => {
      await em.query(`SET LOCAL statement_timeout = '5s'`);
      const rows: { id: string; n: number }[] = await em.query(
        `WITH w AS (SELECT l.id, l.last_seen_at, l.price_minor, l.currency, l.images, ${MATCH_TEXT} AS words FROM listing l WHERE l.alliance_id = $1 AND l.last_seen_at >= $2),
              hit AS (SELECT w.id, w.last_seen_at FROM w WHERE ${image ? pictured : textual})
         SELECT hit.id, (SELECT count(*)::int FROM hit) AS n FROM hit ORDER BY hit.last_seen_at DESC, hit.id LIMIT $${params.push(limit)}`,
        params,
      );
      return { matched: rows[0]?.n ?? 0, sample: rows.map((r) => r.id) };
    });
  }

  /** Listings as a preview or an alert shows them, in the order of `ids`. */
  async views(allianceId: string, ids: readonly string[]): Promise<ListingView[]> {
    if (!ids.length) return [];
    const rows: (ListingView & { id: string })[] = await this.dataSource.query(
      `SELECT l.id, l.marketplace_id AS "marketplaceId", l.listing_id AS "listingKey", l.url, l.title, l.price_minor::text AS "priceMinor", l.currency,
              l.units_sold AS "unitsSold", l.store_id AS "storeId", l.store_name AS "storeName", l.first_seen_at AS "firstSeenAt", l.changed_at AS "changedAt"
         FROM listing l WHERE l.alliance_id = $1 AND l.id = ANY($2::uuid[])`,
      [allianceId, ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is ListingView & { id: string } => !!r);
  }

  /**
   * The median price of each brand's listings (those it has alerts on, of any score) per currency,
   * and how many: over its latest `window` alerts, so a chunk's cost stays bounded however many
   * alerts a brand gathers (an index-only range per brand: each alert keeps its listing's price as matched).
   */
  medians(allianceId: string, brandIds: readonly string[], window: number): Promise<{ brandId: string; currency: string; median: number; n: number }[]> {
    if (!brandIds.length) return Promise.resolve([]);
    // by index, always: planned on statistics taken before a feed's first minute (an empty alert
    // table), each brand's alerts were read by scanning them all, 330 ms a chunk at 20,000 listings
    return this.dataSource.transaction(async (em) => {
      await em.query(`SELECT set_config('enable_seqscan', 'off', true)`);
      return em.query(
        `SELECT b.brand_id AS "brandId", a.currency, percentile_cont(0.5) WITHIN GROUP (ORDER BY a.price_minor)::float8 AS median, count(*)::int AS n
           FROM unnest($2::uuid[]) AS b(brand_id)
           CROSS JOIN LATERAL (SELECT a.currency, a.price_minor FROM monitoring_alert a
                                WHERE a.alliance_id = $1 AND a.brand_id = b.brand_id
                                ORDER BY a.first_alerted_at DESC LIMIT $3) a
          WHERE a.price_minor IS NOT NULL
          GROUP BY 1, 2`,
        [allianceId, brandIds, window],
      );
    });
  }

  /** Of these brand-and-seller pairs, the rules a member dismissed for the seller. */
  suppressed(allianceId: string, pairs: readonly { brandId: string; sellerKey: string }[]): Promise<{ brandId: string; sellerKey: string; ruleKey: string }[]> {
    if (!pairs.length) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT s.brand_id AS "brandId", s.seller_key AS "sellerKey", s.rule_key AS "ruleKey"
         FROM monitoring_suppression s
        WHERE s.alliance_id = $1 AND (s.brand_id, s.seller_key) IN (SELECT * FROM unnest($2::uuid[], $3::text[]))`,
      [allianceId, pairs.map((p) => p.brandId), pairs.map((p) => p.sellerKey)],
    );
  }

  /**
   * Writes a chunk's alerts in one statement: one per listing and brand. An alert that exists takes
   * the new reasons and score; a watched or dismissed one alerts again (NEW) only when its listing's
   * content moved since it was matched, so a job run twice, or a listing sent again unchanged,
   * never alerts twice; one a takedown was filed from stays FILED. Answers the alerts new or alerting again.
   * (The rows as one `json` parameter, parsed once as read, like the feed's upsert.)
   */
  async write(em: EntityManager, allianceId: string, rows: readonly AlertWrite[]): Promise<{ alerted: number; updated: number }> {
    if (!rows.length) return { alerted: 0, updated: 0 };
    const result: { alerted: boolean }[] = await em.query(
      `INSERT INTO monitoring_alert AS a (alliance_id, listing_id, brand_id, organisation_id, seller_key, score, reasons, listing_changed_at, price_minor, currency)
       SELECT $1::uuid, r."listingId", r."brandId", r."organisationId", r."sellerKey", r.score, r.reasons, r."changedAt", r."priceMinor", r.currency
         FROM json_to_recordset($2::json) AS r("listingId" uuid, "brandId" uuid, "organisationId" uuid, "sellerKey" text, score smallint, reasons jsonb, "changedAt" timestamptz, "priceMinor" bigint, currency char(3))
       ON CONFLICT (alliance_id, listing_id, brand_id) DO UPDATE SET
         score = EXCLUDED.score, reasons = EXCLUDED.reasons, seller_key = EXCLUDED.seller_key, matched_at = now(),
         price_minor = EXCLUDED.price_minor, currency = EXCLUDED.currency,
         status = CASE WHEN a.status IN ('WATCHING', 'DISMISSED') AND EXCLUDED.listing_changed_at > a.listing_changed_at THEN 'NEW' ELSE a.status END,
         alerted_at = CASE WHEN a.status IN ('WATCHING', 'DISMISSED') AND EXCLUDED.listing_changed_at > a.listing_changed_at THEN now() ELSE a.alerted_at END,
         dismiss_reason = CASE WHEN a.status IN ('WATCHING', 'DISMISSED') AND EXCLUDED.listing_changed_at > a.listing_changed_at THEN NULL ELSE a.dismiss_reason END,
         listing_changed_at = GREATEST(a.listing_changed_at, EXCLUDED.listing_changed_at)
       WHERE a.status = 'NEW' OR EXCLUDED.listing_changed_at > a.listing_changed_at
       RETURNING (xmax = 0 OR alerted_at = now()) AS alerted`,
      [allianceId, JSON.stringify(rows)],
    );
    const alerted = result.filter((r) => r.alerted).length;
    return { alerted, updated: result.length - alerted };
  }
}
