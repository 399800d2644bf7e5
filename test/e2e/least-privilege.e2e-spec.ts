import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { uuidOf } from '../../apps/api/src/common/node.js';
import { loadConfig } from '../../apps/api/src/config/app-config.js';
import { loginRoleName } from '../../apps/api/src/database/app-role.js';
import { DemoService } from '../../apps/api/src/demo/demo.service.js';
import { ImportService } from '../../apps/api/src/intel-exchange/import.service.js';
import { IntelSearchRepository } from '../../apps/api/src/intel/search/intel-search.repository.js';
import { intelPeople, publish } from '../factories/intel.factory.js';
import { TestApp } from '../support/test-app.js';

const HEADER = 'report_ref,report_title,report_kind,sharing_level,confidence,country,first_observed_on,last_observed_on,indicator_type,indicator_value,indicator_qualifier,indicator_note';

// Issue 15, outcome 6 (docs/least-privilege.md): migrations and queue setup run as the owner; the
// app works as a login role that owns nothing, is no superuser and may only add to the audit log.
describe('the app connects as a least-privileged role', () => {
  let t: TestApp;
  let app: DataSource;
  let p: Awaited<ReturnType<typeof intelPeople>>;
  beforeAll(async () => {
    t = await TestApp.startWithDemo({ IMPORT_WORKER: false }, { intel: false });
    app = t.get(DataSource);
    p = await intelPeople(t);
  });
  afterAll(() => t.close());

  const denied = (sql: string) => expect(app.query(sql)).rejects.toThrow(/permission denied|must be owner/);

  it('is its own login role for this database: not the owner, no superuser, owns nothing, a member of countermark_app', async () => {
    const [owner] = await t.sql(`SELECT current_user AS name, current_database() AS database`);
    const [me] = await app.query(
      `SELECT current_user AS name, r.rolsuper AS superuser, r.rolcreaterole AS "createRole", r.rolcreatedb AS "createDb", r.rolbypassrls AS "bypassRls",
              (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid AND relpersistence <> 't') AS owned,
              (SELECT count(*)::int FROM pg_namespace WHERE nspowner = r.oid) AS schemas,
              pg_has_role(current_user, 'countermark_app', 'USAGE') AS member
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(me).toEqual({ name: loginRoleName(owner.database), superuser: false, createRole: false, createDb: false, bypassRls: false, owned: 0, schemas: 0, member: true });
    expect(me.name).not.toBe(owner.name);
    // the group role cannot log in; the schema and every table are the owner's
    expect(await t.sql(`SELECT rolcanlogin FROM pg_roles WHERE rolname = 'countermark_app'`)).toEqual([{ rolcanlogin: false }]);
    const [{ foreign }] = await t.sql(
      `SELECT count(*)::int AS foreign FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'pgboss') AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)`,
    );
    expect(foreign).toBe(0);
  });

  it('cannot UPDATE, DELETE or TRUNCATE the audit log (SELECT and INSERT only), nor rewrite the custody log', async () => {
    const [{ n }] = await app.query(`SELECT count(*)::int AS n FROM audit_event`);
    expect(n).toBeGreaterThan(0);
    await denied(`UPDATE audit_event SET action = action`);
    await denied(`DELETE FROM audit_event`);
    await denied(`TRUNCATE audit_event`);
    await denied(`UPDATE custody_event SET kind = kind`);
    await denied(`DELETE FROM custody_event`);
    await expect(app.query(`SELECT count(*) FROM audit_event`)).resolves.toBeDefined();
    expect((await t.sql(`SELECT count(*)::int AS n FROM audit_event`))[0].n).toBe(n);
  });

  it('cannot create, alter or drop tables, truncate any table, read the login password or rewrite the migrations', async () => {
    await denied(`CREATE TABLE public.intruder (id int)`);
    await denied(`CREATE TABLE pgboss.intruder (id int)`);
    await denied(`CREATE SCHEMA intruder`);
    await denied(`ALTER TABLE intel_report ADD COLUMN intruder int`);
    await denied(`DROP TABLE notification`);
    await denied(`TRUNCATE notification`);
    await denied(`TRUNCATE pgboss.job`);
    await denied(`SELECT * FROM app_login`);
    await denied(`DELETE FROM migrations`);
    await denied(`SELECT pgboss.create_queue('intruder', '{}')`);
    expect(await t.sql(`SELECT to_regclass('public.intruder') AS t`)).toEqual([{ t: null }]);
  });

  it('still works end to end: a mutation writes its audit event, an import writes by COPY, ANALYZE and the GIN upkeep run', async () => {
    const before = (await t.sql(`SELECT count(*)::int AS n FROM audit_event`))[0].n;
    const created = await publish(t, p.a, 'Least privilege depot', [{ type: 'EMAIL', value: 'depot@least-privilege.example' }]);
    const events = await t.sql(`SELECT action FROM audit_event WHERE target_id = $1`, [uuidOf(created.id, 'IntelReport')]);
    expect(events.map((e) => e.action)).toContain('intel_report.published');
    expect((await t.sql(`SELECT count(*)::int AS n FROM audit_event`))[0].n).toBeGreaterThan(before);

    const csv = [HEADER, ...[1, 2, 3].map((i) => `lp-${i},Least privilege seller ${i},ONLINE_SELLER,GREEN,50,CN,,,EMAIL,seller${i}@least-privilege.example,,`)].join('\n') + '\n';
    const res = await t.http().post('/imports?format=CSV&fileName=lp.csv').set('authorization', `Bearer ${p.b}`).set('content-type', 'text/csv').send(csv);
    expect(res.status).toBe(201);
    await t.get(ImportService).kick();
    expect(await t.sql(`SELECT status, reports_done FROM import_job WHERE id = $1`, [uuidOf(res.body.id, 'ImportJob')])).toEqual([{ status: 'COMPLETED', reports_done: 3 }]);
    expect((await t.sql(`SELECT count(*)::int AS n FROM intel_report WHERE title LIKE 'Least privilege seller %'`))[0].n).toBe(3);

    // PostgreSQL 17+'s MAINTAIN: statistics after an import, the search indexes' pending lists
    const search = t.get(IntelSearchRepository);
    await search.analyze();
    await search.settle(['intel_report_title_trgm', 'indicator_raw_trgm']); // through the owner's settle_gin_index
    await denied(`SELECT gin_clean_pending_list('intel_report_title_trgm'::regclass)`);
    await expect(app.query(`SELECT settle_gin_index('audit_event_pkey'::regclass)`)).rejects.toThrow(/not a GIN index of public/);
    const [{ analysed }] = await t.sql(`SELECT last_analyze IS NOT NULL AS analysed FROM pg_stat_user_tables WHERE relname = 'intel_report'`);
    expect(analysed).toBe(true);
  });

  it("runs pg-boss's worker pool as the app's role too, and a replica on the same database uses the same login role", async () => {
    const role = (await app.query(`SELECT current_user AS name`))[0].name;
    const sessions = await t.sql(`SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'countermark-jobs'`);
    expect(sessions).toEqual([{ usename: role }]);
    let replica: INestApplication | undefined;
    try {
      replica = await createApp(t.config, t.databaseUrl, { logger: ['error'] });
      expect(await replica.get(DataSource).query(`SELECT current_user AS name`)).toEqual([{ name: role }]);
      expect(await t.sql(`SELECT role_name FROM app_login`)).toEqual([{ role_name: role }]);
    } finally {
      await replica?.close();
    }
  });

  it('gives each database of the cluster a login role of its own, a copy of a template included', async () => {
    // this database is a copy of the run's demo template, whose app_login named the template's role
    const [{ database }] = await t.sql(`SELECT current_database() AS database`);
    expect(await t.sql(`SELECT role_name FROM app_login`)).toEqual([{ role_name: loginRoleName(database) }]);
    const template = `tpl_${process.env.TEST_RUN_ID ?? 'run'}_bare`;
    expect(await t.sql(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [loginRoleName(`${template}_building`)])).toHaveLength(1);
    const other = await TestApp.start({ IMPORT_WORKER: false });
    try {
      const [{ name, db }] = await other.get(DataSource).query(`SELECT current_user AS name, current_database() AS db`);
      expect(name).toBe(loginRoleName(db));
      expect(name).not.toBe(loginRoleName(database));
    } finally {
      await other.close();
    }
  });
});

/**
 * docs/database-roles.sql as psql would run it: `:"name"` an identifier, `:'name'` a literal,
 * `\connect` another database of the server, statements ending with `;` (outside `$$`).
 */
async function runRolesScript(adminUrl: string, variables: Record<string, string>): Promise<void> {
  const value = (name: string) => {
    if (!(name in variables)) throw new Error(`docs/database-roles.sql uses :${name}, which the test does not set`);
    return variables[name];
  };
  const interpolate = (line: string) =>
    line.replace(/:"(\w+)"/g, (_, name) => pg.escapeIdentifier(value(name))).replace(/:'(\w+)'/g, (_, name) => pg.escapeLiteral(value(name)));
  let client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    let statement = '';
    for (const line of readFileSync('docs/database-roles.sql', 'utf8').split('\n')) {
      if (!statement && (line.startsWith('--') || !line.trim())) continue;
      const connect = /^\\connect\s+:"(\w+)"\s*$/.exec(line);
      if (connect) {
        const url = new URL(adminUrl);
        url.pathname = `/${value(connect[1])}`;
        await client.end();
        client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
        continue;
      }
      statement += `${interpolate(line)}\n`;
      if (line.trimEnd().endsWith(';') && (statement.match(/\$\$/g) ?? []).length % 2 === 0) {
        await client.query(statement);
        statement = '';
      }
    }
    if (statement.trim()) throw new Error(`docs/database-roles.sql ends inside a statement: ${statement}`);
  } finally {
    await client.end();
  }
}

describe('DATABASE_APP_URL: roles made by docs/database-roles.sql on a server the app does not set up', () => {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const names = { owner: `cm_owner_${tag}`, app: `cm_web_${tag}`, database: `cm_roles_${tag}` };
  const admin = new URL(process.env.TEST_DATABASE_ADMIN_URL!);
  const urlAs = (user: string, password: string) => {
    const url = new URL(admin);
    url.username = user;
    url.password = password;
    url.pathname = `/${names.database}`;
    return url.toString();
  };
  const ownerUrl = urlAs(names.owner, 'owner-secret');
  const appUrl = urlAs(names.app, 'app-secret');
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close();
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${names.database} WITH (FORCE)`);
      await client.query(`DROP ROLE IF EXISTS ${names.app}`);
      await client.query(`DROP ROLE IF EXISTS ${names.owner}`);
    } finally {
      await client.end();
    }
  });

  it('migrates as an owner that is no superuser, works as the script’s app role and makes no role of its own', async () => {
    await runRolesScript(admin.toString(), { ...names, owner_password: 'owner-secret', app_password: 'app-secret' });
    t = await TestApp.start({ DATABASE_URL: ownerUrl, DATABASE_APP_URL: appUrl, IMPORT_WORKER: false }, { databaseUrl: ownerUrl });
    const app = t.get(DataSource);
    expect(await app.query(`SELECT current_user AS name`)).toEqual([{ name: names.app }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM app_login`)).toEqual([{ n: 0 }]);
    const [{ owners }] = await t.sql(
      `SELECT array_agg(DISTINCT r.rolname::text) AS owners FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles r ON r.oid = c.relowner WHERE n.nspname IN ('public', 'pgboss')`,
    );
    expect(owners).toEqual([names.owner]);
    expect(await t.sql(`SELECT rolsuper FROM pg_roles WHERE rolname = $1`, [names.owner])).toEqual([{ rolsuper: false }]);
    // the demo loads as the app role: every context writes, the queues run, ANALYZE runs
    await t.get(DemoService).loadIfEmpty({ intel: false });
    expect((await app.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n).toBeGreaterThan(0);
    await expect(app.query(`DELETE FROM audit_event`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`CREATE TABLE intruder (id int)`)).rejects.toThrow(/permission denied/);
  });

  it('refuses to run the app as the owner', () => {
    expect(() => loadConfig({ DATABASE_URL: ownerUrl, DATABASE_APP_URL: urlAs(names.owner, 'x') })).toThrow(/DATABASE_APP_URL: must connect as another role/);
  });
});
