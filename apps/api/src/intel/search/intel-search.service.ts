import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { IndicatorType, normaliseIndicator } from '../../../../../libs/indicators/src/index.js';
import type { SharingLevel } from '../../../../../libs/domain/src/index.js';
import { decodeCursor, encodeCursor, pageSize, type Connection } from '../../common/pagination.js';
import type { RequestContext } from '../../common/request-context.js';
import { JobsService } from '../../jobs/jobs.service.js';
import { IntelAccess } from '../intel-access.js';
import { IntelSettings } from '../intel-settings.js';
import { FUZZY_THRESHOLD, planFuzzy } from './fuzzy-plan.js';
import { SearchStatistics, type Searched } from './search-statistics.js';
import { IndicatorEntity } from '../reports/indicator.entity.js';
import { IntelReportEntity } from '../reports/intel-report.entity.js';
import { Indicator, IntelReport } from '../reports/intel-report.models.js';
import type { IntelSearchHit } from './intel-search.models.js';

export interface SearchFilter {
  types?: IndicatorType[];
  brandUuid?: string;
  categoryUuid?: string;
  country?: string;
  since?: string;
  until?: string;
  sharingLevels?: SharingLevel[];
}

/**
 * The trigram GIN indexes search reads. New entries (a new report, and every report whose network
 * changes) wait in each index's pending list, which every index lookup scans whole: 15,000 pending
 * values added 12 ms to a misspelt search, which makes up to eight lookups. A write that fills them
 * queues a job (`settleSoon`, queue `intel.search.settle`: one at a time, on one replica) that merges
 * them (`settleIndexes`), off the path of writes and searches; the connections cap them at 512 kB
 * meanwhile (`gin_pending_list_limit`, SEARCH_CONNECTION_SETTINGS), and an import settles them when
 * it ends.
 */
export const SEARCH_INDEXES = ['indicator_raw_trgm', 'intel_report_title_trgm'] as const;

/**
 * What search needs of every database connection (the app module hands them to the database
 * module, so no query has to set them). Trigram similarity (`%`, `<%`) is stricter than pg_trgm's
 * 0.3: values of one shape (seller123@…, seller124@…) are not "similar". Search scans the trigram
 * indexes' pending lists whole on every lookup: 512 kB instead of 4 MB keeps that under a
 * millisecond (imports raise it for their batches, SEARCH_INDEXES).
 */
export const SEARCH_CONNECTION_SETTINGS: Readonly<Record<string, string | number>> = {
  'pg_trgm.similarity_threshold': FUZZY_THRESHOLD,
  'pg_trgm.word_similarity_threshold': FUZZY_THRESHOLD,
  gin_pending_list_limit: '512kB',
};
const SETTLE_QUEUE = 'intel.search.settle';

const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The part of a query that the trigram index finds fastest. A GIN index reads the whole posting
 * list of every trigram in a pattern, and letter trigrams ("sel", "exa") are held by a large share
 * of all values, while those with digits and symbols ("123", "45.") are rare: "%shop12345.example%"
 * reads 20–40 ms of index, "%p12345.e%" 4 ms. The index is asked for this part, and each candidate
 * is then checked against the whole query, so the hits are exactly those of the whole pattern.
 */
export function selectivePart(q: string, minLength = 6): string {
  const rare = [...q].map((c, i) => (/[^\p{L}\s]/u.test(c) ? i : -1)).filter((i) => i >= 0);
  if (rare.length === 0) return q;
  let start = Math.max(0, rare[0] - 1);
  let end = Math.min(q.length, rare[rare.length - 1] + 2);
  while (end - start < minLength && (start > 0 || end < q.length)) {
    if (start > 0) start -= 1;
    if (end - start < minLength && end < q.length) end += 1;
  }
  return q.slice(start, end);
}

/**
 * Fuzzy search over indicator values and report titles (pg_trgm), plus exact matches of the
 * query's normalised key under every type it parses as (a phone typed any way finds the phone).
 * Hits are reports the caller may see, best first.
 */
@Injectable()
export class IntelSearchService implements OnModuleInit {
  private readonly logger = new Logger(IntelSearchService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: IntelAccess,
    private readonly settings: IntelSettings,
    private readonly statistics: SearchStatistics,
    private readonly jobs: JobsService,
  ) {}

  /**
   * The condition a misspelt query's hits meet on one column: matching the lookup of one of the
   * query's pieces (`planFuzzy`: rare stretches of its words, a trigram-index lookup each) and
   * reaching the word similarity threshold. A query too short to cut uses pg_trgm's `<%` (same
   * threshold, set on every connection).
   */
  private fuzzyMatch(column: string, source: Searched, q: string, params: Record<string, unknown>): string {
    const plan = planFuzzy(q, this.statistics.of(source));
    if (!plan) return `:q <% ${column}`;
    const names = plan.lookups.map((pattern, i) => {
      params[`${source}Piece${i}`] = pattern; // letters and digits between % only: nothing to escape
      return `${column} LIKE :${source}Piece${i}`;
    });
    return `(${names.join(' OR ')}) AND word_similarity(:q, ${column}) >= ${FUZZY_THRESHOLD}`;
  }

