import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type DeepPartial, type EntityManager } from 'typeorm';
import { ReportStatus, SharingLevel } from '../../../../../libs/domain/src/index.js';
import type { SqlCondition } from '../../common/sql-condition.js';
import { copyFrom, copyLines, textArrayLiteral } from '../../database/copy-from.js';
import { IndicatorEntity } from './indicator.entity.js';
import { IntelReportBrandEntity, IntelReportCategoryEntity, IntelReportEntity, IntelReportEvidenceEntity, IntelReportVersionEntity } from './intel-report.entity.js';

/** The columns a batch of reports and their indicators are copied into (COPY … FROM STDIN). */
const REPORT_COPY_COLUMNS = ['id', 'alliance_id', 'organisation_id', 'author_id', 'kind', 'title', 'summary', 'confidence', 'sharing_level', 'status', 'country', 'countries', 'marketplaces',
  'first_observed_on', 'last_observed_on', 'version', 'source_ref', 'network_id', 'published_at'] as const;
const INDICATOR_COPY_COLUMNS = ['id', 'alliance_id', 'report_id', 'type', 'raw_value', 'key', 'note', 'qualifier', 'position'] as const;

/** A report's own values, checked and normalised. */
export type ReportFields = Pick<IntelReportEntity, 'kind' | 'title' | 'summary' | 'confidence' | 'sharingLevel' | 'country' | 'countries' | 'marketplaces' | 'firstObservedOn' | 'lastObservedOn'>;

/** A published report of a batch, as `copyPublished` writes it. */
export interface CopiedReport {
  id: string;
  fields: ReportFields;
  sourceRef: string;
  networkId: string | null;
  /** absent: the transaction's start, as now() */
  publishedAt?: Date;
}

export interface IndicatorRow {
  id: string;
  reportId: string;
  type: string;
  rawValue: string;
  key: string;
  note: string | null;
  qualifier: string | null;
  position: number;
}

/** Pairs of (report id, other id) for a report's brands, categories and evidence files. */
export interface ReportParts {
  brands: (readonly [string, string])[];
  categories: (readonly [string, string])[];
  evidence: (readonly [string, string])[];
}

/**
 * Every statement on intel_report, its versions, brands, categories and evidence, and indicator,
 * but correlation's (CorrelationRepository), search's (IntelSearchRepository) and exports'
 * (ExportableReportRepository). Reads by a caller take its visibility condition
 * (IntelAccess.reportCondition on alias r); writes take the EntityManager of the caller's
 * transaction.
 */
