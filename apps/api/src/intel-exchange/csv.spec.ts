import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from '@jest/globals';
import { IndicatorType, normaliseIndicator } from '../../../../libs/indicators/src/index.js';
import { ReportKind, SharingLevel } from '../../../../libs/domain/src/index.js';
import { CSV_COLUMNS, groupRowsIntoReports, parseCsv, type CsvImportEvent, type CsvRowResult } from './csv.js';
import { toCsvRows } from './csv-export.js';
import { exportIndicator, exportReport, sampleReports } from '../../../../test/factories/exchange.factory.js';
import { stixReportId } from './stix.js';

const HEADER = CSV_COLUMNS.map((c) => c.name).filter((n) => n !== 'indicator_key').join(',');

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
const rowsOf = (text: string | (string | Buffer)[]) => collect(parseCsv(Readable.from(typeof text === 'string' ? [text] : text)));
const importOf = (text: string, options = {}) => collect(groupRowsIntoReports(parseCsv(Readable.from([text])), options));
const errors = (results: (CsvRowResult | CsvImportEvent)[]) =>
  results.flatMap((r) => ('kind' in r ? (r.kind === 'error' ? [[r.line, r.message]] : []) : r.error ? [[r.line, r.error]] : []));
const reportsOf = (events: CsvImportEvent[]) => events.filter((e): e is Extract<CsvImportEvent, { kind: 'report' }> => e.kind === 'report');

const row = (cells: Partial<Record<string, string>>) => {
  const base: Record<string, string> = { report_ref: 'r1', report_title: 'Fake watches', report_kind: 'ONLINE_SELLER', sharing_level: 'GREEN', confidence: '70', country: 'CN', first_observed_on: '', last_observed_on: '', indicator_type: 'EMAIL', indicator_value: 'a@example.com', indicator_qualifier: '', indicator_note: '' };
  return HEADER.split(',').map((c) => (cells[c] ?? base[c]) as string).join(',');
};

describe('CSV columns', () => {
  it('are documented in README.md, in the same order', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(CSV_COLUMNS.map((c) => c.name));
  });
});

describe('CSV export', () => {
  it('writes one row per indicator after a header, and one row for a report without indicators', async () => {
    const reports = sampleReports();
    const lines = await collect(toCsvRows(reports));
    expect(lines[0]).toBe(`${CSV_COLUMNS.map((c) => c.name).join(',')}\n`);
    expect(lines).toHaveLength(1 + reports[0].indicators.length + reports[1].indicators.length + 1);
    expect(lines.at(-1)).toBe(`${stixReportId(reports[2].report.id)},${reports[2].report.title},OTHER,CLEAR,80,,,,,,,,\n`);
    // a bare store id is written with the marketplace its key names
    expect(lines.find((l) => l.includes('MARKETPLACE_STORE'))).toContain(',MARKETPLACE_STORE,998877,shopee,,shopee:store:998877\n');
  });

  it('defuses cells a spreadsheet would run as formulas, and reads them back unchanged', async () => {
    const report = exportReport({ title: '=HYPERLINK("http://evil.example","open")' }, [exportIndicator(IndicatorType.PHONE, '+86 138 0013 8000', { note: '-1+1' })]);
    const text = (await collect(toCsvRows([report]))).join('');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""open"")"`);
    expect(text).toContain(",'+86 138 0013 8000,,'-1+1,");
    const [back] = reportsOf(await importOf(text));
    expect(back.values.title).toBe(report.report.title);
    expect(back.values.indicators).toEqual([{ type: IndicatorType.PHONE, value: '+86 138 0013 8000', key: '+8613800138000', note: '-1+1' }]);
  });
});

