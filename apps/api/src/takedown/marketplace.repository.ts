import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';

const newSecret = () => randomBytes(32).toString('base64url');

export interface MarketplaceRow {
  allianceId: string;
  id: string;
  name: string;
  rule: string | null;
  domains: string[];
  listingTemplate: string | null;
  storeTemplate: string | null;
  jurisdiction: string;
  abuseEmail: string | null;
  webhookUrl: string | null;
  /** Signs webhook deliveries (HMAC-SHA256); made when a webhook URL is first set. */
  webhookSecret: string | null;
  reviewerOrganisationId: string | null;
  counterNoticeDays: number;
  answerDays: number;
  /** Trusted complainants' requests skip its queue. */
  allowsTrusted: boolean;
  status: 'ACTIVE' | 'RETIRED';
  createdAt: Date;
  updatedAt: Date;
}

export type MarketplaceValues = Omit<MarketplaceRow, 'allianceId' | 'id' | 'status' | 'createdAt' | 'updatedAt' | 'webhookSecret'>;

const COLUMNS = `alliance_id AS "allianceId", id, name, rule, domains, listing_template AS "listingTemplate", store_template AS "storeTemplate",
  jurisdiction, abuse_email AS "abuseEmail", webhook_url AS "webhookUrl", webhook_secret AS "webhookSecret", reviewer_organisation_id AS "reviewerOrganisationId",
  counter_notice_days AS "counterNoticeDays", answer_days AS "answerDays", allows_trusted AS "allowsTrusted", status, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Every SQL statement on `marketplace`. */
@Injectable()
export class MarketplaceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(allianceId: string, includeRetired: boolean, em: EntityManager = this.dataSource.manager): Promise<MarketplaceRow[]> {
    return em.query(`SELECT ${COLUMNS} FROM marketplace WHERE alliance_id = $1 AND ($2 OR status = 'ACTIVE') ORDER BY lower(name)`, [allianceId, includeRetired]);
  }

  byIds(allianceId: string, ids: readonly string[], em: EntityManager = this.dataSource.manager): Promise<MarketplaceRow[]> {
    return em.query(`SELECT ${COLUMNS} FROM marketplace WHERE alliance_id = $1 AND id = ANY ($2)`, [allianceId, ids]);
  }

  async nameTaken(em: EntityManager, allianceId: string, name: string, exceptId?: string): Promise<boolean> {
    const rows = await em.query(`SELECT 1 FROM marketplace WHERE alliance_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3`, [allianceId, name, exceptId ?? null]);
    return rows.length > 0;
  }

  async insert(em: EntityManager, allianceId: string, v: MarketplaceValues): Promise<MarketplaceRow> {
    const [row] = await em.query(
      `INSERT INTO marketplace (alliance_id, name, rule, domains, listing_template, store_template, jurisdiction, abuse_email, webhook_url, reviewer_organisation_id,
                                counter_notice_days, answer_days, webhook_secret, allows_trusted)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $9::text IS NULL THEN NULL ELSE $13 END, $14) RETURNING ${COLUMNS}`,
      [allianceId, v.name, v.rule, v.domains, v.listingTemplate, v.storeTemplate, v.jurisdiction, v.abuseEmail, v.webhookUrl, v.reviewerOrganisationId, v.counterNoticeDays, v.answerDays, newSecret(), v.allowsTrusted],
    );
    return row;
  }

  async update(em: EntityManager, allianceId: string, id: string, v: MarketplaceValues & { status: MarketplaceRow['status'] }): Promise<MarketplaceRow> {
    const [[row]] = await em.query(
      `UPDATE marketplace SET name = $3, rule = $4, domains = $5, listing_template = $6, store_template = $7, jurisdiction = $8, abuse_email = $9,
              webhook_url = $10, reviewer_organisation_id = $11, status = $12, counter_notice_days = $13, answer_days = $14, allows_trusted = $16, updated_at = now(),
              webhook_secret = CASE WHEN $10::text IS NULL THEN NULL ELSE COALESCE(webhook_secret, $15) END
        WHERE alliance_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [allianceId, id, v.name, v.rule, v.domains, v.listingTemplate, v.storeTemplate, v.jurisdiction, v.abuseEmail, v.webhookUrl, v.reviewerOrganisationId, v.status, v.counterNoticeDays, v.answerDays, newSecret(), v.allowsTrusted],
    );
    return row;
  }

  /** A new alliance's marketplaces: one per built-in URL rule it lists. */
  async seed(em: EntityManager, allianceId: string, builtIns: readonly { rule: string; name: string; jurisdiction: string }[]): Promise<void> {
    if (!builtIns.length) return;
    await em.query(
      `INSERT INTO marketplace (alliance_id, name, rule, jurisdiction)
       SELECT $1, name, rule, jurisdiction FROM unnest($2::text[], $3::text[], $4::text[]) AS b(rule, name, jurisdiction)
       ON CONFLICT DO NOTHING`,
      [allianceId, builtIns.map((b) => b.rule), builtIns.map((b) => b.name), builtIns.map((b) => b.jurisdiction)],
    );
  }
}
