import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { SqlCondition } from '../../common/sql-condition.js';
import { CorrelationKeyEntity } from './correlation-key.entity.js';

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
  async overCorrelating(allianceId: string, limit: number, after: [unknown, unknown, unknown] | null, size: number): Promise<{ n: number; rows: OverCorrelatingRow[] }> {
    const over = `ck.alliance_id = $1 AND ck.decision IS NULL AND ck.report_count > $2::int`;
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM correlation_key ck WHERE ${over}`, [allianceId, limit]);
    const rows: OverCorrelatingRow[] = await this.dataSource.query(
      `SELECT p.type, p.key, p.reports,
              (SELECT count(DISTINCT r.organisation_id)::int FROM indicator i JOIN intel_report r ON r.id = i.report_id AND r.status = 'PUBLISHED'
                WHERE i.alliance_id = $1 AND i.type = p.type AND i.key = p.key) AS organisations,
              (SELECT count(DISTINCT r.network_id)::int FROM indicator i JOIN intel_report r ON r.id = i.report_id AND r.status = 'PUBLISHED'
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
  statuses(allianceId: string, limit: number, types: string[], keys: string[]): Promise<{ type: string; key: string; status: 'LINKING' | 'EXCLUDED' | 'OVER_LIMIT' | 'CONFIRMED' }[]> {
    return this.dataSource.query(
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

  /** The indicators of the network's published reports whose keys link (confirmed, or undecided and within `limit`). */
  links(networkId: string, limit: number): Promise<{ report_id: string; type: string; key: string; raw_value: string }[]> {
    return this.dataSource.query(
      `SELECT i.report_id, i.type, i.key, i.raw_value FROM indicator i
         JOIN intel_report r ON r.id = i.report_id AND r.network_id = $1 AND r.status = 'PUBLISHED'
         JOIN correlation_key ck ON ck.alliance_id = i.alliance_id AND ck.type = i.type AND ck.key = i.key
          AND (ck.decision = 'CONFIRMED' OR (ck.decision IS NULL AND ck.report_count <= $2))`,
      [networkId, limit],
    );
  }
}
