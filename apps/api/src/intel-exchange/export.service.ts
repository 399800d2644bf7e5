import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ReportStatus, type SharingLevel } from '../../../../libs/domain/src/index.js';
import { badInput } from '../common/errors.js';
import { groupBy } from '../common/loaders.js';
import type { RequestContext } from '../common/request-context.js';
import { IntelAccess } from '../intel/intel-access.js';
import { IndicatorEntity } from '../intel/reports/indicator.entity.js';
import { IntelReportEntity } from '../intel/reports/intel-report.entity.js';
import { MemberService } from '../members/member.service.js';
import { toCsvRows } from './csv.js';
import type { ExportIndicator, ExportReport } from './exchange-report.js';
import { SHARING_ORDER } from './tlp.js';
import { SCO_INDICATOR_TYPES, stixBundleChunks, toStixBundle, type BundleOptions } from './stix.js';

export const MAX_EXPORT_REPORTS = 5000;
export const STIX_CONTENT_TYPE = 'application/stix+json;version=2.1';

/** Exports what the caller may see (the same visibility condition as every read), as STIX 2.1 or CSV. */
@Injectable()
export class ExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: IntelAccess,
    private readonly members: MemberService,
  ) {}

  /** Published reports the caller may see, optionally chosen ones or a network's: what every export reads. */
  private async exportable(ctx: RequestContext, filter: { reportUuids?: string[]; networkUuid?: string }, em: EntityManager = this.dataSource.manager) {
    const v = await this.access.reportCondition(ctx, 'r');
    const qb = em.getRepository(IntelReportEntity).createQueryBuilder('r').where(v.sql, v.params).andWhere('r.status = :published', { published: ReportStatus.PUBLISHED });
    if (filter.reportUuids?.length) qb.andWhere('r.id IN (:...ids)', { ids: filter.reportUuids });
    if (filter.networkUuid) qb.andWhere('r.network_id = :network', { network: filter.networkUuid });
    return qb.orderBy('r.published_at', 'ASC').addOrderBy('r.id', 'ASC');
  }

  private async collect(ctx: RequestContext, filter: { reportUuids?: string[]; networkUuid?: string }): Promise<ExportReport[]> {
    const qb = await this.exportable(ctx, filter);
    const count = await qb.clone().getCount();
    if (count > MAX_EXPORT_REPORTS) throw badInput('filter', `${count} reports match: export at most ${MAX_EXPORT_REPORTS} at once (choose a network or reports)`);
    return this.withParts(ctx, await qb.getMany());
  }

  /**
   * Every published report the caller may see (or a network's), oldest first, a page at a time:
   * what a streamed export reads, holding one page in memory whatever the number of reports.
   */
  async *pages(ctx: RequestContext, filter: { networkUuid?: string }, size = 500, em: EntityManager = this.dataSource.manager): AsyncGenerator<ExportReport[]> {
    const base = await this.exportable(ctx, filter, em);
    let after: string | null = null;
    for (;;) {
      const qb = base.clone();
      if (after) qb.andWhere('(r.published_at, r.id) > (SELECT c.published_at, c.id FROM intel_report c WHERE c.id = :after)', { after }); // exact: an import publishes a batch at one instant
      const reports = await qb.limit(size).getMany();
      if (reports.length === 0) return;
      yield await this.withParts(ctx, reports, em);
      if (reports.length < size) return;
      after = reports[reports.length - 1].id;
    }
  }

  /**
   * Every published report the caller may see (or a network's) as one STIX 2.1 bundle, in chunks
   * of text: `stixBundleChunks` over the report pages and, for the SCOs, the distinct values of
   * those reports with the least restrictive level among them, read through a cursor. Both reads
   * run in one read-only snapshot, so every SCO a report names is in the bundle.
   */
  async *stix(ctx: RequestContext, filter: { networkUuid?: string }, size = 500): AsyncGenerator<string> {
    const bundle = await this.bundleOptionsOf(ctx);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('SET TRANSACTION READ ONLY');
      const em = runner.manager;
      yield* stixBundleChunks(this.pages(ctx, filter, size, em), () => this.scoValues(ctx, filter, size, em), bundle);
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  /**
   * The distinct values of the exportable reports that may have an SCO, each with the least
   * restrictive level among the reports holding it, a page at a time through a cursor (inside the
   * caller's transaction). A URL's SCO also depends on the scheme it was entered with.
   */
  private async *scoValues(ctx: RequestContext, filter: { networkUuid?: string }, size: number, em: EntityManager): AsyncGenerator<(ExportIndicator & { level: SharingLevel })[]> {
    const [reportSql, reportParams] = (await this.exportable(ctx, filter, em)).select('r.id').getQueryAndParameters();
    const n = reportParams.length;
    await em.query(
      `DECLARE export_scos NO SCROLL CURSOR FOR
       SELECT i.type, i.key, (i.type = 'URL' AND i.raw_value ~* '^\\s*https://') AS https,
              min(array_position($${n + 1}::text[], r.sharing_level)) AS rank
         FROM indicator i JOIN intel_report r ON r.id = i.report_id
        WHERE i.report_id IN (${reportSql}) AND i.type = ANY($${n + 2}::text[])
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [...reportParams, SHARING_ORDER, SCO_INDICATOR_TYPES],
    );
    for (;;) {
      const rows: { type: string; key: string; https: boolean; rank: number }[] = await em.query(`FETCH ${size} FROM export_scos`);
      if (rows.length === 0) return;
      yield rows.map((row) => ({ type: row.type, key: row.key, rawValue: row.https ? 'https://' : '', level: SHARING_ORDER[row.rank - 1] }));
    }
  }

  /** The file an export is saved as: the alliance's short name and the format's extension. */
  async fileNameOf(ctx: RequestContext, format: 'STIX' | 'CSV'): Promise<string> {
    return `countermark-${await this.slugOf(ctx)}.${format === 'STIX' ? 'stix.json' : 'csv'}`;
  }

  /** The alliance's short name, for file names and the bundle's producer. */
  private async slugOf(ctx: RequestContext): Promise<string> {
    const [{ slug }] = await this.dataSource.query(`SELECT slug FROM alliance WHERE id = $1`, [ctx.allianceId]);
    return slug;
  }

  private async bundleOptionsOf(ctx: RequestContext): Promise<BundleOptions> {
    const slug = await this.slugOf(ctx);
    return { allianceSlug: slug, producerName: `Countermark (${slug})` };
  }

  private async withParts(ctx: RequestContext, reports: IntelReportEntity[], em: EntityManager = this.dataSource.manager): Promise<ExportReport[]> {
    const indicators = reports.length ? await em.getRepository(IndicatorEntity).find({ where: { reportId: In(reports.map((r) => r.id)) }, order: { position: 'ASC' } }) : [];
    const byReport = groupBy(indicators, (i) => i.reportId);
    const orgs = await this.members.organisationsByIds(ctx, [...new Set(reports.map((r) => r.organisationId))]);
    return reports.map((report) => ({
      report,
      reporterName: orgs.get(report.organisationId)?.name ?? null,
      indicators: (byReport.get(report.id) ?? []).map((i) => ({ type: i.type, rawValue: i.rawValue, key: i.key, note: i.note })),
    }));
  }

  async export(ctx: RequestContext, format: 'STIX' | 'CSV', filter: { reportUuids?: string[]; networkUuid?: string }): Promise<{ fileName: string; contentType: string; content: string; reports: number }> {
    const reports = await this.collect(ctx, filter);
    if (format === 'STIX') {
      const bundle = toStixBundle(reports, await this.bundleOptionsOf(ctx));
      return { fileName: await this.fileNameOf(ctx, format), contentType: STIX_CONTENT_TYPE, content: JSON.stringify(bundle, null, 2), reports: reports.length };
    }
    let content = '';
    for await (const line of toCsvRows(reports)) content += line;
    return { fileName: await this.fileNameOf(ctx, format), contentType: 'text/csv', content, reports: reports.length };
  }
}
