/**
 * Probe of misspelt search (issue 18, outcome 5): the misspelt queries of intel.bench.ts (section 3),
 * over HTTP, against a database that `BENCH_KEEP=1 npm run bench:intel` kept, without seeding it
 * again; prints p50/p99, the twelve slowest, and with PROBE_EXPLAIN=n `EXPLAIN (ANALYZE, BUFFERS)` of
 * the search statements of the n slowest, as the app's role in the bench user's alliance.
 * Run: npx tsc -p tsconfig.bench.json && PROBE_DIR=<kept folder> NODE_ENV=production node dist-bench/bench/search-probe.js
 * (PROBE_REPORTS: the kept run's BENCH_REPORTS, 200,000; PROBE_QUERIES: its BENCH_QUERIES, 1,000, a quarter misspelt)
 * PROBE_Q='query|query' probes these queries instead, ten times each.
 * PROBE_NETWORK=1 probes the bench's network page instead (section 2): p50/max over 20, and each of its
 * statements under `EXPLAIN (ANALYZE, BUFFERS)` as the app's role, the slowest PROBE_EXPLAIN (default 3) with their plans.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { createApp } from '../apps/api/src/bootstrap.js';
import { loadConfig } from '../apps/api/src/config/app-config.js';
import { startEmbeddedDatabase } from '../apps/api/src/database/embedded-database.js';
import { DEMO_PASSWORD } from '../apps/api/src/demo/demo.service.js';
import { QueryCounter } from '../apps/api/src/database/query-counter.js';
import { SEARCH_PLAN } from '../apps/api/src/intel/search/intel-search.repository.js';
import { graphqlClient } from './bench-client.js';

const dataDir = process.env.PROBE_DIR!;
const reports = Number(process.env.PROBE_REPORTS ?? 200_000);
const QUERIES = Number(process.env.PROBE_QUERIES ?? 1000);
const EXPLAIN = Number(process.env.PROBE_EXPLAIN ?? 0);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

async function main() {
  const db = await startEmbeddedDatabase({ dataDir, port: 55000 + Math.floor(Math.random() * 1000) });
  const config = loadConfig({}, { DATA_DIR: dataDir, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00', LOG_LEVEL: 'error', WEB_DIST: join(dataDir, 'none') });
  const app = await createApp(config, db.url, { logger: ['error'] });
  try {
    const ds = app.get(DataSource);
    const gql = graphqlClient(app.getHttpServer());
    const token = (await gql(`mutation($i: LoginInput!) { login(input: $i) { token } }`, { i: { email: 'bench@member.test', password: DEMO_PASSWORD } })).login.token;
    const [{ alliance_id: alliance }] = await ds.query(`SELECT alliance_id FROM app_user WHERE email = 'bench@member.test'`);
    if (process.env.PROBE_NETWORK === '1') return await probeNetwork(app, ds, gql, token, alliance);
    const queries: string[] = [];
    // PROBE_Q='a|b': these queries only, each run ten times (the plans of the slowest with PROBE_EXPLAIN)
    if (process.env.PROBE_Q) for (const q of process.env.PROBE_Q.split('|')) queries.push(...Array<string>(10).fill(q));
    else for (let i = 0; i < QUERIES; i++) {
      const k = 1 + ((i * 7919) % reports);
      if (i % 4 === 3) queries.push(i % 8 === 3 ? `Seler ring ${k} shop` : `selle${k}@mail${k % 97}.exmaple`);
    }
    const run = (q: string) => gql(`query($q: String!) { searchIntel(query: $q, first: 20) { totalCount edges { node { score report { title } } } } }`, { q }, token);
    for (const q of queries.slice(0, Math.min(20, queries.length))) await run(q); // warm-up
    if (process.env.PROBE_SQL === '1') {
      const c = app.get(QueryCounter);
      c.logSql = true;
      await run(queries[0]);
      c.logSql = false;
    }
    const took: { q: string; ms: number; n: number }[] = [];
    for (const q of queries) {
      const t = performance.now();
      const r = await run(q);
      took.push({ q, ms: performance.now() - t, n: r.searchIntel.totalCount });
    }
    const times = took.map((x) => x.ms);
    const titles = took.filter((x) => x.q.startsWith('Seler')).map((x) => x.ms);
    const values = took.filter((x) => !x.q.startsWith('Seler')).map((x) => x.ms);
    console.log(`misspelt: p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms over ${times.length} (${(took.reduce((s, x) => s + x.n, 0) / took.length).toFixed(0)} hits each); titles p99 ${pct(titles, 99).toFixed(1)}, values p99 ${pct(values, 99).toFixed(1)}`);
    const slow = [...took].sort((a, b) => b.ms - a.ms).slice(0, 12);
    for (const s of slow) console.log(`  ${s.ms.toFixed(1)} ms  ${s.n} hits  ${s.q}`);
    const counter = app.get(QueryCounter);
    for (const s of slow.slice(0, EXPLAIN)) {
      const seen: [string, unknown[]][] = [];
      const log = counter.logQuery.bind(counter);
      counter.logQuery = (query: string, parameters?: unknown[]) => {
        if (query.includes('count(*) OVER')) seen.push([query, parameters ?? []]);
        log(query, parameters);
      };
      await run(s.q);
      counter.logQuery = log;
      for (const [sql, params] of seen) {
        const plan = await ds.transaction(async (m) => {
          await m.query(`SELECT set_config('countermark.alliance_id', $1, true)`, [alliance]);
          await m.query(SEARCH_PLAN);
          return m.query(`EXPLAIN (ANALYZE, BUFFERS, TIMING) ${sql}`, params);
        });
        console.log(`\n=== ${s.q}\n${JSON.stringify(params)}\n${plan.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')}`);
      }
    }
  } finally {
    await app.close();
    await db.stop();
  }
}

async function probeNetwork(app: Awaited<ReturnType<typeof createApp>>, ds: DataSource, gql: ReturnType<typeof graphqlClient>, token: string, alliance: string) {
  const [net] = await ds.query(`SELECT id FROM counterfeiter_network WHERE alliance_id = $1 AND report_count BETWEEN 1000 AND 2000 AND merged_into_id IS NULL ORDER BY report_count DESC LIMIT 1`, [alliance]);
  const id = Buffer.from(`CounterfeiterNetwork:${net.id}`).toString('base64url');
  const page = () => gql(`query($id: ID!) { node(id: $id) { ... on CounterfeiterNetwork { summary { reportCount firstSeen lastSeen } reports(first: 50) { totalCount edges { node { title } } } indicators(first: 200) { key reports } brands { name } reportingOrganisations { name } } } }`, { id }, token);
  const times: number[] = [];
  for (let i = 0; i < 23; i++) {
    const t = performance.now();
    await page();
    if (i >= 3) times.push(performance.now() - t);
  }
  console.log(`network page: p50 ${pct(times, 50).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms over ${times.length}`);
  const counter = app.get(QueryCounter);
  const seen: [string, unknown[]][] = [];
  const log = counter.logQuery.bind(counter);
  counter.logQuery = (query: string, parameters?: unknown[]) => {
    seen.push([query, parameters ?? []]);
    log(query, parameters);
  };
  await page();
  counter.logQuery = log;
  const plans: { sql: string; ms: number; plan: string }[] = [];
  for (const [sql, params] of seen) {
    if (!/^\s*(SELECT|WITH)/i.test(sql)) continue;
    const rows = await ds.transaction(async (m) => {
      await m.query(`SELECT set_config('countermark.alliance_id', $1, true)`, [alliance]);
      return m.query(`EXPLAIN (ANALYZE, BUFFERS, TIMING) ${sql}`, params);
    });
    const plan = rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    plans.push({ sql, ms: Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? 0), plan });
  }
  console.log(`${seen.length} statements; under EXPLAIN ANALYZE:\n${plans.map((p) => `  ${p.ms.toFixed(1)} ms  ${p.sql.replace(/\s+/g, ' ').slice(0, Number(process.env.PROBE_SQL_CHARS ?? 140))}`).join('\n')}`);
  const { node } = await page();
  console.log(`the page: ${node.reports.totalCount} reports, ${node.reports.edges.length} on the page, ${node.indicators.length} keys, ${node.brands.length} brands, ${node.reportingOrganisations.length} members`);
  for (const p of [...plans].sort((a, b) => b.ms - a.ms).slice(0, EXPLAIN || 3)) console.log(`\n=== ${p.ms} ms\n${p.sql}\n${p.plan}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
