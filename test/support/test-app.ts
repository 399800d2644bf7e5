import type { INestApplication } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/app-config.js';

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

  /** A fresh database of the test PostgreSQL, or `databaseUrl` (another app's, or a server of the test's own). */
  static async start(overrides: Partial<AppConfig> = {}, options: { databaseUrl?: string } = {}): Promise<TestApp> {
    const url = new URL(options.databaseUrl ?? (await TestApp.createDatabase()));
    const dataDir = mkdtempSync(join(tmpdir(), 'countermark-app-'));
    const config = loadConfig(
      {},
      { DATA_DIR: dataDir, SESSION_SECRET: 'test-secret-test-secret-test-secret-0123', LOG_LEVEL: 'error', WEB_DIST: join(dataDir, 'no-web'), ...overrides },
    );
    const app = await createApp(config, url.toString(), { logger: ['error'] });
    return new TestApp(app, config, url.toString());
  }

  /** A new, empty database on the test PostgreSQL; its URL. */
  static async createDatabase(): Promise<string> {
    const admin = process.env.TEST_DATABASE_ADMIN_URL;
    if (!admin) throw new Error('TEST_DATABASE_ADMIN_URL is not set: run the e2e tests through jest (global setup)');
    const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return url.toString();
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
  }
}

/** The first error's code and field, for terse assertions. */
export function errorOf(res: GqlResult): { code?: string; field?: string; message?: string; [extension: string]: unknown } {
  const e = res.errors?.[0];
  return { ...e?.extensions, code: e?.extensions?.code, field: e?.extensions?.field, message: e?.message };
}
