/**
 * Impact report benchmark (issue 17, "Performance": the impact report for a year under 500 ms).
 * Seeds a large alliance year — last calendar year — into the demo alliance's real, migrated
 * tables with set-based SQL: 300 member organisations (joined before or during the year, a few
 * leaving; countries in six world regions, one or two industry categories each), 1,200 brands with a
 * verified trademark each, 500,000 takedown requests with 1,000,000 listings over the year (decided
 * as the SLA job would leave them: 97% within 24 h, 17% rejected, counter-noticed, reinstated,
 * upheld), 50,000 monitoring alerts on 50,000 feed listings (30% filed as takedowns), and 2,000
 * enforcement cases (70% referred, half with outcomes valued in seven currencies: CNY, EUR, USD, GBP,
 * HKD and JPY with monthly rates to CNY, THB without a rate). Then, through GraphQL as the demo's
 * coordinator, the web dashboard's query `impactReport(year)` (quarters, year, months, members by
 * category, country and region): BENCH_WARMUP runs, then BENCH_RUNS timed (p50, p99, max; target
 * < 500 ms), with the year's figures printed and checked (months add up to the quarters; the
 * takedown count against the table). The CSV and PDF routes are timed beside it (no target).
 * Run: npm run bench:impact   (BENCH_TAKEDOWNS, BENCH_ALERTS, BENCH_CASES, BENCH_RUNS to scale;
 * BENCH_EXPLAIN=1 prints the plans of the report's heaviest statements, BENCH_PROFILE=1 times each owner's part;
 * BENCH_KEEP=1 keeps the data)
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../apps/api/src/bootstrap.js';
import { BrandService } from '../apps/api/src/brands/brand.service.js';
import { RequestContext } from '../apps/api/src/common/request-context.js';
import { EnforcementCaseService } from '../apps/api/src/enforcement/enforcement-case.service.js';
import { ImpactService } from '../apps/api/src/impact/impact.service.js';
import { MemberService } from '../apps/api/src/members/member.service.js';
import { MonitoringAlertService } from '../apps/api/src/monitoring/monitoring-alert.service.js';
import { TakedownService } from '../apps/api/src/takedown/takedown.service.js';
import { loadConfig } from '../apps/api/src/config/app-config.js';
import { QueryCounter } from '../apps/api/src/database/query-counter.js';
import { startEmbeddedDatabase } from '../apps/api/src/database/embedded-database.js';
import { DEMO_PASSWORD, DEMO_SLUG, DEMO_USERS, DemoService } from '../apps/api/src/demo/demo.service.js';
import { graphqlClient } from './bench-client.js';

const MEMBERS = 300;
const BRANDS_PER_MEMBER = 4;
const TAKEDOWNS = Number(process.env.BENCH_TAKEDOWNS ?? 500_000);
const ALERTS = Number(process.env.BENCH_ALERTS ?? 50_000);
const CASES = Number(process.env.BENCH_CASES ?? 2_000);
const RUNS = Math.max(20, Number(process.env.BENCH_RUNS ?? 30));
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CHUNK = 100_000;
const TARGET_MS = 500;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const n = (x: number | string) => Number(x).toLocaleString('en-US');

const MONTH = `month takedownsReceived takedownsProcessed takedownsProcessedWithinSla withinSlaShare listingsRemoved listingsRemovedProactively listingsRemovedOnNotice alerts`;
const PERIOD = `period members brands takedownsReceived takedownsProcessed takedownsProcessedWithinSla listingsRemoved listingsRemovedProactively listingsRemovedOnNotice
  alerts casesOpened casesReferred arrests sitesClosed { total } unitsSeized valueSeized { amount currency } valueUnconverted { amount currency }`;
// the web dashboard's query (apps/web/src/impact/ImpactDashboardPage.tsx), fields as it asks them
const REPORT = `query ImpactDashboard($year: Int!) { impactReport(year: $year) { year reportingCurrency quarters { ${PERIOD} } total { ${PERIOD} } months { ${MONTH} }
  membersAt membersByCategory { code name members } membersByCountry { code name members } membersByRegion { code name members } } }`;

async function seed(ds: DataSource, alliance: string, year: number): Promise<void> {
  const t0 = performance.now();
  const step = (what: string) => console.log(`  ${what}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const from = `make_timestamptz(${year}, 1, 1, 0, 0, 0, 'UTC')`;
  const yearSeconds = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 1000;
  const [{ coordinator }] = await ds.query(`SELECT u.id AS coordinator FROM app_user u WHERE u.alliance_id = $1 AND u.email = $2`, [alliance, DEMO_USERS.coordinator]);
  const [police] = await ds.query(`SELECT id, organisation_id FROM partnership WHERE alliance_id = $1 AND kind = 'LAW_ENFORCEMENT' LIMIT 1`, [alliance]);
  await ds.query(`DROP TABLE IF EXISTS bench_member, bench_brand, bench_market, bench_filed`);

  // members: 60% joined before the year, the rest during it; every 30th left in October
  await ds.query(
    `CREATE UNLOGGED TABLE bench_member AS
     SELECT g AS n, gen_random_uuid() AS org, gen_random_uuid() AS membership,
            CASE WHEN g % 5 < 3 THEN ${from} - make_interval(days => 30 + g) ELSE ${from} + make_interval(days => (g * 37) % 330) END AS joined,
            (ARRAY['CN','CN','CN','US','US','IT','FR','DE','JP','GB','BR','KR','ES','CH','IN','AU','ZA','MX','TR','VN'])[1 + g % 20] AS country
       FROM generate_series(1, $1::int) g`,
    [MEMBERS],
  );
  await ds.query(
    `INSERT INTO organisation (id, alliance_id, name, legal_name, kind, country, created_at)
     SELECT org, $1, 'Bench Brand Owner ' || n, 'Bench Brand Owner ' || n || ' Ltd', 'BRAND_OWNER', country, joined - interval '10 days' FROM bench_member`,
    [alliance],
  );
  await ds.query(
    `INSERT INTO membership (id, alliance_id, organisation_id, tier, status, joined_on, created_at)
     SELECT membership, $1, org, 'FULL', CASE WHEN n % 30 = 0 THEN 'LEFT' ELSE 'ACTIVE' END, (joined AT TIME ZONE 'UTC')::date, joined - interval '10 days' FROM bench_member`,
    [alliance],
  );
  await ds.query(
    `INSERT INTO membership_transition (alliance_id, membership_id, from_status, to_status, actor_id, created_at)
     SELECT $1, m.membership, t.from_status, t.to_status, $2::uuid, t.at FROM bench_member m
      CROSS JOIN LATERAL (VALUES (NULL, 'INVITED', m.joined - interval '10 days', true), ('INVITED', 'APPLIED', m.joined - interval '5 days', true),
                                 ('APPLIED', 'UNDER_REVIEW', m.joined - interval '2 days', true), ('UNDER_REVIEW', 'ACTIVE', m.joined, true),
                                 ('ACTIVE', 'LEFT', make_timestamptz(${year}, 10, 15, 0, 0, 0, 'UTC'), m.n % 30 = 0)) AS t(from_status, to_status, at, keep)
      WHERE t.keep`,
    [alliance, coordinator],
  );
  await ds.query(
    `INSERT INTO membership_category (alliance_id, membership_id, category_id)
     SELECT DISTINCT $1::uuid, m.membership, c.id FROM bench_member m
       JOIN (SELECT id, row_number() OVER (ORDER BY position) - 1 AS k, count(*) OVER () AS total FROM industry_category WHERE alliance_id = $1 AND status = 'ACTIVE') c
         ON c.k = m.n % c.total OR (m.n % 3 = 0 AND c.k = (m.n * 7) % c.total)`,
    [alliance],
  );
  // brands, each with a verified trademark, registered when the member joined
  await ds.query(
    `CREATE UNLOGGED TABLE bench_brand AS
     SELECT row_number() OVER (ORDER BY m.n, b) AS n, gen_random_uuid() AS brand, gen_random_uuid() AS trademark, m.org, m.joined
       FROM bench_member m CROSS JOIN generate_series(1, $1::int) b`,
    [BRANDS_PER_MEMBER],
  );
  await ds.query(`INSERT INTO brand (id, alliance_id, organisation_id, name, created_at) SELECT brand, $1, org, 'Bench Brand ' || n, joined FROM bench_brand`, [alliance]);
  await ds.query(
    `INSERT INTO trademark (id, alliance_id, brand_id, office, registration_number, nice_classes, owner_name, registered_on, expires_on, verification_status, verified_by, verified_at, created_at)
     SELECT trademark, $1, brand, 'EUIPO', 'B' || lpad(n::text, 9, '0'), '{25}', 'Bench Brand Owner', '2015-01-01', '2035-01-01', 'VERIFIED', $2::uuid, joined, joined FROM bench_brand`,
    [alliance, coordinator],
  );
  const [{ users }] = await ds.query(`SELECT count(*)::int AS users FROM app_user WHERE alliance_id = $1`, [alliance]);
  step(`${n(MEMBERS)} members, ${n(MEMBERS * BRANDS_PER_MEMBER)} brands and trademarks (${users} people in the alliance)`);

  // takedowns over the year, by the members active at the time, on the alliance's marketplaces
  await ds.query(
    `CREATE UNLOGGED TABLE bench_market AS SELECT row_number() OVER (ORDER BY name) AS n, id, coalesce(domains[1], 'bench.example') AS host
       FROM marketplace WHERE alliance_id = $1 AND status = 'ACTIVE'`,
    [alliance],
  );
  const [{ markets }] = await ds.query(`SELECT count(*)::int AS markets FROM bench_market`);
  const [{ brands }] = await ds.query(`SELECT count(*)::int AS brands FROM bench_brand`);
  for (let first = 1; first <= TAKEDOWNS; first += CHUNK) {
    const last = Math.min(TAKEDOWNS, first + CHUNK - 1);
    // rows consistent by construction: the per-row foreign key checks are left out, as a restore would
    // (the roll-up's triggers fire ALWAYS and so follow the load)
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    await runner.query(`SET LOCAL session_replication_role = replica`);
    await runner.query(
      `WITH x AS MATERIALIZED (
         SELECT g, gen_random_uuid() AS id, a.submitted, a.u, a.v, b.brand, b.trademark, b.org, m.id AS marketplace_id, m.host, c.decided, d.status
           FROM generate_series($2::int, $3::int) g
           CROSS JOIN LATERAL (SELECT ${from} + make_interval(secs => (g - 0.5) * $4::float8) AS submitted,
                                      (g::bigint * 2654435761 % 1000)::int AS u, ((g::bigint * 40503 + 7) % 1000)::int AS v) a
           JOIN bench_brand b ON b.n = 1 + (g::bigint * 7919) % $5
           JOIN bench_market m ON m.n = 1 + (g / 7) % $6
           -- 1% still undecided; of the decided, 97% within the 24 h SLA
           CROSS JOIN LATERAL (SELECT CASE WHEN a.u < 10 THEN NULL::timestamptz
                                           ELSE a.submitted + make_interval(secs => CASE WHEN a.v % 100 < 97 THEN 1800 + (a.v::bigint * 7919 % 79200) ELSE 90000 + (a.v::bigint * 104729 % 129600) END) END AS decided) c
           CROSS JOIN LATERAL (SELECT CASE WHEN c.decided IS NULL THEN 'UNDER_REVIEW' WHEN a.u < 170 THEN 'REJECTED'
                                           WHEN a.u < 185 THEN 'REINSTATED' WHEN a.u < 200 THEN 'UPHELD' ELSE 'UPHELD' END AS status) d),
       req AS (
         INSERT INTO takedown_request (alliance_id, id, organisation_id, filed_by, filed_by_kind, brand_id, trademark_id, marketplace_id, reason, channel, status, sla_hours,
                                       submitted_at, due_at, paused_ms, decided_at, decided_by, listing_count, updated_at)
         SELECT $1, id, org, $7::uuid, 'USER', brand, trademark, marketplace_id, CASE WHEN v % 10 < 7 THEN 'COUNTERFEIT' ELSE 'TRADEMARK_INFRINGEMENT' END,
                (ARRAY['PORTAL', 'API', 'BULK_CSV', 'PDF_FORM', 'EMAIL'])[1 + v % 5], status, 24, submitted, submitted + interval '24 hours', 0, decided,
                CASE WHEN decided IS NOT NULL THEN $7::uuid END, 2, coalesce(decided, submitted)
           FROM x)
       INSERT INTO takedown_listing (alliance_id, request_id, position, url, listing_id, store_id, store_name, price, currency, outcome)
       SELECT $1, x.id, p, 'https://' || x.host || '/item/b' || x.g || '-' || p, 'b' || x.g || '-' || p, 's' || (x.g % 99991), 'Store ' || (x.g % 99991), 9.90 + (x.v % 90), 'CNY',
              CASE WHEN x.status IN ('UPHELD', 'REINSTATED') THEN CASE WHEN p = 2 AND x.v % 10 = 0 THEN 'ALREADY_GONE' ELSE 'REMOVED' END END
         FROM x, generate_series(1, 2) p`,
      [alliance, first, last, yearSeconds / TAKEDOWNS, brands, markets, coordinator],
    );
    await runner.commitTransaction();
    await runner.release();
    step(`${n(last)} takedown requests, ${n(last * 2)} listings`);
  }

  // monitoring: a feed listing and an alert each over the year; 30% filed as one of the takedowns (first raised a few hours before it)
  const filed = Math.floor(ALERTS * 0.3);
  await ds.query(
    `CREATE UNLOGGED TABLE bench_filed AS
     SELECT row_number() OVER (ORDER BY s.submitted_at) AS n, s.* FROM (
       SELECT r.id, r.submitted_at, r.brand_id, r.organisation_id, r.marketplace_id
         FROM takedown_request r JOIN bench_brand b ON b.brand = r.brand_id
        WHERE r.alliance_id = $1 AND r.channel = 'API' ORDER BY md5(r.id::text) LIMIT $2) s`,
    [alliance, filed],
  );
  const runner = ds.createQueryRunner();
  await runner.startTransaction();
  await runner.query(`SET LOCAL session_replication_role = replica`);
  await runner.query(
    `WITH x AS MATERIALIZED (
       SELECT g, gen_random_uuid() AS listing, f.id AS request,
              coalesce(f.submitted_at - interval '3 hours', ${from} + make_interval(secs => (g - 0.5) * $3::float8)) AS alerted,
              coalesce(f.brand_id, b.brand) AS brand, coalesce(f.organisation_id, b.org) AS org, coalesce(f.marketplace_id, m.id) AS marketplace_id
         FROM generate_series(1, $2::int) g
         LEFT JOIN bench_filed f ON f.n = g
         JOIN bench_brand b ON b.n = 1 + (g * 31) % $4
         JOIN bench_market m ON m.n = 1 + g % $5),
     l AS (
       INSERT INTO listing (alliance_id, id, marketplace_id, listing_id, url, title, price_minor, currency, units_sold, store_id, store_name, first_seen_at, last_seen_at, changed_at, pushed_by, created_at)
       SELECT $1, listing, marketplace_id, 'feed-' || g, 'https://feed.bench.example/item/' || g, 'Bench listing ' || g, 1990 + g % 5000, 'CNY', CASE WHEN g % 3 = 0 THEN 0 ELSE g % 40 END,
              'fs' || (g % 20011), 'Feed store ' || (g % 20011), alerted - interval '1 hour', alerted, alerted, $6::uuid, alerted - interval '1 hour'
         FROM x)
     INSERT INTO monitoring_alert (alliance_id, listing_id, brand_id, organisation_id, seller_key, score, reasons, status, takedown_request_id, listing_changed_at, first_alerted_at, alerted_at, matched_at,
                                   dismiss_reason, triaged_by, triaged_at)
     SELECT $1, listing, brand, org, 'bench:fs' || (g % 20011), 40 + g % 60, '[{"kind":"KEYWORD","ruleKey":"bench","weight":40,"detail":"keyword: bench"}]'::jsonb,
            CASE WHEN request IS NOT NULL THEN 'FILED' WHEN g % 10 < 3 THEN 'DISMISSED' WHEN g % 10 < 5 THEN 'WATCHING' ELSE 'NEW' END, request, alerted, alerted, alerted, alerted,
            CASE WHEN request IS NULL AND g % 10 < 3 THEN 'genuine reseller' END, CASE WHEN request IS NULL AND g % 10 < 5 THEN $6::uuid END, CASE WHEN request IS NULL AND g % 10 < 5 THEN alerted + interval '1 day' END
       FROM x`,
    [alliance, ALERTS, yearSeconds / ALERTS, brands, markets, coordinator],
  );
  await runner.commitTransaction();
  await runner.release();
  step(`${n(ALERTS)} feed listings and alerts, ${n(filed)} filed as takedowns`);

  // enforcement: cases over the year; 70% referred to the demo's police, half acted on with outcomes
  await ds.query(
    `WITH x AS MATERIALIZED (
       SELECT g, gen_random_uuid() AS id, m.org, ${from} + make_interval(secs => (g - 0.5) * $3::float8 * 0.8) AS opened,
              g % 10 < 7 AS referred, g % 10 < 5 AS acted,
              (ARRAY['CNY', 'EUR', 'USD', 'GBP', 'HKD', 'JPY', 'THB'])[1 + g % 7] AS currency
         FROM generate_series(1, $2::int) g JOIN bench_member m ON m.n = 1 + g % ${MEMBERS}),
     c AS (
       INSERT INTO enforcement_case (alliance_id, id, title, status, lead_organisation_id, opened_by, opened_by_organisation_id, referred_partnership_id, referred_organisation_id,
                                     referral_agency, referral_jurisdiction, referred_at, arrests, sites_manufacturing, sites_warehouse, sites_distribution, sites_retail, units_seized,
                                     value_seized_minor, value_seized_currency, opened_at, updated_at)
       SELECT $1, id, 'Bench case ' || g, CASE WHEN acted THEN 'ACTION_TAKEN' WHEN referred THEN 'REFERRED' ELSE 'OPEN' END, org, $4::uuid, org,
              CASE WHEN referred THEN $5::uuid END, CASE WHEN referred THEN $6::uuid END, CASE WHEN referred THEN 'Economic Crimes Unit' END, CASE WHEN referred THEN 'CN-GD' END,
              CASE WHEN referred THEN opened + interval '10 days' END,
              CASE WHEN acted THEN g % 6 ELSE 0 END, CASE WHEN acted THEN g % 2 ELSE 0 END, CASE WHEN acted THEN g % 3 ELSE 0 END, CASE WHEN acted THEN (g / 3) % 2 ELSE 0 END,
              CASE WHEN acted THEN g % 4 ELSE 0 END, CASE WHEN acted THEN (g * 137) % 20000 ELSE 0 END,
              CASE WHEN acted THEN (g::bigint * 7919 % 10000000) * 100 END, CASE WHEN acted THEN currency END, opened, opened
         FROM x)
     INSERT INTO enforcement_case_transition (alliance_id, case_id, from_status, to_status, action, actor_kind, actor_id, at)
     SELECT $1, x.id, t.from_status, t.to_status, t.action, 'USER', $4::uuid, t.at FROM x
      CROSS JOIN LATERAL (VALUES (NULL, 'OPEN', 'OPEN', x.opened, true), ('OPEN', 'REFERRED', 'REFER', x.opened + interval '10 days', x.referred),
                                 ('REFERRED', 'ACTION_TAKEN', 'RECORD_ACTION', x.opened + interval '40 days', x.acted)) AS t(from_status, to_status, action, at, keep)
      WHERE t.keep`,
    [alliance, CASES, yearSeconds / CASES, coordinator, police.id, police.organisation_id],
  );
  // the reporting currency and a rate a month (from the December before) for five currencies; THB has none
  await ds.query(
    `INSERT INTO impact_settings (alliance_id, reporting_currency, updated_by) VALUES ($1, 'CNY', $2)
     ON CONFLICT (alliance_id) DO UPDATE SET reporting_currency = 'CNY'`,
    [alliance, coordinator],
  );
  await ds.query(
    `INSERT INTO exchange_rate (alliance_id, currency, valid_from, rate, updated_by)
     SELECT $1, c.code, make_date(${year}, 1, 1) + make_interval(months => k - 1), round((c.base * (1 + 0.004 * k))::numeric, 6), $2
       FROM (VALUES ('EUR', 7.8), ('USD', 7.1), ('GBP', 9.1), ('HKD', 0.91), ('JPY', 0.048)) AS c(code, base), generate_series(0, 12) k
     ON CONFLICT DO NOTHING`,
    [alliance, coordinator],
  );
  step(`${n(CASES)} enforcement cases with outcomes, reporting currency CNY with 65 rates`);
  await ds.query(`DROP TABLE IF EXISTS bench_member, bench_brand, bench_market, bench_filed`);
  // a settled database, as a running one would be: vacuumed, analysed, checkpointed
  await ds.query(`VACUUM (ANALYZE)`);
  await ds.query(`CHECKPOINT`);
  step('vacuumed, analysed, checkpointed');
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'countermark-bench-impact-'));
  const db = await startEmbeddedDatabase({ dataDir, port: 57000 + Math.floor(Math.random() * 1000) });
  const config = loadConfig({}, { DATA_DIR: dataDir, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00', LOG_LEVEL: 'error', WEB_DIST: join(dataDir, 'none') });
  // the app as its login role, under row-level security as deployed; the seeding (DDL, session_replication_role,
  // VACUUM, CHECKPOINT) through an owner connection of the benchmark's own (one: its work tables)
  const app = await createApp(config, db.url, { logger: ['error'] });
  const ds = app.get(DataSource);
  const owner = await new DataSource({ type: 'postgres', url: db.url, entities: [], extra: { max: 1 } }).initialize();
  try {
    await app.get(DemoService).loadIfEmpty();
    const [{ alliance }] = await ds.query(`SELECT id AS alliance FROM alliance WHERE slug = $1`, [DEMO_SLUG]);
    const year = new Date().getUTCFullYear() - 1;
    console.log(`Seeding the year ${year} into the demo alliance: ${n(MEMBERS)} members, ${n(MEMBERS * BRANDS_PER_MEMBER)} brands, ${n(TAKEDOWNS)} takedowns, ${n(ALERTS)} alerts, ${n(CASES)} cases…`);
    await seed(owner, alliance, year);

    const server = app.getHttpServer();
    const gql = graphqlClient(server);
    const token = (await gql(`mutation($i: LoginInput!) { login(input: $i) { token } }`, { i: { email: DEMO_USERS.coordinator, password: DEMO_PASSWORD } })).login.token as string;

    if (process.env.BENCH_EXPLAIN === '1') await explain(ds, alliance, year);
    if (process.env.BENCH_PROFILE === '1') await profile(app, alliance, year);

    for (let i = 0; i < WARMUP; i++) await gql(REPORT, { year }, token);
    const counter = app.get(QueryCounter);
    const times: number[] = [];
    let report: any;
    const before = counter.count;
    for (let i = 0; i < RUNS; i++) {
      const t1 = performance.now();
      report = (await gql(REPORT, { year }, token)).impactReport;
      times.push(performance.now() - t1);
    }
    const statements = (counter.count - before) / RUNS;

    // the figures: the months add up to the quarters, the takedowns to the table's
    const flows = ['takedownsReceived', 'takedownsProcessed', 'takedownsProcessedWithinSla', 'listingsRemoved', 'listingsRemovedProactively', 'listingsRemovedOnNotice', 'alerts'];
    for (const [q, quarter] of report.quarters.entries()) {
      for (const k of flows) {
        const months = report.months.slice(3 * q, 3 * q + 3).reduce((s: number, m: any) => s + m[k], 0);
        if (months !== quarter[k]) throw new Error(`${quarter.period} ${k}: months add up to ${months}, the quarter says ${quarter[k]}`);
      }
    }
    const [{ requests }] = await ds.query(
      `SELECT count(*)::int AS requests FROM takedown_request WHERE alliance_id = $1 AND submitted_at >= make_timestamptz($2, 1, 1, 0, 0, 0, 'UTC') AND submitted_at < make_timestamptz($2 + 1, 1, 1, 0, 0, 0, 'UTC')`,
      [alliance, year],
    );
    if (requests !== report.total.takedownsReceived) throw new Error(`takedowns received: the report says ${report.total.takedownsReceived}, the table ${requests}`);

    const t = report.total;
    console.log(`impact report ${year}: ${t.period} — ${n(t.members)} members, ${n(t.brands)} brands; takedowns ${n(t.takedownsReceived)} received, ${n(t.takedownsProcessed)} processed, ` +
      `${n(t.takedownsProcessedWithinSla)} within the SLA (${((t.takedownsProcessedWithinSla / t.takedownsProcessed) * 100).toFixed(1)}%); listings removed ${n(t.listingsRemoved)} ` +
      `(${n(t.listingsRemovedProactively)} proactively, ${n(t.listingsRemovedOnNotice)} on notice); ${n(t.alerts)} alerts; cases ${n(t.casesOpened)} opened, ${n(t.casesReferred)} referred; ` +
      `${n(t.arrests)} arrests, ${n(t.sitesClosed.total)} sites closed, ${n(t.unitsSeized)} units; value seized ${t.valueSeized?.currency} ${t.valueSeized?.amount}` +
      `${t.valueUnconverted.length ? ` + not converted ${t.valueUnconverted.map((m: any) => `${m.currency} ${m.amount}`).join(', ')}` : ''}`);
    console.log(`  quarters: ${report.quarters.map((q: any) => `${q.period} ${n(q.members)} members, ${n(q.takedownsReceived)} takedowns, ${n(q.arrests)} arrests`).join('; ')}`);
    console.log(`  members by region: ${report.membersByRegion.map((g: any) => `${g.name} ${g.members}`).join(', ')}; ${report.membersByCountry.length} countries, ${report.membersByCategory.length} categories`);
    const p99 = pct(times, 99);
    console.log(`impactReport(${year}) through GraphQL (the dashboard's query): p50 ${ms(pct(times, 50))}, p99 ${ms(p99)}, max ${ms(Math.max(...times))} over ${RUNS} runs, ` +
      `${statements.toFixed(0)} SQL statements each — target < ${TARGET_MS} ms: ${p99 < TARGET_MS ? 'PASS' : 'FAIL'}`);

    for (const kind of ['csv', 'pdf'] as const) {
      const took: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 5; i++) {
        const t1 = performance.now();
        const res = await request(server).get(`/impact-report.${kind}?year=${year}`).set('authorization', `Bearer ${token}`).buffer(true)
          .parse((r, done) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => done(null, Buffer.concat(chunks))); });
        took.push(performance.now() - t1);
        if (res.status !== 200) throw new Error(`GET /impact-report.${kind}: HTTP ${res.status}`);
        bytes = (res.body as Buffer).length;
      }
      console.log(`GET /impact-report.${kind}?year=${year}: p50 ${ms(pct(took, 50))}, max ${ms(Math.max(...took))} over 5 (${n(bytes)} bytes; no target)`);
    }
  } finally {
    await app.close();
    await owner.destroy();
    await db.stop();
    if (process.env.BENCH_KEEP === '1') console.log(`data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Each owner's part of the report, timed alone (median of five), as the impact service asks them. */
