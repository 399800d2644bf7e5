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
   * never a report's own reporter: one query whatever the number of reports.
   */
  matches(em: EntityManager, allianceId: string, reports: { id: string; organisationId: string }[]): Promise<{ report_id: string; organisation_id: string; reasons: string[] }[]> {
    return em.query(
      `SELECT x.report_id, w.organisation_id, array_agg(DISTINCT w.kind) AS reasons
         FROM unnest($2::uuid[], $3::uuid[]) AS x(report_id, reporter_id)
         JOIN watchlist_entry w ON w.alliance_id = $1 AND w.organisation_id <> x.reporter_id AND (
              (w.kind = 'BRAND' AND w.brand_id IN (SELECT brand_id FROM intel_report_brand WHERE report_id = x.report_id))
           OR (w.kind = 'CATEGORY' AND w.category_id IN (SELECT category_id FROM intel_report_category WHERE report_id = x.report_id))
           OR (w.kind = 'INDICATOR' AND (w.indicator_type, w.indicator_key) IN (SELECT type, key FROM indicator WHERE report_id = x.report_id)))
        WHERE ${activeMemberCondition('w.alliance_id', 'w.organisation_id')}
        GROUP BY x.report_id, w.organisation_id`,
      [allianceId, reports.map((r) => r.id), reports.map((r) => r.organisationId)],
    );
  }
}
