import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { forbidden, notFound } from '../common/errors.js';
import { RequestContext } from '../common/request-context.js';
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from '../common/pagination.js';
import { AppConfig } from '../config/app-config.js';
import { isConnectionLost, reachable, untilReachable } from '../database/connection-lost.js';
import { ReportIntake, type Intake, type ReportValues } from '../intel/reports/report-intake.service.js';
import { AuthService } from '../identity/auth.service.js';
import { spoolToDisk } from '../files/spool.js';
import { JobsService, type RunningJob } from '../jobs/jobs.service.js';
import { readCsvReports } from './csv.js';
import { checkCsvOnTwoThreads } from './csv-check.js';
import { spoolLine, spoolLines, type SpoolLine } from './import-spool.js';
import type { ImportFormat, ImportJobEntity } from './import-job.entity.js';
import { ImportJobRepository } from './import-job.repository.js';
import { parseStixFile } from './stix-parse.js';

const MAX_LISTED_ERRORS = 1000;
const mebibytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.floor(bytes / 1024 / 1024)} MiB` : `${bytes} bytes`);
const HEARTBEAT_MS = 1000;
export const IMPORT_QUEUE = 'intel.import';
const REAP_QUEUE = 'intel.import.reap';
const PURGE_QUEUE = 'intel.import.purge';
/** A job handed back on shutdown is offered again after this long (to another replica, or this one restarted). */
const HAND_BACK_DELAY_SECONDS = 2;

/** What an import's job carries; the import_job row holds the rest. */
interface ImportWork {
  importJobId: string;
  fileName: string;
}

/** The checkpoint's update found the import taken over by another worker: this one must not write. */
class LostImport extends Error {}

type ImportEvent = { kind: 'report'; sourceRef: string; where: string; values: ReportValues } | { kind: 'error'; where: string; message: string } | { kind: 'skipped'; id: string; type: string; reason: string };

/**
 * Imports run as jobs of the jobs context (pg-boss queue `intel.import`, queued in the upload's
 * transaction with the uploader's request context): the file is kept on disk, a replica's worker
 * claims the import_job row (the fencing token: `worker`), checks the whole file (nothing is written when any row is wrong) while
 * spooling the checked reports, normalised, to a file beside it (one JSON line each), then writes
 * the spool in batches of reports (IMPORT_BATCH_REPORTS), moving the checkpoint in each batch's
 * own transaction: the file is parsed and normalised once. A job whose
 * worker stopped (SIGTERM, or killed) is taken up again from its checkpoint; reports carry their
 * source's id, so a file imported twice adds nothing. A stopping process hands its import back
 * (a new job, the checkpoint kept); a worker that died is noticed by its stale heartbeat (the
 * reaper, a cron job run once a minute across replicas) and its import queued again; the dead
 * worker's writes are fenced off. A database that goes away mid-import is waited for, and the
 * import resumes from its checkpoint. Internal failures are retried with backoff, then the job
 * is DEAD in the coordinators' jobs view, which can retry it.
 */
@Injectable()
export class ImportService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Import');
  private readonly worker = `${process.pid}-${randomUUID().slice(0, 8)}`;
  /** Aborted when the application shuts down (a job's own signal aborts before, on SIGTERM); each job's run listens to both. */
  private shutdown = new AbortController();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly intake: ReportIntake,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
    private readonly auth: AuthService,
    private readonly repository: ImportJobRepository,
  ) {}

  onModuleInit() {
    this.jobs.register<ImportWork>({
      name: IMPORT_QUEUE,
      retryLimit: 3,
      retryDelaySeconds: 30,
      backoff: true,
      // a live import keeps its heartbeat; a dead worker's import is found by the reaper, not by expiry
      expireInSeconds: 23 * 3600, // pg-boss's longest
      worker: () => this.config.IMPORT_WORKER,
      handle: (job) => this.work(job),
      beforeRetry: (em, { payload }) => this.repository.requeueFailed(em, payload.importJobId),
      describe: (w) => `import of ${w.fileName}`,
    });
    this.jobs.register({ name: REAP_QUEUE, retryLimit: 0, retryDelaySeconds: 60, policy: 'short', cron: '* * * * *', handle: () => this.reap() });
    this.jobs.register({ name: PURGE_QUEUE, retryLimit: 2, retryDelaySeconds: 600, policy: 'short', cron: '23 3 * * *', handle: () => this.purgeFiles() });
  }

  onApplicationShutdown() {
    this.shutdown.abort();
  }

  /** Runs, now and in this process, every import waiting (and any a dead worker left behind). */
  async kick(): Promise<void> {
    await this.reap();
    await this.jobs.drain(IMPORT_QUEUE);
  }

  /**
   * Imports whose worker went silent (heartbeat older than IMPORT_STALE_SECONDS) are queued again,
   * and so is any import waiting without a job (queued before the jobs context existed).
   */
  async reap(): Promise<number> {
    const queued = await this.dataSource.transaction(async (em) => {
      const stale = await this.repository.requeueStale(em, this.config.IMPORT_STALE_SECONDS);
      await this.jobs.cancelActive(IMPORT_QUEUE, 'importJobId', stale.map((r) => r.id), em);
      const waiting = await this.repository.queued(em);
      const live = await this.jobs.liveKeys(IMPORT_QUEUE, 'importJobId', waiting.map((r) => r.id), em);
      const orphans = waiting.filter((r) => !live.has(r.id));
      for (const r of orphans) await this.queue(em, { importJobId: r.id, fileName: r.file_name }, { allianceId: r.alliance_id });
      return orphans;
    });
    if (queued.length) this.logger.warn(`Queued again: ${queued.map((r) => r.id).join(', ')}`);
    return queued.length;
  }

  private queue(em: EntityManager, work: ImportWork, options: { ctx?: RequestContext; allianceId?: string }) {
    return this.jobs.send<ImportWork>(IMPORT_QUEUE, work, { em, ...options });
  }

  /** One run of an import's job: claim the row, write from its checkpoint, wait out a database outage. */
  private async work(job: RunningJob<ImportWork>): Promise<void> {
    const id = job.payload.importJobId;
    const stopping = AbortSignal.any([this.shutdown.signal, job.signal]);
    if (stopping.aborted) return this.handBack(id, job.context, false);
    if (!(await this.repository.claim(id, this.worker, this.config.IMPORT_STALE_SECONDS))) return; // done already, or another worker has it
    for (;;) {
      const row = await this.repository.find(id);
      if (row.worker !== this.worker) return;
      if (row.fileDeletedAt) return this.failWithoutFile(row);
      try {
        await this.run(row, job.context ?? (await this.contextOf(row)), stopping);
        return;
      } catch (error) {
        if (error instanceof LostImport) return;
        // an outage, whatever the error it caused: wait for the database and resume from the checkpoint
        if (!stopping.aborted && (isConnectionLost(error) || !(await reachable(this.dataSource)))) {
          this.logger.warn(`Import ${id}: the database went away (${String(error)}); resuming from the checkpoint when it is back`);
          await untilReachable(this.dataSource, job.signal);
          continue;
        }
        this.logger.error(`Import ${id} failed (attempt ${job.attempt}): ${String(error)}`);
        if (job.finalAttempt) {
          await this.repository.fail(id, this.worker, [{ where: 'file', message: 'The import stopped on an internal error' }]);
          await rm(this.spoolOf(row), { force: true });
        } else {
          await this.repository.release(id, this.worker);
        }
        throw error;
      }
    }
  }

  // ---- creating jobs ---------------------------------------------------------------------------

  async start(ctx: RequestContext, format: ImportFormat, fileName: string, content: Readable | Buffer): Promise<ImportJobEntity> {
    await this.intake.requireAuthor(ctx).catch(() => {
      throw forbidden('Only people of an active member organisation import intelligence');
    });
    const id = randomUUID();
    const storageKey = join('imports', ctx.allianceId, id);
    const path = join(this.config.filesDir, storageKey);
    const stix = format === 'STIX';
    const limit = Math.min(this.config.MAX_IMPORT_BYTES, stix ? this.config.MAX_STIX_IMPORT_BYTES : Infinity);
    const tooLarge = stix
      ? `The STIX bundle is larger than ${mebibytes(limit)}: a bundle is read whole. Split it, or send the intelligence as CSV, which streams (up to ${mebibytes(this.config.MAX_IMPORT_BYTES)})`
      : `The file is larger than ${mebibytes(limit)}`;
    const { size, sha256 } = await spoolToDisk(content, path, limit, tooLarge);
    return this.dataSource.transaction(async (em) => {
      await this.repository.insert(em, {
        id, allianceId: ctx.allianceId, organisationId: ctx.organisationId!, userId: ctx.actorId, format, fileName, storageKey, sizeBytes: size, sha256, status: 'QUEUED',
      });
      await this.audit.record(em, ctx, { action: 'import.started', targetType: 'ImportJob', targetId: id, after: { format, fileName, sizeBytes: size } });
      await this.queue(em, { importJobId: id, fileName }, { ctx });
      return this.repository.find(id, em);
    });
  }

  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, ImportJobEntity>> {
    if (ids.length === 0) return new Map();
    const rows = await this.repository.byIds(ctx.allianceId, ids, this.ownOnly(ctx));
    return new Map(rows.map((j) => [j.id, j]));
  }

  /** The caller's organisation's imports (coordinators: all), newest first, a page at a time. */
  async list(ctx: RequestContext, first?: number, after?: string): Promise<Connection<ImportJobEntity>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const { totalCount, rows } = await this.repository.page(ctx.allianceId, this.ownOnly(ctx), cursor ? cursor[1] : undefined, size + 1);
    return toConnection(rows, size, totalCount, (r) => encodeCursor([r.createdAt.toISOString(), r.id]), (r) => r);
  }

  /** Whose imports the caller sees: its organisation's (undefined for a coordinator: all). */
  private ownOnly(ctx: RequestContext): string | undefined {
    return ctx.isCoordinator ? undefined : (ctx.organisationId ?? '00000000-0000-0000-0000-000000000000');
  }

  async require(ctx: RequestContext, id: string): Promise<ImportJobEntity> {
    const job = (await this.byIds(ctx, [id])).get(id);
    if (!job) throw notFound('Import', 'id');
    return job;
  }

  // ---- running jobs ----------------------------------------------------------------------------

  /** Imports queued again by the reaper carry no request context: their uploader's, as it is now. */
  private contextOf(job: ImportJobEntity): Promise<RequestContext> {
    return this.auth.contextOfUserId(job.userId);
  }

  /** The file's reports, one at a time, with what the parsers found wrong or left out. */
  private async *events(job: ImportJobEntity, intake: Intake): AsyncGenerator<ImportEvent> {
    // values are read as the intake reads them: in the uploader's country, among the alliance's marketplaces and its own
    const { marketplaces, extraMarketplaces, homeCountry: country } = intake.settings;
    const path = join(this.config.filesDir, job.storageKey);
    if (job.format === 'CSV') {
      for await (const { events } of readCsvReports(createReadStream(path), { marketplaces, extraMarketplaces, defaultCountry: country })) {
        for (const e of events) {
          if (e.kind === 'report') yield { kind: 'report', sourceRef: e.sourceRef, where: `line ${e.firstLine}`, values: e.values };
          else yield { kind: 'error', where: `line ${e.line}`, message: e.message };
        }
      }
      return;
    }
    // read, JSON.parse and mapped in a worker thread: a bundle of up to MAX_STIX_IMPORT_BYTES does not stall the API meanwhile
    for await (const part of parseStixFile(path, { marketplaces, extraMarketplaces, defaultCountry: country })) {
      for (const s of part.skipped ?? []) yield { kind: 'skipped', ...s };
      for (const e of part.errors ?? []) yield { kind: 'error', where: e.path, message: e.message };
      for (const r of part.reports ?? []) yield { kind: 'report', sourceRef: r.sourceRef, where: r.sourceRef, values: r.values };
    }
  }

  private heartbeat(jobId: string, fields: Partial<ImportJobEntity> = {}): Promise<void> {
    return this.repository.heartbeat(jobId, fields);
  }

  private async run(job: ImportJobEntity, ctx: RequestContext, stopping: AbortSignal): Promise<void> {
    const intake = await this.intake.open(ctx);
    const spool = this.spoolOf(job);
    // a job that stopped while writing resumes from its spool; without it (lost), it checks the file again
    if (job.phase !== 'APPLY' || !existsSync(spool)) {
      if (!(await this.validate(job, ctx, intake, spool, stopping))) return;
      job = await this.repository.find(job.id);
    }
    // 2. write the spool, from the checkpoint on, a batch of reports per transaction with the
    //    checkpoint in it. Up to three batches are in flight: the later ones write their rows while
    //    the oldest correlates and commits (the intake keeps their commits in order), and the next
    //    is read from the spool meanwhile.
    let index = 0;
    let batch: { values: ReportValues; sourceRef: string }[] = [];
    let checkpoint = job.reportsDone;
    const inFlight: Promise<unknown>[] = [];
    const write = (items: typeof batch, done: number) => {
      const from = checkpoint;
      checkpoint = done;
      const next = intake.write(
        items,
        async (em, result) => {
          const moved = await this.repository.moveCheckpoint(em, job.id, this.worker, { from, done, created: result.created, already: result.already, indicators: result.indicators });
          // fenced: another worker took the import over (or, were batches to commit out of order, the checkpoint is not this batch's start); this batch rolls back
          if (!moved) throw new LostImport(`Import ${job.id} was taken over by another worker`);
        },
        inFlight.at(-1),
      );
      next.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      inFlight.push(next);
    };
    /** Waits until fewer than `room` batches are in flight; a failure stops the job here, once the other batch has ended too. */
    const settle = async (room: number) => {
      while (inFlight.length >= room) {
        try {
          await inFlight.shift();
        } catch (error) {
          await Promise.allSettled(inFlight);
          throw error;
        }
      }
    };
    for await (const lines of spoolLines(spool)) {
      for (const line of lines) {
        index += 1;
        if (index <= job.reportsDone) continue;
        const { r: sourceRef, v: values } = JSON.parse(line) as SpoolLine;
        batch.push({ values, sourceRef });
        if (batch.length >= this.config.IMPORT_BATCH_REPORTS) {
          await settle(3); // at most two other batches in flight
          if (stopping.aborted) {
            await settle(1);
            return this.handBack(job.id, ctx);
          }
          write(batch, index);
          batch = [];
        }
      }
    }
    await settle(3);
    if (batch.length) {
      if (stopping.aborted) {
        await settle(1);
        return this.handBack(job.id, ctx);
      }
      write(batch, index);
    }
    await settle(1);
    await this.heartbeat(job.id, { status: 'COMPLETED', phase: null, finishedAt: new Date(), worker: null });
    await rm(spool, { force: true });
    await this.ended(job);
    this.logger.log(`Import ${job.id} completed: ${index} reports`);
    // every report is committed and found by search: the import is complete. The upkeep it leaves
    // (the search indexes' pending lists merged, the planner's statistics refreshed) runs after,
    // still in this job, as the COPY it is measured against leaves its own to VACUUM
    // (docs/import-throughput.md, session 15); searches meanwhile scan the pending lists
    await intake.finish(index, `import ${job.id}`);
  }

  /**
   * 1. Checks the whole file and writes nothing to the database when anything is wrong; spools
   * the checked reports (with their normalised keys) for the writing phase. False when the job
   * ended here (failed, or handed back on shutdown).
   */
  private async validate(job: ImportJobEntity, ctx: RequestContext, intake: Intake, spool: string, stopping: AbortSignal): Promise<boolean> {
    const errors: { where: string; message: string }[] = [];
    const skipped: { id: string; type: string; reason: string }[] = [];
    let errorCount = 0;
    let reports = 0;
    let lastBeat = Date.now();
    const refs = new Set<string>();
    let out: WriteStream | undefined;
    const closeSpool = async () => {
      if (!out || out.closed) return;
      out.end();
      await once(out, 'close');
    };
    try {
      await this.heartbeat(job.id, { phase: 'VALIDATE', rowsRead: 0 });
      const split = job.format === 'CSV' ? await this.checkOnTwoThreads(job, intake, `${spool}.part`, stopping) : null;
      if (split === 'stopped') {
        await this.handBack(job.id, ctx);
        return false;
      }
      if (split) reports = split.reports;
      // written a megabyte at a time: with the default 16 kB the check waited for the disk every few reports
      else out = createWriteStream(`${spool}.part`, { highWaterMark: 1024 * 1024 });
      for await (const e of out ? this.events(job, intake) : []) {
        if (stopping.aborted) {
          await this.handBack(job.id, ctx);
          return false;
        }
        if (e.kind === 'skipped') {
          if (skipped.length < MAX_LISTED_ERRORS) skipped.push({ id: e.id, type: e.type, reason: e.reason });
          continue;
        }
        if (e.kind === 'report') {
          reports += 1;
          const problem = refs.has(e.sourceRef) ? { message: `${e.sourceRef} appears twice in the file` } : await intake.check(e.values);
          refs.add(e.sourceRef);
          if (problem) {
            errorCount += 1;
            if (errors.length < MAX_LISTED_ERRORS) errors.push({ where: e.where, message: problem.field ? `${problem.field}: ${problem.message}` : problem.message });
          } else if (errorCount === 0 && !out!.write(spoolLine(e.sourceRef, e.values))) {
            await once(out!, 'drain');
          }
          if (Date.now() - lastBeat > HEARTBEAT_MS) {
            await this.heartbeat(job.id, { rowsRead: reports });
            lastBeat = Date.now();
          }
        } else {
          errorCount += 1;
          if (errors.length < MAX_LISTED_ERRORS) errors.push({ where: e.where, message: e.message });
        }
      }
      await closeSpool();
      if (errorCount > 0) {
        await this.heartbeat(job.id, { status: 'FAILED', errors, errorCount, skipped, rowsRead: reports, finishedAt: new Date() });
        await this.ended(job);
        return false;
      }
      await rename(`${spool}.part`, spool);
      // a job taken up again after its spool was lost keeps its checkpoint
      await this.heartbeat(job.id, { phase: 'APPLY', reportsTotal: reports, rowsRead: reports, skipped, ...(job.phase === 'APPLY' ? {} : { reportsDone: 0 }) });
      return true;
    } finally {
      await closeSpool();
      await rm(`${spool}.part`, { force: true });
    }
  }

  /**
   * A large CSV file is checked on two threads (`checkCsvOnTwoThreads`), its reports spooled to
   * `spool`, the heartbeat kept meanwhile; null when it was not, or when anything in it is wrong:
   * then it is checked here, as any file, and its errors are listed with their lines.
   */
  private async checkOnTwoThreads(job: ImportJobEntity, intake: Intake, spool: string, stopping: AbortSignal): Promise<{ reports: number } | 'stopped' | null> {
    let checked = 0;
    let beat: Promise<void> = Promise.resolve();
    // a failed beat is not this check's failure: the next statement after it finds the database gone
    const timer = setInterval(() => (beat = beat.then(() => this.heartbeat(job.id, { rowsRead: checked })).catch(() => undefined)), HEARTBEAT_MS);
    try {
      return await checkCsvOnTwoThreads(join(this.config.filesDir, job.storageKey), spool, intake.settings, {
        minBytes: this.config.IMPORT_CHECK_SPLIT_BYTES, signal: stopping, progress: (reports) => (checked = reports),
      });
    } finally {
      clearInterval(timer);
      await beat;
    }
  }

  // ---- the uploaded files ----------------------------------------------------------------------

  /** An import that ended (written, or refused for its rows) keeps its file only as long as configured. */
  private async ended(job: ImportJobEntity): Promise<void> {
    if (this.config.IMPORT_FILE_RETENTION_DAYS === 0) await this.deleteFile(job);
  }

  private async deleteFile(job: Pick<ImportJobEntity, 'id' | 'storageKey'>): Promise<void> {
    const path = join(this.config.filesDir, job.storageKey);
    await rm(path, { force: true });
    await rm(`${path}.spool`, { force: true });
    await this.repository.markFileDeleted(job.id);
  }

  /**
   * The daily purge: files of imports that ended more than IMPORT_FILE_RETENTION_DAYS ago (with 0,
   * those of dead imports, which keep theirs until then for a coordinator's retry).
   */
  async purgeFiles(): Promise<number> {
    const rows = await this.repository.endedBefore(this.config.IMPORT_FILE_RETENTION_DAYS);
    for (const r of rows) await this.deleteFile({ id: r.id, storageKey: r.storage_key });
    if (rows.length) this.logger.log(`Deleted the files of ${rows.length} finished import(s)`);
    return rows.length;
  }

  /** A dead import retried after its file was purged cannot run: it ends FAILED, saying why. */
  private async failWithoutFile(row: ImportJobEntity): Promise<void> {
    const message = `The uploaded file is no longer kept (deleted ${row.fileDeletedAt!.toISOString().slice(0, 10)}, IMPORT_FILE_RETENTION_DAYS); upload it again`;
    await this.repository.failUnclaimed(row.id, [{ where: 'file', message }]);
  }

  private spoolOf(job: ImportJobEntity): string {
    return `${join(this.config.filesDir, job.storageKey)}.spool`;
  }

  /**
   * A graceful stop hands the import back at once, its checkpoint kept, with a new job offered a
   * moment later (so a replica that is still up, or this one restarted, takes it); a killed
   * worker's import goes back when the reaper finds its heartbeat stale.
   */
  private async handBack(importJobId: string, ctx: RequestContext | null, claimed = true): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const row = await this.repository.handBack(em, importJobId, this.worker, claimed);
      if (!row) return;
      await this.jobs.send<ImportWork>(IMPORT_QUEUE, { importJobId, fileName: row.file_name }, { em, ctx, allianceId: row.alliance_id, startAfterSeconds: HAND_BACK_DELAY_SECONDS });
      this.logger.log(`Import ${importJobId} handed back with its checkpoint (stopping)`);
    });
  }
}
