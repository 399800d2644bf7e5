import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { SharingLevel } from '../../../../libs/domain/src/index.js';
import { AllianceRepository } from '../alliances/alliance.repository.js';
import { badInput } from '../common/errors.js';
import { groupBy } from '../common/loaders.js';
import type { RequestContext } from '../common/request-context.js';
import { IntelAccess } from '../intel/intel-access.js';
import { ExportableReportRepository, type ExportFilter } from '../intel/reports/exportable-report.repository.js';
import type { IntelReportEntity } from '../intel/reports/intel-report.entity.js';
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
    private readonly reports: ExportableReportRepository,
    private readonly alliances: AllianceRepository,
  ) {}

  /** Published reports the caller may see, optionally chosen ones or a network's: what every export reads. */
  private async collect(ctx: RequestContext, filter: ExportFilter): Promise<ExportReport[]> {
    const v = await this.access.reportCondition(ctx, 'r');
    const count = await this.reports.count(v, filter);
    if (count > MAX_EXPORT_REPORTS) throw badInput('filter', `${count} reports match: export at most ${MAX_EXPORT_REPORTS} at once (choose a network or reports)`);
    return this.withParts(ctx, await this.reports.all(v, filter));
  }

  /**
   * Every published report the caller may see (or a network's), oldest first, a page at a time:
   * what a streamed export reads, holding one page in memory whatever the number of reports.
   */
  async *pages(ctx: RequestContext, filter: { networkUuid?: string }, size = 500, em: EntityManager = this.dataSource.manager): AsyncGenerator<ExportReport[]> {
    const v = await this.access.reportCondition(ctx, 'r');
    let after: string | null = null;
    for (;;) {
      const reports = await this.reports.page(v, filter, after, size, em);
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
      const em = runner.manager;
      await this.reports.readOnly(em);
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
    await this.reports.openScoCursor(em, await this.access.reportCondition(ctx, 'r'), filter, SHARING_ORDER, SCO_INDICATOR_TYPES);
    for (;;) {
      const rows = await this.reports.fetchScos(em, size);
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
    return (await this.alliances.findById(ctx.allianceId))!.slug;
  }

  private async bundleOptionsOf(ctx: RequestContext): Promise<BundleOptions> {
    const slug = await this.slugOf(ctx);
    return { allianceSlug: slug, producerName: `Countermark (${slug})` };
  }

  private async withParts(ctx: RequestContext, reports: IntelReportEntity[], em: EntityManager = this.dataSource.manager): Promise<ExportReport[]> {
    const indicators = reports.length ? await this.reports.indicatorsOf(reports.map((r) => r.id), em) : [];
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
