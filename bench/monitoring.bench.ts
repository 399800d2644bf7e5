/**
 * Monitoring benchmark (issue 17, "Performance"): matching listings end to end against 1,000,000
 * indicators and 1,200 brands' rules (with image hashes). Target: at least 5,000 listings per second.
 *
 * Seeded in the demo alliance's real, migrated tables (set-based SQL, as bench:intel does):
 *  - 200,000 published reports with 5 indicators each: a Taobao store (as intelligence keys it,
 *    `taobao:store:<id>`), a phone, an e-mail, an IMAGE_HASH (one in ten a perceptual hash of 16 hex
 *    digits, the rest a file's SHA-256) and a ring key shared by BENCH_NETWORK (20) reports
 *    (confirmed), which puts each report in one of 10,000 networks
 *  - 1,200 brands spread over the active members, each with a KEYWORD rule (the brand's name and a
 *    variant, two excluded phrases), a PRICE_FLOOR rule and an IMAGE rule of three reference
 *    hashes (distance 8); a few brands' references are hashes of the feed's pictures
 * Then BENCH_LISTINGS listings (100,000) are streamed through POST /monitoring/listings.ndjson with
 * a marketplace partner's key (listings:write), as a crawler would, and the clock runs from the first
 * byte sent until the last matching job completed. About a third of the listings name a brand (half
 * of those far below its floor), a fifth sell from a store intelligence holds, a tenth show a phone
 * it holds, and one in twenty carries a picture's bytes (BENCH_PICTURES distinct pictures, each
 * hashed once by the matcher). Printed: the feed's rate (written), the end-to-end rate (matched),
 * alerts written, the matcher's share, and the process's RSS.
 * Run: npm run bench:monitoring   (BENCH_REPORTS, BENCH_BRANDS, BENCH_LISTINGS, BENCH_PICTURES, BENCH_NETWORK to scale;
 * EMBEDDED_PG_FLAGS="-c shared_preload_libraries=pg_stat_statements" prints the costliest statements;
 * the embedded server runs with the product's shared_buffers (printed), EMBEDDED_PG_FLAGS="-c shared_buffers=128MB" with PostgreSQL's default;
 * BENCH_HOLD=1 keeps the seeded database up afterwards, to explain statements, until Ctrl-C;
 * BENCH_CPU_PROFILE=<file.cpuprofile> writes a V8 CPU profile of the app process over the measured feed and matching alone)
 */
import 'reflect-metadata';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Server } from 'node:http';
import request from 'supertest';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { createApp } from '../apps/api/src/bootstrap.js';
import { loadConfig } from '../apps/api/src/config/app-config.js';
import { startEmbeddedDatabase } from '../apps/api/src/database/embedded-database.js';
import { DEMO_PASSWORD, DEMO_USERS, DemoService } from '../apps/api/src/demo/demo.service.js';
import { MATCH_QUEUE } from '../apps/api/src/monitoring/listing-matcher.service.js';
import { perceptualHash } from '../apps/api/src/monitoring/perceptual-hash.js';
import { graphqlClient, topStatements } from './bench-client.js';

const REPORTS = Number(process.env.BENCH_REPORTS ?? 200_000);
const BRANDS = Number(process.env.BENCH_BRANDS ?? 1_200);
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 100_000);
const PICTURES = Number(process.env.BENCH_PICTURES ?? 1_000);
/** reports per counterfeiter network (a ring key they share) */
const NETWORK = Number(process.env.BENCH_NETWORK ?? 20);
const TARGET = 5_000;

/**
 * CPU seconds the embedded PostgreSQL has used so far (Linux /proc): the postmaster's own and its
 * ended children's (backends are reaped by it), plus every live backend's.
 */
