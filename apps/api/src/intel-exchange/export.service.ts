import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import type { SharingLevel } from '../../../../libs/domain/src/index.js';
import { AllianceRepository } from '../alliances/alliance.repository.js';
import { DownloadSlots } from '../common/download-slots.js';
import { badInput } from '../common/errors.js';
import { groupBy } from '../common/loaders.js';
import type { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { IntelAccess } from '../intel/intel-access.js';
import { ExportableReportRepository, type ExportFilter } from '../intel/reports/exportable-report.repository.js';
import type { IntelReportEntity } from '../intel/reports/intel-report.entity.js';
import { MemberService } from '../members/member.service.js';
import { toCsvRows } from './csv-export.js';
import type { ExportIndicator, ExportReport } from './exchange-report.js';
import { SHARING_ORDER } from './tlp.js';
import { SCO_INDICATOR_TYPES, stixBundleChunks, toStixBundle, type BundleOptions } from './stix.js';

export const MAX_EXPORT_REPORTS = 5000;
/** Text gathered before a spool write: a write per megabyte or so, not per object. */
const SPOOL_WRITE_CHARS = 1024 * 1024;
/**
 * Bundles read into spools at once by this process; the others wait their turn. Reading one holds
 * a pooled connection and takes another for moments (the reporters' names), so a burst of
 * downloads must not take the whole pool (it would wait on itself).
 */
const SPOOLS_AT_ONCE = 2;
export const STIX_CONTENT_TYPE = 'application/stix+json;version=2.1';

/** A spooled STIX bundle: its size and a stream of it (which ends the download's slot when it closes). */
export interface StixDownload {
  bytes: number;
  stream: Readable;
}

/** Exports what the caller may see (the same visibility condition as every read), as STIX 2.1 or CSV. */
@Injectable()
export class ExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: IntelAccess,
    private readonly members: MemberService,
    private readonly reports: ExportableReportRepository,
    private readonly alliances: AllianceRepository,
    private readonly config: AppConfig,
  ) {
    this.downloadSlots = new DownloadSlots(() => this.config.EXPORT_DOWNLOADS_PER_CALLER);
  }

  private readonly downloadSlots: DownloadSlots;
  private readonly spooling = new Turns(SPOOLS_AT_ONCE);

  /** Published reports the caller may see, optionally chosen ones or a network's: what every export reads. */
  private async collect(ctx: RequestContext, filter: ExportFilter): Promise<ExportReport[]> {
    const v = await this.access.reportCondition(ctx, 'r');
    const count = await this.reports.count(v, filter);
    if (count > MAX_EXPORT_REPORTS) throw badInput('filter', `${count} reports match: export at most ${MAX_EXPORT_REPORTS} at once (choose a network or reports)`);
    return this.withParts(ctx, await this.reports.all(v, filter));
  }

  /**
   * Every published report the caller may see (or a network's), oldest first, a page at a time:
   * what a streamed export reads, holding one page in memory whatever the number of reports.
   */
  async *pages(ctx: RequestContext, filter: { networkUuid?: string }, size = 500, em: EntityManager = this.dataSource.manager): AsyncGenerator<ExportReport[]> {
    const v = await this.access.reportCondition(ctx, 'r');
    let after: string | null = null;
    for (;;) {
      const reports = await this.reports.page(v, filter, after, size, em);
      if (reports.length === 0) return;
      yield await this.withParts(ctx, reports, em);
      if (reports.length < size) return;
      after = reports[reports.length - 1].id;
    }
  }

  /**
   * Every published report the caller may see (or a network's) as one STIX 2.1 bundle, ready to
   * send: `stixBundleChunks` over the report pages and, for the SCOs, the distinct values of those
   * reports with the least restrictive level among them, read through a cursor. Both reads run in
   * one read-only snapshot, so every SCO a report names is in the bundle; the bundle is written to
   * a spool file on local disk as it is read and the connection goes back to the pool when it is
   * whole, so a client that reads slowly (or not at all) holds a file, never a pooled connection or
   * a snapshot. The file is unlinked as soon as it is open: it goes when the stream closes (sent,
   * aborted or failed), or with the process. Each caller has EXPORT_DOWNLOADS_PER_CALLER downloads
   * at a time on this replica (RATE_LIMITED past it), which bounds the disk the spools take.
   */
  async stixDownload(ctx: RequestContext, filter: { networkUuid?: string }, size = 500): Promise<StixDownload> {
    const releaseSlot = this.downloadSlots.take(ctx.actorId);
    try {
      const bundle = await this.bundleOptionsOf(ctx);
      const dir = resolve(this.config.DATA_DIR, 'exports');
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${randomUUID()}.stix.json`);
      const file = await open(path, 'w+');
      await rm(path);
      let bytes = 0;
      try {
        await this.spooling.run(() => this.inSnapshot(async (em) => {
          let pending = '';
          const flush = async () => {
            const chunk = Buffer.from(pending, 'utf8');
            pending = '';
            await file.write(chunk);
            bytes += chunk.length;
          };
          for await (const text of stixBundleChunks(this.pages(ctx, filter, size, em), () => this.scoValues(ctx, filter, size, em), bundle)) {
            pending += text;
            if (pending.length >= SPOOL_WRITE_CHARS) await flush();
          }
          await flush();
        }));
      } catch (error) {
        await file.close();
        throw error;
      }
      const stream = file.createReadStream({ start: 0, highWaterMark: 256 * 1024 }); // closes the file when it ends or is destroyed
      stream.once('close', releaseSlot);
      return { bytes, stream };
    } catch (error) {
      releaseSlot();
      throw error;
    }
  }

  /** Runs `read` in a read-only REPEATABLE READ transaction of its own connection. */
  private async inSnapshot(read: (em: EntityManager) => Promise<void>): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await this.reports.readOnly(runner.manager);
      await read(runner.manager);
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  /**
   * The distinct values of the exportable reports that may have an SCO, each with the least
   * restrictive level among the reports holding it, a page at a time through a cursor (inside the
   * caller's transaction). A URL's SCO also depends on the scheme it was entered with.
   */
  private async *scoValues(ctx: RequestContext, filter: { networkUuid?: string }, size: number, em: EntityManager): AsyncGenerator<(ExportIndicator & { level: SharingLevel })[]> {
    await this.reports.openScoCursor(em, await this.access.reportCondition(ctx, 'r'), filter, SHARING_ORDER, SCO_INDICATOR_TYPES);
    for (;;) {
      const rows = await this.reports.fetchScos(em, size);
      if (rows.length === 0) return;
      yield rows.map((row) => ({ type: row.type, key: row.key, rawValue: row.https ? 'https://' : '', level: SHARING_ORDER[row.rank - 1] }));
    }
  }

  /** The file an export is saved as: the alliance's short name and the format's extension. */
  async fileNameOf(ctx: RequestContext, format: 'STIX' | 'CSV'): Promise<string> {
    return `countermark-${await this.slugOf(ctx)}.${format === 'STIX' ? 'stix.json' : 'csv'}`;
  }

  /** The alliance's short name, for file names and the bundle's producer. */
  private async slugOf(ctx: RequestContext): Promise<string> {
    return (await this.alliances.findById(ctx.allianceId))!.slug;
  }

  private async bundleOptionsOf(ctx: RequestContext): Promise<BundleOptions> {
    const slug = await this.slugOf(ctx);
    return { allianceSlug: slug, producerName: `Countermark (${slug})` };
  }

  private async withParts(ctx: RequestContext, reports: IntelReportEntity[], em: EntityManager = this.dataSource.manager): Promise<ExportReport[]> {
    const indicators = reports.length ? await this.reports.indicatorsOf(reports.map((r) => r.id), em) : [];
    const byReport = groupBy(indicators, (i) => i.reportId);
    const orgs = await this.members.organisationsByIds(ctx, [...new Set(reports.map((r) => r.organisationId))]);
    return reports.map((report) => ({
      report,
      reporterName: orgs.get(report.organisationId)?.name ?? null,
      indicators: (byReport.get(report.id) ?? []).map((i) => ({ type: i.type, rawValue: i.rawValue, key: i.key, note: i.note })),
    }));
  }

  async export(ctx: RequestContext, format: 'STIX' | 'CSV', filter: { reportUuids?: string[]; networkUuid?: string }): Promise<{ fileName: string; contentType: string; content: string; reports: number }> {
    const reports = await this.collect(ctx, filter);
    if (format === 'STIX') {
      const bundle = toStixBundle(reports, await this.bundleOptionsOf(ctx));
      return { fileName: await this.fileNameOf(ctx, format), contentType: STIX_CONTENT_TYPE, content: JSON.stringify(bundle, null, 2), reports: reports.length };
    }
    let content = '';
    for await (const line of toCsvRows(reports)) content += line;
    return { fileName: await this.fileNameOf(ctx, format), contentType: 'text/csv', content, reports: reports.length };
  }
}

/** At most `size` runs at once; the others wait in order. */
class Turns {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the turn passes on: `running` stays
      else this.running -= 1;
    }
  }
}
