/**
 * The CSV import's check alone, on this thread, without a database (issue 14, outcome 6): the
 * function a check thread runs (`checkCsvPart` of `csv-check.worker.ts`: parse, group into reports,
 * read each report's values, spool them) over a file like `bench:intel`'s (five indicators a report: an
 * e-mail, a phone, a URL with tracking parameters, a tracking number, a bank account ten reports
 * share). Prints the CPU a row; with `node --cpu-prof` it shows where the check's time goes.
 * Run: npx tsc -p tsconfig.bench.json && node dist-bench/bench/csv-check-probe.js
 *      (PROBE_ROWS, default 100,000; PROBE_RUNS, default 3: the first warms the code up)
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ReportSettings } from '../apps/api/src/intel/intel-settings.js';
import { checkCsvPart } from '../apps/api/src/intel-exchange/csv-check.worker.js';
import { SharingLevel } from '../libs/domain/src/index.js';

const ROWS = Number(process.env.PROBE_ROWS ?? 100_000);
const RUNS = Number(process.env.PROBE_RUNS ?? 3);

async function writeFile(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('report_ref,report_title,report_kind,sharing_level,confidence,country,first_observed_on,last_observed_on,indicator_type,indicator_value,indicator_qualifier,indicator_note\n');
  for (let r = 0; r < ROWS / 5; r++) {
    const head = `imp-${r},Imported seller ${r},ONLINE_SELLER,GREEN,60,CN,2026-01-01,2026-03-01`;
    const lines = [
      `${head},EMAIL,Seller.${r}@imp.example,,`,
      `${head},PHONE,139 ${String(r).padStart(8, '0').replace(/(\d{4})(\d{4})/, '$1 $2')},,`,
      `${head},URL,https://www.shop${r}.imp.example/item?id=${r}&utm_source=feed,,`,
      `${head},TRACKING_NUMBER,IMPX${r},,`,
      `${head},BANK_ACCOUNT,IMPRING-${Math.floor(r / 10)},,`,
    ];
    if (!out.write(lines.join('\n') + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function check(path: string, spool: string, settings: ReportSettings): Promise<number> {
  const { failed, refs } = await checkCsvPart(createReadStream(path), spool, settings);
  if (failed) throw new Error(`the probe's file failed its check`);
  return refs.length;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'countermark-csv-probe-'));
  try {
    const path = join(dir, 'import.csv');
    await writeFile(path);
    const settings: ReportSettings = { homeCountry: 'CN', marketplaces: ['taobao', 'tmall', 'aliexpress', 'alibaba', 'amazon', 'ebay', 'jd', 'pinduoduo', 'shopee', 'lazada', 'etsy', 'walmart'], extraMarketplaces: [], defaultSharingLevel: SharingLevel.GREEN, correlationLimit: 100 };
    for (let run = 1; run <= RUNS; run++) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const reports = await check(path, join(dir, `spool-${run}`), settings);
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      console.log(`run ${run}: ${ROWS.toLocaleString()} rows, ${reports.toLocaleString()} reports checked and spooled in ${(wall / 1000).toFixed(2)} s; CPU ${(cpuMs / 1000).toFixed(2)} s, ${((cpuMs * 1000) / ROWS).toFixed(1)} µs a row`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
