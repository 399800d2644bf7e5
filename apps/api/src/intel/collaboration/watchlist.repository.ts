import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { activeMemberCondition } from '../../members/member-access.js';
import { WatchlistEntryEntity } from './watchlist-entry.entity.js';

/** Every SQL statement on watchlist_entry. */
@Injectable()
export class WatchlistRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts the entry (a duplicate throws PostgreSQL's 23505). */
  async insert(em: EntityManager, values: Partial<WatchlistEntryEntity>): Promise<WatchlistEntryEntity> {
    const row = em.getRepository(WatchlistEntryEntity).create(values);
    await em.getRepository(WatchlistEntryEntity).insert(row);
    return row;
  }

  findOfOrganisation(em: EntityManager, allianceId: string, organisationId: string, id: string): Promise<WatchlistEntryEntity | null> {
    return em.getRepository(WatchlistEntryEntity).findOneBy({ id, allianceId, organisationId });
  }

  async delete(em: EntityManager, id: string): Promise<void> {
    await em.delete(WatchlistEntryEntity, { id });
  }

  /** Oldest first. */
  ofOrganisation(allianceId: string, organisationId: string): Promise<WatchlistEntryEntity[]> {
    return this.dataSource.getRepository(WatchlistEntryEntity).find({ where: { allianceId, organisationId }, order: { createdAt: 'ASC' } });
  }

  /**
   * Which active members watch which of these reports (their brands, categories or indicators),
   * never a report's own reporter: one query whatever the number of reports. The alliance's watches
   * are read once, and each kind is a join of the reports' parts with them (an import batch's
   * thousand reports were an OR of three subqueries for every report and watch).
   */
  matches(em: EntityManager, allianceId: string, reports: { id: string; organisationId: string }[]): Promise<{ report_id: string; organisation_id: string; reasons: string[] }[]> {
    return em.query(
      `WITH x AS (SELECT * FROM unnest($2::uuid[], $3::uuid[]) AS x(report_id, reporter_id)),
            w AS MATERIALIZED (
              SELECT w.organisation_id, w.kind, w.brand_id, w.category_id, w.indicator_type, w.indicator_key FROM watchlist_entry w
               WHERE w.alliance_id = $1 AND ${activeMemberCondition('w.alliance_id', 'w.organisation_id')}),
            m AS (
              SELECT x.report_id, x.reporter_id, w.organisation_id, w.kind
                FROM x JOIN intel_report_brand b ON b.alliance_id = $1 AND b.report_id = x.report_id JOIN w ON w.kind = 'BRAND' AND w.brand_id = b.brand_id
              UNION ALL
              SELECT x.report_id, x.reporter_id, w.organisation_id, w.kind
                FROM x JOIN intel_report_category c ON c.alliance_id = $1 AND c.report_id = x.report_id JOIN w ON w.kind = 'CATEGORY' AND w.category_id = c.category_id
              UNION ALL
              SELECT x.report_id, x.reporter_id, w.organisation_id, w.kind
                FROM x JOIN indicator i ON i.alliance_id = $1 AND i.report_id = x.report_id JOIN w ON w.kind = 'INDICATOR' AND w.indicator_type = i.type AND w.indicator_key = i.key)
       SELECT report_id, organisation_id, array_agg(DISTINCT kind) AS reasons
         FROM m WHERE organisation_id <> reporter_id
        GROUP BY report_id, organisation_id`,
      [allianceId, reports.map((r) => r.id), reports.map((r) => r.organisationId)],
    );
  }
}
