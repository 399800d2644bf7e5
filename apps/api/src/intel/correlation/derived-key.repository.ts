import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { copyFrom, copyLines } from '../../database/copy-from.js';

/**
 * The keys reports hold, as a row source for correlation's SQL (alias it): every indicator's own
 * key and, with `derived`, the keys derived from indicators (issue 18, outcome 3). Columns:
 * alliance_id, report_id, indicator_id, type, key, via (NULL for an indicator's own key). The one
 * place that says which keys link, so counting, linking, splitting and explaining agree.
 */
export function reportKeys(derived: boolean): string {
  const own = `SELECT alliance_id, report_id, id AS indicator_id, type, key, NULL::text AS via FROM indicator`;
  return derived ? `(${own} UNION ALL SELECT alliance_id, report_id, indicator_id, type, key, via FROM derived_key)` : `(${own})`;
}

export interface DerivedKeyRow {
  indicatorId: string;
  reportId: string;
  type: string;
  key: string;
  via: string;
}

const COLUMNS = ['alliance_id', 'indicator_id', 'report_id', 'type', 'key', 'via'] as const;

/** Every statement on derived_key: the keys derived from indicators, one row each, deleted with their indicator. */
@Injectable()
export class DerivedKeyRepository {
  /** Writes the rows of new indicators (an import's batch by COPY). */
  async insert(em: EntityManager, allianceId: string, rows: DerivedKeyRow[], options: { copy?: boolean } = {}): Promise<void> {
    if (rows.length === 0) return;
    if (options.copy) {
      await copyFrom(em, 'derived_key', COLUMNS, copyLines(rows, (r) => [allianceId, r.indicatorId, r.reportId, r.type, r.key, r.via]));
      return;
    }
    await em.query(
      `INSERT INTO derived_key (alliance_id, indicator_id, report_id, type, key, via)
       SELECT $1, i, r, t, k, v FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[]) AS x(i, r, t, k, v)
       ON CONFLICT DO NOTHING`,
      [allianceId, rows.map((r) => r.indicatorId), rows.map((r) => r.reportId), rows.map((r) => r.type), rows.map((r) => r.key), rows.map((r) => r.via)],
    );
  }

  /** The keys a report holds, its indicators' own and derived (`via`): correlation keeps the derived ones while the switch is on. */
  keysOf(em: EntityManager, reportId: string): Promise<{ type: string; key: string; via: string | null }[]> {
    return em.query(`SELECT type, key, via FROM ${reportKeys(true)} rk WHERE report_id = $1`, [reportId]);
  }

  /** The keys derived from these indicators of the alliance. */
  byIndicatorIds(allianceId: string, indicatorIds: readonly string[], em: EntityManager): Promise<{ indicator_id: string; type: string; key: string; via: string }[]> {
    return em.query(
      `SELECT indicator_id, type, key, via FROM derived_key WHERE alliance_id = $1 AND indicator_id = ANY($2::uuid[]) ORDER BY indicator_id, via, type, key`,
      [allianceId, [...indicatorIds]],
    );
  }

  /** The distinct (type, key) derived in the alliance from published reports' indicators. */
  keysOfPublished(em: EntityManager, allianceId: string): Promise<{ type: string; key: string }[]> {
    return em.query(
      `SELECT DISTINCT d.type, d.key FROM derived_key d JOIN intel_report r ON r.id = d.report_id AND r.status = 'PUBLISHED' WHERE d.alliance_id = $1`,
      [allianceId],
    );
  }

  /** Forgets every derived key of the alliance (before deriving them all again). */
  async deleteAll(em: EntityManager, allianceId: string): Promise<void> {
    await em.query(`DELETE FROM derived_key WHERE alliance_id = $1`, [allianceId]);
  }

  /**
   * A page of the alliance's indicators of `types` after `afterId`, with what reading them needs
   * (the report's country, the qualifier): to derive the keys of stored reports.
   */
  indicators(em: EntityManager, allianceId: string, types: string[], afterId: string | null, limit: number): Promise<{ id: string; report_id: string; type: string; raw_value: string; qualifier: string | null; country: string | null }[]> {
    return em.query(
      `SELECT i.id, i.report_id, i.type, i.raw_value, i.qualifier, r.country FROM indicator i JOIN intel_report r ON r.id = i.report_id
        WHERE i.alliance_id = $1 AND i.type = ANY($2::text[]) AND ($3::uuid IS NULL OR i.id > $3::uuid)
        ORDER BY i.id LIMIT $4`,
      [allianceId, types, afterId, limit],
    );
  }
}
