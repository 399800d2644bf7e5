import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { IndicatorType, normaliseIndicator } from '../../../../../libs/indicators/src/index.js';
import { decodeCursor, encodeCursor, pageSize, type Connection } from '../../common/pagination.js';
import type { RequestContext } from '../../common/request-context.js';
import { JobsService } from '../../jobs/jobs.service.js';
import { IntelAccess } from '../intel-access.js';
import { IntelSettings } from '../intel-settings.js';
import { FUZZY_THRESHOLD, planFuzzy } from './fuzzy-plan.js';
import { SearchStatistics, type Searched } from './search-statistics.js';
import type { IndicatorEntity } from '../reports/indicator.entity.js';
import { IntelSearchRepository, type FuzzyCondition, type SearchFilter, type SearchQuery } from './intel-search.repository.js';
import { Indicator, IntelReport } from '../reports/intel-report.models.js';
import type { IntelSearchHit } from './intel-search.models.js';

export type { SearchFilter };

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
/**
 * How long writes gather before their pending lists are merged: one run a second rather than one a
 * write (a run after every report cost 1.4 ms of database time a report, plus the job's own
 * statements; merged once a second, 0.2 ms). Searches meanwhile read the pending lists too.
 */
const SETTLE_AFTER_SECONDS = 1;

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
  /** Until when a run queued by this process is still to start (and will merge what is written meanwhile). */
  private settleQueuedUntil = 0;

  constructor(
    private readonly searchRows: IntelSearchRepository,
    private readonly access: IntelAccess,
    private readonly settings: IntelSettings,
    private readonly statistics: SearchStatistics,
    private readonly jobs: JobsService,
  ) {}

  /**
   * What a misspelt query's hits meet on one column: the lookup of one of the query's pieces
   * (`planFuzzy`: rare stretches of its words, a trigram-index lookup each), and then the word
   * similarity threshold. A query too short to cut uses pg_trgm's `<%` (same threshold, set on every
   * connection), which is both.
   */
  private fuzzyMatch(column: string, source: Searched, q: string, params: Record<string, unknown>): ReturnType<FuzzyCondition> {
    const plan = planFuzzy(q, this.statistics.of(source));
    if (!plan) return { lookup: `:q <% ${column}`, check: () => 'true' };
    const names = plan.lookups.map((pattern, i) => {
      params[`${source}Piece${i}`] = pattern; // letters and digits between % only: nothing to escape
      return `${column} LIKE :${source}Piece${i}`;
    });
    return { lookup: `(${names.join(' OR ')})`, check: (found) => `word_similarity(:q, ${found}) >= ${FUZZY_THRESHOLD}` };
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
    const now = Date.now();
    if (now < this.settleQueuedUntil) return; // the run queued a moment ago starts later and merges this write too
    this.settleQueuedUntil = now + SETTLE_AFTER_SECONDS * 1000;
    this.jobs.send(SETTLE_QUEUE, {}, { singletonKey: 'settle', startAfterSeconds: SETTLE_AFTER_SECONDS }).catch((error: unknown) => {
      this.settleQueuedUntil = 0;
      this.logger.warn(`search indexes not queued for settling: ${String(error)}`);
    });
  }

  /** Merges the search indexes' pending lists into the indexes (cheap when they are empty). */
  async settleIndexes(): Promise<void> {
    await this.searchRows.settle(SEARCH_INDEXES);
  }

  /**
   * Refreshes the planner's statistics of the searched tables and search's own trigram samples (a
   * large import changed them). Samples taken before it, over a nearly empty table (when the app
   * started, say), know almost no trigram, so every word looks rare: misspelt queries were cut at
   * common words ("ring", "shop") whose lookups returned most of the table, until the samples aged
   * out a minute later (misspelt p99 336–392 ms at 20,000 reports). Other replicas resample on
   * their own timer.
   */
  async analyze(): Promise<void> {
    await this.searchRows.analyze();
    await Promise.all([this.statistics.refresh('values'), this.statistics.refresh('titles')]);
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
    const cursor = decodeCursor(after, 2);
    const searched: SearchQuery = {
      visible: v, allianceId: ctx.allianceId, q, like: likePattern(q), likeIndexed: likePattern(selectivePart(q)), exact, filter,
      cursor: cursor ? [cursor[0], cursor[1]] : null, size,
    };
    // as typed first (exact keys, substrings); typo-tolerant matching only when that finds nothing
    const { rows, n } = await this.searchRows.hits(searched, async () => {
      await Promise.all([this.statistics.ready('values'), this.statistics.ready('titles')]);
      return (column, source, params) => this.fuzzyMatch(column, source, q, params);
    });
    const shown = rows.slice(0, size);
    const reports = shown.length ? await this.searchRows.reportsByIds(shown.map((r) => r.id)) : [];
    const indicatorIds = shown.flatMap((r) => r.indicator_ids);
    const indicators = indicatorIds.length ? await this.searchRows.indicatorsByIds(indicatorIds) : [];
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
