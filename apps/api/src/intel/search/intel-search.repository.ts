import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
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

/**
 * What a misspelt query's hits meet on a column (`lower(i.raw_value)`, `lower(t.title)`): `lookup`,
 * answered by the column's trigram index alone, and `check`, applied to what the lookup found (the
 * column as `c.v`); may add parameters.
 */
export type FuzzyCondition = (column: string, source: 'values' | 'titles', params: Record<string, unknown>) => { lookup: string; check: (column: string) => string };

export interface SearchHitRow {
  id: string;
  score: string;
  indicator_ids: string[];
  title_hit: boolean;
  total?: number;
}

/**
 * How search's statements are planned (in their transaction only). Their candidates come from
 * trigram-index lookups the service chose to be selective (exact keys, the query's rare part, the
 * pieces of a misspelt query: `planFuzzy`), a few hundred rows at most. The planner cannot know
 * that: it estimates an unanchored LIKE from the 100 values of the column's histogram, so a single
 * value holding "5774" makes `LIKE '%5774%'` 1 % of the table. On a small alliance's tables (20,000
 * reports) such guesses made a sequential scan look as cheap as the lookup (the scan then computed
 * word similarity for every title, 220 ms, or every value, 1.2 s) and a hash join over every report
 * cheaper than checking the candidates one by one (35 ms); on a large alliance the same guesses
 * still favoured the index, which is why only small alliances were slow. So search never scans a
 * table whole (a lookup as broad as half the table costs about twice a scan, and counts every hit
 * anyway) and starts no parallel workers for a few hundred rows (starting two added 20–40 ms here).
 * The lookups are fenced so that a btree cannot stand in for the scan (`hits`).
 */
export const SEARCH_PLAN = `SELECT set_config('enable_seqscan', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`;

