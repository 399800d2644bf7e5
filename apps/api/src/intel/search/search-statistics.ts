import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { asSystem } from '../../database/tenancy.js';
import { NO_STATS, type TrigramStats } from './fuzzy-plan.js';
import { IntelSearchRepository } from './intel-search.repository.js';

/** The columns fuzzy search reads, as their trigram indexes see them. */
export const SEARCHED = {
  values: { table: 'indicator', expression: 'lower(raw_value)' },
  titles: { table: 'intel_report', expression: 'lower(title)' },
} as const;
export type Searched = keyof typeof SEARCHED;

/** rows sampled per refresh; about 100 ms of one backend */
const SAMPLE_ROWS = 30_000;
/** statistics older than this are refreshed in the background by the next search that uses them */
const MAX_AGE_MS = 60_000;

/**
 * Trigram frequencies of the searched columns, from a block sample of each table, kept in memory
 * and refreshed in the background: they only steer how a misspelt query is cut into pieces
 * (`planFuzzy`), never which rows are hits, so a stale or missing sample costs time, not results.
 * Sampled over every tenant: the figures are never shown, only used to choose index lookups. The
 * sample is repeatable (same blocks while the table is unchanged), so a query keeps its plan.
 */
@Injectable()
export class SearchStatistics implements OnApplicationBootstrap {
  private readonly logger = new Logger(SearchStatistics.name);
  private readonly current = new Map<Searched, { stats: TrigramStats; at: number }>();
  private readonly refreshing = new Map<Searched, Promise<void>>();

  constructor(private readonly search: IntelSearchRepository) {}

  onApplicationBootstrap(): void {
    for (const source of Object.keys(SEARCHED) as Searched[]) void this.refresh(source);
  }

  /** The latest statistics of a column (none yet: NO_STATS); starts a refresh when they are old. */
  of(source: Searched): TrigramStats {
    const entry = this.current.get(source);
    if (!entry || Date.now() - entry.at > MAX_AGE_MS) void this.refresh(source);
    return entry?.stats ?? NO_STATS;
  }

  /**
   * Waits for a column's first sample with rows in it (a fresh process must not cut queries blind on
   * a large table; a sample of an empty table knows no trigram, and sampling one again is cheap).
   */
  async ready(source: Searched): Promise<void> {
    if (!this.current.get(source)?.stats.sampled) await this.refresh(source);
  }

  /** Samples a column again (one refresh at a time per column); resolves when done. */
  refresh(source: Searched): Promise<void> {
    const running = this.refreshing.get(source);
    if (running) return running;
    // over every tenant, whichever request's search started it (database/tenancy.ts)
    const job = asSystem(() => this.sample(source))
      .then((stats) => void this.current.set(source, { stats, at: Date.now() }))
      .catch((error: unknown) => this.logger.warn(`trigram statistics of ${source} not refreshed: ${String(error)}`))
      .finally(() => this.refreshing.delete(source));
    this.refreshing.set(source, job);
    return job;
  }

  private async sample(source: Searched): Promise<TrigramStats> {
    const { table, expression } = SEARCHED[source];
    const live = await this.search.liveRows(table);
    const percent = Math.min(100, (100 * SAMPLE_ROWS) / Math.max(1, live));
    const row = await this.search.trigramSample(table, expression, percent);
    return { rows: Math.round((row.sampled * 100) / percent), sampled: row.sampled, counts: new Map(Object.entries(row.counts)) };
  }
}
