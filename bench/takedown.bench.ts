/**
 * Takedown benchmark (issue 16, "Performance"): 1,000,000 requests with 3,000,000 listings (and
 * their transitions) over a year, in the demo alliance's real, migrated tables, then
 *  - the reviewers' queue page (`takedownQueue`, the web client's query, 50 a page), as the platform
 *    reviewer, over its marketplaces and with each one as the filter: p50/p99 (target p99 < 50 ms)
 *  - a year of SLA figures (`takedownFigures`, the web client's dashboard query: by month and by
 *    marketplace), as the coordinator (every request) and as the reviewer: p50/max (target < 200 ms)
 *  - bulk CSV filing end to end: upload through POST /takedown-imports, the job files the rows, until
 *    DONE; filed listings per second (target ≥ 5,000/s)
 *  - e-mail intake: messages sent through a real SMTP conversation with the listener (nodemailer,
 *    a few connections at once), each stored, then read and filed by its job; messages per second
 *    from the first connection to the last one filed (target ≥ 20/s)
 * with the process's RSS after each. The seeded requests spread over eight marketplaces (four with
 * the demo reviewer's organisation as reviewers, four decided by the coordinators), the demo
 * members' brands and rights, the lifecycle (about 2% undecided, half of those past their due time;
 * 17% rejected; counter-noticed, reinstated, upheld), as the SLA job would have left them.
 * Stores: about 200,000, five requests each; half the bulk file's rows name one of them (the strike
 * ladder reads their upheld removals), half a new store.
 * Run: npm run bench:takedown   (BENCH_REQUESTS, BENCH_QUERIES, BENCH_FIGURE_RUNS, BENCH_BULK_LISTINGS,
 * BENCH_MAILS to scale, 0 skips the last two; BENCH_SQL=1 prints a queue page's statements;
 * BENCH_KEEP=1 keeps the database folder for EXPLAIN afterwards; BENCH_CPU_PROFILE=file.cpuprofile writes
 * a CPU profile of the queue pages alone, for Chrome DevTools or scripts/profile-summary.mjs)
 */
