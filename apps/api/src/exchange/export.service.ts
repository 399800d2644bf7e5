import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ReportStatus } from '../../../../libs/domain/src/index.js';
import { badInput } from '../common/errors.js';
import { groupBy } from '../common/loaders.js';
import type { RequestContext } from '../common/request-context.js';
import { IntelAccess } from '../intel/intel-access.js';
import { IndicatorEntity, IntelReportEntity } from '../intel/intel-report.entity.js';
import { MemberService } from '../members/member.service.js';
import { toCsvRows } from './csv.js';
import type { ExportReport } from './exchange-report.js';
import { toStixBundle } from './stix.js';

export const MAX_EXPORT_REPORTS = 5000;

/** Exports what the caller may see (the same visibility condition as every read), as STIX 2.1 or CSV. */
@Injectable()
export class ExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: IntelAccess,
    private readonly members: MemberService,
  ) {}

  /** Published reports the caller may see, optionally chosen ones or a network's: what every export reads. */
  private async exportable(ctx: RequestContext, filter: { reportUuids?: string[]; networkUuid?: string }) {
    const v = await this.access.reportCondition(ctx, 'r');
    const qb = this.dataSource.getRepository(IntelReportEntity).createQueryBuilder('r').where(v.sql, v.params).andWhere('r.status = :published', { published: ReportStatus.PUBLISHED });
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
  async *pages(ctx: RequestContext, filter: { networkUuid?: string }, size = 500): AsyncGenerator<ExportReport[]> {
    const base = await this.exportable(ctx, filter);
    let after: string | null = null;
    for (;;) {
      const qb = base.clone();
      if (after) qb.andWhere('(r.published_at, r.id) > (SELECT c.published_at, c.id FROM intel_report c WHERE c.id = :after)', { after }); // exact: an import publishes a batch at one instant
      const reports = await qb.limit(size).getMany();
      if (reports.length === 0) return;
      yield await this.withParts(ctx, reports);
      if (reports.length < size) return;
      after = reports[reports.length - 1].id;
    }
  }

  /** The alliance's short name, for file names. */
  async slugOf(ctx: RequestContext): Promise<string> {
    const [{ slug }] = await this.dataSource.query(`SELECT slug FROM alliance WHERE id = $1`, [ctx.allianceId]);
    return slug;
  }

  private async withParts(ctx: RequestContext, reports: IntelReportEntity[]): Promise<ExportReport[]> {
    const indicators = reports.length ? await this.dataSource.getRepository(IndicatorEntity).find({ where: { reportId: In(reports.map((r) => r.id)) }, order: { position: 'ASC' } }) : [];
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
    const slug = await this.slugOf(ctx);
    if (format === 'STIX') {
      const bundle = toStixBundle(reports, { allianceSlug: slug, producerName: `Countermark (${slug})` });
      return { fileName: `countermark-${slug}.stix.json`, contentType: 'application/stix+json;version=2.1', content: JSON.stringify(bundle, null, 2), reports: reports.length };
    }
    let content = '';
    for await (const line of toCsvRows(reports)) content += line;
    return { fileName: `countermark-${slug}.csv`, contentType: 'text/csv', content, reports: reports.length };
  }
}
