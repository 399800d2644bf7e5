import type { INestApplication } from '@nestjs/common';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/app-config.js';
import { DemoService, type DemoLoadOptions } from '../../apps/api/src/demo/demo.service.js';

export interface GqlResult<T = any> {
  status: number;
  data: T;
  errors?: { message: string; extensions: { code: string; field?: string; [k: string]: unknown } }[];
}

/** The whole app over HTTP on its own fresh database, as a client sees it. */
export class TestApp {
  private constructor(
    readonly app: INestApplication,
    readonly config: AppConfig,
    readonly databaseUrl: string,
  ) {}

  /** A fresh database of the test PostgreSQL, or `databaseUrl` (another app's, or a server of the test's own); `dataDir` a folder to use as DATA_DIR. */
  static async start(overrides: Partial<AppConfig> = {}, options: { databaseUrl?: string; dataDir?: string } = {}): Promise<TestApp> {
    const url = new URL(options.databaseUrl ?? (await TestApp.createDatabase()));
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'countermark-app-'));
    const config = loadConfig(
      {},
      { DATA_DIR: dataDir, SESSION_SECRET: 'test-secret-test-secret-test-secret-0123', LOG_LEVEL: 'error', WEB_DIST: join(dataDir, 'no-web'), ...overrides },
    );
    const app = await createApp(config, url.toString(), { logger: ['error'] });
    return new TestApp(app, config, url.toString());
  }

  /**
   * The app on a copy of the demo alliance (`demo` as `DemoService.load` takes it): the demo is loaded
   * once per test run into a template database and data folder, and each caller gets its own copy of
   * both, so a suite starts in a second instead of loading the demo again. Jobs the load queued and
   * had not run yet run in the copy, as they would after a load. `demo.e2e` and `npm start`'s
   * lifecycle test load the demo for real.
   */
  static async startWithDemo(overrides: Partial<AppConfig> = {}, demo: DemoLoadOptions = {}): Promise<TestApp> {
    const template = await TestApp.demoTemplate(demo);
    const dataDir = mkdtempSync(join(tmpdir(), 'countermark-app-'));
    cpSync(template.dataDir, dataDir, { recursive: true });
    return TestApp.start(overrides, { databaseUrl: await TestApp.createDatabase(template.database), dataDir });
  }

  /** The run's template of the demo: built by the first caller under an advisory lock, renamed into place only once whole. */
  private static async demoTemplate(demo: DemoLoadOptions): Promise<{ database: string; dataDir: string }> {
    const database = `tpl_${process.env.TEST_RUN_ID ?? 'run'}_${demo.intel === false ? 'bare' : 'full'}`;
    const dataDir = join(tmpdir(), `countermark-${database}`);
    const client = new pg.Client({ connectionString: adminUrl() });
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [database]);
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!rowCount) {
        const building = `${database}_building`;
        await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
        rmSync(dataDir, { recursive: true, force: true });
        mkdirSync(dataDir, { recursive: true });
        const t = await TestApp.start({}, { databaseUrl: await TestApp.createDatabase(null, building), dataDir });
        try {
          await t.get(DemoService).load(demo);
          await t.settleJobs(); // the copies start alike: the CSV, the e-mail and the mail the load queued are done in the template
        } finally {
          await t.close(); // stops the job queue gracefully: a job that started finishes, the rest wait in the copy
        }
        await client.query(`ALTER DATABASE ${building} RENAME TO ${database}`);
      }
    } finally {
      await client.end(); // ends the session and with it the advisory lock
    }
    return { database, dataDir };
  }

  /** A new database on the test PostgreSQL, empty or a copy of `template`; its URL. */
  static async createDatabase(template: string | null = null, name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`): Promise<string> {
    const client = new pg.Client({ connectionString: adminUrl() });
    await client.connect();
    try {
      await client.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    const url = new URL(adminUrl());
    url.pathname = `/${name}`;
    return url.toString();
  }

  /** Waits until no job is due or running (one scheduled for later may wait), at most `seconds`. */
  async settleJobs(seconds = 120): Promise<void> {
    const deadline = Date.now() + seconds * 1000;
    const busy = `FROM pgboss.job WHERE state IN ('created', 'retry', 'active') AND start_after <= now()`;
    while ((await this.sql(`SELECT count(*)::int AS n ${busy}`))[0].n > 0) {
      if (Date.now() > deadline) throw new Error(`Jobs still due or running after ${seconds} s: ${JSON.stringify(await this.sql(`SELECT name, state ${busy}`))}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  get<T>(token: abstract new (...args: never[]) => T): T {
    return this.app.get(token as never);
  }

  async gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GqlResult<T>> {
    const req = request(this.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    const res = await req.send({ query, variables });
    return { status: res.status, data: res.body.data, errors: res.body.errors };
  }

  /** Runs an operation that must succeed and returns its data. */
  async ok<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const res = await this.gql<T>(query, variables, token);
    if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
    return res.data;
  }

  async login(email: string, password: string): Promise<string> {
    const data = await this.ok(`mutation($i: LoginInput!) { login(input: $i) { token } }`, { i: { email, password } });
    return data.login.token;
  }

  http() {
    return request(this.app.getHttpServer());
  }

  async sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, params)).rows;
    } finally {
      await client.end();
    }
  }

  async close(): Promise<void> {
    await this.app.close();
    // pg-boss's stop leaves a loop behind (manager.offWork, not awaited) that checks its workers every
    // second and requires a module lazily each time; one still running when Jest tears the file's
    // environment down throws "Cannot destructure property 'setTimeout' of 'require(...)'" and fails
    // the file (CI, import-files.e2e, once in three runs). Its workers are stopped by now: one more
    // check lets it end before the file does.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
}

function adminUrl(): string {
  const admin = process.env.TEST_DATABASE_ADMIN_URL;
  if (!admin) throw new Error('TEST_DATABASE_ADMIN_URL is not set: run the e2e tests through jest (global setup)');
  return admin;
}

/** The first error's code and field, for terse assertions. */
export function errorOf(res: GqlResult): { code?: string; field?: string; message?: string; [extension: string]: unknown } {
  const e = res.errors?.[0];
  return { ...e?.extensions, code: e?.extensions?.code, field: e?.extensions?.field, message: e?.message };
}
