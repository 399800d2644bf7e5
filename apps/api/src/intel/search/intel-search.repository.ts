import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { SharingLevel } from '../../../../../libs/domain/src/index.js';
import type { IndicatorType } from '../../../../../libs/indicators/src/index.js';
import type { SqlCondition } from '../../common/sql-condition.js';
import { IndicatorEntity } from '../reports/indicator.entity.js';
import { IntelReportEntity } from '../reports/intel-report.entity.js';

export interface SearchFilter {
  types?: IndicatorType[];
  brandUuid?: string;
  categoryUuid?: string;
  country?: string;
  since?: string;
  until?: string;
  sharingLevels?: SharingLevel[];
}

/** What one search asks of the database: the caller's visibility, the query's forms, the filter and the page. */
export interface SearchQuery {
  visible: SqlCondition;
  allianceId: string;
  /** the query, lower case */
  q: string;
  /** LIKE patterns: the whole query, and the part the trigram index finds fastest */
  like: string;
  likeIndexed: string;
  /** `type␟key` of every type the query parses as */
  exact: string[];
  filter: SearchFilter;
  /** (score, report id) of the last hit of the previous page */
  cursor: [unknown, unknown] | null;
  size: number;
}

/** The condition a misspelt query's hits meet on a column (`lower(i.raw_value)` or `lower(t.title)`); may add parameters. */
export type FuzzyCondition = (column: string, source: 'values' | 'titles', params: Record<string, unknown>) => string;

export interface SearchHitRow {
  id: string;
  score: string;
  indicator_ids: string[];
  title_hit: boolean;
  total?: number;
}

