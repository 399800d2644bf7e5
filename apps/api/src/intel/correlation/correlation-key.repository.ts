import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { SqlCondition } from '../../common/sql-condition.js';
import { CorrelationKeyEntity } from './correlation-key.entity.js';
import { reportKeys } from './derived-key.repository.js';

export interface OverCorrelatingRow {
  type: string;
  key: string;
  reports: number;
  organisations: number;
  networks: number;
}

type Decision = Pick<CorrelationKeyEntity, 'decision' | 'decisionReason' | 'decidedBy' | 'decidedAt'>;

/**
 * The coordinators' reads and decisions on correlation_key, and the reads of reports that their
 * controls need (explanations of links). The over-correlation limit is the caller's to read (the
 * alliance's): every method that compares with it takes it. CorrelationService keeps relinking.
 */
@Injectable()
export class CorrelationKeyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Excluded keys of a new alliance (its seeded exclusions); a key already there stays as it is. */
  async seedExclusions(em: EntityManager, allianceId: string, rows: { type: string; key: string; reason: string }[]): Promise<void> {
    await em.query(
      `INSERT INTO correlation_key (alliance_id, type, key, report_count, decision, decision_reason, decided_at)
       SELECT $1, t, k, 0, 'EXCLUDED', reason, now() FROM unnest($2::text[], $3::text[], $4::text[]) AS x(t, k, reason)
       ON CONFLICT (alliance_id, type, key) DO NOTHING`,
      [allianceId, rows.map((r) => r.type), rows.map((r) => r.key), rows.map((r) => r.reason)],
    );
  }

  /** A page of the exclusion list by (type, key) after the cursor's, and the count of all. */
  async exclusions(allianceId: string, after: [unknown, unknown] | null, limit: number): Promise<{ totalCount: number; rows: CorrelationKeyEntity[] }> {
    const qb = this.dataSource.getRepository(CorrelationKeyEntity).createQueryBuilder('ck').where('ck.alliance_id = :a AND ck.decision = :d', { a: allianceId, d: 'EXCLUDED' });
    const totalCount = await qb.clone().getCount();
    if (after) qb.andWhere('(ck.type, ck.key) > (:cType, :cKey)', { cType: after[0], cKey: after[1] });
    const rows = await qb.orderBy('ck.type', 'ASC').addOrderBy('ck.key', 'ASC').limit(limit).getMany();
    return { totalCount, rows };
  }

  find(em: EntityManager, allianceId: string, type: string, key: string): Promise<CorrelationKeyEntity | null> {
    return em.getRepository(CorrelationKeyEntity).findOneBy({ allianceId, type, key });
  }

  /** Records a coordinator's decision on the key (status, reason, who, when). */
  async decide(em: EntityManager, allianceId: string, type: string, key: string, decision: Decision): Promise<void> {
    await em.getRepository(CorrelationKeyEntity).update({ allianceId, type, key }, decision);
  }

  findOrFail(em: EntityManager, allianceId: string, type: string, key: string): Promise<CorrelationKeyEntity> {
    return em.getRepository(CorrelationKeyEntity).findOneByOrFail({ allianceId, type, key });
  }

  /**
   * Undecided keys over `limit`, most reports first, after the cursor's (reports, type, key), at
   * most `size`; with how many organisations and networks their published reports span; and the
   * count of all such keys.
   */
  async overCorrelating(allianceId: string, limit: number, derived: boolean, after: [unknown, unknown, unknown] | null, size: number): Promise<{ n: number; rows: OverCorrelatingRow[] }> {
    const over = `ck.alliance_id = $1 AND ck.decision IS NULL AND ck.report_count > $2::int`;
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM correlation_key ck WHERE ${over}`, [allianceId, limit]);
    const rows: OverCorrelatingRow[] = await this.dataSource.query(
      `SELECT p.type, p.key, p.reports,
              (SELECT count(DISTINCT r.organisation_id)::int FROM ${reportKeys(derived)} i JOIN intel_report r ON r.id = i.report_id AND r.status = 'PUBLISHED'
                WHERE i.alliance_id = $1 AND i.type = p.type AND i.key = p.key) AS organisations,
              (SELECT count(DISTINCT r.network_id)::int FROM ${reportKeys(derived)} i JOIN intel_report r ON r.id = i.report_id AND r.status = 'PUBLISHED'
                WHERE i.alliance_id = $1 AND i.type = p.type AND i.key = p.key) AS networks
         FROM (SELECT ck.type, ck.key, ck.report_count AS reports FROM correlation_key ck
                WHERE ${over} ${after ? 'AND (ck.report_count < $4 OR (ck.report_count = $4 AND (ck.type, ck.key) > ($5, $6)))' : ''}
                ORDER BY ck.report_count DESC, ck.type, ck.key LIMIT $3) p
        ORDER BY p.reports DESC, p.type, p.key`,
      after ? [allianceId, limit, size, after[0], after[1], after[2]] : [allianceId, limit, size],
    );
    return { n, rows };
  }

  /** Undecided keys whose report count lies between the two limits (over the lower, up to the higher). */
  crossing(em: EntityManager, allianceId: string, a: number, b: number): Promise<{ type: string; key: string }[]> {
    return em.query(
      `SELECT type, key FROM correlation_key WHERE alliance_id = $1 AND decision IS NULL AND report_count > least($2::int, $3::int) AND report_count <= greatest($2::int, $3::int)`,
      [allianceId, a, b],
    );
  }

  /** How each (type, key) stands against `limit`. */
  statuses(allianceId: string, limit: number, types: string[], keys: string[], em: EntityManager = this.dataSource.manager): Promise<{ type: string; key: string; status: 'LINKING' | 'EXCLUDED' | 'OVER_LIMIT' | 'CONFIRMED' }[]> {
    return em.query(
      `SELECT ck.type, ck.key,
              CASE WHEN ck.decision = 'EXCLUDED' THEN 'EXCLUDED' WHEN ck.decision = 'CONFIRMED' THEN 'CONFIRMED'
                   WHEN ck.report_count > $4::int THEN 'OVER_LIMIT' ELSE 'LINKING' END AS status
         FROM correlation_key ck
        WHERE ck.alliance_id = $1 AND (ck.type, ck.key) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [allianceId, types, keys, limit],
    );
  }

  /** These reports' networks, of those `visible` (on alias r) lets through. */
  visibleReports(ids: string[], visible: SqlCondition): Promise<{ id: string; network_id: string | null }[]> {
    return this.dataSource.getRepository('intel_report').createQueryBuilder('r').select('r.id', 'id').addSelect('r.network_id', 'network_id')
      .where('r.id IN (:...ids)', { ids }).andWhere(visible.sql, visible.params).getRawMany<{ id: string; network_id: string | null }>();
  }

  /**
   * The keys of the network's published reports that link (confirmed, or undecided and within
   * `limit`), each with the indicator holding it: its value, its type, and how the key was derived
   * from it (`via`, null for the indicator's own key).
   */
  links(networkId: string, limit: number, derived: boolean): Promise<{ report_id: string; type: string; key: string; raw_value: string; source_type: string; via: string | null }[]> {
    return this.dataSource.query(
      `SELECT rk.report_id, rk.type, rk.key, i.raw_value, i.type AS source_type, rk.via FROM ${reportKeys(derived)} rk
         JOIN indicator i ON i.alliance_id = rk.alliance_id AND i.id = rk.indicator_id
         JOIN intel_report r ON r.id = rk.report_id AND r.network_id = $1 AND r.status = 'PUBLISHED'
         JOIN correlation_key ck ON ck.alliance_id = rk.alliance_id AND ck.type = rk.type AND ck.key = rk.key
          AND (ck.decision = 'CONFIRMED' OR (ck.decision IS NULL AND ck.report_count <= $2))`,
      [networkId, limit],
    );
  }

  /**
   * Counts these keys again from the published reports holding them (through indicators and, with
   * `derived`, derived keys): after the derived-keys switch changed which keys count. A key no
   * report holds is not added.
   */
  async recount(em: EntityManager, allianceId: string, derived: boolean, keys: { type: string; key: string }[]): Promise<void> {
    if (keys.length === 0) return;
    await em.query(
      `WITH wanted AS (SELECT DISTINCT t AS type, k AS key FROM unnest($2::text[], $3::text[]) AS x(t, k)),
            counted AS (
              SELECT w.type, w.key, (SELECT count(DISTINCT rk.report_id) FROM ${reportKeys(derived)} rk
                                       JOIN intel_report r ON r.id = rk.report_id AND r.status = 'PUBLISHED'
                                      WHERE rk.alliance_id = $1 AND rk.type = w.type AND rk.key = w.key)::int AS n
                FROM wanted w)
       INSERT INTO correlation_key AS ck (alliance_id, type, key, report_count)
       SELECT $1, c.type, c.key, c.n FROM counted c
        WHERE c.n > 0 OR EXISTS (SELECT 1 FROM correlation_key e WHERE e.alliance_id = $1 AND e.type = c.type AND e.key = c.key)
       ON CONFLICT (alliance_id, type, key) DO UPDATE SET report_count = EXCLUDED.report_count`,
      [allianceId, keys.map((k) => k.type), keys.map((k) => k.key)],
    );
  }
}
