import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NodeRegistry } from '../../common/node-registry.js';
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from '../../common/pagination.js';
import type { RequestContext } from '../../common/request-context.js';
import { IntelAccess } from '../intel-access.js';
import { CounterfeiterNetworkEntity, NetworkEventEntity } from './counterfeiter-network.entity.js';
import { IntelReportEntity } from '../reports/intel-report.entity.js';
import { CounterfeiterNetwork, type NetworkIndicator } from './network.models.js';
import { IntelReport } from '../reports/intel-report.models.js';

/**
 * Counterfeiter networks as a caller sees them: a network exists for the caller when it holds at
 * least one report the caller may see, and everything shown of it (reports, counts, indicators,
 * brands, reporters, dates) comes from those reports only.
 */
@Injectable()
export class NetworkService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: IntelAccess,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit() {
    this.nodes.registerBatch(CounterfeiterNetwork.typename, (ctx, uuids) => this.byIds(ctx, uuids), CounterfeiterNetwork.from);
  }

  /** A merged network stays reachable by its old id while the network it merged into is visible. */
  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, CounterfeiterNetworkEntity>> {
    if (ids.length === 0) return new Map();
    const v = await this.access.reportCondition(ctx, 'r');
    const rows = await this.dataSource.getRepository(CounterfeiterNetworkEntity).createQueryBuilder('n')
      .where('n.alliance_id = :alliance AND n.id IN (:...ids)', { alliance: ctx.allianceId, ids })
      .andWhere(`EXISTS (SELECT 1 FROM intel_report r WHERE r.network_id = coalesce(n.merged_into_id, n.id) AND r.status = 'PUBLISHED' AND ${v.sql})`, v.params)
      .getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  private async visibleReports(ctx: RequestContext, networkId: string) {
    const v = await this.access.reportCondition(ctx, 'r');
    return this.dataSource.getRepository(IntelReportEntity).createQueryBuilder('r')
      .where('r.network_id = :networkId AND r.status = :published', { networkId, published: 'PUBLISHED' })
      .andWhere(v.sql, v.params);
  }

  async reports(ctx: RequestContext, networkId: string, first?: number, after?: string): Promise<Connection<IntelReport>> {
    const size = pageSize(first);
    const qb = await this.visibleReports(ctx, networkId);
    const totalCount = await qb.clone().getCount();
    const cursor = decodeCursor(after, 2);
    if (cursor) qb.andWhere('(r.published_at, r.id) < (SELECT c.published_at, c.id FROM intel_report c WHERE c.id = :cId::uuid)', { cId: cursor[1] }); // exact: a Date in the cursor would lose the microseconds
    const rows = await qb.orderBy('r.published_at', 'DESC').addOrderBy('r.id', 'DESC').limit(size + 1).getMany();
    return toConnection(rows, size, totalCount, (r) => encodeCursor([r.publishedAt!.toISOString(), r.id]), IntelReport.from);
  }

  /** Counts, dates, brands and reporters over the visible reports, in one statement. */
  async summary(ctx: RequestContext, networkId: string): Promise<{ reportCount: number; firstSeen: Date | null; lastSeen: Date | null; brandIds: string[]; organisationIds: string[] }> {
    const qb = await this.visibleReports(ctx, networkId);
    const row = await qb
      .select('count(*)::int', 'report_count')
      .addSelect('min(coalesce(r.first_observed_on::timestamptz, r.published_at))', 'first_seen')
      .addSelect('max(coalesce(r.last_observed_on::timestamptz, r.published_at))', 'last_seen')
      .addSelect('array_remove(array_agg(DISTINCT r.organisation_id), NULL)', 'organisation_ids')
      .addSelect(`(SELECT coalesce(array_agg(DISTINCT rb.brand_id), '{}') FROM intel_report_brand rb WHERE rb.report_id = ANY(array_agg(r.id)))`, 'brand_ids')
      .getRawOne<{ report_count: number; first_seen: Date | null; last_seen: Date | null; organisation_ids: string[]; brand_ids: string[] }>();
    return {
      reportCount: row?.report_count ?? 0,
      firstSeen: row?.first_seen ?? null,
      lastSeen: row?.last_seen ?? null,
      brandIds: row?.brand_ids ?? [],
      organisationIds: row?.organisation_ids ?? [],
    };
  }

  /** The network's indicators grouped by key, most shared first. */
  async indicators(ctx: RequestContext, networkId: string, limit: number): Promise<NetworkIndicator[]> {
    const qb = await this.visibleReports(ctx, networkId);
    const [sql, params] = qb.select('r.id').getQueryAndParameters();
    const rows: { type: string; key: string; values: string[]; reports: number }[] = await this.dataSource.query(
      `SELECT i.type, i.key, array_agg(DISTINCT i.raw_value) AS values, count(DISTINCT i.report_id)::int AS reports
         FROM indicator i WHERE i.report_id IN (${sql})
        GROUP BY i.type, i.key ORDER BY reports DESC, i.type, i.key LIMIT ${Math.max(1, Math.min(limit, 1000))}`,
      params,
    );
    return rows.map((r) => ({ type: r.type as NetworkIndicator['type'], key: r.key, values: r.values, reports: r.reports }));
  }

  /**
   * The network's history as the caller may know it: an event caused by reports (created, grew)
   * shows only when one of them is a report the caller may see, so nobody can count changes made
   * by reports hidden from them; events without reports (merges, splits, exclusions) show.
   */
  async events(ctx: RequestContext, networkId: string): Promise<NetworkEventEntity[]> {
    const v = await this.access.reportCondition(ctx, 'er');
    return this.dataSource.getRepository(NetworkEventEntity).createQueryBuilder('e')
      .where('e.alliance_id = :alliance AND e.network_id = :network', { alliance: ctx.allianceId, network: networkId })
      .andWhere(
        `(NOT (e.detail ? 'reportId' OR e.detail ? 'reportIds')
          OR EXISTS (SELECT 1 FROM intel_report er
                      WHERE er.id = ANY (ARRAY(SELECT jsonb_array_elements_text(coalesce(e.detail->'reportIds', jsonb_build_array(e.detail->'reportId'))))::uuid[])
                        AND ${v.sql}))`,
        v.params,
      )
      .orderBy('e.id', 'ASC')
      .getMany();
  }
}