  onModuleInit(): void {
    // one queued at a time (`short`): a burst of writes is settled by one run, on one replica
    this.jobs.register({ name: SETTLE_QUEUE, retryLimit: 2, retryDelaySeconds: 5, policy: 'short', handle: () => this.settleIndexes() });
  }

  /**
   * Asks for the pending lists to be merged soon, after a write that filled them (a report written,
   * networks relinked). Not awaited by the writer: a failure is logged, the next write asks again.
   */
  settleSoon(): void {
    this.jobs.send(SETTLE_QUEUE, {}, { singletonKey: 'settle' }).catch((error: unknown) => this.logger.warn(`search indexes not queued for settling: ${String(error)}`));
  }

  /** Merges the search indexes' pending lists into the indexes (cheap when they are empty). */
  async settleIndexes(): Promise<void> {
    await this.dataSource.query(`SELECT ${SEARCH_INDEXES.map((index) => `gin_clean_pending_list('${index}'::regclass)`).join(', ')}`);
  }

  async search(ctx: RequestContext, query: string, filter: SearchFilter, first?: number, after?: string): Promise<Connection<IntelSearchHit>> {
    const size = pageSize(first);
    const q = query.trim().toLowerCase();
    const reading = await this.settings.reading(ctx);
    const exact = Object.values(IndicatorType)
      .filter((t) => !filter.types?.length || filter.types.includes(t))
      .map((t) => ({ t, r: normaliseIndicator(t, query, { ...reading, ...(filter.country ? { defaultCountry: filter.country } : {}) }) }))
      .filter((x): x is { t: IndicatorType; r: { ok: true; key: string } } => x.r.ok)
      .map((x) => `${x.t}\u001f${x.r.key}`);
    const v = await this.access.reportCondition(ctx, 'r');
    const params: Record<string, unknown> = { ...v.params, q, like: likePattern(q), likeIndexed: likePattern(selectivePart(q)), exact, alliance: ctx.allianceId, types: filter.types ?? [] };
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
    const cursor = decodeCursor(after, 2);
    if (cursor) {
      params.cScore = cursor[0];
      params.cId = cursor[1];
    }
    // candidates come from index-friendly branches: exact normalised keys (btree), substrings of
    // values and titles (trigram GIN); when those find nothing, misspelt matches (fuzzyMatch)
    const typed = `
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
             WHERE t.alliance_id = :alliance AND lower(t.title) LIKE :likeIndexed AND strpos(lower(t.title), :q) > 0`}`;
    const fuzzy = () => `
            SELECT i.report_id AS rid, i.id AS iid, false AS title_hit, word_similarity(:q, lower(i.raw_value)) / 2 AS s
              FROM indicator i
             WHERE i.alliance_id = :alliance ${typeFilter} AND ${this.fuzzyMatch('lower(i.raw_value)', 'values', q, params)}
            ${filter.types?.length ? '' : `
            UNION ALL
            SELECT t.id, NULL::uuid, true, word_similarity(:q, lower(t.title)) / 2
              FROM intel_report t
             WHERE t.alliance_id = :alliance AND ${this.fuzzyMatch('lower(t.title)', 'titles', q, params)}`}`;
    const run = async (branches: string) => {
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
      const rows = (await this.dataSource.query(pageSql, pageParams)) as { id: string; score: string; indicator_ids: string[]; title_hit: boolean; total?: number }[];
      const n = !cursor ? (rows[0]?.total ?? 0) : ((await this.dataSource.query(countSql, countParams)) as { n: number }[])[0].n;
      return { rows, n };
    };
    // as typed first (exact keys, substrings); typo-tolerant matching only when that finds nothing
    let { rows, n } = await run(typed);
    if (n === 0) {
      await Promise.all([this.statistics.ready('values'), this.statistics.ready('titles')]);
      ({ rows, n } = await run(fuzzy()));
    }
    const shown = rows.slice(0, size);
    const reports = shown.length ? await this.dataSource.getRepository(IntelReportEntity).findBy({ id: In(shown.map((r) => r.id)) }) : [];
    const indicatorIds = shown.flatMap((r) => r.indicator_ids);
    const indicators = indicatorIds.length ? await this.dataSource.getRepository(IndicatorEntity).findBy({ id: In(indicatorIds) }) : [];
    const reportById = new Map(reports.map((r) => [r.id, r]));
    const indicatorById = new Map(indicators.map((i) => [i.id, i]));
    return {
      totalCount: n,
      pageInfo: { hasNextPage: rows.length > size, endCursor: shown.length ? encodeCursor([shown.at(-1)!.score, shown.at(-1)!.id]) : null },
      edges: shown.map((r) => ({
        cursor: encodeCursor([r.score, r.id]),
        node: {
          report: IntelReport.from(reportById.get(r.id)!),
          matchedIndicators: r.indicator_ids.map((id) => indicatorById.get(id)).filter((i): i is IndicatorEntity => Boolean(i)).map(Indicator.from),
          titleMatched: r.title_hit,
          score: Number(r.score),
        },
      })),
    };
  }
}
