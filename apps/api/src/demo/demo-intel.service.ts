import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestContext } from '../common/request-context.js';
import { analyzeAll } from '../database/statistics.js';
import { ImportService } from '../intel-exchange/import.service.js';
import { AuthService } from '../identity/auth.service.js';
import { CollaborationService } from '../intel/collaboration/collaboration.service.js';
import { IntelReportService } from '../intel/reports/intel-report.service.js';
import { IntelSettings } from '../intel/intel-settings.js';
import { DEMO_INTEL, type DemoReport } from './demo-intel.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const PUBLISHING_SECONDS = 10 * 60 * 60;
const IMPORT_WAIT_MS = 15_000;

/** What the demo alliance's loader made that the intelligence refers to. */
export interface DemoAlliance {
  people: Map<string, string[]>;
  coordinatorId: string;
  brands: Map<string, string>;
  categories: Map<string, string>;
}

/**
 * Loads DEMO_INTEL through the intelligence services' own write paths, so correlation keys,
 * networks and their events, blind matches, notifications and the audit log are what real use
 * would have produced: watchlist entries first (the reports then raise notifications), each
 * member's year of reports as one batch (the import's writer: correlation planned once per batch),
 * contact requests relayed by the coordinator, and last a CSV file through an import job.
 */
@Injectable()
export class DemoIntelService {
  private readonly logger = new Logger('Demo');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: IntelReportService,
    private readonly settings: IntelSettings,
    private readonly collaboration: CollaborationService,
    private readonly imports: ImportService,
    private readonly auth: AuthService,
  ) {}

  /**
   * `people`: for each reporting member (by name), the user ids of its people, its admin (if it
   * has one) first; `coordinatorId`: the demo coordinator; `brands`, `categories`: ids by name.
   * Dates are counted back from `now`.
   */
  async load(demo: DemoAlliance, now = new Date()): Promise<void> {
    const { people, coordinatorId, brands, categories } = demo;
    const contexts = new Map<string, Promise<RequestContext>>();
    const contextOf = (userId: string) => contexts.get(userId) ?? contexts.set(userId, this.auth.contextOfUserId(userId)).get(userId)!;
    const as = (member: string, index = 0): Promise<RequestContext> => {
      const userId = people.get(member)?.[index] ?? people.get(member)?.[0];
      if (!userId) throw new Error(`The demo member ${member} has nobody to act for it`);
      return contextOf(userId);
    };

    for (const w of DEMO_INTEL.watches) {
      await this.collaboration.addWatch(await as(w.member), { kind: 'INDICATOR', indicatorType: w.indicator.type, value: w.indicator.value });
    }

    const date = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS).toISOString().slice(0, 10);
    const item = (r: DemoReport) => ({
      sourceRef: r.sourceRef,
      // spread over the ten hours before this time of its day, no two reports at the same second (7,919 is prime)
      publishedAt: new Date(now.getTime() - r.publishedDaysAgo * DAY_MS - ((Number(r.sourceRef.slice(5)) * 7919) % PUBLISHING_SECONDS) * 1000),
      values: {
        kind: r.kind, title: r.title, summary: r.summary, confidence: r.confidence, sharingLevel: r.sharingLevel, country: r.country, marketplaces: r.marketplaces,
        brandUuids: r.brands.map((b) => brands.get(b)!), categoryUuids: r.categories.map((c) => categories.get(c)!).filter(Boolean),
        firstObservedOn: date(r.firstObservedDaysAgo), lastObservedOn: date(r.lastObservedDaysAgo),
        indicators: r.indicators.map((i) => ({ type: i.type, value: i.value, note: i.note })),
      },
    });
    for (const member of DEMO_INTEL.reportingMembers) {
      const ctx = await as(member);
      const batch = DEMO_INTEL.reports.filter((r) => r.member === member).map(item);
      await this.reports.createMany(ctx, batch, await this.settings.of(ctx), async () => undefined);
    }

    const coordinator = await contextOf(coordinatorId);
    for (const c of DEMO_INTEL.contactRequests) {
      const request = await this.collaboration.requestContact(await as(c.requester, 1), c.indicator.type, c.indicator.value, c.message);
      if (c.outcome === 'PENDING_REVIEW') continue;
      await this.collaboration.review(coordinator, request.id, true, 'Passed on: the holder has a matching report.');
      if (c.outcome !== 'ACCEPTED') continue;
      const holder = DEMO_INTEL.blindMatches.find((b) => b.indicator === c.indicator)!.holder;
      await this.collaboration.answer(await as(holder), request.id, true);
    }

    await this.importFile(await as(DEMO_INTEL.importFile.member));
    // the tables were empty a few seconds ago and autovacuum has not looked yet: without fresh
    // statistics the planner takes them for empty, and a coordinator's search (a nested loop over
    // every report) took 13 s instead of 20 ms
    await analyzeAll(this.dataSource);
  }

  /** The finished import: a small CSV file through the import job, awaited until it completes. */
  private async importFile(ctx: RequestContext): Promise<void> {
    const { fileName, csv } = DEMO_INTEL.importFile;
    const job = await this.imports.start(ctx, 'CSV', fileName, Buffer.from(csv));
    await this.imports.kick(); // runs it here and now, also where no import worker runs (npm run import on an empty database)
    const deadline = Date.now() + IMPORT_WAIT_MS;
    for (;;) {
      const { status } = await this.imports.require(ctx, job.id);
      if (status === 'COMPLETED') return;
      if (status === 'FAILED' || Date.now() > deadline) {
        this.logger.warn(`The demo import ${job.id} is ${status} (not COMPLETED); the rest of the demo is loaded`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
