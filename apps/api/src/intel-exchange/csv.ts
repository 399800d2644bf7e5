import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parse, type CsvError, type Options as ParseOptions } from 'csv-parse';
import { IndicatorType, normaliseIndicator, type NormaliseOptions } from '../../../../libs/indicators/src/index.js';
import { ReportKind, SharingLevel } from '../../../../libs/domain/src/index.js';
import type { ReportValues } from '../intel/reports/report-intake.service.js';
import { isIndicatorType, isIsoDate, REPORT_LIMITS } from './exchange-report.js';

/**
 * CSV exchange of intelligence: one row per indicator, the report's columns repeated on each of
 * its rows (a report without indicators is one row with empty indicator columns). The columns are
 * documented here and in README.md beside this file; keep the two the same. This file reads CSV
 * (the import's check threads load it and what it imports); `csv-export.ts` writes it.
 */
export const CSV_COLUMNS = [
  { name: 'report_ref', required: true, description: 'Stable id of the report in its source; its rows share it and must be consecutive. Export: the STIX report id. At most 200 characters.' },
  { name: 'report_title', required: true, description: 'Title of the report, 3 to 300 characters.' },
  { name: 'report_kind', required: true, description: 'ONLINE_SELLER, MANUFACTURER, DISTRIBUTOR, LOGISTICS or OTHER.' },
  { name: 'sharing_level', required: false, description: 'TLP 2.0: CLEAR, GREEN, AMBER, AMBER_STRICT or RED; empty for the alliance default.' },
  { name: 'confidence', required: true, description: 'Integer from 0 to 100.' },
  { name: 'country', required: false, description: 'ISO 3166-1 alpha-2 code of where the counterfeiter operates; phone numbers without a country code are read in it.' },
  { name: 'first_observed_on', required: false, description: 'YYYY-MM-DD.' },
  { name: 'last_observed_on', required: false, description: 'YYYY-MM-DD, not before first_observed_on.' },
  { name: 'indicator_type', required: true, description: `${Object.values(IndicatorType).join(', ')}; empty (with an empty value) for a report without indicators.` },
  { name: 'indicator_value', required: true, description: 'The value as observed, at most 2048 characters; its normalised key is computed on import.' },
  { name: 'indicator_qualifier', required: false, description: 'Marketplace of a bare store or listing id (shopee), messenger of a bare handle (line); at most 40 characters.' },
  { name: 'indicator_note', required: false, description: 'Free text, at most 2000 characters.' },
  { name: 'indicator_key', required: false, description: 'Export only: the normalised key. Accepted and ignored on import (the key is recomputed).' },
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number]['name'];
const COLUMN_NAMES = new Set<string>(CSV_COLUMNS.map((c) => c.name));
const REQUIRED = CSV_COLUMNS.filter((c) => c.required).map((c) => c.name);

export interface CsvRow {
  report_ref: string;
  report_title: string;
  report_kind: ReportKind;
  sharing_level?: SharingLevel;
  confidence: number;
  country?: string;
  first_observed_on?: string;
  last_observed_on?: string;
  indicator_type?: IndicatorType;
  indicator_value?: string;
  indicator_qualifier?: string;
  indicator_note?: string;
}

// ---- import: rows ------------------------------------------------------------------------------

/** A file with more data rows than this is refused (CsvParseOptions.maxRows). */
export const CSV_MAX_ROWS = 1_000_000;

export interface CsvParseOptions {
  /** A record (one row, with its quoted line breaks) longer than this stops the parse: an unclosed quote would otherwise read the whole file into one field. */
  maxRecordBytes?: number;
  /** More data rows than this and the file is refused at the first row past it. */
  maxRows?: number;
  /**
   * The stream is the rest of a file from the start of a line on (the part read on another thread):
   * the file's header columns, and how many lines come before the part (its line numbers go on from them).
   */
  continues?: { columns: string[]; lines: number };
}

export interface CsvRowResult {
  /** The line the row starts on (1 is the header). */
  line: number;
  row?: CsvRow;
  error?: string;
}

// after these the parser has lost track of where records start: nothing after them can be trusted
const FATAL = new Set(['CSV_QUOTE_NOT_CLOSED', 'CSV_INVALID_CLOSING_QUOTE', 'CSV_MAX_RECORD_SIZE']);

