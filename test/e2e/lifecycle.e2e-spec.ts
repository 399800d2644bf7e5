import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

const MAIN = resolve('dist/apps/api/src/main.js');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

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
