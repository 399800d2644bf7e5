import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { DataSource, type EntityManager } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions.js';
import { conflict, forbidden, notFound } from '../common/errors.js';
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from '../common/pagination.js';
import { RequestContext, type SerialisedContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { LOCKS, withAdvisoryLock } from '../database/advisory-lock.js';
import { untilReachable } from '../database/connection-lost.js';
import { OwnerDatabase } from '../database/database.module.js';
import { asSystem, inAlliance, inBackground } from '../database/tenancy.js';
import { BOSS_STATE_OF, Job, type JobState } from './job.model.js';
import { JobsRepository, type JobRow } from './jobs.repository.js';

/** What every job carries: its alliance (for the coordinators' view), who queued it, and its own data. */
export interface JobEnvelope<T> {
  allianceId: string | null;
  context: SerialisedContext | null;
  payload: T;
}

/** A job as its handler sees it. */
export interface RunningJob<T> {
  id: string;
  queue: string;
  payload: T;
  allianceId: string | null;
  /** The request context of whoever queued it, rebuilt by RequestContext.fromJSON; null for system work. */
  context: RequestContext | null;
  /** 1 on the first run */
  attempt: number;
  /** No retry follows when this run fails: the job is dead. */
  finalAttempt: boolean;
  /** Aborted when the process stops: long handlers checkpoint and hand their work back. */
  signal: AbortSignal;
}

export type QueuePolicy = 'standard' | 'short' | 'singleton' | 'stately';

/** One queue: how its jobs are retried, whether it is a cron job, and the handler that runs them. */
export interface QueueSpec<T = unknown> {
  name: string;
  /** Runs after the first failure: a job runs at most retryLimit + 1 times, then it is dead. */
  retryLimit: number;
  retryDelaySeconds: number;
  /** Each retry waits about twice as long as the one before. */
  backoff?: boolean;
  /** A run still active after this long is failed (and retried): a worker that died gives its jobs back. */
  expireInSeconds?: number;
  /** pg-boss's policy: `singleton` runs one job per singleton key at a time, `short` queues one. */
  policy?: QueuePolicy;
  /** A cron expression: the job is queued on schedule once across every replica. */
  cron?: string;
  /** Whether this process works the queue in the background (drain() always can). Default true. */
  worker?: () => boolean;
  /** Jobs of the queue this process runs at once (each worker runs one at a time). Default 1. */
  concurrency?: number;
  handle: (job: RunningJob<T>) => Promise<unknown>;
  /** A coordinator brings a dead job back: put its own row back to waiting, in the retry's transaction. */
  beforeRetry?: (em: EntityManager, job: { payload: T; allianceId: string | null }) => Promise<void>;
  /** One line a coordinator can read about what the job is for. */
  describe?: (payload: T) => string;
}

type Boss = InstanceType<typeof PgBoss>;

/** pg-boss's own queue for cron jobs, which its timekeeper would create (DDL) when missing. */
const CRON_QUEUE = '__pgboss__send-it';

/**
 * The jobs context: one place that starts, schedules and observes background work, on pg-boss
 * (PostgreSQL-backed: no new server; schema from migrations/). Feature services register their
 * queues in onModuleInit; the queues are created and worked when the application bootstraps, and
 * stopped gracefully (handlers see their signal abort, then pg-boss waits for them) before the
 * database connection closes. A database that goes away delays jobs; pg-boss reports the errors
 * and keeps polling, the process lives.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly specs = new Map<string, QueueSpec<any>>();
  private readonly workers = new Map<string, string[]>();
  private readonly inFlight = new Map<string, Set<Promise<unknown>>>();
  private readonly abort = new AbortController();
  private boss: Boss | null = null;
  private markStarted!: (boss: Boss) => void;
  /** Jobs sent while the queues are still being set up wait for them. */
  private readonly whenStarted = new Promise<Boss>((resolve) => (this.markStarted = resolve));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly owner: OwnerDatabase,
    private readonly config: AppConfig,
    private readonly repository: JobsRepository,
  ) {}

  /** Called by the owning context in onModuleInit. */
  register<T>(spec: QueueSpec<T>): void {
    if (this.specs.has(spec.name)) throw new Error(`Queue ${spec.name} is registered twice`);
    this.specs.set(spec.name, spec);
  }

  spec(name: string): QueueSpec<unknown> | undefined {
    return this.specs.get(name);
  }

  get queues(): string[] {
    return [...this.specs.keys()];
  }

  get stopping(): AbortSignal {
    return this.abort.signal;
  }

  async onApplicationBootstrap(): Promise<void> {
    // connectionTimeoutMillis reaches pg's Pool with the rest of the options (pg-boss's types omit it)
    const boss = new PgBoss(<PgBoss.ConstructorOptions>{
      connectionString: (this.dataSource.options as PostgresConnectionOptions).url,
      application_name: 'countermark-jobs',
      max: 4,
      // some fifteen workers share 4 connections: a fetch waits for one, never for ever (a pool that is ending
      // never serves its waiters, and a worker waiting there would never stop)
      connectionTimeoutMillis: 10_000,
      migrate: false,
      cronMonitorIntervalSeconds: this.config.JOBS_CRON_CHECK_SECONDS,
      cronWorkerIntervalSeconds: Math.min(5, this.config.JOBS_CRON_CHECK_SECONDS),
    });
    boss.on('error', (error: Error) => this.logger.warn(`job queue: ${error.message}`));
    // pg-boss's worker completes a handled job without awaiting it: with the database gone at that
    // moment the rejection would be unhandled (and end the process). The job stays active, expires
    // and runs again (handlers are idempotent); drain() still hears the failure.
    const complete = boss.complete.bind(boss) as (...args: unknown[]) => Promise<unknown>;
    const completing = (...args: unknown[]) => {
      const result = complete(...args);
      result.catch((error: Error) => this.logger.warn(`job queue: completing a job failed: ${error.message}`));
      return result;
    };
    (boss as unknown as { complete: typeof completing }).complete = completing;
    // queue partitions are DDL, the owner's (the worker pool connects as the app's role, which
    // cannot create tables); replicas starting together would deadlock creating them: under a lock
    await withAdvisoryLock(this.dataSource, LOCKS.jobQueues, () => this.createQueues());
    await boss.start();
    try {
      await this.startWorkers(boss);
    } catch (error) {
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      throw error;
    }
    this.boss = boss;
    this.markStarted(boss);
  }

  /**
   * As the owner (DATABASE_URL, one connection for the setup): creates each queue once (a
   * partition of pgboss.job) and keeps its settings current, with pg-boss's own cron queue, and
   * writes the cron schedules.
   */
  private async createQueues(): Promise<void> {
    const client = new pg.Client({ connectionString: this.owner.url, application_name: 'countermark-jobs-setup' });
    client.on('error', (error: Error) => this.logger.warn(`job queue setup: ${error.message}`)); // the query in flight rejects too
    await client.connect();
    try {
      const setup = new PgBoss(<PgBoss.ConstructorOptions>{ db: { executeSql: (text: string, values?: unknown[]) => client.query(text, values) }, migrate: false });
      const create = async (name: string, options?: Omit<PgBoss.Queue, 'name'>) => {
        // createQueue refuses an existing queue: create once, then keep its settings current
        if (await setup.getQueue(name)) {
          if (options) await setup.updateQueue(name, { name, ...options });
        } else {
          await setup.createQueue(name, { name, ...options }).catch(async (error: Error) => {
            if (!(await setup.getQueue(name))) throw error; // another replica created it meanwhile
          });
        }
      };
      await create(CRON_QUEUE); // as pg-boss creates it, with its defaults
      for (const spec of this.specs.values()) {
        await create(spec.name, {
          policy: spec.policy ?? 'standard',
          retryLimit: spec.retryLimit,
          retryDelay: spec.retryDelaySeconds,
          retryBackoff: spec.backoff ?? false,
          expireInSeconds: spec.expireInSeconds ?? 15 * 60,
        });
        if (spec.cron) await setup.schedule(spec.name, spec.cron, {}, {});
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** As the app's role: the workers of each queue this process works. */
  private async startWorkers(boss: Boss): Promise<void> {
    for (const spec of this.specs.values()) {
      for (let n = 0; (spec.worker?.() ?? true) && n < (spec.concurrency ?? 1); n++) {
        let self = '';
        const id = await boss.work<JobEnvelope<unknown>>(
          spec.name,
          { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.config.JOBS_POLL_SECONDS },
          async ([job]) => {
            try {
              return await this.execute(spec, job);
            } finally {
              // pg-boss 10 records the outcome without awaiting it: a database that is down then would
              // be an unhandled rejection. Hand the outcome over once the database answers again.
              await inBackground(() => untilReachable(this.dataSource, this.abort.signal));
              // a worker that found a job asks again at once: a backlog (200 e-mails) drains one job
              // after another, not one per polling interval; an empty queue then waits as before
              if (self && !this.abort.signal.aborted) this.boss?.notifyWorker(self);
            }
          },
        );
        self = id;
        this.workers.set(spec.name, [...(this.workers.get(spec.name) ?? []), id]);
      }
    }
  }

  /** SIGTERM and app.close(): handlers are told to stop, then waited for, before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.abort.abort();
    const boss = this.boss;
    if (!boss) return;
    // handlers that are finishing may still queue jobs (an import handing itself back): this.boss stays until they end
    await boss.stop({ graceful: true, wait: true, timeout: 30_000, close: false }).catch((error: unknown) => this.logger.warn(`stopping the job queue: ${String(error)}`));
    this.boss = null;
    await closeWhenIdle(boss.getDb() as unknown as QueueDb);
  }

  /**
   * Queues a job. With `em`, the job is written in that transaction: it exists if and only if the
   * change that asked for it commits. `ctx` is the request context the job will run with.
   */
  async send<T>(queue: string, payload: T, options: { ctx?: RequestContext | null; allianceId?: string | null; em?: EntityManager; singletonKey?: string; startAfterSeconds?: number } = {}): Promise<string | null> {
    const boss = await this.started();
    const envelope: JobEnvelope<T> = { allianceId: options.allianceId ?? options.ctx?.allianceId ?? null, context: options.ctx?.toJSON() ?? null, payload };
    const em = options.em;
    const id = await boss.send(queue, envelope as object, {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
      ...(em ? { db: executorOf(em) } : {}),
    });
    // a job written in a transaction is visible once it commits: poll soon after, not at once; a
    // job that starts later, once it is due
    const delay = options.startAfterSeconds ? options.startAfterSeconds * 1000 + 20 : em ? 50 : 0;
    this.wake(queue, delay);
    return id;
  }

  /**
   * Runs, in this process and now, every job of the queue that is waiting (retries included,
   * whatever their delay), and waits for this process's runs of it in flight. Answers how many
   * succeeded. For the command line, tests and operators; replicas work the queues by themselves.
   */
  async drain(queue: string): Promise<number> {
    const boss = await this.started();
    const spec = this.specs.get(queue);
    if (!spec) throw new Error(`No queue ${queue}`);
    let succeeded = 0;
    // the first fetch takes waiting retries too; later ones only what became due (not what just failed)
    for (let first = true; ; first = false) {
      const jobs = await boss.fetch<JobEnvelope<unknown>>(queue, { batchSize: 50, includeMetadata: true, ignoreStartAfter: first });
      if (!jobs.length) break;
      for (const job of jobs) {
        try {
          const output = await this.execute(spec, job);
          await boss.complete(queue, job.id, outputOf(output));
          succeeded += 1;
        } catch (error) {
          await boss.fail(queue, job.id, { message: messageOf(error) });
        }
      }
    }
    await Promise.allSettled([...(this.inFlight.get(queue) ?? [])]);
    return succeeded;
  }

  /** Which of these values of a payload field have a job waiting or running (for sweeps that queue what was left behind). */
  liveKeys(queue: string, field: string, values: readonly string[], em?: EntityManager): Promise<Set<string>> {
    return this.repository.liveKeys(queue, field, values, em);
  }

  /** Cancels the running jobs for these payload values: their worker died, their work is queued anew. */
  async cancelActive(queue: string, field: string, values: readonly string[], em: EntityManager): Promise<void> {
    const ids = await this.repository.activeIds(queue, field, values, em);
    if (ids.length) await (await this.started()).cancel(queue, ids, { db: executorOf(em) });
  }

  // ---- the coordinators' view ------------------------------------------------------------------

  /** The alliance's jobs, newest first: coordinators only (jobs carry every member's work). */
  async list(ctx: RequestContext, filter: { queue?: string; state?: JobState }, first?: number, after?: string): Promise<Connection<Job>> {
    this.requireCoordinator(ctx);
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2) as [string, string] | null;
    const { rows, totalCount } = await this.repository.page(ctx.allianceId, { queue: filter.queue, state: filter.state ? BOSS_STATE_OF[filter.state] : undefined }, size, cursor);
    return toConnection(rows, size, totalCount, (r) => encodeCursor([(r as JobRow & { cursor_time: string }).cursor_time, r.id]), (r) => this.toModel(r));
  }

  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, Job>> {
    if (!ctx.isCoordinator) return new Map();
    return new Map([...(await this.repository.byIds(ctx.allianceId, ids))].map(([id, row]) => [id, this.toModel(row)]));
  }

  /** A coordinator brings a DEAD job back: its queue's beforeRetry and the retry in one transaction. */
  async retryDead(ctx: RequestContext, id: string): Promise<Job> {
    this.requireCoordinator(ctx);
    const boss = await this.started();
    const row = (await this.repository.byIds(ctx.allianceId, [id])).get(id);
    if (!row) throw notFound('Job', 'id');
    if (row.state !== 'failed') throw conflict('Only a dead job can be retried', { currentState: this.toModel(row).state }, 'id');
    const spec = this.specs.get(row.name);
    await this.dataSource.transaction(async (em) => {
      await spec?.beforeRetry?.(em, { payload: row.data?.payload, allianceId: row.data?.allianceId ?? null });
      await boss.retry(row.name, id, { db: executorOf(em) });
    });
    this.wake(row.name, 50);
    return this.toModel((await this.repository.byIds(ctx.allianceId, [id])).get(id)!);
  }

  private toModel(row: JobRow): Job {
    const describe = this.specs.get(row.name)?.describe;
    return Job.from(row, describe && row.data ? describe(row.data.payload) : null);
  }

  private requireCoordinator(ctx: RequestContext): void {
    if (!ctx.isCoordinator) throw forbidden('Only coordinators see the alliance’s jobs');
  }

  private async execute(spec: QueueSpec<any>, job: PgBoss.JobWithMetadata<JobEnvelope<unknown>>): Promise<unknown> {
    // a job sees the rows of the alliance it was queued in; one queued without (cron, clocks over every alliance) the system's
    const allianceId = job.data?.allianceId ?? null;
    const tenancy = <T>(work: () => T): T => (allianceId ? inAlliance(allianceId, work) : asSystem(work));
    const running = tenancy(() => inBackground(() =>
      spec.handle({
        id: job.id,
        queue: spec.name,
        payload: job.data?.payload,
        allianceId: job.data?.allianceId ?? null,
        context: job.data?.context ? RequestContext.fromJSON(job.data.context) : null,
        attempt: job.retryCount + 1,
        finalAttempt: job.retryCount >= job.retryLimit,
        signal: this.abort.signal,
      }),
    ));
    const set = this.inFlight.get(spec.name) ?? new Set();
    this.inFlight.set(spec.name, set);
    set.add(running);
    try {
      return await running;
    } catch (error) {
      this.logger.warn(`${spec.name} job ${job.id} failed (attempt ${job.retryCount + 1} of ${job.retryLimit + 1}): ${messageOf(error)}`);
      // what pg-boss stores as the job's output, and the coordinators' view shows: the message only
      throw new Error(messageOf(error));
    } finally {
      set.delete(running);
    }
  }

  /** The queue's workers poll at once, `ms` from now, rather than at their next interval. */
  private wake(queue: string, ms: number): void {
    const workers = this.workers.get(queue);
    if (workers?.length) setTimeout(() => workers.forEach((w) => this.boss?.notifyWorker(w)), ms).unref();
  }

  private async started(): Promise<Boss> {
    if (this.boss) return this.boss;
    if (this.abort.signal.aborted) throw new Error('The job queue has stopped');
    return this.whenStarted;
  }
}

/** pg-boss writing through a TypeORM transaction. */
function executorOf(em: EntityManager): PgBoss.Db {
  return { executeSql: async (text: string, values: unknown[]) => ({ rows: rowsOf(await em.query(text, values)) }) };
}

/** TypeORM answers UPDATE/DELETE … RETURNING as [rows, count] and everything else as rows. */
function rowsOf(result: unknown): unknown[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0];
  return Array.isArray(result) ? result : [];
}

function outputOf(output: unknown): object {
  return output && typeof output === 'object' ? (output as object) : { value: output ?? null };
}

interface QueueDb {
  pool?: { waitingCount: number; idleCount: number; totalCount: number };
  close(): Promise<void>;
}

/**
 * Closes pg-boss's pool once its stopping workers have given their connections back. pg-boss's own
 * close ends the pool at once: a worker still waiting for a connection then waits for ever (an
 * ending pg pool never serves its queue), and pg-boss polls every second for that worker to stop,
 * past the end of the process's work (a test's environment torn down under it, a SIGTERM that does
 * not end the process).
 */
async function closeWhenIdle(db: QueueDb, patienceMs = 15_000): Promise<void> {
  const deadline = Date.now() + patienceMs;
  const busy = () => !!db.pool && (db.pool.waitingCount > 0 || db.pool.idleCount < db.pool.totalCount);
  while (busy() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await db.close().catch(() => undefined);
}

export function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 2000);
}
