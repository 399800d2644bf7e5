import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SqlCondition } from '../../common/sql-condition.js';
import { IntelReportEntity } from '../reports/intel-report.entity.js';
import { CounterfeiterNetworkEntity, NetworkEventEntity } from './counterfeiter-network.entity.js';
import { reportKeys } from './derived-key.repository.js';

export interface NetworkSummaryRow {
  report_count: number;
  first_seen: Date | null;
  last_seen: Date | null;
  organisation_ids: string[];
  brand_ids: string[];
}

/**
 * The reads of counterfeiter_network and network_event as a caller sees them, every one within
 * the caller's visibility condition on reports (IntelAccess.reportCondition, on alias r or er).
 * Correlation's writes are CorrelationRepository's.
 */
@Injectable()
export class NetworkRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Networks (or a merged network, while the one it merged into) holding a published report that `visible` lets through.
   * The network's own reports and its merger's are two branches, not `coalesce(n.merged_into_id, n.id)`: under row-level
   * security an expression is no index condition (not known to be leakproof), and every report of the alliance was hashed.
   */
  byIds(allianceId: string, ids: readonly string[], visible: SqlCondition): Promise<CounterfeiterNetworkEntity[]> {
    const holds = (network: string) => `SELECT 1 FROM intel_report r WHERE r.network_id = ${network} AND r.status = 'PUBLISHED' AND ${visible.sql}`;
    return this.dataSource.getRepository(CounterfeiterNetworkEntity).createQueryBuilder('n')
      .where('n.alliance_id = :alliance AND n.id IN (:...ids)', { alliance: allianceId, ids })
      .andWhere(`EXISTS (${holds('n.id')} AND n.merged_into_id IS NULL UNION ALL ${holds('n.merged_into_id')})`, visible.params)
      .getMany();
  }

  private visibleReports(networkId: string, visible: SqlCondition) {
    return this.dataSource.getRepository(IntelReportEntity).createQueryBuilder('r')
      .where('r.network_id = :networkId AND r.status = :published', { networkId, published: 'PUBLISHED' })
      .andWhere(visible.sql, visible.params);
  }

  /** A page of the network's visible reports, newest first, before the report `beforeId`; and the count of all. */
  async reports(networkId: string, visible: SqlCondition, beforeId: unknown, limit: number): Promise<{ totalCount: number; rows: IntelReportEntity[] }> {
    const qb = this.visibleReports(networkId, visible);
    const totalCount = await qb.clone().getCount();
    if (beforeId !== undefined) qb.andWhere('(r.published_at, r.id) < (SELECT c.published_at, c.id FROM intel_report c WHERE c.id = :cId::uuid)', { cId: beforeId }); // exact: a Date in the cursor would lose the microseconds
    const rows = await qb.orderBy('r.published_at', 'DESC').addOrderBy('r.id', 'DESC').limit(limit).getMany();
    return { totalCount, rows };
  }

  /** Counts, dates, brands and reporters over the visible reports, in one statement. */
  summary(networkId: string, visible: SqlCondition): Promise<NetworkSummaryRow | undefined> {
    return this.visibleReports(networkId, visible)
      .select('count(*)::int', 'report_count')
      .addSelect('min(coalesce(r.first_observed_on::timestamptz, r.published_at))', 'first_seen')
      .addSelect('max(coalesce(r.last_observed_on::timestamptz, r.published_at))', 'last_seen')
      .addSelect('array_remove(array_agg(DISTINCT r.organisation_id), NULL)', 'organisation_ids')
      .addSelect(`(SELECT coalesce(array_agg(DISTINCT rb.brand_id), '{}') FROM intel_report_brand rb WHERE rb.report_id = ANY(array_agg(r.id)))`, 'brand_ids')
      .getRawOne<NetworkSummaryRow>();
  }

  /** The visible reports' indicators grouped by key, most shared first, at most `limit` (1 to 1,000). */
  indicators(allianceId: string, networkId: string, visible: SqlCondition, limit: number): Promise<{ type: string; key: string; values: string[]; reports: number }[]> {
    const [sql, params] = this.visibleReports(networkId, visible).select('r.id').getQueryAndParameters();
    // the alliance named: it leads the (alliance, report) key, and row-level security's own condition cannot give it to the index
    return this.dataSource.query(
      `SELECT i.type, i.key, array_agg(DISTINCT i.raw_value) AS values, count(DISTINCT i.report_id)::int AS reports
         FROM indicator i WHERE i.alliance_id = $${params.length + 1} AND i.report_id IN (${sql})
        GROUP BY i.type, i.key ORDER BY reports DESC, i.type, i.key LIMIT ${Math.max(1, Math.min(limit, 1000))}`,
      [...params, allianceId],
    );
  }

  /** For marketplace store keys (`taobao:store:123`): each network holding a published report that names the store (the first half of `storeNeighbours`), by key and network. */
  storeNetworks(allianceId: string, keys: readonly string[], derived: boolean): Promise<{ key: string; networkId: string }[]> {
    if (!keys.length) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT DISTINCT k.key, r.network_id AS "networkId"
         FROM (SELECT i.report_id, i.key FROM indicator i WHERE i.alliance_id = $1 AND i.type = 'MARKETPLACE_STORE' AND i.key = ANY($2::text[])
               UNION
               SELECT d.report_id, d.key FROM derived_key d WHERE $3 AND d.alliance_id = $1 AND d.type = 'MARKETPLACE_STORE' AND d.key = ANY($2::text[])) k
         JOIN intel_report r ON r.id = k.report_id AND r.status = 'PUBLISHED' AND r.network_id IS NOT NULL
        ORDER BY 1, 2`,
      [allianceId, keys, derived],
    );
  }

  /**
   * For marketplace store keys (`taobao:store:123`): each network holding a published report that
   * names the store (as its own indicator, or through a listing address while `derived` keys link),
   * and the store keys each such network's published reports name (each network once). Every
   * report counts, whoever may see it: the caller decides what of it to show.
   */
  async storeNeighbours(allianceId: string, keys: readonly string[], derived: boolean): Promise<{ named: { key: string; networkId: string }[]; members: Map<string, string[]> }> {
    if (!keys.length) return { named: [], members: new Map() };
    const named = await this.storeNetworks(allianceId, keys, derived);
    if (!named.length) return { named, members: new Map() };
    // each network's stores once, however many of the keys it holds (a chunk of listings names many stores of one network)
    const rows: { networkId: string; keys: string[] }[] = await this.dataSource.query(
      `SELECT n.id AS "networkId", array_agg(DISTINCT o.key) AS keys
         FROM unnest($2::uuid[]) AS n(id)
         JOIN LATERAL (
           SELECT i.key FROM intel_report r JOIN indicator i ON i.alliance_id = $1 AND i.report_id = r.id AND i.type = 'MARKETPLACE_STORE'
            WHERE r.alliance_id = $1 AND r.network_id = n.id AND r.status = 'PUBLISHED'
           UNION
           SELECT d.key FROM intel_report r JOIN derived_key d ON $3 AND d.alliance_id = $1 AND d.report_id = r.id AND d.type = 'MARKETPLACE_STORE'
            WHERE r.alliance_id = $1 AND r.network_id = n.id AND r.status = 'PUBLISHED') o ON true
        GROUP BY 1`,
      [allianceId, [...new Set(named.map((n) => n.networkId))], derived],
    );
    return { named, members: new Map(rows.map((r) => [r.networkId, r.keys])) };
  }

  /** The network's events without reports, and those caused by a report `visible` (on alias er) lets through. */
  events(allianceId: string, networkId: string, visible: SqlCondition): Promise<NetworkEventEntity[]> {
    return this.dataSource.getRepository(NetworkEventEntity).createQueryBuilder('e')
      .where('e.alliance_id = :alliance AND e.network_id = :network', { alliance: allianceId, network: networkId })
      .andWhere(
        `(NOT (e.detail ? 'reportId' OR e.detail ? 'reportIds')
          OR EXISTS (SELECT 1 FROM intel_report er
                      WHERE er.id = ANY (ARRAY(SELECT jsonb_array_elements_text(coalesce(e.detail->'reportIds', jsonb_build_array(e.detail->'reportId'))))::uuid[])
                        AND ${visible.sql}))`,
        visible.params,
      )
      .orderBy('e.id', 'ASC')
      .getMany();
  }

  /**
   * Per network of the alliance, over the published reports `visible` lets through: reports,
   * reporting organisations, brands, reports published since `recentSince`, and the marketplace
   * store keys the reports name (the enforcement context's referral candidates).
   */
  referralFigures(visible: SqlCondition, recentSince: Date): Promise<{ networkId: string; reports: number; members: number; brands: number; recentReports: number; storeKeys: string[] }[]> {
    return this.dataSource.getRepository(IntelReportEntity).createQueryBuilder('r')
      .select('r.network_id', 'networkId')
      .addSelect('count(*)::int', 'reports')
      .addSelect('count(DISTINCT r.organisation_id)::int', 'members')
      .addSelect('(SELECT count(DISTINCT rb.brand_id)::int FROM intel_report_brand rb WHERE rb.report_id = ANY(array_agg(r.id)))', 'brands')
      .addSelect('(count(*) FILTER (WHERE r.published_at >= :recentSince))::int', 'recentReports')
      .addSelect(`(SELECT coalesce(array_agg(DISTINCT i.key), '{}') FROM indicator i WHERE i.report_id = ANY(array_agg(r.id)) AND i.type = 'MARKETPLACE_STORE')`, 'storeKeys')
      .where('r.network_id IS NOT NULL AND r.status = :published', { published: 'PUBLISHED', recentSince })
      .andWhere(visible.sql, visible.params)
      .groupBy('r.network_id')
      .getRawMany();
  }

  /**
   * For (type, key) pairs (the stores and contacts of a chunk of marketplace listings): the
   * published reports naming each key, grouped by network (NULL: reports in no network), with how
   * many and a few of their ids. Keys the alliance excluded from correlation, or over its limit and
   * not confirmed, are left out: a value many parties share says nothing of a seller. Every report
   * counts, whoever may see it: callers name a network only to those who may see it.
   */
  keyHolders(allianceId: string, types: readonly string[], keys: readonly string[], derived: boolean, limit: number): Promise<{ type: string; key: string; networkId: string | null; reports: number }[]> {
    if (!keys.length) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT q.type, q.key, r.network_id AS "networkId", count(DISTINCT r.id)::int AS reports
         FROM unnest($2::text[], $3::text[]) AS q(type, key)
         JOIN ${reportKeys(derived)} k ON k.alliance_id = $1 AND k.type = q.type AND k.key = q.key
         JOIN intel_report r ON r.alliance_id = $1 AND r.id = k.report_id AND r.status = 'PUBLISHED'
         LEFT JOIN correlation_key ck ON ck.alliance_id = $1 AND ck.type = q.type AND ck.key = q.key
        WHERE ck.decision IS DISTINCT FROM 'EXCLUDED' AND (ck.decision IS NOT DISTINCT FROM 'CONFIRMED' OR coalesce(ck.report_count, 0) <= $4::int)
        GROUP BY 1, 2, 3`,
      [allianceId, types, keys, limit],
    );
  }

  /**
   * For 64-bit perceptual hashes (signed, as PostgreSQL's bigint): the published reports whose
   * IMAGE_HASH indicators of 16 hex digits (a perceptual hash) are within `maxDistance` bits of one,
   * grouped by network, with the nearest distance. Excluded keys never count. Every report counts,
   * whoever may see it; callers name a network only to those who may see it.
   */
  imageHolders(allianceId: string, hashes: readonly string[], maxDistance: number, limit: number): Promise<{ hash: string; networkId: string | null; reports: number; distance: number }[]> {
    if (!hashes.length) return Promise.resolve([]);
    // hashes at most 7 bits apart differ in at most one bit of one of four 16-bit bands: looked up by band (migration 1766800000000),
    // through the lookup view (migration 1767300000000): under row-level security `&&` (not leakproof) could not use the index
    const bands = maxDistance < 8;
    return this.dataSource.query(
      `WITH q AS MATERIALIZED (SELECT DISTINCT hash, hash::bit(64) AS bits FROM unnest($2::bigint[]) AS x(hash)),
            near AS (SELECT q.hash, i.report_id, i.key, bit_count(('x' || i.key)::bit(64) # q.bits) AS distance
                       FROM q JOIN indicator_lookup i ON ${bands ? 'phash_bands(i.key) && phash_probes(lpad(to_hex(q.hash), 16, \'0\')) AND ' : ''}i.type = 'IMAGE_HASH' AND length(i.key) = 16
                      WHERE i.alliance_id = $1 AND bit_count(('x' || i.key)::bit(64) # q.bits) <= $3::int)
       SELECT i.hash::text AS hash, r.network_id AS "networkId", count(DISTINCT r.id)::int AS reports, min(i.distance)::int AS distance
         FROM near i
         JOIN intel_report r ON r.alliance_id = $1 AND r.id = i.report_id AND r.status = 'PUBLISHED'
         LEFT JOIN correlation_key ck ON ck.alliance_id = $1 AND ck.type = 'IMAGE_HASH' AND ck.key = i.key
        WHERE ck.decision IS DISTINCT FROM 'EXCLUDED' AND (ck.decision IS NOT DISTINCT FROM 'CONFIRMED' OR coalesce(ck.report_count, 0) <= $4::int)
        GROUP BY 1, 2`,
      [allianceId, hashes, maxDistance, limit],
    );
  }
}
