/**
 * What the query limits cost: the web client's directory query (a page of 50 members with their
 * categories and brands, as the coordinator) over HTTP against two apps on one database, one with
 * the limits and one without, requests alternating so both see the same machine; p50 and p99 of
 * each and the difference. Then the limits' own work on that query in-process: the cost check
 * (every request) and the validation rules (once per distinct query: Apollo caches validation).
 * Run: npm run bench:limits   (BENCH_REQUESTS, default 2,000 per app)
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { parse, specifiedRules, validate } from 'graphql';
import request from 'supertest';
import { createApp } from '../apps/api/src/bootstrap.js';
import { checkOperation, QUERY_PARSE_OPTIONS, queryCost, queryLimitRules } from '../apps/api/src/common/query-limits.js';
import { loadConfig } from '../apps/api/src/config/app-config.js';
import { startEmbeddedDatabase } from '../apps/api/src/database/embedded-database.js';
import { DemoService, DEMO_PASSWORD, DEMO_USERS } from '../apps/api/src/demo/demo.service.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);

/** The web client's directory page (apps/web/src/members/DirectoryPage.tsx with its MemberRow fragment). */
const DIRECTORY = `
  query Directory($first: Int, $after: String, $filter: MemberFilter) {
    members(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...MemberRow } }
    }
  }
  fragment MemberRow on Membership {
    id status tier
    categories { id name }
    organisation { id name country brands { id } }
  }`;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x: number) => `${x.toFixed(3)} ms`;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'countermark-bench-limits-'));
  const db = await startEmbeddedDatabase({ dataDir, port: 55000 + Math.floor(Math.random() * 1000) });
  const config = loadConfig({}, { DATA_DIR: dataDir, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00', LOG_LEVEL: 'error', WEB_DIST: join(dataDir, 'none') });
  const bounded = await createApp(config, db.url, { logger: ['error'] });
  const unbounded = await createApp(config, db.url, { logger: ['error'], queryLimits: false });
  try {
    await bounded.get(DemoService).loadIfEmpty({ intel: false });
    const servers = { with: bounded.getHttpServer(), without: unbounded.getHttpServer() };
    const login = await request(servers.with).post('/graphql').send({
      query: 'mutation($i: LoginInput!) { login(input: $i) { token } }',
      variables: { i: { email: DEMO_USERS.coordinator, password: DEMO_PASSWORD } },
    });
    const token: string = login.body.data.login.token;
    const directory = (server: typeof servers.with) =>
      request(server).post('/graphql').set('authorization', `Bearer ${token}`).send({ query: DIRECTORY, variables: { first: 50 } });

    // warm both (connections, loaders, Apollo's document cache), and check they answer alike
    for (let i = 0; i < 50; i++) await Promise.all([directory(servers.with), directory(servers.without)]);
    const [a, b] = [await directory(servers.with), await directory(servers.without)];
    if (a.status !== 200 || JSON.stringify(a.body) !== JSON.stringify(b.body)) throw new Error(`The two apps answer differently: ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
    console.log(`Directory query: ${a.body.data.members.edges.length} members of ${a.body.data.members.totalCount}, ${JSON.stringify(a.body).length.toLocaleString()} bytes`);

    const times = { with: [] as number[], without: [] as number[] };
    for (let i = 0; i < REQUESTS; i++) {
      for (const which of (i % 2 === 0 ? ['with', 'without'] : ['without', 'with']) as ('with' | 'without')[]) {
        const t0 = performance.now();
        const res = await directory(servers[which]);
        times[which].push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      }
    }
    const p50 = { with: pct(times.with, 50), without: pct(times.without, 50) };
    console.log(`\nOver HTTP, ${REQUESTS.toLocaleString()} requests each, alternating:`);
    console.log(`  with the limits:    p50 ${ms(p50.with)}, p99 ${ms(pct(times.with, 99))}`);
    console.log(`  without the limits: p50 ${ms(p50.without)}, p99 ${ms(pct(times.without, 99))}`);
    console.log(`  difference at p50:  ${ms(p50.with - p50.without)}`);

    // the limits' own work on the same query, in-process
    const schema = bounded.get(GraphQLSchemaHost).schema;
    const document = parse(DIRECTORY, QUERY_PARSE_OPTIONS);
    const rules = queryLimitRules();
    const loop = (n: number, work: () => void) => {
      for (let i = 0; i < 200; i++) work();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) work();
      return (performance.now() - t0) / n;
    };
    const check = loop(20_000, () => checkOperation(schema, document, 'Directory', { first: 50 }));
    const rulesOnly = loop(2_000, () => validate(schema, document, rules)) ;
    const graphqlRules = loop(2_000, () => validate(schema, document, specifiedRules));
    console.log(`\nIn-process, per call (cost ${queryCost(schema, document, 'Directory', { first: 50 }).toLocaleString()}):`);
    console.log(`  cost check (every request):                     ${(check * 1000).toFixed(1)} µs`);
    console.log(`  armor's depth, alias and directive rules (once per query text): ${(rulesOnly * 1000).toFixed(1)} µs (GraphQL's own rules: ${(graphqlRules * 1000).toFixed(1)} µs)`);
  } finally {
    await unbounded.close();
    await bounded.close();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
