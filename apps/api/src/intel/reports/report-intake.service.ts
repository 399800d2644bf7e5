import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../common/request-context.js';
import { IntelSettings, type ReportSettings } from '../intel-settings.js';
import { IntelSearchService } from '../search/intel-search.service.js';
import { IntelReportService, type ReportValues } from './intel-report.service.js';

export type { ReportValues };

/** An intake of this many reports refreshes the planner's statistics of the tables it wrote. */
const ANALYZE_AFTER_REPORTS = 1000;

export type IntakeProblem = { field?: string; message: string };
export type IntakeBatch = { created: number; indicators: number; already: number };

/**
 * One intake of reports from outside (an import file), opened for the caller: every report is
 * checked and written with the same settings, read once when it opens.
 */
export interface Intake {
  /** The caller's alliance and organisation settings the intake reads values with (the parsers need its marketplaces and home country). */
  readonly settings: ReportSettings;
  /** What would be wrong with this report, without writing anything; null when nothing. */
  check(values: ReportValues): Promise<IntakeProblem | null>;
  /**
   * Publishes a batch of reports in one transaction (those whose source id the organisation already
   * has are left out); `alsoInTransaction` commits with them (an import moves its checkpoint there).
   * `after`: the write of the batch before, still running. This batch writes its rows meanwhile, on
   * its own connection, and correlates and commits only once that one has committed (it fails if
   * that one failed), so batches overlap and still commit in order.
   */
  write(items: { values: ReportValues; sourceRef: string }[], alsoInTransaction: (em: EntityManager, result: IntakeBatch) => Promise<void>, after?: Promise<unknown>): Promise<IntakeBatch>;
  /** After the last batch of `reports`: the search indexes settled and, after a large intake, the planner's statistics refreshed. Never throws; `what` names the intake in the warnings. */
  finish(reports: number, what: string): Promise<void>;
}

/**
 * The one way intelligence from outside comes into the reports (issue 14): the import checks and
 * writes through it, instead of calling reports, settings and search one by one. Performance
 * matters here (docs/import-throughput.md): an intake adds no statement to what those calls made.
 */
@Injectable()
export class ReportIntake {
  private readonly logger = new Logger('ReportIntake');

  constructor(
    private readonly reports: IntelReportService,
    private readonly settings: IntelSettings,
    private readonly search: IntelSearchService,
  ) {}

  /** Refuses, before anything is stored, whoever may not report intelligence. */
  requireAuthor(ctx: RequestContext): Promise<void> {
    return this.reports.requireAuthor(ctx);
  }

  async open(ctx: RequestContext): Promise<Intake> {
    const settings = await this.settings.of(ctx);
    return {
      settings,
      check: (values) => this.reports.check(ctx, values, settings),
      write: (items, alsoInTransaction, after) => this.reports.createMany(ctx, items, settings, alsoInTransaction, { after }),
      finish: (reports, what) => this.finish(reports, what),
    };
  }

  private async finish(reports: number, what: string): Promise<void> {
    await Promise.all([
      // the batches let the search indexes' pending lists grow; merge them before searches pay for it
      this.search.settleIndexes().catch((error: unknown) => this.logger.warn(`search indexes not settled after ${what}: ${String(error)}`)),
      // a large import into a small alliance leaves the planner's statistics describing the tables as
      // they were (empty, say), and search then plans a scan of every report: refresh them now rather
      // than when autovacuum gets round to it (on another connection, beside the merge)
      reports >= ANALYZE_AFTER_REPORTS
        ? this.search.analyze().catch((error: unknown) => this.logger.warn(`statistics not refreshed after ${what}: ${String(error)}`))
        : undefined,
    ]);
  }
}