/** Search's SQL over intel_report and indicator: hits, their rows, index upkeep and the trigram samples. */
@Injectable()
export class IntelSearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Merges these GIN indexes' pending lists into the indexes (cheap when they are empty), through
   * the owner's `settle_gin_index` (gin_clean_pending_list wants the index's owner; the app is not).
   */
  async settle(indexes: readonly string[]): Promise<void> {
    await this.dataSource.query(`SELECT ${indexes.map((index) => `settle_gin_index('${index}'::regclass)`).join(', ')}`);
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
   * values and titles); when nothing matches as typed and `misspelt` is given, misspelt matches
   * (the condition it answers). Both passes in one transaction, planned by SEARCH_PLAN.
   */
  hits(query: SearchQuery, misspelt?: () => Promise<FuzzyCondition>): Promise<{ rows: SearchHitRow[]; n: number }> {
    return this.dataSource.transaction(async (m) => {
      await m.query(SEARCH_PLAN);
      const typed = await this.page(m, query);
      return typed.n > 0 || !misspelt ? typed : this.page(m, query, await misspelt());
    });
  }

  private async page(m: EntityManager, query: SearchQuery, fuzzy?: FuzzyCondition): Promise<{ rows: SearchHitRow[]; n: number }> {
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
    const typeFilter = (alias: string) => (filter.types?.length ? `AND ${alias}.type = ANY(:types)` : '');
    if (cursor) {
      params.cScore = cursor[0];
      params.cId = cursor[1];
    }
    // Candidates come from index-friendly branches: exact normalised keys (btree), substrings of
    // values and titles (trigram GIN); when those find nothing, misspelt matches (fuzzy). A trigram
    // lookup is fenced (OFFSET 0) with nothing but its LIKE patterns, and the alliance, type and
    // similarity are checked on what it found: with the alliance inside, the planner could read the
    // whole alliance through a btree on alliance_id (and compute word similarity for every row
    // first) instead of the lookup, which SEARCH_PLAN cannot forbid as it forbids a scan. The
    // lookups read the tables through their lookup views (migration 1767300000000): under the
    // tables' row-level security a LIKE (not leakproof) could not be an index condition, and the
    // exact keys' (type, key) pairs, taken apart from the query's list by split_part and substr,
    // were not probed in the (alliance_id, type, key) index either: the planner hashed them and
    // read the whole alliance's values (1,000,000 at the benchmark's size: 610 ms a search)
    const values = (lookup: string) => `(SELECT i.report_id AS rid, i.id AS iid, i.alliance_id, i.type, lower(i.raw_value) AS v FROM indicator_lookup i WHERE ${lookup} OFFSET 0) c`;
    const titles = (lookup: string) => `(SELECT t.id AS rid, t.alliance_id, lower(t.title) AS v FROM intel_report_lookup t WHERE ${lookup} OFFSET 0) c`;
    const valueMatch = fuzzy?.('lower(i.raw_value)', 'values', params);
    const titleMatch = fuzzy?.('lower(t.title)', 'titles', params);
    const branches = !valueMatch || !titleMatch
      ? `
            SELECT i.report_id AS rid, i.id AS iid, false AS title_hit, 1.0 AS s
              FROM indicator_lookup i
             WHERE i.alliance_id = :alliance ${typeFilter('i')}
               AND (i.type, i.key) IN (SELECT split_part(e, chr(31), 1), substr(e, length(split_part(e, chr(31), 1)) + 2) FROM unnest(:exact::text[]) AS e)
            UNION ALL
            SELECT c.rid, c.iid, false, (similarity(c.v, :q) + CASE WHEN c.v LIKE :like THEN 1 ELSE 0 END) / 2
              FROM ${values('lower(i.raw_value) LIKE :likeIndexed')}
             WHERE c.alliance_id = :alliance ${typeFilter('c')} AND strpos(c.v, :q) > 0
            ${filter.types?.length ? '' : `
            UNION ALL
            SELECT c.rid, NULL::uuid, true, (similarity(c.v, :q) + CASE WHEN c.v LIKE :like THEN 1 ELSE 0 END) / 2
              FROM ${titles('lower(t.title) LIKE :likeIndexed')}
             WHERE c.alliance_id = :alliance AND strpos(c.v, :q) > 0`}`
      : `
            SELECT c.rid, c.iid, false AS title_hit, word_similarity(:q, c.v) / 2 AS s
              FROM ${values(valueMatch.lookup)}
             WHERE c.alliance_id = :alliance ${typeFilter('c')} AND ${valueMatch.check('c.v')}
            ${filter.types?.length ? '' : `
            UNION ALL
            SELECT c.rid, NULL::uuid, true, word_similarity(:q, c.v) / 2
              FROM ${titles(titleMatch.lookup)}
             WHERE c.alliance_id = :alliance AND ${titleMatch.check('c.v')}`}`;
    const hits = `
        SELECT r.id, round(max(h.s)::numeric, 6) AS score, array_remove(array_agg(h.iid), NULL) AS indicator_ids, bool_or(h.title_hit) AS title_hit
          FROM (${branches}) h
         CROSS JOIN LATERAL (
            SELECT r.id FROM intel_report r
             WHERE r.id = h.rid AND ${v.sql} ${filters.map((f) => `AND ${f}`).join(' ')}
            OFFSET 0) r
         GROUP BY r.id`;
    // a first page counts every hit as it goes (one pass over them); a later page counts apart
    const page = cursor
      ? `SELECT * FROM (${hits}) x WHERE (x.score < :cScore::numeric OR (x.score = :cScore::numeric AND x.id > :cId::uuid)) ORDER BY x.score DESC, x.id ASC LIMIT ${size + 1}`
      : `SELECT x.*, count(*) OVER ()::int AS total FROM (${hits}) x ORDER BY x.score DESC, x.id ASC LIMIT ${size + 1}`;
    const [pageSql, pageParams] = this.dataSource.driver.escapeQueryWithParameters(page, params, {});
    const [countSql, countParams] = this.dataSource.driver.escapeQueryWithParameters(`SELECT count(*)::int AS n FROM (${hits}) x`, params, {});
    const rows = (await m.query(pageSql, pageParams)) as SearchHitRow[];
    const n = !cursor ? (rows[0]?.total ?? 0) : ((await m.query(countSql, countParams)) as { n: number }[])[0].n;
    return { rows, n };
  }

  reportsByIds(ids: readonly string[]): Promise<IntelReportEntity[]> {
    return this.dataSource.getRepository(IntelReportEntity).findBy({ id: In([...ids]) });
  }

  indicatorsByIds(ids: readonly string[]): Promise<IndicatorEntity[]> {
    return this.dataSource.getRepository(IndicatorEntity).findBy({ id: In([...ids]) });
  }
}
