import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { RLS_EXEMPT_TABLES, LOOKUP_VIEWS } from '../../migrations/1767300000000-row-level-security.js';
import { IndustryCategoryEntity } from '../../apps/api/src/categories/industry-category.entity.js';
import { IndustryCategoryService } from '../../apps/api/src/categories/industry-category.service.js';
import { copyFrom, copyLines } from '../../apps/api/src/database/copy-from.js';
import { asSystem, inAlliance, inRequestScope } from '../../apps/api/src/database/tenancy.js';
import { JobsService } from '../../apps/api/src/jobs/jobs.service.js';
import { REPEAT_INFRINGER_QUEUE } from '../../apps/api/src/takedown/repeat-infringer.service.js';
import { allianceWithCoordinator } from '../factories/alliance.factory.js';
import { intelPeople, publish } from '../factories/intel.factory.js';
import { overWebSocket } from '../support/over-web-socket.js';
import { REFERENCE_TABLES } from '../support/tenant-keys.js';
import { TestApp } from '../support/test-app.js';

// Issue 15, outcome 6 (docs/least-privilege.md, "Row-level security"): every tenant table answers
// the app's role only the rows of the alliance its connection is set to (database/tenancy.ts).
describe('row-level security on every tenant table', () => {
  let t: TestApp;
  let app: DataSource;
  let demo: string;
  let other: { alliance: { id: string }; token: string };
  let port: number;
  const alliancesIn = async (table: string) => ((await app.query(`SELECT DISTINCT alliance_id AS id FROM ${table} ORDER BY 1`)) as { id: string }[]).map((r) => r.id);

  beforeAll(async () => {
    t = await TestApp.startWithDemo({ IMPORT_WORKER: false }, { intel: false });
    app = t.get(DataSource);
    const p = await intelPeople(t);
    demo = p.orgA.alliance_id;
    await publish(t, p.a, 'Row security sample', [{ type: 'EMAIL', value: 'rls-sample@fakes.test' }]);
    other = await allianceWithCoordinator(t, 'rls-other');
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(() => t.close());

  it('is on for every table with alliance_id but the reference tables, with the one policy, and the owner keeps its exemption', async () => {
    expect([...RLS_EXEMPT_TABLES].sort()).toEqual([...REFERENCE_TABLES].sort());
    const tables = await t.sql(
      `SELECT c.relname AS name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
              (SELECT array_agg(polname::text ORDER BY polname) FROM pg_policy WHERE polrelid = c.oid) AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'alliance_id' AND NOT a.attisdropped
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
    );
    expect(tables.length).toBeGreaterThan(60);
    const breaches = tables.filter((r) => (RLS_EXEMPT_TABLES.includes(r.name) ? r.enabled : !r.enabled || r.forced || String(r.policies) !== 'tenant_isolation'));
    expect(breaches).toEqual([]);
  });

  it('a query that forgets the tenant filter sees only its alliance, nothing before the caller is known, every alliance as the system', async () => {
    for (const table of ['audit_event', 'industry_category', 'intel_report', 'membership']) {
      const all = await asSystem(() => alliancesIn(table));
      expect(await inAlliance(demo, () => alliancesIn(table))).toEqual(all.filter((id) => id === demo));
      expect(await inAlliance(other.alliance.id, () => alliancesIn(table))).toEqual(all.filter((id) => id === other.alliance.id));
      expect(await inRequestScope(() => alliancesIn(table))).toEqual([]);
    }
    expect(await asSystem(() => alliancesIn('audit_event'))).toEqual(expect.arrayContaining([demo, other.alliance.id]));
    // the owner (migrations, these tests' assertions) is not subject to it
    expect((await t.sql(`SELECT DISTINCT alliance_id FROM audit_event`)).length).toBeGreaterThanOrEqual(2);
  });

  it('through the API, over HTTP and graphql-ws: a resolver that forgot its alliance answers the caller’s rows only', async () => {
    const service = t.get(IndustryCategoryService);
    const list = service.list;
    // a deliberate bug: every category, whatever the caller's alliance
    service.list = () => app.getRepository(IndustryCategoryEntity).find();
    try {
      const res = await t.ok(`{ categories(includeRetired: true) { id name } }`, {}, other.token);
      const mine = await t.sql(`SELECT count(*)::int AS n FROM industry_category WHERE alliance_id = $1`, [other.alliance.id]);
      const everyone = await t.sql(`SELECT count(*)::int AS n FROM industry_category`);
      expect(everyone[0].n).toBeGreaterThan(mine[0].n);
      expect(res.categories).toHaveLength(mine[0].n);
      const overSocket = await overWebSocket(port, other.token, `{ categories(includeRetired: true) { id name } }`);
      expect(overSocket.errors).toBeUndefined();
      expect(overSocket.data.categories).toHaveLength(mine[0].n);
    } finally {
      service.list = list;
    }
  });

  it('a job sees the alliance it was queued in; one queued without an alliance (cron, clocks) every alliance', async () => {
    const jobs = t.get(JobsService);
    const spec = jobs.spec(REPEAT_INFRINGER_QUEUE)!;
    const handle = spec.handle;
    const seen: string[][] = [];
    spec.handle = async () => void seen.push(await alliancesIn('audit_event'));
    try {
      await jobs.send(REPEAT_INFRINGER_QUEUE, {}, { allianceId: other.alliance.id });
      await jobs.drain(REPEAT_INFRINGER_QUEUE);
      await jobs.send(REPEAT_INFRINGER_QUEUE, {}, {});
      await jobs.drain(REPEAT_INFRINGER_QUEUE);
    } finally {
      spec.handle = handle;
    }
    expect(seen[0]).toEqual([other.alliance.id]);
    expect(seen[1]).toEqual(expect.arrayContaining([demo, other.alliance.id]));
  });

  it('refuses to write a row into another alliance', async () => {
    const insert = () => app.query(`INSERT INTO industry_category (alliance_id, name, position, status) VALUES ($1, 'Smuggled', 99, 'ACTIVE')`, [demo]);
    await expect(inAlliance(other.alliance.id, insert)).rejects.toThrow(/row-level security/);
    await expect(inRequestScope(insert)).rejects.toThrow(/row-level security/);
    expect(await t.sql(`SELECT 1 FROM industry_category WHERE name = 'Smuggled'`)).toEqual([]);
    // nor move one there
    const [mine] = await t.sql(`SELECT id FROM industry_category WHERE alliance_id = $1 LIMIT 1`, [other.alliance.id]);
    const moved = () => app.query(`UPDATE industry_category SET alliance_id = $1 WHERE id = $2`, [demo, mine.id]);
    await expect(inAlliance(other.alliance.id, moved)).rejects.toThrow(/row-level security|foreign key/);
  });

  it('COPY goes through a staging table under the policy: rows of the alliance only', async () => {
    const event = (allianceId: string) => [allianceId, null, 'USER', 'rls.copied', 'Test', null, null, null, false];
    const columns = ['alliance_id', 'actor_id', 'actor_kind', 'action', 'target_type', 'target_id', 'before', 'after', 'actor_sealed'];
    const copy = (rows: unknown[][]) => app.transaction((em) => copyFrom(em, 'audit_event', columns, copyLines(rows, (r) => r as string[])));
    expect(await inAlliance(demo, () => copy([event(demo), event(demo)]))).toBe(2);
    await expect(inAlliance(demo, () => copy([event(demo), event(other.alliance.id)]))).rejects.toThrow(/row-level security/);
    expect(await t.sql(`SELECT alliance_id FROM audit_event WHERE action = 'rls.copied'`)).toEqual([{ alliance_id: demo }, { alliance_id: demo }]);
  });

  it('the lookup views (indexes whose conditions are not leakproof) filter by the alliance themselves', async () => {
    expect(Object.keys(LOOKUP_VIEWS).sort()).toEqual(['indicator_lookup', 'intel_report_lookup', 'takedown_listing_lookup']);
    for (const view of ['indicator_lookup', 'intel_report_lookup']) {
      expect(await inAlliance(demo, () => alliancesIn(view))).toEqual([demo]);
      expect(await inAlliance(other.alliance.id, () => alliancesIn(view))).toEqual([]);
      expect(await inRequestScope(() => alliancesIn(view))).toEqual([]);
    }
    // and the trigram lookup is an index lookup through the view, as the app's role under a policy
    const plan = await inAlliance(demo, () =>
      app.transaction(async (em) => {
        await em.query(`SET LOCAL enable_seqscan = off`);
        return (await em.query(`EXPLAIN SELECT id FROM intel_report_lookup WHERE lower(title) LIKE '%security sample%'`)).map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
      }),
    );
    expect(plan).toMatch(/intel_report_title_trgm/);
  });
});
