// A worker thread (started by `csv-check.ts`): checks one part of a CSV file as the import's check
// would (rows, reports, values) and spools the checked reports; it stops at the first problem,
// since the file is then checked again on one thread, which names every error with its line.
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { readReportValues } from '../intel/reports/report-values.js';
import { groupRowsIntoReports, parseCsv, type CsvRowResult } from './csv.js';
import { settingsOf, type CsvPartMessage, type CsvPartWork } from './csv-check.js';
import { spoolLine } from './import-spool.js';

const { path, start, end, continues, settings: portable, spool } = workerData as CsvPartWork;
const post = (message: CsvPartMessage) => parentPort!.postMessage(message);
const settings = settingsOf(portable);

let rows = 0;
async function* counted(results: AsyncIterable<CsvRowResult>): AsyncGenerator<CsvRowResult> {
  for await (const r of results) {
    rows += 1;
    yield r;
  }
}

const out = createWriteStream(spool, { highWaterMark: 1024 * 1024 });
const refs: string[] = [];
let failed = false;
const events = groupRowsIntoReports(counted(parseCsv(createReadStream(path, { start, end }), { continues })), {
  marketplaces: settings.marketplaces, extraMarketplaces: settings.extraMarketplaces, defaultCountry: settings.homeCountry,
});
for await (const e of events) {
  const checked = e.kind === 'report' ? readReportValues(e.values, settings) : undefined;
  if (e.kind === 'error' || !checked || 'problem' in checked) {
    failed = true;
    break;
  }
  // the keys derived here are spooled with the values: the writing phase does not derive them again
  checked.read.indicators.forEach((indicator, i) => (e.values.indicators[i].derived = indicator.derived));
  refs.push(e.sourceRef);
  if (!out.write(spoolLine(e.sourceRef, e.values))) await once(out, 'drain');
  if (refs.length % 2000 === 0) post({ progress: refs.length });
}
out.end();
await once(out, 'close');
post({ done: { failed, rows, refs } });
