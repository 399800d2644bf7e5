import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ReportStatus } from '../../../../../libs/domain/src/index.js';
import type { SqlCondition } from '../../common/sql-condition.js';
import { IndicatorEntity } from './indicator.entity.js';
import { IntelReportEntity } from './intel-report.entity.js';

/** Which published reports an export takes: chosen ones, a network's, or all that are visible. */
export interface ExportFilter {
  reportUuids?: string[];
  networkUuid?: string;
}

/**
 * The reads of intel_report and indicator that intelligence exports make (intel-exchange), each
 * within the caller's visibility condition (IntelAccess.reportCondition on alias r). Reads that
 * must share a snapshot take its EntityManager.
 */
@Injectable()
export class ExportableReportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private exportable(visible: SqlCondition, filter: ExportFilter, em: EntityManager = this.dataSource.manager) {
    const qb = em.getRepository(IntelReportEntity).createQueryBuilder('r').where(visible.sql, visible.params).andWhere('r.status = :published', { published: ReportStatus.PUBLISHED });
    if (filter.reportUuids?.length) qb.andWhere('r.id IN (:...ids)', { ids: filter.reportUuids });
    if (filter.networkUuid) qb.andWhere('r.network_id = :network', { network: filter.networkUuid });
    return qb.orderBy('r.published_at', 'ASC').addOrderBy('r.id', 'ASC');
  }

  count(visible: SqlCondition, filter: ExportFilter): Promise<number> {
    return this.exportable(visible, filter).getCount();
  }

  /** Oldest first. */
  all(visible: SqlCondition, filter: ExportFilter): Promise<IntelReportEntity[]> {
    return this.exportable(visible, filter).getMany();
  }

  /** Up to `size` of them after the report `afterId` (by publication, then id), oldest first. */
  page(visible: SqlCondition, filter: ExportFilter, afterId: string | null, size: number, em?: EntityManager): Promise<IntelReportEntity[]> {
    const qb = this.exportable(visible, filter, em);
    if (afterId) qb.andWhere('(r.published_at, r.id) > (SELECT c.published_at, c.id FROM intel_report c WHERE c.id = :after)', { after: afterId }); // exact: an import publishes a batch at one instant
    return qb.limit(size).getMany();
  }

  /** The reports' indicators in their order. */
  indicatorsOf(reportIds: readonly string[], em: EntityManager = this.dataSource.manager): Promise<IndicatorEntity[]> {
    return em.getRepository(IndicatorEntity).find({ where: { reportId: In([...reportIds]) }, order: { position: 'ASC' } });
  }

  /** Makes `em`'s transaction read-only (a snapshot an export reads from). */
  async readOnly(em: EntityManager): Promise<void> {
    await em.query('SET TRANSACTION READ ONLY');
  }

  /**
   * Opens the cursor `export_scos` in `em`'s transaction over the distinct (type, key, https) of
   * these reports' indicators of `types`, each with the least restrictive level among the reports
   * holding it (its 1-based rank in `levels`). `fetchScos` reads it.
   */
  async openScoCursor(em: EntityManager, visible: SqlCondition, filter: ExportFilter, levels: readonly string[], types: readonly string[]): Promise<void> {
    const [reportSql, reportParams] = this.exportable(visible, filter, em).select('r.id').getQueryAndParameters();
    const n = reportParams.length;
    await em.query(
      `DECLARE export_scos NO SCROLL CURSOR FOR
       SELECT i.type, i.key, (i.type = 'URL' AND i.raw_value ~* '^\\s*https://') AS https,
              min(array_position($${n + 1}::text[], r.sharing_level)) AS rank
         FROM indicator i JOIN intel_report r ON r.id = i.report_id
        WHERE i.report_id IN (${reportSql}) AND i.type = ANY($${n + 2}::text[])
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [...reportParams, levels, types],
    );
  }

  fetchScos(em: EntityManager, size: number): Promise<{ type: string; key: string; https: boolean; rank: number }[]> {
    return em.query(`FETCH ${size} FROM export_scos`);
  }
}