const newlines = (text: string) => {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
};
const leadingNewlines = (text: string) => /^\n*/.exec(text)![0].length;

/** Decodes UTF-8, drops a byte-order mark (at the file's start) and turns CRLF and CR into LF, so that lines count the same on every platform. */
function textDecoder(fileStart: boolean) {
  const decoder = new StringDecoder('utf8');
  let first = fileStart;
  let pendingCr = false;
  return (chunk: Buffer | string | null): string => {
    const final = chunk === null;
    let text = final ? decoder.end() : typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first && text.length) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    if (pendingCr) text = `\r${text}`;
    pendingCr = !final && text.endsWith('\r');
    if (pendingCr) text = text.slice(0, -1);
    return text.replace(/\r\n?/g, '\n');
  };
}

function describeCsvError(err: CsvError | undefined, line: number, fieldCount: number | undefined): string {
  switch (err?.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `A quoted field that starts on line ${line} is never closed; the rest of the file was not read`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `A quoted field that starts on line ${line} is not properly closed (a quote inside a quoted field must be doubled); the rest of the file was not read`;
    case 'INVALID_OPENING_QUOTE':
      return 'A quote inside a field that does not start with a quote (quote the whole field and double the quote)';
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return `The row has ${(err as unknown as { record?: unknown[] }).record?.length ?? 'another number of'} fields; the header has ${fieldCount ?? 'a different number'}`;
    case 'CSV_MAX_RECORD_SIZE':
      return `The row starting on line ${line} is too long (an unclosed quote?); the rest of the file was not read`;
    default:
      return err?.message ?? 'Malformed CSV';
  }
}

// the apostrophe toCsvRows (and spreadsheets) put before formula-like cells
const FORMULA_ESCAPE = /^'(?=[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])/;
const cell = (value: string | undefined) => (value ?? '').replace(FORMULA_ESCAPE, '').trim();

const REPORT_CELLS = ['report_ref', 'report_title', 'report_kind', 'sharing_level', 'confidence', 'country', 'first_observed_on', 'last_observed_on'] as const;
const INDICATOR_CELLS = ['indicator_type', 'indicator_value', 'indicator_qualifier', 'indicator_note'] as const;
type ReportCells = Pick<CsvRow, 'report_ref' | 'report_title' | 'report_kind' | 'sharing_level' | 'confidence' | 'country' | 'first_observed_on' | 'last_observed_on'>;

/** The report's columns of a row, checked: what is wrong with them, or their values. */
function readReportCells(v: Partial<Record<CsvColumn, string>>): { head?: ReportCells; errors: string[] } {
  const errors: string[] = [];
  const fail = (column: CsvColumn, message: string) => errors.push(`${column}: ${message}`);
  const optional = (column: CsvColumn) => v[column] || undefined;

  const ref = v.report_ref ?? '';
  if (!ref) fail('report_ref', 'is empty');
  else if (ref.length > REPORT_LIMITS.sourceRefMax) fail('report_ref', `is longer than ${REPORT_LIMITS.sourceRefMax} characters`);
  const title = v.report_title ?? '';
  if (title.length < REPORT_LIMITS.titleMin || title.length > REPORT_LIMITS.titleMax) fail('report_title', `must have ${REPORT_LIMITS.titleMin} to ${REPORT_LIMITS.titleMax} characters`);
  const kind = v.report_kind as ReportKind;
  if (!(Object.values(ReportKind) as string[]).includes(kind)) fail('report_kind', `must be one of ${Object.values(ReportKind).join(', ')}`);
  const sharing = optional('sharing_level') as SharingLevel | undefined;
  if (sharing && !(Object.values(SharingLevel) as string[]).includes(sharing)) fail('sharing_level', `must be one of ${Object.values(SharingLevel).join(', ')} or empty`);
  const confidence = Number(v.confidence);
  if (!/^\d{1,3}$/.test(v.confidence ?? '') || confidence > 100) fail('confidence', 'must be an integer from 0 to 100');
  const country = optional('country')?.toUpperCase();
  if (country && !/^[A-Z]{2}$/.test(country)) fail('country', 'must be a two-letter ISO 3166-1 code');
  for (const column of ['first_observed_on', 'last_observed_on'] as const) {
    const date = optional(column);
    if (date && !isIsoDate(date)) fail(column, 'must be a date, YYYY-MM-DD');
  }
  if (errors.length) return { errors };
  // the report_ref is kept (the refs already seen) while the rest of the row is not: its own copy,
  // not a slice that would keep the whole chunk of the file it was split from
  const head: ReportCells = { report_ref: ref.length < 13 ? ref : (' ' + ref).slice(1), report_title: title, report_kind: kind, confidence };
  if (sharing) head.sharing_level = sharing;
  if (country) head.country = country;
  if (optional('first_observed_on')) head.first_observed_on = v.first_observed_on;
  if (optional('last_observed_on')) head.last_observed_on = v.last_observed_on;
  return { head, errors };
}

