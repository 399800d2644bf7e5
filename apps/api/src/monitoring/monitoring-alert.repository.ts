import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { activeMemberCondition } from '../members/member-access.js';
import type { BrandAlertCounts } from './alert-figures.js';
import type { AlertReason } from './alert-reasons.js';
import type { ListingView } from './listing-match.repository.js';

/** An alert with its listing (as alerts show it). */
export interface AlertRow extends ListingView {
  id: string;
  allianceId: string;
  brandId: string;
  organisationId: string;
  sellerKey: string;
  score: number;
  reasons: AlertReason[];
  status: string;
  dismissReason: string | null;
  firstAlertedAt: Date;
  alertedAt: Date;
  triagedAt: Date | null;
  takedownRequestId: string | null;
}

export interface AlertFilter {
  brandId?: string;
  status?: string;
  minScore?: number;
}

const COLUMNS = `a.id, a.alliance_id AS "allianceId", a.brand_id AS "brandId", a.organisation_id AS "organisationId", a.seller_key AS "sellerKey", a.score, a.reasons,
  a.status, a.dismiss_reason AS "dismissReason", a.first_alerted_at AS "firstAlertedAt", a.alerted_at AS "alertedAt", a.triaged_at AS "triagedAt", a.takedown_request_id AS "takedownRequestId",
  l.marketplace_id AS "marketplaceId", l.listing_id AS "listingKey", l.url, l.title, l.price_minor::text AS "priceMinor", l.currency, l.units_sold AS "unitsSold",
  l.store_id AS "storeId", l.store_name AS "storeName", l.first_seen_at AS "firstSeenAt", l.changed_at AS "changedAt"`;

/**
 * Alerts as their readers see them: every read is the reader's organisation's alerts while it is
 * an active member (the condition is in the statement, so a page, its count and a triage agree).
 */