describe('CSV import', () => {
  it('reads back what it exports: same reports, same indicators (type and key)', async () => {
    const reports = sampleReports();
    const text = (await collect(toCsvRows(reports))).join('');
    const events = await importOf(text);
    expect(errors(events)).toEqual([]);
    const back = reportsOf(events);
    expect(back.map((r) => r.sourceRef)).toEqual(reports.map((r) => stixReportId(r.report.id)));
    for (const [i, original] of reports.entries()) {
      const { values } = back[i];
      expect(values).toMatchObject({ kind: original.report.kind, title: original.report.title, confidence: original.report.confidence, sharingLevel: original.report.sharingLevel, sourceRef: back[i].sourceRef });
      expect(values.country).toBe(original.report.country ?? undefined);
      expect(values.firstObservedOn).toBe(original.report.firstObservedOn ?? undefined);
      const keys = values.indicators.map((x) => {
        const r = normaliseIndicator(x.type, x.value, { defaultCountry: values.country, qualifier: x.qualifier });
        return r.ok ? `${x.type} ${r.key}` : `${x.type} refused: ${r.reason}`;
      });
      expect(keys.sort()).toEqual(original.indicators.map((x) => `${x.type} ${x.key}`).sort());
    }
    expect(back[0].values.indicators[0]).toEqual({ type: IndicatorType.EMAIL, value: 'Fake.Seller+shop1@GMail.com', key: 'fakeseller@gmail.com', note: 'Used on the invoices' });
    // importing the same text again gives the same reports: same sourceRefs, so nothing new is added
    expect(await importOf(text)).toEqual(events);
  });

  it('reports an unbalanced quote at the line it opens on, and reads no further', async () => {
    const lines = [HEADER, row({}), row({ indicator_value: 'b@example.com' }), row({ indicator_value: '"c@example.com' }), row({ indicator_value: 'd@example.com' }), row({ indicator_value: 'e@example.com' })];
    const results = await rowsOf(`${lines.join('\n')}\n`);
    expect(results.filter((r) => r.row).map((r) => r.line)).toEqual([2, 3]);
    expect(errors(results)).toEqual([[4, expect.stringMatching(/line 4 is never closed/)]]);
    // with a quote further down, the parser notices earlier but still names the opening line
    const later = await rowsOf(`${[...lines.slice(0, 4), row({ indicator_note: '"quoted, note"' }), row({})].join('\n')}\n`);
    expect(errors(later)).toEqual([[4, expect.stringMatching(/line 4 is not properly closed/)]]);
  });

  it('reports rows with the wrong number of fields or stray quotes and goes on', async () => {
    const results = await rowsOf([HEADER, row({}), 'r1,too,few', row({ indicator_value: 'b@exa"mple.com' }), row({ indicator_value: 'c@example.com' })].join('\n'));
    expect(errors(results)).toEqual([
      [3, 'The row has 3 fields; the header has 12'],
      [4, expect.stringMatching(/quote inside a field/)],
    ]);
    expect(results.filter((r) => r.row).map((r) => r.line)).toEqual([2, 5]);
  });

  it('counts lines across CRLF endings, a byte-order mark, blank lines and quoted line breaks', async () => {
    const text = `\uFEFF${HEADER}\r\n${row({ indicator_note: '"two\r\nlines"' })}\r\n\r\n${row({ indicator_value: 'bad value' })}\r\n`;
    const results = await rowsOf([Buffer.from(text.slice(0, 25)), Buffer.from(text.slice(25))]);
    expect(results[0]).toMatchObject({ line: 2, row: { indicator_note: 'two\nlines' } });
    expect(results[1]).toMatchObject({ line: 5 });
  });

  it('reads lines without quotes (split directly) and the rest (csv-parse) alike, wherever the chunks end', async () => {
    // unquoted lines, blank lines, a short row, then a quoted note with a line break and more rows
    const text = `${HEADER}\n${row({})}\n\n${row({ report_ref: 'r2', indicator_value: ' b@example.com ' })}\nr3,too,few\n${row({ report_ref: 'r4', indicator_note: '"a, b\nc"' })}\n${row({ report_ref: 'r5' })}\nr6,few\n${row({ report_ref: 'r7' })}`;
    const whole = await rowsOf(text);
    expect(whole.map((r) => [r.line, r.row?.report_ref ?? r.error])).toEqual([
      [2, 'r1'], [4, 'r2'], [5, 'The row has 3 fields; the header has 12'], [6, 'r4'], [8, 'r5'], [9, 'The row has 2 fields; the header has 12'], [10, 'r7'],
    ]);
    expect(whole[1].row?.indicator_value).toBe('b@example.com');
    expect(whole[3].row?.indicator_note).toBe('a, b\nc');
    // the same, a few bytes at a time (the switch to csv-parse falls inside a chunk, or between two)
    for (const size of [1, 7, 64]) {
      const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => Buffer.from(text.slice(i * size, (i + 1) * size)));
      expect(await rowsOf(chunks)).toEqual(whole);
    }
    // with no quote at all, everything is split directly: the same rows and errors as csv-parse gave
    const plain = text.replace(`"a, b\nc"`, 'a b c');
    expect((await rowsOf(plain)).map((r) => [r.line, r.row?.report_ref ?? r.error])).toEqual([
      [2, 'r1'], [4, 'r2'], [5, 'The row has 3 fields; the header has 12'], [6, 'r4'], [7, 'r5'], [8, 'The row has 2 fields; the header has 12'], [9, 'r7'],
    ]);
  });

  it('refuses unknown, duplicate and missing header columns', async () => {
    expect(errors(await rowsOf(`${HEADER},colour\n${row({})},red\n`))).toEqual([[1, expect.stringMatching(/Unknown column "colour"/)]]);
    expect(errors(await rowsOf(`${HEADER},confidence\n`))).toEqual([[1, expect.stringMatching(/"confidence" appears twice/)]]);
    expect(errors(await rowsOf('report_ref,report_title,indicator_type,indicator_value\nr1,Fake,EMAIL,a@example.com\n'))).toEqual([[1, 'Missing columns report_kind, confidence']]);
    expect(errors(await rowsOf(''))).toEqual([[1, expect.stringMatching(/empty/)]]);
    // the optional columns may be left out, in any order
    const minimal = await rowsOf('indicator_value,indicator_type,confidence,report_kind,report_title,report_ref\na@example.com,EMAIL,5,OTHER,Fake,r1\n');
    expect(minimal).toEqual([{ line: 2, row: { report_ref: 'r1', report_title: 'Fake', report_kind: ReportKind.OTHER, confidence: 5, indicator_type: IndicatorType.EMAIL, indicator_value: 'a@example.com' } }]);
  });

  it('checks every cell of a row', async () => {
    const results = await rowsOf(
      [
        HEADER,
        row({ report_kind: 'PIRATE', confidence: '101', sharing_level: 'PURPLE', country: 'China', first_observed_on: '2025-02-30', indicator_type: 'FAX' }),
        row({ report_title: 'ab', indicator_value: '' }),
        row({ report_ref: '', indicator_type: '', indicator_value: 'x' }),
      ].join('\n'),
    );
    expect(errors(results)).toEqual([
      [2, 'report_kind: must be one of ONLINE_SELLER, MANUFACTURER, DISTRIBUTOR, LOGISTICS, OTHER; sharing_level: must be one of CLEAR, GREEN, AMBER, AMBER_STRICT, RED or empty; confidence: must be an integer from 0 to 100; country: must be a two-letter ISO 3166-1 code; first_observed_on: must be a date, YYYY-MM-DD; indicator_type: must be one of EMAIL, PHONE, URL, DOMAIN, MARKETPLACE_STORE, MARKETPLACE_LISTING, PAYMENT_ACCOUNT, BANK_ACCOUNT, MESSAGING_HANDLE, POSTAL_ADDRESS, COMPANY_NAME, PERSON_NAME, IP_ADDRESS, TRACKING_NUMBER, IMAGE_HASH'],
      [3, 'report_title: must have 3 to 300 characters; indicator_value: is empty'],
      [4, 'report_ref: is empty; indicator_type: is empty'],
    ]);
  });

  it('groups consecutive rows into reports and names the row at fault', async () => {
    const text = [
      HEADER,
      row({ report_ref: 'r1' }),
      row({ report_ref: 'r1', indicator_type: 'PHONE', indicator_value: '138 0013 8000' }), // read in the report's country, CN
      row({ report_ref: 'r2', country: '', indicator_type: 'PHONE', indicator_value: '138 0013 8000' }), // no country: refused
      row({ report_ref: 'r3', indicator_value: 'x@example.com' }),
      row({ report_ref: 'r3', indicator_value: 'X@Example.com' }), // the same key twice
      row({ report_ref: 'r4', report_title: 'Fake watches' }),
      row({ report_ref: 'r4', report_title: 'Other title', indicator_value: 'b@example.com' }),
      row({ report_ref: 'r1', indicator_value: 'late@example.com' }), // r1 again, after others
      row({ report_ref: 'r5', indicator_type: '', indicator_value: '', first_observed_on: '2025-02-01', last_observed_on: '2025-01-01' }),
      row({ report_ref: 'r6', indicator_type: 'MARKETPLACE_STORE', indicator_value: '998877', indicator_qualifier: 'shopee' }),
    ].join('\n');
    const events = await importOf(text, { marketplaces: ['shopee'] });
    expect(errors(events)).toEqual([
      [4, expect.stringMatching(/^indicator_value: Not a phone number/)],
      [6, 'indicator_value: the same EMAIL as line 5 (x@example.com)'],
      [8, 'report_title: differs from line 7, the first row of report r4'],
      [9, 'report_ref r1: the rows of a report must be consecutive (it started on line 2)'],
      [10, 'last_observed_on: is before first_observed_on'],
    ]);
    const reports = reportsOf(events);
    expect(reports.map((r) => [r.sourceRef, r.firstLine, r.lastLine])).toEqual([['r1', 2, 3], ['r6', 11, 11]]);
    expect(reports[0].values).toEqual({
      kind: ReportKind.ONLINE_SELLER,
      title: 'Fake watches',
      confidence: 70,
      sharingLevel: SharingLevel.GREEN,
      country: 'CN',
      indicators: [{ type: IndicatorType.EMAIL, value: 'a@example.com', key: 'a@example.com' }, { type: IndicatorType.PHONE, value: '138 0013 8000', key: '+8613800138000' }],
      sourceRef: 'r1',
    });
    expect(reports[1].values.indicators).toEqual([{ type: IndicatorType.MARKETPLACE_STORE, value: '998877', key: expect.stringMatching(/^shopee:store:998877$/), qualifier: 'shopee' }]);
    // the importing organisation's country reads what the row leaves open
    expect(errors(await importOf([HEADER, row({ report_ref: 'r2', country: '', indicator_type: 'PHONE', indicator_value: '138 0013 8000' })].join('\n'), { defaultCountry: 'CN' }))).toEqual([]);
  });

  it('refuses more rows than allowed', async () => {
    const results = await collect(parseCsv(Readable.from([[HEADER, row({}), row({}), row({})].join('\n')]), { maxRows: 2 }));
    expect(errors(results)).toEqual([[4, 'The file has more than 2 rows']]);
  });

  it('stops at a quote that never closes in a large file without reading the rest into memory', async () => {
    let read = 0;
    const lines = function* () {
      yield `${HEADER}\n${row({ indicator_value: '"never closed' })}\n`;
      for (; read < 100_000; read++) yield `${row({ report_ref: `r${read}`, indicator_value: `s${read}@example.com` })}\n`;
    };
    const results = await collect(parseCsv(Readable.from(lines()), { maxRecordBytes: 64 * 1024 }));
    expect(errors(results)).toEqual([[2, expect.stringMatching(/line 2 is too long/)]]);
    // 64 KiB is some 700 of these rows: the parse stopped there, not at the end of the file
    expect(read).toBeLessThan(5_000);
  });

  it('streams 200,000 rows through parsing and grouping with memory that does not grow with the file', async () => {
    const ROWS = 200_000;
    const PER_REPORT = 4;
    function* file() {
      yield `${HEADER}\n`;
      let chunk = '';
      for (let i = 0; i < ROWS; i++) {
        const report = Math.floor(i / PER_REPORT);
        // short rows: the parser's cost is per character, and Jest's sandbox multiplies it
        chunk += `r${report},Seller ${report},OTHER,,60,,,,${i % 2 ? `TRACKING_NUMBER,EE${i}` : `EMAIL,s${i}@x.cn`},,\n`;
        if (i % 1000 === 999) {
          yield chunk;
          chunk = '';
        }
      }
      yield chunk;
    }
    // a full collection before each sample, so that the samples measure what is live, not garbage
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const before = heap();
    const samples: number[] = [];
    let reports = 0;
    let indicators = 0;
    let failures = 0;
    for await (const event of groupRowsIntoReports(parseCsv(Readable.from(file())))) {
      if (event.kind === 'error') failures++;
      else {
        reports++;
        indicators += event.values.indicators.length;
        if (reports % 2500 === 0) samples.push(heap() - before);
      }
    }
    expect(failures).toBe(0);
    expect(reports).toBe(ROWS / PER_REPORT);
    expect(indicators).toBe(ROWS);
    // the file is ~25 MB and its rows as objects several times that; what stays live is one
    // report and the set of report_refs seen, so the heap stays within garbage-collection noise
    const firstQuarter = Math.max(...samples.slice(0, samples.length / 4));
    const lastQuarter = Math.max(...samples.slice((samples.length * 3) / 4));
    expect(Math.max(...samples)).toBeLessThan(32 * 1024 * 1024);
    expect(lastQuarter - firstQuarter).toBeLessThan(8 * 1024 * 1024);
  }, 30_000);
});
