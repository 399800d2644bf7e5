import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ComplainantCounts } from '../../../../libs/takedown/src/index.js';

export interface ComplainantRow {
  organisationId: string;
  trusted: boolean;
  trustedSince: Date | null;
  trustEndedAt: Date | null;
  trustEndReason: string | null;
  abuseFlaggedAt: Date | null;
  withholdName: boolean;
}

const COLUMNS = `organisation_id AS "organisationId", trusted, trusted_since AS "trustedSince", trust_ended_at AS "trustEndedAt", trust_end_reason AS "trustEndReason", abuse_flagged_at AS "abuseFlaggedAt", withhold_name AS "withholdName"`;

/** Every SQL statement on takedown_complainant, and the window's counts per complainant. */
@Injectable()
export class ComplainantRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts per complainant over requests submitted since `since` (one organisation, or all that filed). */
  counts(allianceId: string, since: Date, organisationIds: readonly string[] | null, em: EntityManager = this.dataSource.manager): Promise<(ComplainantCounts & { organisationId: string })[]> {
    return em.query(
      `SELECT organisation_id AS "organisationId", count(*)::int AS requests,
              count(decided_at)::int AS decided,
              count(*) FILTER (WHERE decided_at IS NOT NULL AND status <> 'REJECTED')::int AS accepted,
              count(*) FILTER (WHERE status = 'REINSTATED')::int AS reinstated,
              count(audited_at)::int AS audited,
              count(*) FILTER (WHERE audit_agreed)::int AS agreed
         FROM takedown_request
        WHERE alliance_id = $1 AND submitted_at > $2 AND ($3::uuid[] IS NULL OR organisation_id = ANY ($3))
        GROUP BY organisation_id`,
      [allianceId, since, organisationIds],
    );
  }

  byOrganisationIds(allianceId: string, organisationIds: readonly string[], em: EntityManager = this.dataSource.manager): Promise<ComplainantRow[]> {
    return em.query(`SELECT ${COLUMNS} FROM takedown_complainant WHERE alliance_id = $1 AND organisation_id = ANY ($2)`, [allianceId, organisationIds]);
  }

  async isTrusted(em: EntityManager, allianceId: string, organisationId: string): Promise<boolean> {
    const rows = await em.query(`SELECT 1 FROM takedown_complainant WHERE alliance_id = $1 AND organisation_id = $2 AND trusted`, [allianceId, organisationId]);
    return rows.length > 0;
  }

  async setTrusted(em: EntityManager, allianceId: string, organisationId: string, trusted: boolean, by: string | null, reason: string | null): Promise<ComplainantRow> {
    const [row] = await em.query(
      `INSERT INTO takedown_complainant AS c (alliance_id, organisation_id, trusted, trusted_since, trusted_by)
       VALUES ($1, $2, $3, CASE WHEN $3 THEN now() END, CASE WHEN $3 THEN $4::uuid END)
       ON CONFLICT (alliance_id, organisation_id) DO UPDATE SET
         trusted = $3,
         trusted_since = CASE WHEN $3 THEN COALESCE(CASE WHEN c.trusted THEN c.trusted_since END, now()) ELSE c.trusted_since END,
         trusted_by = CASE WHEN $3 THEN $4::uuid ELSE c.trusted_by END,
         trust_ended_at = CASE WHEN $3 THEN NULL WHEN c.trusted THEN now() ELSE c.trust_ended_at END,
         trust_end_reason = CASE WHEN $3 THEN NULL WHEN c.trusted THEN $5 ELSE c.trust_end_reason END
       RETURNING ${COLUMNS}`,
      [allianceId, organisationId, trusted, by, reason],
    );
    return row;
  }

  async setWithholdName(em: EntityManager, allianceId: string, organisationId: string, withhold: boolean): Promise<void> {
    await em.query(
      `INSERT INTO takedown_complainant (alliance_id, organisation_id, withhold_name) VALUES ($1, $2, $3)
       ON CONFLICT (alliance_id, organisation_id) DO UPDATE SET withhold_name = $3`,
      [allianceId, organisationId, withhold],
    );
  }

  /** Sets (once) or clears the abuse flag; answers the organisations newly flagged. */
  async flagAbuse(em: EntityManager, allianceId: string, abusive: readonly string[], all: readonly string[]): Promise<string[]> {
    await em.query(
      `UPDATE takedown_complainant SET abuse_flagged_at = NULL WHERE alliance_id = $1 AND organisation_id = ANY ($2) AND NOT (organisation_id = ANY ($3)) AND abuse_flagged_at IS NOT NULL`,
      [allianceId, all, abusive],
    );
    const rows: { organisationId: string }[] = await em.query(
      `INSERT INTO takedown_complainant AS c (alliance_id, organisation_id, abuse_flagged_at) SELECT $1, unnest($2::uuid[]), now()
       ON CONFLICT (alliance_id, organisation_id) DO UPDATE SET abuse_flagged_at = now() WHERE c.abuse_flagged_at IS NULL
       RETURNING organisation_id AS "organisationId"`,
      [allianceId, abusive],
    );
    return rows.map((r) => r.organisationId);
  }

  /** Alliances with requests reinstated in the window: where the abuse check has work. */
  async alliancesWithReinstatements(since: Date): Promise<string[]> {
    const rows: { allianceId: string }[] = await this.dataSource.query(
      `SELECT DISTINCT alliance_id AS "allianceId" FROM takedown_request WHERE status = 'REINSTATED' AND submitted_at > $1
       UNION SELECT DISTINCT alliance_id FROM takedown_complainant WHERE abuse_flagged_at IS NOT NULL`,
      [since],
    );
    return rows.map((r) => r.allianceId);
  }
}
