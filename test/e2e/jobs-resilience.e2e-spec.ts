import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { JobsService } from '../../apps/api/src/jobs/jobs.service.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../apps/api/src/database/embedded-database.js';
import { intelPeople } from '../factories/intel.factory.js';
import { TestApp } from '../support/test-app.js';
import { freePort } from '../support/free-port.js';

const HEADER = 'report_ref,report_title,report_kind,sharing_level,confidence,country,first_observed_on,last_observed_on,indicator_type,indicator_value,indicator_qualifier,indicator_note';
const JOB = `query($id: ID!) { node(id: $id) { ... on ImportJob { status reportsDone reportsTotal reportsCreated indicatorsCreated } } }`;

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, seconds = 60): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('jobs across replicas: a cron job is queued once per minute whatever the number of API processes', () => {
  let t: TestApp;
  let replica: Awaited<ReturnType<typeof createApp>> | undefined;
  afterAll(async () => {
    await replica?.close();
    await t?.close();
  });

  it('runs the import reaper (a cron job, every minute) once per minute slot with two processes checking the schedule every second', async () => {
    const startedAt = Date.now();
    t = await TestApp.start({ JOBS_CRON_CHECK_SECONDS: 1, JOBS_POLL_SECONDS: 0.5 });
    replica = await createApp(t.config, t.databaseUrl, { logger: ['error'] });
    // both processes have the schedule and look at it every second; the reaper must have run
    await until('the cron reaper to run', async () => (await t.sql(`SELECT 1 FROM pgboss.job WHERE name = 'intel.import.reap' AND singleton_key IS NULL AND state = 'completed'`)).length > 0, 60);
    await new Promise((r) => setTimeout(r, 4000)); // eight more checks of the schedule by two processes
    const slots = Math.floor(Date.now() / 60_000) - Math.floor(startedAt / 60_000) + 1;
    const runs = await t.sql(`SELECT state FROM pgboss.job WHERE name = 'intel.import.reap' AND singleton_key IS NULL`);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBeLessThanOrEqual(slots);
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM pgboss.schedule WHERE name = 'intel.import.reap'`);
    expect(n).toBe(1);
  });

  it("stops on close while its workers wait for one of pg-boss's connections: the waiters are served, none is left waiting for ever", async () => {
    const stopping = await createApp(t.config, t.databaseUrl, { logger: ['error'] });
    const boss = (stopping.get(JobsService) as unknown as { boss: { getDb(): { pool: Pool } } }).boss;
    const pool = boss.getDb().pool;
    // the four connections are taken: the workers polling every half second queue for one
    const held = await Promise.all([0, 1, 2, 3].map(() => pool.connect()));
    await until('workers waiting for a connection', async () => pool.waitingCount > 0, 10);
    const closed = stopping.close();
    await new Promise((r) => setTimeout(r, 300));
    for (const client of held) client.release();
    await closed;
    expect(pool.waitingCount).toBe(0);
    expect(pool.ended).toBe(true);
  });
});

describe('an import across a PostgreSQL restart', () => {
  let embedded: EmbeddedDatabase | undefined;
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close();
    await embedded?.stop();
  });

  it('keeps the process alive, waits for the database, resumes from the checkpoint and writes every row once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'countermark-restart-'));
    const port = await freePort();
    embedded = await startEmbeddedDatabase({ dataDir, port });
    t = await TestApp.start({ IMPORT_BATCH_REPORTS: 10, JOBS_POLL_SECONDS: 0.5 }, { databaseUrl: embedded.url });
    const p = await intelPeople(t);
    const REPORTS = 800;
    const rows = [HEADER];
    for (let r = 0; r < REPORTS; r++) rows.push(`restart-${r},Seller ${r},ONLINE_SELLER,GREEN,50,CN,,,EMAIL,seller${r}@restart.example,,`, `restart-${r},Seller ${r},ONLINE_SELLER,GREEN,50,CN,,,TRACKING_NUMBER,RST${r}X,,`);
    const res = await t.http().post('/imports?format=CSV&fileName=restart.csv').set('authorization', `Bearer ${p.a}`).set('content-type', 'text/csv').send(rows.join('\n') + '\n');
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const partWay = await until('the import to be part-way', async () => {
      const [row] = await t!.sql(`SELECT status, reports_done FROM import_job WHERE file_name = 'restart.csv'`);
      return row?.reports_done >= 40 ? row : null;
    });
    await embedded.stop();
    expect(partWay.status).toBe('RUNNING');
    expect(partWay.reports_done).toBeLessThan(REPORTS / 2);
    await new Promise((r) => setTimeout(r, 1500)); // the worker meets a database that is gone
    embedded = await startEmbeddedDatabase({ dataDir, port });
    const done = await until('the import to finish', async () => {
      const job = (await t!.ok(JOB, { id }, p.a)).node;
      return job.status === 'COMPLETED' || job.status === 'FAILED' ? job : null;
    }, 90);
    expect(done).toEqual({ status: 'COMPLETED', reportsDone: REPORTS, reportsTotal: REPORTS, reportsCreated: REPORTS, indicatorsCreated: 2 * REPORTS });
    const [counts] = await t.sql(`SELECT count(DISTINCT r.id)::int AS reports, count(i.id)::int AS indicators, count(DISTINCT r.source_ref)::int AS refs FROM intel_report r JOIN indicator i ON i.report_id = r.id WHERE r.source_ref LIKE 'restart-%'`);
    expect(counts).toEqual({ reports: REPORTS, indicators: 2 * REPORTS, refs: REPORTS });
  });
});