/**
 * Reads the rows of a file with these columns. Every row repeats its report's columns: when they
 * are the previous row's, character for character, their check is the previous row's too, so a
 * report's columns are read once, not once per indicator.
 */
function rowReader(columns: string[]): (fields: string[]) => { row?: CsvRow; errors: string[] } {
  const at = (name: CsvColumn) => columns.indexOf(name);
  const reportAt = REPORT_CELLS.map(at);
  const indicatorAt = INDICATOR_CELLS.map(at);
  let lastCells: (string | undefined)[] | null = null;
  let last: { head?: ReportCells; errors: string[] } = { errors: [] };
  return (fields) => {
    if (!lastCells || reportAt.some((i, n) => i >= 0 && fields[i] !== lastCells![n])) {
      const v: Partial<Record<CsvColumn, string>> = {};
      REPORT_CELLS.forEach((name, n) => (v[name] = cell(reportAt[n] >= 0 ? fields[reportAt[n]] : undefined)));
      last = readReportCells(v);
      lastCells = reportAt.map((i) => (i >= 0 ? fields[i] : undefined));
    }
    const [type, value, qualifier, note] = indicatorAt.map((i) => (i >= 0 ? cell(fields[i]) : '') || undefined);
    const errors = [...last.errors];
    const fail = (column: CsvColumn, message: string) => errors.push(`${column}: ${message}`);
    if (type && !isIndicatorType(type)) fail('indicator_type', `must be one of ${Object.values(IndicatorType).join(', ')}`);
    if (type && !value) fail('indicator_value', 'is empty');
    if (!type && value) fail('indicator_type', 'is empty');
    if (value && value.length > REPORT_LIMITS.valueMax) fail('indicator_value', `is longer than ${REPORT_LIMITS.valueMax} characters`);
    if (qualifier && qualifier.length > REPORT_LIMITS.qualifierMax) fail('indicator_qualifier', `is longer than ${REPORT_LIMITS.qualifierMax} characters`);
    if (note && note.length > REPORT_LIMITS.noteMax) fail('indicator_note', `is longer than ${REPORT_LIMITS.noteMax} characters`);
    if (errors.length) return { errors };
    const row: CsvRow = { ...last.head! };
    if (type) {
      row.indicator_type = type as IndicatorType;
      row.indicator_value = value;
      if (qualifier) row.indicator_qualifier = qualifier;
      if (note) row.indicator_note = note;
    }
    return { row, errors };
  };
}