@Injectable()
export class MonitoringAlertRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private readable(): string {
    return `a.alliance_id = $1 AND a.organisation_id = $2 AND ${activeMemberCondition('a.alliance_id', 'a.organisation_id')}`;
  }

  /** A page by score (highest first), then newest id; and how many match. */
  async page(allianceId: string, organisationId: string, filter: AlertFilter, after: [number, string] | null, limit: number): Promise<{ totalCount: number; rows: AlertRow[] }> {
    const params: unknown[] = [allianceId, organisationId];
    const where = [this.readable()];
    if (filter.brandId) where.push(`a.brand_id = $${params.push(filter.brandId)}`);
    if (filter.status) where.push(`a.status = $${params.push(filter.status)}`);
    if (filter.minScore !== undefined) where.push(`a.score >= $${params.push(filter.minScore)}`);
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM monitoring_alert a WHERE ${where.join(' AND ')}`, params);
    const pageWhere = [...where];
    const pageParams = [...params];
    if (after) pageWhere.push(`(a.score, a.id) < ($${pageParams.push(after[0])}::smallint, $${pageParams.push(after[1])}::uuid)`);
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM monitoring_alert a JOIN listing l ON l.alliance_id = a.alliance_id AND l.id = a.listing_id
        WHERE ${pageWhere.join(' AND ')} ORDER BY a.score DESC, a.id DESC LIMIT $${pageParams.push(limit)}`,
      pageParams,
    );
    return { totalCount: n, rows };
  }

  /** Alerts by id that the reader's organisation holds (for `node` and triage). */
  byIds(allianceId: string, organisationId: string, ids: readonly string[], em: EntityManager = this.dataSource.manager): Promise<AlertRow[]> {
    return em.query(
      `SELECT ${COLUMNS} FROM monitoring_alert a JOIN listing l ON l.alliance_id = a.alliance_id AND l.id = a.listing_id
        WHERE ${this.readable()} AND a.id = ANY($3::uuid[])`,
      [allianceId, organisationId, ids],
    );
  }

  /** Sets the status, if the reader's organisation holds the alert and no takedown was filed from it; answers whether it did. */
  async triage(em: EntityManager, allianceId: string, organisationId: string, id: string, status: string, reason: string | null, actorId: string): Promise<boolean> {
    const [, affected] = await em.query(
      `UPDATE monitoring_alert a SET status = $4, dismiss_reason = $5, triaged_by = $6, triaged_at = now()
        WHERE ${this.readable()} AND a.id = $3 AND a.status <> 'FILED'`,
      [allianceId, organisationId, id, status, reason, actorId],
    );
    return affected > 0;
  }

  /** The alert became a takedown request (FILED); answers whether the reader's organisation holds it. */
  async markFiled(em: EntityManager, allianceId: string, organisationId: string, id: string, requestId: string, actorId: string): Promise<boolean> {
    const [, affected] = await em.query(
      `UPDATE monitoring_alert a SET status = 'FILED', takedown_request_id = $4, dismiss_reason = NULL, triaged_by = $5, triaged_at = now()
        WHERE ${this.readable()} AND a.id = $3`,
      [allianceId, organisationId, id, requestId, actorId],
    );
    return affected > 0;
  }

  /**
   * Alerts first raised in [from, to) per brand and status: of the organisation's brands while it
   * is an active member, or (organisationId null: the coordinators' counts) of every brand.
   */
  brandCounts(allianceId: string, organisationId: string | null, from: Date, to: Date): Promise<BrandAlertCounts[]> {
    return this.dataSource.query(
      `SELECT a.brand_id AS "brandId", count(*)::int AS alerts, (count(*) FILTER (WHERE a.status = 'NEW'))::int AS "newAlerts",
              (count(*) FILTER (WHERE a.status = 'WATCHING'))::int AS watching, (count(*) FILTER (WHERE a.status = 'DISMISSED'))::int AS dismissed,
              (count(*) FILTER (WHERE a.status = 'FILED'))::int AS filed
         FROM monitoring_alert a
        WHERE ${this.counted()} AND a.first_alerted_at >= $3 AND a.first_alerted_at < $4
        GROUP BY a.brand_id ORDER BY count(*) DESC, a.brand_id`,
      [allianceId, organisationId, from, to],
    );
  }

  /** The takedowns filed from those alerts, with their listing's first sighting and units sold. */
  filed(allianceId: string, organisationId: string | null, from: Date, to: Date): Promise<{ requestId: string; firstSeenAt: Date; unitsSold: number | null }[]> {
    return this.dataSource.query(
      `SELECT a.takedown_request_id AS "requestId", l.first_seen_at AS "firstSeenAt", l.units_sold AS "unitsSold"
         FROM monitoring_alert a JOIN listing l ON l.alliance_id = a.alliance_id AND l.id = a.listing_id
        WHERE ${this.counted()} AND a.first_alerted_at >= $3 AND a.first_alerted_at < $4 AND a.status = 'FILED'`,
      [allianceId, organisationId, from, to],
    );
  }

  /**
   * Every alert of the alliance first raised in [from, to), per month of that (UTC, YYYY-MM): how
   * many, and the takedown requests filed from them (the impact report's proactive removals).
   */
  perMonth(allianceId: string, from: Date, to: Date): Promise<{ month: string; alerts: number; filedRequestIds: string[] }[]> {
    return this.dataSource.query(
      `SELECT to_char(m.month, 'YYYY-MM') AS month, m.alerts, m."filedRequestIds"
         FROM (SELECT date_trunc('month', a.first_alerted_at AT TIME ZONE 'UTC') AS month, count(*)::int AS alerts,
                      coalesce(array_agg(a.takedown_request_id) FILTER (WHERE a.status = 'FILED'), '{}') AS "filedRequestIds"
                 FROM monitoring_alert a
                WHERE a.alliance_id = $1 AND a.first_alerted_at >= $2 AND a.first_alerted_at < $3
                GROUP BY 1) m
        ORDER BY m.month`,
      [allianceId, from, to],
    );
  }

  private counted(): string {
    return `a.alliance_id = $1 AND ($2::uuid IS NULL OR (a.organisation_id = $2 AND ${activeMemberCondition('a.alliance_id', 'a.organisation_id')}))`;
  }

  /** The seller stops alerting the brand for these rules (a dismissal's). */
  async suppress(em: EntityManager, allianceId: string, alert: Pick<AlertRow, 'id' | 'brandId' | 'sellerKey'>, ruleKeys: readonly string[], reason: string, actorId: string): Promise<void> {
    if (!ruleKeys.length) return;
    await em.query(
      `INSERT INTO monitoring_suppression (alliance_id, brand_id, seller_key, rule_key, alert_id, reason, created_by)
       SELECT $1, $2, $3, k, $4, $5, $6 FROM unnest($7::text[]) k
       ON CONFLICT (alliance_id, brand_id, seller_key, rule_key) DO UPDATE SET alert_id = EXCLUDED.alert_id, reason = EXCLUDED.reason, created_by = EXCLUDED.created_by, created_at = now()`,
      [allianceId, alert.brandId, alert.sellerKey, alert.id, reason, actorId, [...new Set(ruleKeys)]],
    );
  }
}