async function profile(app: INestApplication, alliance: string, year: number): Promise<void> {
  const system = RequestContext.system(alliance);
  const bounds = [0, 1, 2, 3, 4].map((q) => new Date(Date.UTC(year, 3 * q, 1)));
  const parts: [string, () => Promise<unknown>][] = [
    ['members and brands at the quarter ends (BrandService.holdingsAt)', () => app.get(BrandService).holdingsAt(system, bounds.slice(1))],
    ['takedowns per month (TakedownService.monthlyCounts)', () => app.get(TakedownService).monthlyCounts(system, bounds[0], bounds[4])],
    ['  for comparison, with the processing-time histograms (TakedownService.figures)', () => app.get(TakedownService).figures(system, { groupBy: 'MONTH', from: bounds[0], to: bounds[4] })],
    ['alerts and proactive removals per month (MonitoringAlertService.perMonth)', () => app.get(MonitoringAlertService).perMonth(system, bounds[0], bounds[4])],
    ['cases and outcomes per quarter (EnforcementCaseService.impactFigures)', () => app.get(EnforcementCaseService).impactFigures(system, bounds[0], bounds[4])],
    ['members by category and country (MemberService.activeMembersByGroupAt)', () => app.get(MemberService).activeMembersByGroupAt(system, bounds[4])],
    ['the whole report (ImpactService.report)', () => app.get(ImpactService).report(system, year)],
  ];
  for (const [what, run] of parts) {
    const took: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t1 = performance.now();
      await run();
      took.push(performance.now() - t1);
    }
    console.log(`  ${what}: median ${ms(pct(took, 50))}`);
  }
}