function headerErrors(columns: string[]): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const name of columns) {
    if (!COLUMN_NAMES.has(name)) errors.push(`Unknown column "${name}" (the columns are ${[...COLUMN_NAMES].join(', ')})`);
    else if (seen.has(name)) errors.push(`Column "${name}" appears twice`);
    seen.add(name);
  }
  const missing = REQUIRED.filter((name) => !seen.has(name));
  if (missing.length) errors.push(`Missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return errors;
}

/**
 * Reads a CSV stream row by row: each data row comes out either parsed and checked (`row`) or with
 * what is wrong with it (`error`), with the line it starts on. Nothing is relaxed silently: a
 * malformed line, a row with too few or too many fields, an unknown or missing header column, a bad
 * value are all errors. Blank lines are skipped. After a quoting error the parser cannot tell where
 * rows start again, so reading stops there.
 */
export async function* parseCsv(stream: Readable, options: CsvParseOptions = {}): AsyncGenerator<CsvRowResult> {
  for await (const rows of parseCsvBatches(stream, options)) yield* rows;
}

/**
 * `parseCsv`'s rows a chunk of the file at a time (a few hundred), never holding more than one
 * chunk's: a file of a million rows is read without a promise and a generator step per row.
 */
export async function* parseCsvBatches(stream: Readable, options: CsvParseOptions = {}): AsyncGenerator<CsvRowResult[]> {
  const maxRows = options.maxRows ?? CSV_MAX_ROWS;
  const maxRecordBytes = options.maxRecordBytes ?? 256 * 1024;
  // Lines without a quote are split here, which is several times faster than csv-parse and the
  // same for them (a field is its text between commas). From the first line with a quote (or one
  // longer than a record may be), csv-parse reads the rest of the file, fed by hand a chunk at a
  // time: its callbacks queue records and errors in file order, and the queue is emptied before the
  // next chunk is read, so memory holds one chunk's rows and a malformed line never costs the rows
  // before it.
  const queue: ({ line: number; fields: string[] } | { line: number; error: string; fatal: boolean })[] = [];
  let fast = true;
  let carry = ''; // the split lines' unfinished last line
  const continues = options.continues;
  let offset = continues?.lines ?? 0; // lines split here (or before the part), before csv-parse's first
  let consumed = offset; // line breaks before the record being parsed
  let fieldCount: number | undefined = continues?.columns.length;
  let stopped = false;
  let failure: Error | undefined;
  const record = (line: number, fields: string[]) => {
    fieldCount ??= fields.length;
    // csv-parse is relaxed about the count (the header may have been split here): counted here, for both
    if (fields.length !== fieldCount) queue.push({ line, error: `The row has ${fields.length} fields; the header has ${fieldCount}`, fatal: false });
    else queue.push({ line, fields });
  };
  const startLine = (raw: string) => consumed + 1 + leadingNewlines(raw);
  const parserOptions: ParseOptions<unknown, unknown> = {
    record_delimiter: '\n', // textDecoder made every line end so; auto-detection costs work on every character
    raw: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: maxRecordBytes,
    relax_column_count: true,
    relax_quotes: false,
    on_record: (value, context) => {
      const { record: fields, raw } = value as { record: string[]; raw: string }; // the shape `raw: true` gives
      // context.lines is the record's last line; its raw text also holds the blank lines before it
      const inner = newlines(raw) - leadingNewlines(raw) - (raw.endsWith('\n') ? 1 : 0);
      if (!stopped) record(offset + context.lines - inner, fields);
      consumed = offset + context.lines;
      return null;
    },
    on_skip: (err, raw) => {
      const text = raw ?? '';
      if (!stopped) {
        const line = startLine(text);
        const fatal = !!err && FATAL.has(err.code);
        queue.push({ line, error: describeCsvError(err, line, fieldCount), fatal });
        // past these the parser has lost the rows' boundaries: read no further
        if (fatal) stopped = true;
      }
      // the raw text of a skipped record may stop where the error is; the parser knows the line
      consumed = Math.max(consumed + newlines(text), offset + ((err as { lines?: number } | undefined)?.lines ?? 0));
      return undefined;
    },
  };
  let parser: ReturnType<typeof parse> | undefined;
  const decode = textDecoder(!continues);

  let columns: string[] | null = continues?.columns ?? null;
  let readRow: ReturnType<typeof rowReader> | undefined = columns ? rowReader(columns) : undefined;
  let rows = 0;
  let yielded = !!continues; // a part has the file's header before it
  // what the queue holds, as rows, into `out`; false once nothing more may be read
  function drain(out: CsvRowResult[]): boolean {
    let n = 0;
    try {
      while (n < queue.length) {
        const item = queue[n++];
        yielded = true;
        if ('error' in item) {
          out.push({ line: item.line, error: item.error });
          if (item.fatal || columns === null) return false; // a header that cannot be read ends it too
          continue;
        }
        if (columns === null) {
          columns = item.fields.map((f) => f.trim());
          const errors = headerErrors(columns);
          if (errors.length) {
            out.push({ line: item.line, error: errors.join('; ') });
            return false;
          }
          readRow = rowReader(columns);
          continue;
        }
        if (++rows > maxRows) {
          out.push({ line: item.line, error: `The file has more than ${maxRows} rows` });
          return false;
        }
        const { row, errors } = readRow!(item.fields);
        out.push(row ? { line: item.line, row } : { line: item.line, error: errors.join('; ') });
      }
      return true;
    } finally {
      queue.splice(0, n);
    }
  }
  const feed = (text: string | null) =>
    new Promise<void>((resolve) => {
      if (!parser) {
        parser = parse(parserOptions as ParseOptions);
        parser.on('error', (e) => (failure ??= e));
        parser.resume(); // records are taken in on_record; nothing is read from the parser itself
      }
      if (text === null) parser.end(() => resolve());
      else if (text) parser.write(text, () => resolve());
      else resolve();
    });
  /** Splits the whole lines of `text` (after what was left over) here, up to the first with a quote; answers what csv-parse must read, if anything. */
  const split = (text: string, final: boolean): string => {
    const data = carry + text;
    carry = '';
    const quote = data.indexOf('"');
    const end = quote !== -1 ? data.lastIndexOf('\n', quote) + 1 : final ? data.length : data.lastIndexOf('\n') + 1;
    let start = 0;
    while (start < end) {
      let eol = data.indexOf('\n', start);
      if (eol === -1 || eol > end) eol = end;
      if (eol - start > maxRecordBytes) break; // too long: csv-parse refuses it, as for any record
      offset += 1;
      if (eol > start) record(offset, data.slice(start, eol).split(','));
      start = eol + 1;
    }
    if (start < end || quote !== -1) {
      fast = false;
      consumed = offset;
      return data.slice(start);
    }
    carry = data.slice(Math.min(start, data.length));
    if (carry.length > maxRecordBytes) {
      // a line longer than a record may be, not ended yet: csv-parse reads on and refuses it
      fast = false;
      consumed = offset;
      const rest = carry;
      carry = '';
      return rest;
    }
    return '';
  };
  const take = async (text: string, final: boolean) => {
    if (fast) text = split(text, final);
    if (!fast) await feed(text);
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      await take(decode(chunk), false);
      if (failure) throw failure;
      const out: CsvRowResult[] = [];
      const more = drain(out);
      if (out.length) yield out;
      if (!more) return;
    }
    await take(decode(null), true);
    if (parser) await feed(null);
    if (failure) throw failure;
    const out: CsvRowResult[] = [];
    const more = drain(out);
    if (out.length) yield out;
    if (!more) return;
    if (!yielded) yield [{ line: 1, error: 'The file is empty: it needs a header row' }];
  } finally {
    if (!stream.destroyed) stream.destroy();
    if (parser && !parser.destroyed) parser.destroy();
  }
}

// ---- import: reports ---------------------------------------------------------------------------

export type CsvImportEvent =
  | { kind: 'report'; sourceRef: string; firstLine: number; lastLine: number; values: ReportValues }
  | { kind: 'error'; line: number; message: string };

export interface CsvGroupOptions extends Pick<NormaliseOptions, 'extraMarketplaces'> {
  /** The importing alliance's marketplaces (MARKETPLACE_* normalisation). */
  marketplaces?: readonly string[];
  /** Country for phone numbers without a country code when a row names none (the importing organisation's). */
  defaultCountry?: string;
}

const REPORT_COLUMNS = ['report_title', 'report_kind', 'sharing_level', 'confidence', 'country', 'first_observed_on', 'last_observed_on'] as const;

interface Group {
  ref: string;
  head: CsvRow;
  firstLine: number;
  lastLine: number;
  indicators: ReportValues['indicators'];
  lineOfKey: Map<string, number>;
  failed: boolean;
}

/**
 * Turns parsed rows into reports, one at a time: a report is yielded when the next row names
 * another report_ref (or the rows end), so memory holds one report and the set of report_refs
 * already seen, never the file. A report's rows must therefore be consecutive; a report_ref that
 * comes back after other reports is an error on that row. Every row repeats its report's columns,
 * and they must agree with the report's first row. A report with an error in any of its rows is
 * not yielded, and parse errors pass through: the caller applies nothing unless the stream ended
 * without a single error event.
 */
export async function* groupRowsIntoReports(rows: AsyncIterable<CsvRowResult>, options: CsvGroupOptions = {}): AsyncGenerator<CsvImportEvent> {
  const grouper = reportGrouper(options);
  const events: CsvImportEvent[] = [];
  for await (const row of rows) {
    grouper.add(row, events);
    yield* events;
    events.length = 0;
  }
  grouper.end(events);
  yield* events;
}

/**
 * A CSV file's reports and errors (`groupRowsIntoReports` over `parseCsv`) a chunk of the file at a
 * time, with the number of rows (and row errors) read for them: the import's check reads a million
 * rows without a promise per row and stage.
 */
export async function* readCsvReports(stream: Readable, options: CsvParseOptions & CsvGroupOptions = {}): AsyncGenerator<{ rows: number; events: CsvImportEvent[] }> {
  const grouper = reportGrouper(options);
  for await (const rows of parseCsvBatches(stream, options)) {
    const events: CsvImportEvent[] = [];
    for (const row of rows) grouper.add(row, events);
    yield { rows: rows.length, events };
  }
  const events: CsvImportEvent[] = [];
  grouper.end(events);
  if (events.length) yield { rows: 0, events };
}

/** The grouping of `groupRowsIntoReports`, a row at a time: each row's events are pushed onto `out`. */
function reportGrouper(options: CsvGroupOptions): { add(result: CsvRowResult, out: CsvImportEvent[]): void; end(out: CsvImportEvent[]): void } {
  const done = new Map<string, number>(); // report_ref → its first line
  let group: Group | null = null;

  const finish = (g: Group, out: CsvImportEvent[]) => {
    if (g.failed) return;
    const h = g.head;
    out.push({
      kind: 'report',
      sourceRef: g.ref,
      firstLine: g.firstLine,
      lastLine: g.lastLine,
      values: {
        kind: h.report_kind,
        title: h.report_title,
        confidence: h.confidence,
        ...(h.sharing_level ? { sharingLevel: h.sharing_level } : {}),
        ...(h.country ? { country: h.country } : {}),
        ...(h.first_observed_on ? { firstObservedOn: h.first_observed_on } : {}),
        ...(h.last_observed_on ? { lastObservedOn: h.last_observed_on } : {}),
        indicators: g.indicators,
        sourceRef: g.ref,
      },
    });
  };

  const add = ({ line, row, error }: CsvRowResult, out: CsvImportEvent[]): void => {
    if (!row) {
      out.push({ kind: 'error', line, message: error ?? 'Unreadable row' });
      return;
    }
    const problem = (message: string) => {
      if (group) group.failed = true;
      out.push({ kind: 'error', line, message });
    };
    if (!group || group.ref !== row.report_ref) {
      if (group) finish(group, out);
      group = null;
      const earlier = done.get(row.report_ref);
      if (earlier !== undefined) return problem(`report_ref ${row.report_ref}: the rows of a report must be consecutive (it started on line ${earlier})`);
      done.set(row.report_ref, line);
      group = { ref: row.report_ref, head: row, firstLine: line, lastLine: line, indicators: [], lineOfKey: new Map(), failed: false };
      if (row.first_observed_on && row.last_observed_on && row.last_observed_on < row.first_observed_on) problem('last_observed_on: is before first_observed_on');
    } else {
      group.lastLine = line;
      const head = group.head;
      const differs = REPORT_COLUMNS.filter((c) => head[c] !== row[c]);
      if (differs.length) return problem(`${differs.join(', ')}: differ${differs.length === 1 ? 's' : ''} from line ${group.firstLine}, the first row of report ${row.report_ref}`);
    }
    if (!row.indicator_type) return;
    const result = normaliseIndicator(row.indicator_type, row.indicator_value!, {
      defaultCountry: group.head.country ?? options.defaultCountry,
      marketplaces: options.marketplaces,
      extraMarketplaces: options.extraMarketplaces,
      qualifier: row.indicator_qualifier,
    });
    if (!result.ok) return problem(`indicator_value: ${result.reason}`);
    const id = `${row.indicator_type}\u0000${result.key}`;
    const same = group.lineOfKey.get(id);
    if (same !== undefined) return problem(`indicator_value: the same ${row.indicator_type} as line ${same} (${result.key})`);
    if (group.indicators.length >= REPORT_LIMITS.indicatorsMax) return problem(`A report holds at most ${REPORT_LIMITS.indicatorsMax} indicators`);
    group.lineOfKey.set(id, line);
    group.indicators.push({
      type: row.indicator_type,
      value: row.indicator_value!,
      key: result.key, // read with the report's country and the alliance's marketplaces, as the report service would
      ...(row.indicator_qualifier ? { qualifier: row.indicator_qualifier } : {}),
      ...(row.indicator_note ? { note: row.indicator_note } : {}),
    });
  };

  return {
    add,
    end: (out) => {
      if (group) finish(group, out);
      group = null;
    },
  };
}