function databaseCpuSeconds(dataDir: string): number {
  try {
    const postmaster = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const ticks = (pid: number | string, withChildren: boolean) => {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      // after the command: state is field 3, so utime (14), stime (15), cutime (16), cstime (17) are at 11..14
      return Number(fields[11]) + Number(fields[12]) + (withChildren ? Number(fields[13]) + Number(fields[14]) : 0);
    };
    let total = ticks(postmaster, true);
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        if (readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1] === String(postmaster)) total += ticks(pid, false);
      } catch {
        // ended meanwhile
      }
    }
    return total / 100; // USER_HZ
  } catch {
    return NaN;
  }
}

/** CPU seconds the whole machine has been busy (every process, Linux /proc/stat): what others used beside the benchmark. */
function machineBusySeconds(): number {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ
  } catch {
    return NaN;
  }
}

const rss = () => `RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`;
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));

/** A small picture of its own per seed: a few coloured blocks on a grey ground, as PNG bytes. */
async function picture(seed: number): Promise<Buffer> {
  const size = 64;
  const pixels = Buffer.alloc(size * size * 3, 128);
  let s = seed * 2654435761 >>> 0;
  const next = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  for (let b = 0; b < 6; b++) {
    const x0 = Math.floor(next() * 48), y0 = Math.floor(next() * 48), w = 8 + Math.floor(next() * 16), h = 8 + Math.floor(next() * 16);
    const colour = [Math.floor(next() * 256), Math.floor(next() * 256), Math.floor(next() * 256)];
    for (let y = y0; y < Math.min(size, y0 + h); y++) for (let x = x0; x < Math.min(size, x0 + w); x++) colour.forEach((c, k) => (pixels[(y * size + x) * 3 + k] = c));
  }
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer();
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'countermark-bench-monitoring-'));
  const db = await startEmbeddedDatabase({ dataDir, port: 57000 + Math.floor(Math.random() * 1000) });
  const config = loadConfig({}, { DATA_DIR: dataDir, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00', LOG_LEVEL: 'error', WEB_DIST: join(dataDir, 'none'), JOBS_POLL_SECONDS: 0.5 });
  // the app as its login role, under row-level security as deployed; the set-based seeding (temporary tables: one
  // connection), VACUUM and pg_stat_statements through an owner connection of the benchmark's own
  const app = await createApp(config, db.url, { logger: ['error'] });
  const ds = app.get(DataSource);
  const owner = await new DataSource({ type: 'postgres', url: db.url, entities: [], extra: { max: 1 } }).initialize();
  try {
    await app.get(DemoService).loadIfEmpty();
    const [{ alliance, coordinatorId }] = await owner.query(`SELECT alliance_id AS alliance, id AS "coordinatorId" FROM app_user WHERE email = $1`, [DEMO_USERS.coordinator]);

    console.log(`Seeding ${REPORTS.toLocaleString()} reports with ${(REPORTS * 5).toLocaleString()} indicators and ${BRANDS.toLocaleString()} brands with 3 rules each…`);
    let t0 = performance.now();
    const pictures = await Promise.all(Array.from({ length: PICTURES }, (_, i) => picture(i + 1)));
    const hashes = await Promise.all(pictures.slice(0, 50).map((p) => perceptualHash(p)));
    const [org] = await owner.query(`SELECT m.organisation_id AS id FROM membership m WHERE m.alliance_id = $1 AND m.status = 'ACTIVE' ORDER BY m.organisation_id LIMIT 1`, [alliance]);
    await owner.query(`INSERT INTO counterfeiter_network (id, alliance_id, report_count) SELECT gen_random_uuid(), $1, 0 FROM generate_series(1, $2)`, [alliance, Math.ceil(REPORTS / NETWORK)]);
    await owner.query(`CREATE TEMP TABLE bench_net AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM counterfeiter_network WHERE alliance_id = $1 AND report_count = 0`, [alliance]);
    await owner.query(
      `INSERT INTO intel_report (id, alliance_id, organisation_id, author_id, kind, title, summary, confidence, sharing_level, status, country, network_id, published_at)
       SELECT gen_random_uuid(), $1, $2, gen_random_uuid(), 'ONLINE_SELLER', 'Bench seller ' || g, '', 50, 'GREEN', 'PUBLISHED', 'CN',
              net.id, now() - (g || ' seconds')::interval
         FROM generate_series(1, $3) g JOIN bench_net net ON net.n = (g - 1) / $4 + 1`,
      [alliance, org.id, REPORTS, NETWORK],
    );
    await owner.query(
      `INSERT INTO indicator (alliance_id, report_id, type, raw_value, key, position)
       SELECT $1, r.id, x.type, x.value, x.value, x.pos
         FROM (SELECT id, row_number() OVER (ORDER BY published_at DESC) AS g FROM intel_report WHERE alliance_id = $1 AND title LIKE 'Bench seller %') r,
       LATERAL (VALUES
         ('MARKETPLACE_STORE', 'taobao:store:bench-store-' || r.g, 1),
         ('PHONE', '+8613' || lpad(r.g::text, 9, '0'), 2),
         ('EMAIL', 'bench' || r.g || '@seller.example', 3),
         ('IMAGE_HASH', CASE WHEN r.g % 10 = 0 THEN lpad(to_hex((r.g * 2654435761) % 4294967296), 8, '0') || lpad(to_hex((r.g * 40503) % 4294967296), 8, '0')
                             ELSE md5(r.g::text) || md5((r.g + 1)::text) END, 4),
         ('BANK_ACCOUNT', 'BENCHRING' || ((r.g - 1) / $2 + 1), 5)) AS x(type, value, pos)`,
      [alliance, NETWORK],
    );
    await owner.query(
      `INSERT INTO correlation_key (alliance_id, type, key, report_count)
       SELECT alliance_id, type, key, count(*) FROM indicator WHERE alliance_id = $1 GROUP BY 1, 2, 3
       ON CONFLICT (alliance_id, type, key) DO UPDATE SET report_count = EXCLUDED.report_count`,
      [alliance],
    );
    await owner.query(`UPDATE correlation_key SET decision = 'CONFIRMED' WHERE alliance_id = $1 AND type = 'BANK_ACCOUNT' AND key LIKE 'BENCHRING%'`, [alliance]);
    await owner.query(`UPDATE counterfeiter_network n SET report_count = (SELECT count(*) FROM intel_report r WHERE r.network_id = n.id) WHERE alliance_id = $1`, [alliance]);

    // 1,200 brands over the active members, each watched by three rules
    await owner.query(
      `CREATE TEMP TABLE bench_brand AS
       WITH o AS (SELECT array_agg(organisation_id ORDER BY organisation_id) AS orgs FROM membership WHERE alliance_id = $1 AND status = 'ACTIVE')
       SELECT g, gen_random_uuid() AS id, o.orgs[1 + g % cardinality(o.orgs)] AS org, 'Brando' || g AS name FROM generate_series(1, $2) g, o`,
      [alliance, BRANDS],
    );
    await owner.query(`INSERT INTO brand (id, alliance_id, organisation_id, name) SELECT id, $1, org, name FROM bench_brand`, [alliance]);
    await owner.query(
      `INSERT INTO monitoring_rule (alliance_id, brand_id, organisation_id, kind, name, terms, excluded_terms, floor_minor, currency, image_hashes, max_distance, created_by)
       SELECT $1, b.id, b.org, k.kind, k.name, k.terms, k.excluded, k.floor, k.currency, k.hashes, k.distance, $2
         FROM bench_brand b, LATERAL (VALUES
           ('KEYWORD', 'Brand name', ARRAY[lower(b.name), lower(b.name) || ' pro'], ARRAY['case for', 'compatible with'], NULL::bigint, NULL, NULL::bigint[], NULL::smallint),
           ('PRICE_FLOOR', 'Too cheap', ARRAY[lower(b.name)], '{}'::text[], 20000, 'CNY', NULL, NULL),
           ('IMAGE', 'Logo', '{}'::text[], '{}'::text[], NULL, NULL,
            CASE WHEN b.g <= cardinality($3::bigint[]) THEN ARRAY[($3::bigint[])[b.g], (b.g::bigint * 7919), (b.g::bigint * 104729)]
                 ELSE ARRAY[(b.g::bigint * 15485863), (b.g::bigint * 7919), (b.g::bigint * 104729)] END, 8)) AS k(kind, name, terms, excluded, floor, currency, hashes, distance)`,
      [alliance, coordinatorId, hashes.map(String)],
    );
    // a database in its steady state: autovacuum has visited the seeded tables (visibility maps set,
    // GIN pending lists merged), rather than starting on a million rows while the clock runs
    await owner.query(`VACUUM ANALYZE`);
    console.log(`  seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${rss()}`);
    // what matching reads against what the server keeps in memory (apps/api/src/database/embedded-database.ts defaultSharedBuffers)
    const [{ buffers, indexes, tables }] = await owner.query(
      `SELECT current_setting('shared_buffers') AS buffers,
              pg_size_pretty(sum(pg_indexes_size(c.oid))) AS indexes, pg_size_pretty(sum(pg_table_size(c.oid))) AS tables
         FROM pg_class c WHERE c.oid IN ('indicator'::regclass, 'intel_report'::regclass, 'derived_key'::regclass, 'correlation_key'::regclass)`,
    );
    console.log(`  shared_buffers ${buffers}; intelligence (indicator, intel_report, derived_key, correlation_key): indexes ${indexes}, tables ${tables}`);

    const server = app.getHttpServer() as Server;
    const gql = graphqlClient(server);
    const coordinator = (await gql(`mutation($i: LoginInput!) { login(input: $i) { token } }`, { i: { email: DEMO_USERS.coordinator, password: DEMO_PASSWORD } })).login.token as string;
    const partner = (await gql(`mutation($i: CreatePartnerInput!) { createPartner(input: $i) { id } }`, { i: { name: 'Bench crawler', kind: 'MARKETPLACE', scopes: ['listings:write'] } }, coordinator)).createPartner;
    const key = (await gql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { partnershipId: partner.id, name: 'Bench crawler key', scopes: ['listings:write'] } }, coordinator)).createApiKey.secret as string;

    // the feed, as NDJSON lines
    const products = ['handbag', 'sneakers', 'wallet', 'watch', 'headphones', 'charger', 'sunglasses', 'perfume'];
    const base64 = pictures.map((p) => p.toString('base64'));
    let s = 42;
    const next = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    const lines: string[] = [];
    for (let i = 0; i < LISTINGS; i++) {
      const names = next() < 0.33;
      const brand = 1 + Math.floor(next() * BRANDS);
      const known = next() < 0.2;
      const store = known ? `bench-store-${1 + Math.floor(next() * REPORTS)}` : `other-store-${Math.floor(next() * 50_000)}`;
      const product = products[Math.floor(next() * products.length)];
      const row: Record<string, unknown> = {
        url: `https://item.taobao.com/item.htm?id=${7_000_000_000 + i}`,
        title: names ? `${next() < 0.1 ? 'Case for ' : ''}Brando${brand} ${product} ${next() < 0.5 ? 'original' : 'new season'}` : `Generic ${product} ${i % 997}`,
        description: 'Fast shipping, free returns within seven days.',
        priceMinor: names && next() < 0.5 ? 1000 + Math.floor(next() * 5000) : 20000 + Math.floor(next() * 80000),
        currency: 'CNY',
        unitsSold: Math.floor(next() * 500),
        storeId: store,
        storeName: `Store ${store}`,
      };
      if (next() < 0.1) row.sellerContacts = [`Tel: +86 13${String(1 + Math.floor(next() * REPORTS)).padStart(9, '0')}`];
      if (next() < 0.05) row.images = [{ dataBase64: base64[Math.floor(next() * base64.length)] }];
      lines.push(JSON.stringify(row));
    }
    const body = Buffer.from(lines.join('\n') + '\n');
    lines.length = 0;
    console.log(`Feed: ${LISTINGS.toLocaleString()} listings, ${(body.length / 1048576).toFixed(1)} MB of NDJSON`);

    await topStatements(owner, null);
    const before = Number((await ds.query(`SELECT count(*) FROM pgboss.job WHERE name = $1`, [MATCH_QUEUE]))[0].count);
    const profiler = process.env.BENCH_CPU_PROFILE ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const dbCpu0 = databaseCpuSeconds(dataDir);
    const machine0 = machineBusySeconds();
    const res = await request(server).post('/monitoring/listings.ndjson').set('authorization', `Bearer ${key}`).set('content-type', 'application/x-ndjson').send(body);
    const fed = performance.now() - t0;
    if (res.status !== 200) throw new Error(`feed answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
    console.log(`  feed: ${JSON.stringify({ accepted: res.body.accepted, updated: res.body.updated, refused: res.body.refused })} in ${(fed / 1000).toFixed(1)} s (${rate(LISTINGS, fed).toLocaleString()} listings/s written); ${rss()}`);
    // every chunk's matching job done
    for (;;) {
      const [{ open, done, total }] = await ds.query(
        `SELECT count(*) FILTER (WHERE state < 'completed')::int AS open, count(*) FILTER (WHERE state = 'completed')::int AS done, count(*)::int AS total FROM pgboss.job WHERE name = $1`,
        [MATCH_QUEUE],
      );
      if (total - before > 0 && open === 0) {
        if (done < total) console.log(`  (${total - done} matching jobs did not complete)`);
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const matched = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const dbCpu = databaseCpuSeconds(dataDir) - dbCpu0;
    const machineCpu = machineBusySeconds() - machine0;
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(process.env.BENCH_CPU_PROFILE!, JSON.stringify(profile));
      profiler.disconnect();
    }
    const [{ alerts, listings }] = await ds.query(`SELECT (SELECT count(*)::int FROM monitoring_alert WHERE alliance_id = $1) AS alerts, (SELECT count(*)::int FROM listing WHERE alliance_id = $1) AS listings`, [alliance]);
    const [{ jobs, runMs }] = await ds.query(
      `SELECT count(*)::int AS jobs, round(sum(extract(epoch FROM completed_on - started_on) * 1000))::int AS "runMs" FROM pgboss.job WHERE name = $1 AND state = 'completed'`,
      [MATCH_QUEUE],
    );
    const e2e = rate(LISTINGS, matched);
    console.log(`  matched: ${alerts.toLocaleString()} alerts over ${listings.toLocaleString()} listings; ${jobs} matching jobs ran ${(runMs / 1000).toFixed(1)} s in all (${Math.round(runMs / jobs)} ms per chunk of 1,000)`);
    console.log(`  end to end, first byte to last alert written: ${(matched / 1000).toFixed(1)} s = ${e2e.toLocaleString()} listings/s (target ≥ ${TARGET.toLocaleString()}): ${e2e >= TARGET ? 'PASS' : 'FAIL'}; ${rss()}`);
    // the app's share of the two cores (the rest of the machine's time went to PostgreSQL, or idled)
    const appCpu = (cpu.user + cpu.system) / 1e6;
    console.log(`  this process (the app and the bench's client) used ${appCpu.toFixed(1)} s of CPU in those ${(matched / 1000).toFixed(1)} s, PostgreSQL ${dbCpu.toFixed(1)} s: ${Math.round(((appCpu + dbCpu) / LISTINGS) * 1e6)} µs of CPU per listing; other processes ${(machineCpu - appCpu - dbCpu).toFixed(1)} s (the machine was busy ${machineCpu.toFixed(1)} s)`);
    await topStatements(owner, 'Feed and matching');
  } finally {
    if (process.env.BENCH_HOLD) {
      // BENCH_HOLD=1: the seeded database stays up to be explored (psql on this URL) until Ctrl-C
      console.log(`Holding the database at ${db.url} until interrupted`);
      await new Promise((done) => process.once('SIGINT', done));
    }
    await app.close();
    await owner.destroy();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