@Injectable()
export class IntelReportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The condition that keeps a file attached to a RED report back (`file`: the file id's SQL). */
  redEvidenceHidden(file: string): string {
    return `NOT EXISTS (SELECT 1 FROM intel_report_evidence red_evidence JOIN intel_report red ON red.id = red_evidence.report_id
                      WHERE red_evidence.file_id = ${file} AND red.sharing_level = '${SharingLevel.RED}')`;
  }

  // ---- reads ---------------------------------------------------------------------------------

  byIds(visible: SqlCondition, ids: readonly string[]): Promise<IntelReportEntity[]> {
    return this.dataSource.getRepository(IntelReportEntity).createQueryBuilder('r').where(visible.sql, visible.params).andWhere('r.id IN (:...ids)', { ids }).getMany();
  }

  /**
   * The count of all the reports `visible` and the filter let through, and up to `limit` of them
   * newest first (by publication, drafts by creation) after the report `afterId`.
   */
  async feed(
    visible: SqlCondition,
    filter: { statuses?: ReportStatus[]; sharingLevels?: SharingLevel[]; organisationId?: string },
    afterId: unknown,
    limit: number,
  ): Promise<{ totalCount: number; rows: IntelReportEntity[] }> {
    const qb = this.dataSource.getRepository(IntelReportEntity).createQueryBuilder('r').where(visible.sql, visible.params);
    if (filter.statuses?.length) qb.andWhere('r.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.sharingLevels?.length) qb.andWhere('r.sharing_level IN (:...levels)', { levels: filter.sharingLevels });
    if (filter.organisationId) qb.andWhere('r.organisation_id = :mineOrg', { mineOrg: filter.organisationId });
    const totalCount = await qb.clone().getCount();
    if (afterId !== undefined) qb.andWhere('(coalesce(r.published_at, r.created_at), r.id) < (SELECT coalesce(c.published_at, c.created_at), c.id FROM intel_report c WHERE c.id = :cId::uuid)', { cId: afterId }); // exact: an import publishes a batch at one instant, and a Date in the cursor would lose the microseconds
    const rows = await qb.orderBy('coalesce(r.published_at, r.created_at)', 'DESC').addOrderBy('r.id', 'DESC').limit(limit).getMany();
    return { totalCount, rows };
  }

  /** The reports' indicators in their order. */
  indicatorsOf(allianceId: string, reportIds: readonly string[]): Promise<IndicatorEntity[]> {
    return this.dataSource.getRepository(IndicatorEntity).find({ where: { allianceId, reportId: In([...reportIds]) }, order: { position: 'ASC' } });
  }

  /** Indicators by id, of reports `visible` lets through. */
  indicatorsByIds(visible: SqlCondition, ids: readonly string[]): Promise<IndicatorEntity[]> {
    return this.dataSource.getRepository(IndicatorEntity).createQueryBuilder('i')
      .innerJoin(IntelReportEntity, 'r', 'r.id = i.report_id')
      .where(visible.sql, visible.params).andWhere('i.id IN (:...ids)', { ids }).getMany();
  }

  brandsOf(allianceId: string, reportIds: readonly string[]): Promise<IntelReportBrandEntity[]> {
    return this.dataSource.getRepository(IntelReportBrandEntity).findBy({ allianceId, reportId: In([...reportIds]) });
  }

  categoriesOf(allianceId: string, reportIds: readonly string[]): Promise<IntelReportCategoryEntity[]> {
    return this.dataSource.getRepository(IntelReportCategoryEntity).findBy({ allianceId, reportId: In([...reportIds]) });
  }

  evidenceOf(allianceId: string, reportIds: readonly string[]): Promise<IntelReportEvidenceEntity[]> {
    return this.dataSource.getRepository(IntelReportEvidenceEntity).findBy({ allianceId, reportId: In([...reportIds]) });
  }

  /** Earlier versions of the reports, oldest first; without `all`, of the organisation's reports only. */
  versionsOf(allianceId: string, reportIds: readonly string[], reader: { all: boolean; organisationId: string | null | undefined }): Promise<IntelReportVersionEntity[]> {
    return this.dataSource.getRepository(IntelReportVersionEntity).createQueryBuilder('v')
      .innerJoin(IntelReportEntity, 'r', 'r.id = v.report_id')
      .where('v.alliance_id = :a AND v.report_id IN (:...ids)', { a: allianceId, ids: reportIds })
      .andWhere(reader.all ? 'true' : 'r.organisation_id = :org', { org: reader.organisationId })
      .orderBy('v.version', 'ASC').getMany();
  }

  /** Of these source ids, those the organisation's reports already carry. */
  async sourceRefsTaken(em: EntityManager, allianceId: string, organisationId: string | null | undefined, refs: string[]): Promise<Set<string>> {
    const rows: { source_ref: string }[] = await em.query(
      `SELECT source_ref FROM intel_report WHERE alliance_id = $1 AND organisation_id = $2 AND source_ref = ANY($3::text[])`,
      [allianceId, organisationId, refs],
    );
    return new Set(rows.map((r) => r.source_ref));
  }

  /** The report, locked for the rest of `em`'s transaction. */
  lock(em: EntityManager, reportId: string): Promise<IntelReportEntity> {
    return em.getRepository(IntelReportEntity).findOneOrFail({ where: { id: reportId }, lock: { mode: 'pessimistic_write' } });
  }

  find(em: EntityManager, reportId: string): Promise<IntelReportEntity> {
    return em.getRepository(IntelReportEntity).findOneByOrFail({ id: reportId });
  }

  /** Three statements: the report's indicators (in their order), brands and categories, as a version's snapshot keeps them. */
  async partsOf(em: EntityManager, reportId: string): Promise<{ indicators: IndicatorEntity[]; brands: IntelReportBrandEntity[]; categories: IntelReportCategoryEntity[] }> {
    const indicators = await em.getRepository(IndicatorEntity).find({ where: { reportId }, order: { position: 'ASC' } });
    const brands = await em.getRepository(IntelReportBrandEntity).findBy({ reportId });
    const categories = await em.getRepository(IntelReportCategoryEntity).findBy({ reportId });
    return { indicators, brands, categories };
  }

  // ---- writes --------------------------------------------------------------------------------

  /**
   * For a batch's transaction: its commit need not wait for the disk (were the server to crash,
   * the batch is lost with the checkpoint it moved, and written again), and the trigram indexes'
   * pending lists may grow to 4 MB (cheaper merges; the import settles them when done).
   */
  async relaxForBatch(em: EntityManager): Promise<void> {
    await em.query(`SET LOCAL synchronous_commit = off; SET LOCAL gin_pending_list_limit = '4MB'`);
  }

  /** Inserts the report; the insert fills in its generated columns. */
  async insert(em: EntityManager, values: DeepPartial<IntelReportEntity>): Promise<IntelReportEntity> {
    const report = em.getRepository(IntelReportEntity).create(values);
    await em.getRepository(IntelReportEntity).insert(report);
    return report;
  }

  /**
   * A batch of published reports by COPY (version 1), not INSERT … FROM jsonb_to_recordset/unnest:
   * the rows go as text, without a JSON document or arrays to build and take apart.
   */
  async copyPublished(em: EntityManager, author: { allianceId: string; organisationId: string; actorId: string }, reports: readonly CopiedReport[]): Promise<void> {
    await copyFrom(em, 'intel_report', REPORT_COPY_COLUMNS, copyLines(reports, (p) => [
      p.id, author.allianceId, author.organisationId, author.actorId, p.fields.kind, p.fields.title, p.fields.summary, p.fields.confidence, p.fields.sharingLevel, ReportStatus.PUBLISHED,
      p.fields.country, textArrayLiteral(p.fields.countries), textArrayLiteral(p.fields.marketplaces), p.fields.firstObservedOn, p.fields.lastObservedOn, 1, p.sourceRef,
      p.networkId, p.publishedAt?.toISOString() ?? 'now', // 'now': the transaction's start, as now()
    ]));
  }

  async update(em: EntityManager, reportId: string, values: Partial<IntelReportEntity>): Promise<void> {
    await em.getRepository(IntelReportEntity).update(reportId, values);
  }

  async insertVersion(em: EntityManager, values: Pick<IntelReportVersionEntity, 'allianceId' | 'reportId' | 'version' | 'snapshot' | 'actorId'>): Promise<void> {
    await em.insert(IntelReportVersionEntity, { ...values, snapshot: values.snapshot as object });
  }

  /** Indicators of any number of reports in one statement (a batch's by COPY). */
  async insertIndicators(em: EntityManager, allianceId: string, indicators: readonly IndicatorRow[], options: { copy?: boolean } = {}): Promise<void> {
    if (indicators.length === 0) return;
    if (options.copy) {
      await copyFrom(em, 'indicator', INDICATOR_COPY_COLUMNS, copyLines(indicators, (i) => [i.id, allianceId, i.reportId, i.type, i.rawValue, i.key, i.note, i.qualifier, i.position]));
      return;
    }
    await em.query(
      `INSERT INTO indicator (id, alliance_id, report_id, type, raw_value, key, note, qualifier, position)
       SELECT id, $1, r, t, v, k, n, q, p FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[]) AS x(id, r, t, v, k, n, q, p)`,
      [
        allianceId, indicators.map((i) => i.id), indicators.map((i) => i.reportId), indicators.map((i) => i.type), indicators.map((i) => i.rawValue),
        indicators.map((i) => i.key), indicators.map((i) => i.note), indicators.map((i) => i.qualifier), indicators.map((i) => i.position),
      ],
    );
  }

  /** Brands, categories and evidence of any number of reports: one statement for each that has rows. */
  async insertParts(em: EntityManager, allianceId: string, parts: ReportParts): Promise<void> {
    for (const [table, column, rows] of [
      ['intel_report_brand', 'brand_id', parts.brands],
      ['intel_report_category', 'category_id', parts.categories],
      ['intel_report_evidence', 'file_id', parts.evidence],
    ] as const) {
      if (rows.length) await em.query(`INSERT INTO ${table} (alliance_id, report_id, ${column}) SELECT $1, r, x FROM unnest($2::uuid[], $3::uuid[]) AS u(r, x)`, [allianceId, rows.map((r) => r[0]), rows.map((r) => r[1])]);
    }
  }

  /** Four statements: the report's indicators, brands, categories and evidence (to be written again). */
  async deleteParts(em: EntityManager, reportId: string): Promise<void> {
    for (const entity of [IndicatorEntity, IntelReportBrandEntity, IntelReportCategoryEntity, IntelReportEvidenceEntity]) await em.delete(entity, { reportId });
  }
}
