import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { pipeline } from 'node:stream/promises';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../common/worker-thread.js';
import type { ReportSettings } from '../intel/intel-settings.js';
import { CSV_MAX_ROWS, type CsvParseOptions } from './csv.js';
import { marketplaceRulesOf, portableRule, type PortableRule } from './portable-marketplaces.js';

/** The settings a part's thread reads values with: the marketplace rules as data. */
export type PortableReportSettings = Omit<ReportSettings, 'extraMarketplaces'> & { extraMarketplaces: PortableRule[] };

export const settingsOf = ({ extraMarketplaces, ...rest }: PortableReportSettings): ReportSettings => ({ ...rest, extraMarketplaces: marketplaceRulesOf(extraMarketplaces) ?? [] });

/** What a part's thread is given: the bytes [start, end] of the file (end inclusive, none: to the end). */
export interface CsvPartWork {
  path: string;
  start: number;
  end?: number;
  continues?: CsvParseOptions['continues'];
  settings: PortableReportSettings;
  /** where the part's checked reports are spooled */
  spool: string;
}

/** What a part's thread posts: progress (reports checked), then what it found. `failed`: a row or report was wrong. */
export type CsvPartMessage = { progress: number } | { done: { failed: boolean; rows: number; refs: string[] } };

/** Where a file is split in two: the first line of a report in its second half, with the file's header and the lines before it. */
interface Seam {
  at: number;
  lines: number;
  columns: string[];
}

const CHUNK = 1024 * 1024;
/** How far past the middle a report may run on before the file is checked on one thread instead. */
const SEAM_WINDOW = 4 * 1024 * 1024;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;

/** A carriage return not followed by a line feed (an old Mac line end): lines would be counted otherwise than by line feeds. */
function loneCr(bytes: Buffer, next: number | undefined): boolean {
  for (let i = bytes.indexOf(CR); i !== -1; i = bytes.indexOf(CR, i + 1)) {
    if ((i + 1 < bytes.length ? bytes[i + 1] : next) !== LF) return true;
  }
  return false;
}

function countLf(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) n++;
  return n;
}

/** The bytes of field `at` of a line without quotes (its line end dropped). */
function field(line: Buffer, at: number): Buffer {
  let start = 0;
  for (let n = 0; n < at; n++) {
    const comma = line.indexOf(COMMA, start);
    if (comma === -1) return Buffer.alloc(0);
    start = comma + 1;
  }
  const comma = line.indexOf(COMMA, start);
  const end = comma === -1 ? line.length : comma;
  return line.subarray(start, end > start && line[end - 1] === CR ? end - 1 : end);
}

/**
 * Where to split the file for two threads: after the middle, where one report's rows end and the
 * next report's begin. Only where that is certain without parsing: no quote before it (a quoted
 * field may hold line breaks), line feeds as line ends, the header on the first line. Null: check
 * the file on one thread.
 */
export async function findSeam(path: string, size: number): Promise<Seam | null> {
  const middle = Math.floor(size / 2);
  const file = await open(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK);
    let columns: string[] | undefined;
    let refAt = -1;
    let lines = 0;
    // the first half: the header, then line feeds counted, nothing that would make the split uncertain
    for (let pos = 0; pos < middle; ) {
      const { bytesRead } = await file.read(chunk, 0, Math.min(CHUNK, middle - pos + 1), pos);
      if (bytesRead === 0) return null;
      const read = chunk.subarray(0, Math.min(bytesRead, middle - pos));
      const next = bytesRead > read.length ? chunk[read.length] : undefined;
      if (read.includes(QUOTE) || loneCr(read, next)) return null;
      if (!columns) {
        const eol = read.indexOf(LF);
        if (eol === -1) return null;
        columns = read.subarray(0, eol).toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '').split(',').map((c) => c.trim());
        refAt = columns.indexOf('report_ref');
        if (refAt === -1) return null;
      }
      lines += countLf(read);
      pos += read.length;
    }
    // from the middle: the line it falls in, the report of the next line, and the first line of another report
    const window = Buffer.allocUnsafe(Math.min(SEAM_WINDOW, size - middle));
    const { bytesRead } = await file.read(window, 0, window.length, middle);
    const rest = window.subarray(0, bytesRead);
    let start = rest.indexOf(LF) + 1;
    if (start === 0) return null;
    let report: Buffer | undefined;
    for (;;) {
      const eol = rest.indexOf(LF, start);
      if (eol === -1) return null; // the report runs past the window, or this is the last line
      const line = rest.subarray(start, eol);
      if (line.length > 0 && !(line.length === 1 && line[0] === CR)) {
        const ref = field(line, refAt);
        if (report === undefined) report = ref;
        else if (!ref.equals(report)) break;
      }
      start = eol + 1;
    }
    const before = rest.subarray(0, start);
    if (before.includes(QUOTE) || loneCr(before, rest[start])) return null;
    return { at: middle + start, lines: lines + countLf(before), columns: columns! };
  } finally {
    await file.close();
  }
}

