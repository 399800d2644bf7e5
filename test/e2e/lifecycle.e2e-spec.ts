import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { freePort } from '../support/free-port.js';

const MAIN = resolve('dist/apps/api/src/main.js');

/** `npm start` as a person runs it: the built app on the embedded PostgreSQL, stopped with a signal. */
class Product {
  output = '';
  readonly exited: Promise<number | null>;
  private constructor(readonly proc: ChildProcess) {
    proc.stdout!.on('data', (d) => (this.output += d));
    proc.stderr!.on('data', (d) => (this.output += d));
    this.exited = new Promise((done) => proc.on('exit', (code) => done(code)));
  }

  static async start(env: Record<string, string>): Promise<Product> {
    const p = new Product(spawn(process.execPath, [MAIN], { env: { ...process.env, ...env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] }));
    const deadline = Date.now() + 90_000;
    while (!p.output.includes('Countermark listening on')) {
      if (Date.now() > deadline || p.proc.exitCode !== null) throw new Error(`The app did not start:\n${p.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return p;
  }

  async stop(signal: NodeJS.Signals): Promise<number | null> {
    this.proc.kill(signal);
    return this.exited;
  }
}

describe('npm start: embedded PostgreSQL across a stop and a second start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'countermark-start-'));
  let running: Product | undefined;
  afterAll(async () => {
    if (running && running.proc.exitCode === null) await running.stop('SIGKILL');
  });

  it('starts, serves /health and the demo, stops cleanly on SIGINT, and reuses the data on the next start', async () => {
    expect(existsSync(MAIN)).toBe(true); // built by `npm test` before Jest runs
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dataDir, WEB_DIST: join(dataDir, 'none'), LOG_LEVEL: 'log' };
    const dbUrl = `postgres://postgres:postgres@127.0.0.1:${pgPort}/countermark`;
    const allianceIds = async () => {
      const client = new pg.Client({ connectionString: dbUrl });
      await client.connect();
      try {
        return (await client.query(`SELECT id FROM alliance ORDER BY id`)).rows.map((r) => r.id);
      } finally {
        await client.end();
      }
    };

    running = await Product.start(env);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect((await health.json()) as unknown).toEqual({ status: 'ok', database: { reachable: true } });
    const login = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { login(input: { email: "coordinator@demo.countermark.test", password: "countermark-demo" }) { user { role } } }` }),
    });
    expect(((await login.json()) as any).data.login.user.role).toBe('COORDINATOR');
    const first = await allianceIds();
    expect(first).toHaveLength(1);

    expect(await running.stop('SIGINT')).toBe(0);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    await expect(allianceIds()).rejects.toThrow();

    running = await Product.start(env);
    expect(running.output).not.toContain('initialised');
    expect(await allianceIds()).toEqual(first); // same data, demo not loaded twice
    expect(await running.stop('SIGTERM')).toBe(0);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });
});

describe('an import killed mid-way', () => {
  const running: Product[] = [];
  afterAll(async () => {
    for (const p of running) if (p.proc.exitCode === null) await p.stop('SIGKILL');
  });

  const REPORTS = 300;
  const file = ['report_ref,report_title,report_kind,sharing_level,confidence,country,first_observed_on,last_observed_on,indicator_type,indicator_value,indicator_qualifier,indicator_note'];
  for (let r = 0; r < REPORTS; r++) {
    file.push(`kill-${String(r).padStart(4, '0')},Seller ${r},ONLINE_SELLER,GREEN,50,CN,,,EMAIL,seller${r}@kill.example,,`);
    file.push(`kill-${String(r).padStart(4, '0')},Seller ${r},ONLINE_SELLER,GREEN,50,CN,,,PHONE,+86 138 0000 ${String(1000 + Math.floor(r / 10))},,`);
  }
  const csv = file.join('\n') + '\n';

  /**
   * Runs the product on a fresh data folder (the demo without its year of intelligence: these starts
   * from nothing would otherwise load it each time), imports the file, optionally kills it part-way (and
   * loses the spool of checked reports it was writing from) or stops it with SIGTERM; answers what
   * the database holds.
   */
  async function importInto(kill: boolean, loseSpool = false, signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<{ rows: unknown[]; job: Record<string, number> }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'countermark-kill-'));
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), DATA_DIR: dataDir, WEB_DIST: join(dataDir, 'none'), LOG_LEVEL: 'log', IMPORT_STALE_SECONDS: '2', IMPORT_BATCH_REPORTS: '20', DEMO_INTELLIGENCE: 'false' };
    const base = `http://127.0.0.1:${port}`;
    const gql = async (query: string, variables: object, token?: string) => {
      const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
      return ((await res.json()) as any).data;
    };
    let product = await Product.start(env);
    running.push(product);
    const token = (await gql(`mutation { login(input: { email: "admin@zhenlan.demo.countermark.test", password: "countermark-demo" }) { token } }`, {})).login.token;
    const upload = await fetch(`${base}/imports?format=CSV&fileName=kill.csv`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
    const jobId = ((await upload.json()) as any).id;
    const JOB = `query($id: ID!) { node(id: $id) { ... on ImportJob { status reportsDone reportsCreated reportsAlreadyImported indicatorsCreated } } }`;
    if (kill) {
      let seen: any;
      for (let i = 0; i < 600; i++) {
        seen = (await gql(JOB, { id: jobId }, token)).node;
        if (seen.reportsDone >= 60) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(seen.status).toBe('RUNNING'); // really mid-way
      expect(seen.reportsDone).toBeLessThan(REPORTS);
      if (signal === 'SIGTERM') {
        // a clean stop: the import is handed back with its checkpoint, PostgreSQL stopped with the app
        const code = await product.stop('SIGTERM');
        if (code !== 0) console.log(product.output.slice(-5000));
        expect(code).toBe(0);
        expect(product.output).toContain(`handed back with its checkpoint`);
      } else {
        expect(await product.stop('SIGKILL')).toBeNull(); // killed: no clean stop, PostgreSQL left running
      }
      const spools = readdirSync(join(dataDir, 'files'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.spool'));
      expect(spools).toHaveLength(1);
      if (loseSpool) rmSync(join(dataDir, 'files', spools[0])); // the file is checked again, the checkpoint kept
      product = await Product.start(env);
      running.push(product);
    }
    let job: any;
    for (let i = 0; i < 1200; i++) {
      job = (await gql(JOB, { id: jobId }, token)).node;
      if (job.status === 'COMPLETED' || job.status === 'FAILED') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const client = new pg.Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${pgPort}/countermark` });
    await client.connect();
    const rows = (await client.query(
      `SELECT r.source_ref, r.title,
              (SELECT string_agg(i.type || ':' || i.key, ',' ORDER BY i.position) FROM indicator i WHERE i.report_id = r.id) AS indicators,
              (SELECT count(*) FROM intel_report r2 WHERE r2.network_id = r.network_id)::int AS network_size
         FROM intel_report r WHERE r.source_ref LIKE 'kill-%' ORDER BY r.source_ref`,
    )).rows;
    await client.end();
    expect(await product.stop('SIGTERM')).toBe(0);
    return { rows, job };
  }

  let uninterrupted: ReturnType<typeof importInto> | undefined;
  const referenceRun = () => (uninterrupted ??= importInto(false));

  it('resumes from its checkpoint and ends with exactly the database of an uninterrupted import', async () => {
    const reference = await referenceRun();
    const resumed = await importInto(true);
    expect(reference.job).toEqual({ status: 'COMPLETED', reportsDone: REPORTS, reportsCreated: REPORTS, reportsAlreadyImported: 0, indicatorsCreated: 2 * REPORTS });
    expect(resumed.job).toEqual(reference.job);
    expect(resumed.rows).toHaveLength(REPORTS);
    expect(resumed.rows).toEqual(reference.rows);
    const respooled = await importInto(true, true);
    expect(respooled.job).toEqual(reference.job);
    expect(respooled.rows).toEqual(reference.rows);
  }, 300_000);

  it('hands a running import back on SIGTERM and finishes it on the next start, every row once', async () => {
    const reference = await referenceRun();
    const stopped = await importInto(true, false, 'SIGTERM');
    expect(stopped.job).toEqual(reference.job);
    expect(stopped.rows).toHaveLength(REPORTS);
    expect(stopped.rows).toEqual(reference.rows);
  }, 300_000);
});
