// A worker thread (started by `csv-check.ts`): checks one part of a CSV file as the import's check
// would (rows, reports, values) and spools the checked reports; it stops at the first problem,
// since the file is then checked again on one thread, which names every error with its line.
// `checkCsvPart` is what the thread runs; bench/csv-check-probe.ts runs it too, on its own thread.
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ReportSettings } from '../intel/intel-settings.js';
import { readReportValues } from '../intel/reports/report-values.js';
import { readCsvReports, type CsvParseOptions } from './csv.js';
import { settingsOf, type CsvPartMessage, type CsvPartWork } from './csv-check.js';
import { spoolLine } from './import-spool.js';

/**
 * Checks the rows of `input` (a CSV file, or a part of one that `continues` it) and spools the
 * checked reports, with the keys derived from their values, to the file `spool`. `progress` hears
 * the number of reports checked now and then. Stops at the first error: `failed`.
 */
export async function checkCsvPart(
  input: Readable,
  spool: string,
  settings: ReportSettings,
  options: { continues?: CsvParseOptions['continues']; progress?: (reports: number) => void } = {},
): Promise<{ failed: boolean; rows: number; refs: string[] }> {
  const out = createWriteStream(spool, { highWaterMark: 1024 * 1024 });
  const refs: string[] = [];
  let failed = false;
  let rows = 0;
  let reported = 0;
  try {
    const batches = readCsvReports(input, {
      continues: options.continues,
      marketplaces: settings.marketplaces, extraMarketplaces: settings.extraMarketplaces, defaultCountry: settings.homeCountry,
    });
    read: for await (const batch of batches) {
      rows += batch.rows;
      let text = '';
      for (const e of batch.events) {
        const checked = e.kind === 'report' ? readReportValues(e.values, settings) : undefined;
        if (e.kind === 'error' || !checked || 'problem' in checked) {
          failed = true;
          break read;
        }
        // the keys derived here are spooled with the values: the writing phase does not derive them again
        checked.read.indicators.forEach((indicator, i) => (e.values.indicators[i].derived = indicator.derived));
        refs.push(e.sourceRef);
        text += spoolLine(e.sourceRef, e.values);
      }
      if (!out.write(text)) await once(out, 'drain');
      if (options.progress && refs.length - reported >= 2000) options.progress((reported = refs.length));
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return { failed, rows, refs };
}

if (!isMainThread) {
  const { path, start, end, continues, settings, spool } = workerData as CsvPartWork;
  const post = (message: CsvPartMessage) => parentPort!.postMessage(message);
  const done = await checkCsvPart(createReadStream(path, { start, end }), spool, settingsOf(settings), { continues, progress: (reports) => post({ progress: reports }) });
  post({ done });
}
