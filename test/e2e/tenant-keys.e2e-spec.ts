import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { TenantKeys1764993600000 } from '../../migrations/1764993600000-tenant-keys.js';
import { allianceWithCoordinator } from '../factories/alliance.factory.js';
import { tenantKeyViolations } from '../support/tenant-keys.js';
import { TestApp } from '../support/test-app.js';

// Issue 14, outcome 8: the schema is keyed by tenant (docs/scale-out.md), and stays so.
describe('tenant-keyed schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.startWithDemo();
  });
  afterAll(() => t.close());

  it('keys every tenant table by alliance: primary keys, unique indexes and foreign keys', async () => {
    expect(await tenantKeyViolations((sql, p) => t.sql(sql, p))).toEqual([]);
    // The rule is read from the catalog, not from a list: every table with alliance_id is checked.
    const [{ count }] = await t.sql(
      `SELECT count(*)::int AS count FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'alliance_id'`,
    );
    expect(count).toBeGreaterThanOrEqual(30);
  });

  it('names each table whose key, unique index or foreign key leaves out alliance_id', async () => {
    await t.sql(`DROP SCHEMA IF EXISTS fixture CASCADE`);
    await t.sql(`CREATE SCHEMA fixture`);
    try {
      await t.sql(`
        CREATE TABLE fixture.takedown (alliance_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (alliance_id, id));
        CREATE TABLE fixture.listing (alliance_id uuid NOT NULL, id uuid PRIMARY KEY, url text);
        CREATE UNIQUE INDEX listing_url ON fixture.listing (url);
        CREATE TABLE fixture.sighting (alliance_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (alliance_id, id),
          listing_id uuid REFERENCES fixture.listing (id));
        CREATE TABLE fixture.notice (alliance_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (alliance_id, id),
          takedown_alliance uuid, takedown_id uuid, FOREIGN KEY (takedown_alliance, takedown_id) REFERENCES fixture.takedown (alliance_id, id));
        CREATE TABLE fixture.outcome (alliance_id uuid NOT NULL, note text);
        CREATE TABLE fixture.good (alliance_id uuid NOT NULL, id uuid NOT NULL, takedown_id uuid, PRIMARY KEY (alliance_id, id),
          FOREIGN KEY (alliance_id, takedown_id) REFERENCES fixture.takedown (alliance_id, id));
        CREATE UNIQUE INDEX good_takedown ON fixture.good (alliance_id, takedown_id);`);
      expect(await tenantKeyViolations((sql, p) => t.sql(sql, p), 'fixture')).toEqual([
        'outcome: no primary key',
        'listing: primary key does not lead with alliance_id',
        'listing: unique index listing_url does not lead with alliance_id',
        'notice: foreign key notice_takedown_alliance_takedown_id_fkey to takedown leaves out alliance_id',
        'sighting: foreign key sighting_listing_id_fkey to listing leaves out alliance_id',
      ]);
    } finally {
      await t.sql(`DROP SCHEMA fixture CASCADE`);
    }
  });

  it('refuses, in the database, a row that references another alliance’s row', async () => {
    const other = await allianceWithCoordinator(t, 'tenant-keys-other');
    const [report] = await t.sql(`SELECT id, alliance_id FROM intel_report LIMIT 1`);
    await expect(
      t.sql(`INSERT INTO indicator (alliance_id, report_id, type, raw_value, key, position) VALUES ($1, $2, 'DOMAIN', 'x.example', 'x.example', 99)`, [
        other.alliance.id,
        report.id,
      ]),
    ).rejects.toThrow(/foreign key constraint "indicator_report_id_fkey"/);
    const [organisation] = await t.sql(`SELECT id FROM organisation WHERE alliance_id = $1 LIMIT 1`, [report.alliance_id]);
    await expect(
      t.sql(`INSERT INTO brand (alliance_id, organisation_id, name) VALUES ($1, $2, 'Borrowed')`, [other.alliance.id, organisation.id]),
    ).rejects.toThrow(/foreign key constraint/);
  });

  it('reverts and reapplies (with the migrations after it) without losing a row of the tables it changed', async () => {
    const ds = t.get(DataSource);
    const counts = async (q: (sql: string) => Promise<any[]>) => {
      const tables: { table: string }[] = await q(`SELECT table_name AS "table" FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
      const out: Record<string, number> = {};
      for (const { table } of tables) out[table] = (await q(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
      return out;
    };
    // a migration is reverted after those that came later, as TypeORM would
    const later = ds.migrations.slice(ds.migrations.findIndex((m) => m instanceof TenantKeys1764993600000));
    expect(later[0]).toBeInstanceOf(TenantKeys1764993600000);
    // schema changes are the owner's: the app's own role may not make them (docs/least-privilege.md)
    const owner = await new DataSource({ type: 'postgres', url: t.databaseUrl }).initialize();
    const runner = owner.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const q = (sql: string, p?: unknown[]) => runner.query(sql, p);
      const before = await counts(q);
      for (const migration of [...later].reverse()) await migration.down(runner);
      const reverted = await counts(q);
      expect(reverted).toEqual(Object.fromEntries(Object.keys(reverted).map((table) => [table, before[table]])));
      expect((await tenantKeyViolations(q)).length).toBeGreaterThan(20);
      for (const migration of later) await migration.up(runner);
      expect(await tenantKeyViolations(q)).toEqual([]);
      expect(Object.fromEntries(Object.keys(reverted).map((table) => [table, before[table]]))).toEqual(
        Object.fromEntries(Object.entries(await counts(q)).filter(([table]) => table in reverted)),
      );
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
      await owner.destroy();
    }
  });
});