/**
 * Checks a CSV file on two threads, each a half (split by `findSeam`), spooling the checked reports
 * in file order to `spool`: the check is the import's longest stretch of work on one core while the
 * database idles. Answers the number of reports; null when the file was not split (small, quoted
 * before its middle, one core) or when anything is wrong in it — a row, a report, or across the
 * seam (a report_ref in both halves, more rows than a file may have) — so that the caller checks
 * it on its own thread, which names every error with its line exactly as before. `signal`
 * aborted (the process stopping) stops both threads and answers 'stopped'.
 */
export async function checkCsvOnTwoThreads(
  path: string,
  spool: string,
  settings: ReportSettings,
  options: { minBytes: number; signal: AbortSignal; progress: (reports: number) => void },
): Promise<{ reports: number } | 'stopped' | null> {
  const { size } = await stat(path);
  if (options.minBytes <= 0 || size < options.minBytes || availableParallelism() < 2) return null;
  const seam = await findSeam(path, size);
  if (!seam) return null;
  const portable: PortableReportSettings = { ...settings, extraMarketplaces: settings.extraMarketplaces.map(portableRule) };
  const second = `${spool}.2`;
  const parts: CsvPartWork[] = [
    { path, start: 0, end: seam.at - 1, settings: portable, spool },
    { path, start: seam.at, continues: { columns: seam.columns, lines: seam.lines }, settings: portable, spool: second },
  ];
  const workers: Worker[] = [];
  try {
    const progress = [0, 0];
    const results = parts.map((work, i) => {
      const worker = startWorker(import.meta.url, 'csv-check.worker', work);
      workers.push(worker);
      return new Promise<{ failed: boolean; rows: number; refs: string[] }>((resolve, reject) => {
        worker.on('message', (m: CsvPartMessage) => {
          if ('progress' in m) {
            progress[i] = m.progress;
            options.progress(progress[0] + progress[1]);
          } else resolve(m.done);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => reject(new Error(`A CSV checking thread stopped before it was done (exit code ${code})`)));
      });
    });
    // a part that fails ends the wait at once: the file is checked again on one thread anyway
    const { signal } = options;
    let stop: () => void = () => undefined;
    const stopped = new Promise<'stopped'>((resolve) => {
      const onAbort = () => resolve('stopped');
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      stop = () => signal.removeEventListener('abort', onAbort);
    });
    const failedPart = new Promise<null>((resolve) => results.forEach((r) => r.then((d) => d.failed && resolve(null), () => undefined)));
    const outcome = await Promise.race([Promise.all(results), stopped, failedPart]).finally(stop);
    if (outcome === 'stopped' || outcome === null) return outcome;
    const [a, b] = outcome;
    if (a.rows + b.rows > CSV_MAX_ROWS) return null;
    const firstRefs = new Set(a.refs);
    if (b.refs.some((r) => firstRefs.has(r))) return null;
    await pipeline(createReadStream(second), createWriteStream(spool, { flags: 'a' }));
    return { reports: a.refs.length + b.refs.length };
  } finally {
    // resolves once the thread is gone (at once for one that has ended)
    await Promise.all(workers.map((w) => w.terminate()));
    await rm(second, { force: true });
  }
}
