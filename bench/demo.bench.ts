/**
 * Demo benchmark: how long loading the demo alliance takes (issue 14: under 10 seconds), on a
 * fresh embedded PostgreSQL (fsync on) with the migrations applied, as `npm start` does it. Runs
 * BENCH_RUNS loads (default 3), each into its own fresh database, and prints each and the worst;
 * the bare alliance (no intelligence) is timed once beside it.
 * Run: npm run bench:demo
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { createApp } from '../apps/api/src/bootstrap.js';
import { loadConfig } from '../apps/api/src/config/app-config.js';
import { startEmbeddedDatabase } from '../apps/api/src/database/embedded-database.js';
import { DemoService, type DemoLoadOptions } from '../apps/api/src/demo/demo.service.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** Loads the demo into a fresh database and answers the seconds it took and what it wrote. */
async function timeLoad(options: DemoLoadOptions): Promise<{ seconds: number; counts: Record<string, number> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'countermark-bench-demo-'));
  const db = await startEmbeddedDatabase({ dataDir, port: 54000 + Math.floor(Math.random() * 1000) });
  const config = loadConfig({}, { DATA_DIR: dataDir, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00', LOG_LEVEL: 'error', WEB_DIST: join(dataDir, 'none') });
  const app = await createApp(config, db.url, { logger: ['error'] });
  try {
    const t0 = performance.now();
    await app.get(DemoService).load(options);
    const seconds = (performance.now() - t0) / 1000;
    const [counts] = await app.get(DataSource).query(
      `SELECT (SELECT count(*) FROM intel_report)::int AS reports, (SELECT count(*) FROM indicator)::int AS indicators,
              (SELECT count(*) FROM counterfeiter_network WHERE report_count >= 3)::int AS "networks of 3+",
              (SELECT count(*) FROM network_event)::int AS "network events", (SELECT count(*) FROM notification)::int AS notifications,
              (SELECT count(*) FROM app_user)::int AS people`,
    );
    return { seconds, counts };
  } finally {
    await app.close();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const bare = await timeLoad({ intel: false });
  console.log(`bare alliance (no intelligence): ${bare.seconds.toFixed(2)} s`);
  const times: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const { seconds, counts } = await timeLoad({});
    times.push(seconds);
    console.log(`full demo, run ${run}: ${seconds.toFixed(2)} s — ${Object.entries(counts).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')}`);
  }
  console.log(`full demo: worst ${Math.max(...times).toFixed(2)} s, best ${Math.min(...times).toFixed(2)} s over ${RUNS} loads (target < 10 s)`);
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