/** EXPLAIN ANALYZE of the report's statements over the big tables, as the repositories send them. */
async function explain(ds: DataSource, alliance: string, year: number): Promise<void> {
  const from = new Date(Date.UTC(year, 0, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  const filed: { key: string; id: string }[] = await ds.query(
    `SELECT to_char(first_alerted_at AT TIME ZONE 'UTC', 'YYYY-MM') AS key, takedown_request_id AS id FROM monitoring_alert
      WHERE alliance_id = $1 AND status = 'FILED' AND first_alerted_at >= $2 AND first_alerted_at < $3`,
    [alliance, from, to],
  );
  const plans: [string, string, unknown[]][] = [
    ['alerts per month', `SELECT date_trunc('month', a.first_alerted_at AT TIME ZONE 'UTC') AS month, count(*)::int, coalesce(array_agg(a.takedown_request_id) FILTER (WHERE a.status = 'FILED'), '{}')
       FROM monitoring_alert a WHERE a.alliance_id = $1 AND a.first_alerted_at >= $2 AND a.first_alerted_at < $3 GROUP BY 1`, [alliance, from, to]],
    // as MonitoringAlertService.perMonth sends it: the filed alerts' requests, keyed by month, as two arrays
    ['removed among the filed', `SELECT g.key, count(*)::int FROM unnest($2::text[], $3::uuid[]) AS g(key, id)
       CROSS JOIN LATERAL (SELECT r.* FROM takedown_request r WHERE r.alliance_id = $1 AND r.id = g.id LIMIT 1) r JOIN marketplace m ON m.alliance_id = r.alliance_id AND m.id = r.marketplace_id
      WHERE r.decided_at IS NOT NULL AND r.status = ANY ('{ACCEPTED,COUNTER_NOTICED,UPHELD}') GROUP BY g.key`, [alliance, filed.map((f) => f.key), filed.map((f) => f.id)]],
    ['takedowns per month', `SELECT to_char(r.month, 'YYYY-MM'), sum(r.received)::int, sum(r.processed)::int, sum(r.within_sla)::int, sum(r.listings_removed)::int
       FROM takedown_figures_month r JOIN marketplace m ON m.alliance_id = r.alliance_id AND m.id = r.marketplace_id
      WHERE r.alliance_id = $1 AND r.month >= $2::timestamptz AT TIME ZONE 'UTC' AND r.month < $3::timestamptz AT TIME ZONE 'UTC' GROUP BY r.month`, [alliance, from, to]],
    ['case outcomes', `SELECT extract(quarter FROM a.at AT TIME ZONE 'UTC')::int, count(*) FROM enforcement_case c
       JOIN LATERAL (SELECT min(t.at) AS at FROM enforcement_case_transition t WHERE t.alliance_id = c.alliance_id AND t.case_id = c.id AND t.to_status = 'ACTION_TAKEN') a ON true
      WHERE c.alliance_id = $1 AND a.at >= $2 AND a.at < $3 GROUP BY 1`, [alliance, from, to]],
  ];
  for (const [title, sql, params] of plans) {
    const rows = await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    console.log(`  ${title}:\n${rows.map((r: Record<string, string>) => `    ${r['QUERY PLAN']}`).join('\n')}`);
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