import 'reflect-metadata';
import { createWriteStream, createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { writeHeapSnapshot } from 'node:v8';
import nodemailer from 'nodemailer';
import { graphqlClient, TailWatch, topStatements } from './bench-client.js';
import { DataSource } from 'typeorm';
import { createApp } from '../apps/api/src/bootstrap.js';
import { RequestContext } from '../apps/api/src/common/request-context.js';
import { loadConfig } from '../apps/api/src/config/app-config.js';
import { QueryCounter } from '../apps/api/src/database/query-counter.js';
import { startEmbeddedDatabase } from '../apps/api/src/database/embedded-database.js';
import { DEMO_PASSWORD, DEMO_SLUG, DEMO_USERS, DemoService } from '../apps/api/src/demo/demo.service.js';
import { TakedownEmailListener } from '../apps/api/src/takedown/takedown-email.listener.js';
import { MarketplaceService } from '../apps/api/src/takedown/marketplace.service.js';
import { TakedownSlaService } from '../apps/api/src/takedown/takedown-sla.service.js';
import { ComplainantService } from '../apps/api/src/takedown/complainant.service.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000_000);
const CHUNK = 100_000;
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const FIGURE_RUNS = Number(process.env.BENCH_FIGURE_RUNS ?? 5);
const BULK_LISTINGS = Number(process.env.BENCH_BULK_LISTINGS ?? 100_000);
const MAILS = Number(process.env.BENCH_MAILS ?? 200);
const SMTP_CONNECTIONS = 4;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const rss = () => `RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

const QUEUE = `query TakedownQueue($first: Int, $after: String, $marketplaceId: ID) {
  takedownQueue(first: $first, after: $after, marketplaceId: $marketplaceId) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ...TakedownRow } } } }
  fragment TakedownRow on TakedownRequest {
    id status listingCount submittedAt dueAt paused slaBreached decidedAt marketplace { id name } brand { id name } organisation { id name } }`;
const FIGURES = `query TakedownFigures {
  byMonth: takedownFigures(groupBy: MONTH) { ...TakedownFiguresRow }
  byMarketplace: takedownFigures(groupBy: MARKETPLACE) { ...TakedownFiguresRow } }
  fragment TakedownFiguresRow on TakedownFigures {
    month groupId groupName received processed withinSla withinSlaShare medianHours p95Hours acceptanceRate listingsRemoved }`;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'countermark-bench-takedown-'));
  const db = await startEmbeddedDatabase({ dataDir, port: 56000 + Math.floor(Math.random() * 1000) });
  const config = loadConfig({}, { DATA_DIR: dataDir, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00', LOG_LEVEL: 'error', WEB_DIST: join(dataDir, 'none') });
  // the app as its login role, under row-level security as deployed; seeding (DDL, session_replication_role), VACUUM,
  // CHECKPOINT and pg_stat_statements through an owner connection of its own
  const app = await createApp(config, db.url, { logger: ['error'] });
  const ds = app.get(DataSource);
  const owner = await new DataSource({ type: 'postgres', url: db.url, entities: [], extra: { max: 2 } }).initialize();
  try {
    await app.get(DemoService).loadIfEmpty();
    const [{ alliance, reviewerOrg, reviewerId }] = await owner.query(
      `SELECT a.id AS alliance, u.organisation_id AS "reviewerOrg", u.id AS "reviewerId" FROM alliance a JOIN app_user u ON u.alliance_id = a.id AND u.email = $2 WHERE a.slug = $1`,
      [DEMO_SLUG, DEMO_USERS.platformReviewer],
    );

    // eight marketplaces: Lotusmart and three more whose reviewers are the demo reviewer's organisation, four the coordinators decide
    const system = RequestContext.system(alliance);
    for (const name of ['Bench Mall A', 'Bench Mall B', 'Bench Mall C']) {
      const host = `${name.toLowerCase().replace(/\s+/g, '-')}.example`;
      await app.get(MarketplaceService).create(system, { name, domains: [host], listingTemplate: '/item/{id}', storeTemplate: '?store={id}', jurisdiction: 'CN', reviewerOrganisationId: reviewerOrg });
    }
    await owner.query(`DROP TABLE IF EXISTS bench_market, bench_right`);
    await owner.query(
      `CREATE UNLOGGED TABLE bench_market AS
       SELECT row_number() OVER (ORDER BY reviewed DESC, name) AS n, id, name, reviewed,
              coalesce(domains[1], rule || '.bench.example') AS host
         FROM (SELECT id, name, domains, rule, reviewer_organisation_id IS NOT NULL AS reviewed,
                      row_number() OVER (PARTITION BY reviewer_organisation_id IS NOT NULL ORDER BY name <> 'Taobao', name) AS k
                 FROM marketplace WHERE alliance_id = $1 AND status = 'ACTIVE') m
        WHERE k <= 4`,
      [alliance],
    );
    // every citable right of the active members' brands, with a person of the member to file
    await owner.query(
      `CREATE UNLOGGED TABLE bench_right AS
       SELECT row_number() OVER (ORDER BY brand_id, trademark_id) AS n, * FROM (
         SELECT b.organisation_id, b.id AS brand_id, t.id AS trademark_id,
                (SELECT u.id FROM app_user u WHERE u.organisation_id = b.organisation_id ORDER BY u.email LIMIT 1) AS user_id
           FROM brand b JOIN trademark t ON t.alliance_id = b.alliance_id AND t.brand_id = b.id
           JOIN membership ms ON ms.alliance_id = b.alliance_id AND ms.organisation_id = b.organisation_id AND ms.status = 'ACTIVE'
          WHERE b.alliance_id = $1 AND t.verification_status = 'VERIFIED' AND (t.expires_on IS NULL OR t.expires_on > now())) r
        WHERE user_id IS NOT NULL`,
      [alliance],
    );
    const [{ markets, reviewed }] = await owner.query(`SELECT count(*)::int AS markets, count(*) FILTER (WHERE reviewed)::int AS reviewed FROM bench_market`);
    const [{ rights }] = await owner.query(`SELECT count(*)::int AS rights FROM bench_right`);

    console.log(`Seeding ${REQUESTS.toLocaleString()} takedown requests with ${(REQUESTS * 3).toLocaleString()} listings over a year (${markets} marketplaces, ${reviewed} with the demo reviewer's organisation; ${rights} rights)…`);
    const t0 = performance.now();
    const secondsApart = (365 * 86_400) / REQUESTS;
    for (let from = 1; from <= REQUESTS; from += CHUNK) {
      const to = Math.min(REQUESTS, from + CHUNK - 1);
      // one statement per chunk: the requests, their three listings, their transitions and counter-notices
      const explain = from === 1 && process.env.BENCH_SEED_EXPLAIN === '1';
      // the rows are consistent by construction: the per-row foreign key checks (whose cached plans
      // were made on near-empty tables) are left out of the load, as a restore would
      const runner = owner.createQueryRunner();
      await runner.startTransaction();
      await runner.query(`SET LOCAL session_replication_role = replica`);
      const plan = await runner.query(
        `${explain ? 'EXPLAIN (ANALYZE, BUFFERS) ' : ''}WITH x AS MATERIALIZED (
           SELECT g, gen_random_uuid() AS id, a.submitted, a.u, a.v, b.undecided,
                  r.organisation_id, r.user_id, r.brand_id, r.trademark_id, m.id AS marketplace_id, m.host,
                  c.paused_ms, c.decided, d.status,
                  a.submitted + interval '24 hours' + c.paused_ms * interval '1 millisecond' AS due
             FROM generate_series($2::int, $3::int) g
             CROSS JOIN LATERAL (SELECT now() - make_interval(secs => g * $4::float8) AS submitted,
                                        (g::bigint * 2654435761 % 1000)::int AS u, ((g::bigint * 40503 + 7) % 1000)::int AS v) a
             -- the last three days, and 1% older (past their due time), are undecided
             CROSS JOIN LATERAL (SELECT a.submitted > now() - interval '72 hours' OR a.u < 10 AS undecided) b
             -- decided ones: 97% within the SLA; 5% waited 6 h on the rights holder
             CROSS JOIN LATERAL (SELECT CASE WHEN NOT b.undecided AND a.v < 50 THEN 21600000 ELSE 0 END::bigint AS paused_ms,
                                        CASE WHEN b.undecided THEN NULL::timestamptz
                                             ELSE a.submitted + make_interval(secs => CASE WHEN a.v % 100 < 97 THEN 1800 + (a.v::bigint * 7919 % 79200) ELSE 90000 + (a.v::bigint * 104729 % 129600) END)
                                                  + CASE WHEN a.v < 50 THEN interval '6 hours' ELSE interval '0' END END AS decided) c
             CROSS JOIN LATERAL (SELECT CASE
                 WHEN b.undecided THEN CASE WHEN a.v < 650 THEN 'SUBMITTED' WHEN a.v < 950 OR a.submitted < now() - interval '72 hours' THEN 'UNDER_REVIEW' ELSE 'NEEDS_INFO' END
                 WHEN a.u < 170 THEN 'REJECTED'
                 WHEN a.u < 200 THEN CASE WHEN c.decided > now() - interval '14 days' THEN 'COUNTER_NOTICED' WHEN a.u < 185 THEN 'REINSTATED' ELSE 'UPHELD' END
                 WHEN c.decided > now() - interval '3 days' THEN 'ACCEPTED' ELSE 'UPHELD' END AS status) d
             JOIN bench_right r ON r.n = 1 + g % $5
             JOIN bench_market m ON m.n = 1 + (g / 7) % $6),
         req AS (
           INSERT INTO takedown_request (alliance_id, id, organisation_id, filed_by, filed_by_kind, brand_id, trademark_id, marketplace_id, reason, channel, status, sla_hours,
                                         submitted_at, due_at, paused_since, paused_ms, decided_at, decided_by, listing_count, counter_deadline, answer_deadline, warned_at, breached_at, updated_at)
           SELECT $1, id, organisation_id, user_id, 'USER', brand_id, trademark_id, marketplace_id,
                  CASE WHEN v % 10 < 7 THEN 'COUNTERFEIT' ELSE 'TRADEMARK_INFRINGEMENT' END, (ARRAY['PORTAL', 'API', 'BULK_CSV', 'PDF_FORM', 'EMAIL'])[1 + v % 5],
                  status, 24, submitted, due, CASE WHEN status = 'NEEDS_INFO' THEN submitted + interval '1 hour' END, paused_ms, decided, CASE WHEN decided IS NOT NULL THEN $7::uuid END, 3,
                  CASE WHEN status = 'ACCEPTED' THEN decided + interval '3 days' END, CASE WHEN status = 'COUNTER_NOTICED' THEN decided + interval '14 days' END,
                  CASE WHEN status IN ('SUBMITTED', 'UNDER_REVIEW') AND due - interval '4 hours' <= now() AND due >= now() THEN due - interval '4 hours' END,
                  CASE WHEN status IN ('SUBMITTED', 'UNDER_REVIEW') AND due < now() THEN due END,
                  coalesce(decided, submitted)
             FROM x),
         lst AS (
           INSERT INTO takedown_listing (alliance_id, request_id, position, url, listing_id, store_id, store_name, price, currency, outcome)
           SELECT $1, x.id, p, 'https://' || x.host || '/item/' || x.g || '-' || p || '?store=s' || (x.g % 199999), x.g || '-' || p, 's' || (x.g % 199999), 'Store ' || (x.g % 199999),
                  9.90 + (x.v % 90), 'CNY',
                  CASE WHEN x.status IN ('ACCEPTED', 'COUNTER_NOTICED', 'UPHELD', 'REINSTATED') THEN CASE WHEN p = 3 AND x.v % 10 = 0 THEN 'ALREADY_GONE' ELSE 'REMOVED' END END
             FROM x, generate_series(1, 3) p),
         cn AS (
           INSERT INTO counter_notice (alliance_id, request_id, filed_by_kind, reason, statement, contact_email, filed_at)
           SELECT $1, id, 'SELLER', 'GENUINE_GOODS', 'Bought from the brand''s distributor', 'seller' || g || '@shop.example', decided + interval '1 day'
             FROM x WHERE u BETWEEN 170 AND 199 AND decided IS NOT NULL)
         INSERT INTO takedown_transition (alliance_id, request_id, from_status, to_status, action, actor_kind, actor_id, at)
         SELECT $1, x.id, t.from_status, t.to_status, t.action, t.actor_kind, CASE WHEN t.actor_kind = 'REVIEWER' THEN $7::uuid WHEN t.actor_kind = 'USER' THEN x.user_id END, t.at
           FROM x CROSS JOIN LATERAL (VALUES
             (true, NULL, 'SUBMITTED', 'SUBMIT', 'USER', x.submitted),
             (x.status = 'UNDER_REVIEW', 'SUBMITTED', 'UNDER_REVIEW', 'START_REVIEW', 'REVIEWER', x.submitted + interval '30 minutes'),
             (x.status = 'NEEDS_INFO' OR x.paused_ms > 0, 'SUBMITTED', 'NEEDS_INFO', 'ASK_FOR_INFO', 'REVIEWER', x.submitted + interval '1 hour'),
             (x.paused_ms > 0, 'NEEDS_INFO', 'UNDER_REVIEW', 'PROVIDE_INFO', 'USER', x.submitted + interval '7 hours'),
             (x.decided IS NOT NULL, CASE WHEN x.paused_ms > 0 THEN 'UNDER_REVIEW' ELSE 'SUBMITTED' END, CASE WHEN x.status = 'REJECTED' THEN 'REJECTED' ELSE 'ACCEPTED' END,
              CASE WHEN x.status = 'REJECTED' THEN 'REJECT' ELSE 'ACCEPT' END, 'REVIEWER', x.decided),
             (x.decided IS NOT NULL AND x.u BETWEEN 170 AND 199, 'ACCEPTED', 'COUNTER_NOTICED', 'COUNTER_NOTICE', 'SELLER', x.decided + interval '1 day'),
             (x.status = 'REINSTATED', 'COUNTER_NOTICED', 'REINSTATED', 'ANSWER_WINDOW_LAPSED', 'SYSTEM', x.decided + interval '12 days'),
             (x.status = 'UPHELD' AND x.u BETWEEN 170 AND 199, 'COUNTER_NOTICED', 'UPHELD', 'UPHOLD', 'REVIEWER', x.decided + interval '8 days'),
             (x.status = 'UPHELD' AND x.u >= 200, 'ACCEPTED', 'UPHELD', 'COUNTER_WINDOW_LAPSED', 'SYSTEM', x.decided + interval '3 days')
           ) AS t(keep, from_status, to_status, action, actor_kind, at)
          WHERE t.keep`,
        [alliance, from, to, secondsApart, rights, markets, reviewerId],
      );
      await runner.commitTransaction();
      await runner.release();
      if (explain) console.log(plan.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
      process.stdout.write(`  ${to.toLocaleString()} requests, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    }
    // leave a settled database, as a running one would be: vacuumed, analysed, checkpointed
    await owner.query(`VACUUM (ANALYZE)`);
    await owner.query(`CHECKPOINT`);
    const [counts] = await owner.query(
      `SELECT (SELECT count(*) FROM takedown_request)::int AS requests, (SELECT count(*) FROM takedown_listing)::int AS listings,
              (SELECT count(*) FROM takedown_transition)::int AS transitions,
              (SELECT count(*) FROM takedown_request r JOIN marketplace m ON m.alliance_id = r.alliance_id AND m.id = r.marketplace_id
                WHERE r.status IN ('SUBMITTED', 'UNDER_REVIEW') AND m.reviewer_organisation_id = $1)::int AS "reviewerQueue",
              (SELECT count(*) FROM takedown_request WHERE status IN ('SUBMITTED', 'UNDER_REVIEW'))::int AS queued`,
      [reviewerOrg],
    );
    console.log(
      `  seeded ${counts.requests.toLocaleString()} requests, ${counts.listings.toLocaleString()} listings, ${counts.transitions.toLocaleString()} transitions in ${((performance.now() - t0) / 1000).toFixed(0)} s; ` +
      `${counts.queued.toLocaleString()} undecided, ${counts.reviewerQueue.toLocaleString()} of them in the reviewer's queue; ${rss()}`,
    );

    // listening, as a deployed app is: supertest would otherwise start the server and close it
    // again for every request (about 5 ms of each queue page at 20,000 requests went to that)
    await app.listen(0, '127.0.0.1');
    const base = await app.getUrl();
    const server = app.getHttpServer();
    const gql = graphqlClient(server);
    const login = async (email: string) => (await gql(`mutation($i: LoginInput!) { login(input: $i) { token } }`, { i: { email, password: DEMO_PASSWORD } })).login.token as string;
    const reviewer = await login(DEMO_USERS.platformReviewer);
    const coordinator = await login(DEMO_USERS.coordinator);
    const admin = await login(DEMO_USERS.memberAdmin);

    // 1. the reviewers' queue: every fifth page unfiltered (all its marketplaces), the rest filtered by each of them in turn
    const { marketplaces } = await gql(`{ marketplaces { id name reviewerOrganisation { id } } }`, {}, reviewer);
    const own = (marketplaces as { id: string; name: string; reviewerOrganisation: { id: string } | null }[]).filter((m) => m.reviewerOrganisation);
    const filters: (string | undefined)[] = [undefined, ...own.map((m) => m.id)];
    for (let i = 0; i < 20; i++) await gql(QUEUE, { first: 50, marketplaceId: filters[i % filters.length] }, reviewer); // warm-up
    const queue: number[] = [];
    const byFilter = new Map<string, number[]>();
    let total = 0;
    const counter = app.get(QueryCounter);
    let statements = 0;
    await topStatements(owner, null);
    const profiler = process.env.BENCH_CPU_PROFILE ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    // BENCH_HEAP_PROFILE=file: where the pages' objects that outlived the young generation were allocated
    const heapProfiler = process.env.BENCH_HEAP_PROFILE ? new Session() : null;
    if (heapProfiler) {
      heapProfiler.connect();
      await heapProfiler.post('HeapProfiler.startSampling', { samplingInterval: 8192, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
    }
    const tail = new TailWatch();
    const cpu0 = process.cpuUsage();
    const pages0 = performance.now();
    for (let i = 0; i < QUERIES; i++) {
      const marketplaceId = filters[i % filters.length];
      counter.logSql = i < 2 && process.env.BENCH_SQL === '1';
      const before = counter.count;
      const name = marketplaceId ? own.find((m) => m.id === marketplaceId)!.name : 'all';
      const { result: { takedownQueue }, took } = await tail.time(`page ${i} (${name})`, () => gql(QUEUE, { first: 50, marketplaceId }, reviewer));
      statements += counter.count - before;
      queue.push(took);
      byFilter.set(name, [...(byFilter.get(name) ?? []), took]);
      if (!marketplaceId) total = takedownQueue.totalCount;
      if (takedownQueue.edges.length !== Math.min(50, takedownQueue.totalCount)) throw new Error('queue page is short');
    }
    const cpu = process.cpuUsage(cpu0);
    const pagesWall = performance.now() - pages0;
    if (heapProfiler) {
      const { profile } = await heapProfiler.post('HeapProfiler.stopSampling');
      writeFileSync(process.env.BENCH_HEAP_PROFILE!, JSON.stringify(profile));
      heapProfiler.disconnect();
    }
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(process.env.BENCH_CPU_PROFILE!, JSON.stringify(profile));
      profiler.disconnect();
    }
    // the keyset pages read on in due order, nothing twice
    const first = (await gql(QUEUE, { first: 50 }, reviewer)).takedownQueue;
    const second = (await gql(QUEUE, { first: 50, after: first.pageInfo.endCursor }, reviewer)).takedownQueue;
    const due = [...first.edges, ...second.edges].map((e: { node: { id: string; dueAt: string } }) => e.node);
    if (new Set(due.map((n) => n.id)).size !== due.length || due.some((n, k) => k > 0 && n.dueAt < due[k - 1].dueAt)) throw new Error('queue pages out of order');
    console.log(
      `reviewers' queue page (50 of ${total.toLocaleString()}, ${own.length} marketplaces): p50 ${ms(pct(queue, 50))}, p99 ${ms(pct(queue, 99))} over ${QUERIES}, ${(statements / QUERIES).toFixed(0)} SQL statements each ` +
      `(${[...byFilter].map(([name, xs]) => `${name}: p99 ${ms(pct(xs, 99))}`).join(', ')}) — target p99 < 50 ms: ${verdict(pct(queue, 99) < 50)}; ${rss()}`,
    );
    // the page's own cost, which the machine's load moves less than its time: the process's CPU (app and in-process client) a page
    console.log(`  the process's CPU a page: ${ms((cpu.user + cpu.system) / 1000 / QUERIES)} (user ${ms(cpu.user / 1000 / QUERIES)}), ${((cpu.user + cpu.system) / 10 / pagesWall).toFixed(0)}% of the pages' wall time`);
    await tail.report(owner);
    if (process.env.BENCH_HEAP_SNAPSHOT) writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
    await topStatements(owner, 'The queue pages');

    // 2. a year of SLA figures: the dashboard's query (by month and by marketplace)
    for (const [who, token] of [['coordinator', coordinator], ['reviewer', reviewer]] as const) {
      await gql(FIGURES, {}, token); // warm-up
      const times: number[] = [];
      let received = 0;
      for (let i = 0; i < FIGURE_RUNS; i++) {
        const t1 = performance.now();
        const { byMonth } = await gql(FIGURES, {}, token);
        times.push(performance.now() - t1);
        received = byMonth.reduce((s: number, r: { received: number }) => s + r.received, 0);
      }
      console.log(`a year of SLA figures as the ${who} (${received.toLocaleString()} requests, by month and by marketplace): p50 ${ms(pct(times, 50))}, max ${ms(Math.max(...times))} over ${times.length} — target < 200 ms: ${verdict(Math.max(...times) < 200)}; ${rss()}`);
    }

    const [right] = await ds.query(
      `SELECT b.name AS brand, t.registration_number AS number FROM app_user u JOIN brand b ON b.organisation_id = u.organisation_id
         JOIN trademark t ON t.brand_id = b.id AND t.verification_status = 'VERIFIED' AND (t.expires_on IS NULL OR t.expires_on > now())
        WHERE u.email = $1 ORDER BY b.name, t.registration_number LIMIT 1`,
      [DEMO_USERS.memberAdmin],
    );

    // 3. bulk CSV filing end to end: Taobao and Lotusmart listings (stores the seeded requests name too), 1% of rows refused
    if (BULK_LISTINGS > 0) {
      const path = join(dataDir, 'bulk.csv');
      const out = createWriteStream(path);
      out.write('brand,right,reason,url,listing_id,store_id,store_name,price,currency\n');
      let valid = 0;
      for (let i = 0; i < BULK_LISTINGS; i++) {
        const store = i % 4 < 2 ? i % 199999 : 1_000_000 + i; // half the rows name stores the seeded requests name
        const line = i % 100 === 99
          ? `${right.brand},${right.number},counterfeit,https://fakes.example/item/${i},,,,,\n`
          : i % 2
            ? `${right.brand},${right.number},counterfeit,https://item.taobao.com/item.htm?id=${70_000_000 + i},,s${store},Store ${store},${(i % 90) + 9.9},CNY\n`
            : `${right.brand},${right.number},counterfeit,https://www.lotusmart.example/goods/BK-${i}.html?shop=s${store},,,,${(i % 90) + 9.9},CNY\n`;
        if (i % 100 !== 99) valid += 1;
        if (!out.write(line)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      await topStatements(owner, null);
      const t1 = performance.now();
      const res = await fetch(`${base}/takedown-imports?fileName=bench.csv`, {
        method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' }, body: Readable.toWeb(createReadStream(path)) as ReadableStream, duplex: 'half',
      } as RequestInit);
      if (!res.ok) throw new Error(`upload failed: HTTP ${res.status} ${await res.text()}`);
      const id = Buffer.from(((await res.json()) as { id: string }).id, 'base64url').toString().split(':')[1];
      let bulk!: { status: string; error: string | null; rows_filed: number; rows_refused: number; requests_filed: number };
      let peakRss = 0;
      for (;;) {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        [bulk] = await ds.query(`SELECT status, error, rows_filed, rows_refused, requests_filed FROM takedown_bulk WHERE id = $1`, [id]);
        if (bulk.status === 'DONE' || bulk.status === 'FAILED') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const seconds = (performance.now() - t1) / 1000;
      await topStatements(owner, 'bulk filing');
      if (bulk.status !== 'DONE' || bulk.rows_filed !== valid) throw new Error(`bulk filing: ${JSON.stringify(bulk)} (expected ${valid} filed)`);
      const rate = bulk.rows_filed / seconds;
      console.log(
        `bulk CSV filing (${BULK_LISTINGS.toLocaleString()} rows: ${bulk.rows_filed.toLocaleString()} listings filed in ${bulk.requests_filed} requests, ${bulk.rows_refused.toLocaleString()} rows refused), ` +
        `upload to DONE: ${seconds.toFixed(1)} s, ${Math.round(rate).toLocaleString()} listings/s — target ≥ 5,000/s: ${verdict(rate >= 5000)}; peak RSS ${Math.round(peakRss / 1048576)} MB`,
      );
    }

    // 4. e-mail intake: SMTP conversations with the listener, each message stored (250), then read and filed by its job
    if (MAILS > 0) {
      const port = await app.get(TakedownEmailListener).listen(0);
      const transports = Array.from({ length: SMTP_CONNECTIONS }, () => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 1 }));
      const [{ before }] = await ds.query(`SELECT count(*)::int AS before FROM takedown_inbound_mail`);
      await topStatements(owner, null);
      const t1 = performance.now();
      let next = 0;
      let peakRss = 0;
      await Promise.all(transports.map(async (transport) => {
        while (next < MAILS) {
          const i = next++;
          peakRss = Math.max(peakRss, process.memoryUsage().rss);
          const urls = [0, 1, 2].map((k) => `https://item.taobao.com/item.htm?id=${80_000_000 + i * 3 + k}`);
          const info = await transport.sendMail({
            from: DEMO_USERS.memberAdmin, to: `takedowns+${DEMO_SLUG}@countermark.test`, subject: `Fakes on Taobao ${i}`,
            text: `Hello,\n\nBrand: ${right.brand}\nRight: ${right.number}\nReason: counterfeit\n\n${urls.join('\n')}\n\n-- \nZhenlan`,
          });
          if (!/^250 /.test(info.response)) throw new Error(`not accepted: ${info.response}`);
        }
      }));
      const accepted = (performance.now() - t1) / 1000;
      for (const transport of transports) transport.close();
      let done!: { filed: number; other: number; waiting: number };
      for (;;) {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        [done] = await ds.query(
          `SELECT count(*) FILTER (WHERE status = 'FILED')::int AS filed, count(*) FILTER (WHERE status IN ('REFUSED', 'FAILED'))::int AS other,
                  count(*) FILTER (WHERE status = 'RECEIVED')::int AS waiting
             FROM (SELECT status FROM takedown_inbound_mail ORDER BY received_at DESC LIMIT $1) m`,
          [MAILS],
        );
        if (done.waiting === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const seconds = (performance.now() - t1) / 1000;
      await topStatements(owner, 'e-mail intake');
      const [{ after }] = await ds.query(`SELECT count(*)::int AS after FROM takedown_inbound_mail`);
      if (after - before !== MAILS || done.filed !== MAILS) throw new Error(`e-mail intake: ${after - before} stored, ${JSON.stringify(done)}`);
      const rate = MAILS / seconds;
      console.log(
        `e-mail intake (${MAILS} messages of 3 listings over ${SMTP_CONNECTIONS} SMTP connections): all accepted (250) in ${accepted.toFixed(1)} s (${(MAILS / accepted).toFixed(0)}/s), ` +
        `all filed after ${seconds.toFixed(1)} s: ${rate.toFixed(1)} messages/s — target ≥ 20/s: ${verdict(rate >= 20)}; peak RSS ${Math.round(peakRss / 1048576)} MB`,
      );
    }
    await owner.query(`DROP TABLE IF EXISTS bench_market, bench_right`);
    // the SLA clock's minute job and the hourly complainants' one, as the clock runs them beside the queue (what they take from its cores)
    {
      const sla = app.get(TakedownSlaService);
      const t1 = performance.now();
      const done = await sla.sweep();
      const minute = performance.now() - t1;
      const t2 = performance.now();
      await app.get(ComplainantService).flagAbusive();
      const hourly = performance.now() - t2;
      console.log(`the SLA clock's minute job (${done.warned} warned, ${done.breached} breached, ${done.lapsed} windows lapsed): ${ms(minute)}; the hourly abusive-complainants job: ${ms(hourly)}`);
    }
  } finally {
    await app.close();
    await owner.destroy();
    await db.stop();
    if (process.env.BENCH_KEEP === '1') console.log(`data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});