/** Search's SQL over intel_report and indicator: hits, their rows, index upkeep and the trigram samples. */
@Injectable()
export class IntelSearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Merges these GIN indexes' pending lists into the indexes (cheap when they are empty). */
  async settle(indexes: readonly string[]): Promise<void> {
    await this.dataSource.query(`SELECT ${indexes.map((index) => `gin_clean_pending_list('${index}'::regclass)`).join(', ')}`);
  }

  /** Refreshes the planner's statistics of the tables search and correlation read (after a large import). */
  async analyze(): Promise<void> {
    await this.dataSource.query(`ANALYZE intel_report, indicator, correlation_key`);
  }

  /** About how many live rows the table has. */
  async liveRows(table: string): Promise<number> {
    const [{ live }] = (await this.dataSource.query(
      `SELECT greatest(coalesce((SELECT n_live_tup FROM pg_stat_user_tables WHERE relid = $1::regclass), 0), (SELECT reltuples FROM pg_class WHERE oid = $1::regclass), 0)::float8 AS live`,
      [table],
    )) as { live: number }[];
    return live;
  }

  /** A repeatable block sample of `percent` of the table: how many rows it read and how often each trigram of `expression` occurs. */
  async trigramSample(table: string, expression: string, percent: number): Promise<{ sampled: number; counts: Record<string, number> }> {
    const [row] = (await this.dataSource.query(
      `WITH s AS MATERIALIZED (SELECT ${expression} AS v FROM ${table} TABLESAMPLE SYSTEM ($1) REPEATABLE (0))
       SELECT (SELECT count(*) FROM s)::int AS sampled,
              (SELECT coalesce(json_object_agg(t, n), '{}') FROM (SELECT t, count(*)::int AS n FROM s, unnest(show_trgm(s.v)) t GROUP BY t) x) AS counts`,
      [percent],
    )) as { sampled: number; counts: Record<string, number> }[];
    return row;
  }

  /**
   * One page of hits, best first, and how many there are: as typed (exact keys, substrings of
   * values and titles), or, given `fuzzy`, misspelt matches.
   */
  async hits(query: SearchQuery, fuzzy?: FuzzyCondition): Promise<{ rows: SearchHitRow[]; n: number }> {
    const { filter, visible: v, cursor, size } = query;
    const params: Record<string, unknown> = { ...v.params, q: query.q, like: query.like, likeIndexed: query.likeIndexed, exact: query.exact, alliance: query.allianceId, types: filter.types ?? [] };
    const filters: string[] = [];
    if (filter.brandUuid) {
      filters.push('EXISTS (SELECT 1 FROM intel_report_brand rb WHERE rb.report_id = r.id AND rb.brand_id = :brand)');
      params.brand = filter.brandUuid;
    }
    if (filter.categoryUuid) {
      filters.push('EXISTS (SELECT 1 FROM intel_report_category rc WHERE rc.report_id = r.id AND rc.category_id = :category)');
      params.category = filter.categoryUuid;
    }
    if (filter.country) {
      filters.push('(r.country = :country OR :country = ANY(r.countries))');
      params.country = filter.country.toUpperCase();
    }
    if (filter.since) {
      filters.push('r.published_at >= :since::date');
      params.since = filter.since;
    }
    if (filter.until) {
      filters.push('r.published_at < :until::date');
      params.until = filter.until;
    }
    if (filter.sharingLevels?.length) {
      filters.push('r.sharing_level IN (:...levels)');
      params.levels = filter.sharingLevels;
    }
    const typeFilter = filter.types?.length ? 'AND i.type = ANY(:types)' : '';
    if (cursor) {
      params.cScore = cursor[0];
      params.cId = cursor[1];
    }
    // candidates come from index-friendly branches: exact normalised keys (btree), substrings of
    // values and titles (trigram GIN); when those find nothing, misspelt matches (fuzzy)
    const branches = !fuzzy
      ? `
            SELECT i.report_id AS rid, i.id AS iid, false AS title_hit, 1.0 AS s
              FROM indicator i
             WHERE i.alliance_id = :alliance ${typeFilter}
               AND (i.type, i.key) IN (SELECT split_part(e, chr(31), 1), substr(e, length(split_part(e, chr(31), 1)) + 2) FROM unnest(:exact::text[]) AS e)
            UNION ALL
            SELECT i.report_id, i.id, false, (similarity(lower(i.raw_value), :q) + CASE WHEN lower(i.raw_value) LIKE :like THEN 1 ELSE 0 END) / 2
              FROM indicator i
             WHERE i.alliance_id = :alliance ${typeFilter} AND lower(i.raw_value) LIKE :likeIndexed AND strpos(lower(i.raw_value), :q) > 0
            ${filter.types?.length ? '' : `
            UNION ALL
            SELECT t.id, NULL::uuid, true, (similarity(lower(t.title), :q) + CASE WHEN lower(t.title) LIKE :like THEN 1 ELSE 0 END) / 2
              FROM intel_report t
             WHERE t.alliance_id = :alliance AND lower(t.title) LIKE :likeIndexed AND strpos(lower(t.title), :q) > 0`}`
      : `
            SELECT i.report_id AS rid, i.id AS iid, false AS title_hit, word_similarity(:q, lower(i.raw_value)) / 2 AS s
              FROM indicator i
             WHERE i.alliance_id = :alliance ${typeFilter} AND ${fuzzy('lower(i.raw_value)', 'values', params)}
            ${filter.types?.length ? '' : `
            UNION ALL
            SELECT t.id, NULL::uuid, true, word_similarity(:q, lower(t.title)) / 2
              FROM intel_report t
             WHERE t.alliance_id = :alliance AND ${fuzzy('lower(t.title)', 'titles', params)}`}`;
    const hits = `
        SELECT r.id, round(max(h.s)::numeric, 6) AS score, array_remove(array_agg(h.iid), NULL) AS indicator_ids, bool_or(h.title_hit) AS title_hit
          FROM (${branches}) h
          JOIN intel_report r ON r.id = h.rid
         WHERE ${v.sql} ${filters.map((f) => `AND ${f}`).join(' ')}
         GROUP BY r.id`;
    // a first page counts every hit as it goes (one pass over them); a later page counts apart
    const page = cursor
      ? `SELECT * FROM (${hits}) x WHERE (x.score < :cScore::numeric OR (x.score = :cScore::numeric AND x.id > :cId::uuid)) ORDER BY x.score DESC, x.id ASC LIMIT ${size + 1}`
      : `SELECT x.*, count(*) OVER ()::int AS total FROM (${hits}) x ORDER BY x.score DESC, x.id ASC LIMIT ${size + 1}`;
    const [pageSql, pageParams] = this.dataSource.driver.escapeQueryWithParameters(page, params, {});
    const [countSql, countParams] = this.dataSource.driver.escapeQueryWithParameters(`SELECT count(*)::int AS n FROM (${hits}) x`, params, {});
    const rows = (await this.dataSource.query(pageSql, pageParams)) as SearchHitRow[];
    const n = !cursor ? (rows[0]?.total ?? 0) : ((await this.dataSource.query(countSql, countParams)) as { n: number }[])[0].n;
    return { rows, n };
  }

  reportsByIds(ids: readonly string[]): Promise<IntelReportEntity[]> {
    return this.dataSource.getRepository(IntelReportEntity).findBy({ id: In([...ids]) });
  }

  indicatorsByIds(ids: readonly string[]): Promise<IndicatorEntity[]> {
    return this.dataSource.getRepository(IndicatorEntity).findBy({ id: In([...ids]) });
  }
}
