import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { SharingLevel } from '../../../../libs/domain/src/index.js';
import { marketplaceFromTemplates, marketplaceRule } from '../../../../libs/indicators/src/index.js';
import type { ReportSettings } from '../intel/intel-settings.js';
import { readReportValues } from '../intel/reports/report-values.js';
import { checkCsvOnTwoThreads, findSeam } from './csv-check.js';
import { CSV_COLUMNS, groupRowsIntoReports, parseCsv, type CsvRowResult } from './csv.js';
import { spoolLine } from './import-spool.js';

const HEADER = CSV_COLUMNS.map((c) => c.name).filter((n) => n !== 'indicator_key').join(',');
const LOTUS = marketplaceFromTemplates({ name: 'Lotus Mart', domains: ['lotus-mart.example'], listingTemplate: '/item/{id}', storeTemplate: '/shop/{id}' });
const SETTINGS: ReportSettings = { homeCountry: 'CN', marketplaces: ['taobao', 'shopee'], extraMarketplaces: [LOTUS, marketplaceRule('tmall')!], defaultSharingLevel: SharingLevel.GREEN, correlationLimit: 100 };

/** Reports of five rows each, the benchmark's shape, with a marketplace listing of the alliance's own marketplace. */
function csv(reports: number, options: { eol?: string; row?: (r: number) => string | undefined } = {}): string {
  const eol = options.eol ?? '\n';
  const lines = [HEADER];
  for (let r = 0; r < reports; r++) {
    const head = `ref-${r},Seller ring ${r},ONLINE_SELLER,GREEN,60,CN,2026-01-01,2026-03-01`;
    lines.push(
      options.row?.(r) ?? `${head},EMAIL,Seller.${r}@ring.example,,`,
      `${head},PHONE,139 ${String(r).padStart(8, '0')},,`,
      `${head},URL,https://www.shop${r}.ring.example/item?id=${r},,`,
      `${head},MARKETPLACE_LISTING,https://www.lotus-mart.example/item/L${r},,seen twice`,
      `${head},BANK_ACCOUNT,RING-${Math.floor(r / 10)},,`,
    );
  }
  return lines.join(eol) + eol;
}

describe('a large CSV file checked on two threads (issue 14, outcome 6)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'csv-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const file = (text: string) => {
    const path = join(dir, `f${++n}.csv`);
    writeFileSync(path, text);
    return path;
  };
  /** The spool the import writes when it checks the file on its own thread, with the keys the check derives; null when the file has an error. */
  const inThread = async (path: string): Promise<string | null> => {
    let spool = '';
    const events = groupRowsIntoReports(parseCsv(createReadStream(path)), { marketplaces: SETTINGS.marketplaces, extraMarketplaces: SETTINGS.extraMarketplaces, defaultCountry: SETTINGS.homeCountry });
    for await (const e of events) {
      if (e.kind === 'error') return null;
      const checked = readReportValues(e.values, SETTINGS);
      if ('problem' in checked) return null;
      const indicators = e.values.indicators.map((indicator, i) => ({ ...indicator, derived: checked.read.indicators[i].derived }));
      spool += spoolLine(e.sourceRef, { ...e.values, indicators });
    }
    return spool;
  };
  const onTwoThreads = async (path: string) => {
    const spool = `${path}.spool`;
    const progress: number[] = [];
    const result = await checkCsvOnTwoThreads(path, spool, SETTINGS, { minBytes: 1, signal: new AbortController().signal, progress: (r) => progress.push(r) });
    return { result, spool: result && result !== 'stopped' ? readFileSync(spool, 'utf8') : null, progress };
  };

  it('spools what one thread spools, in the file order, with LF or CRLF line ends and quotes after the seam', async () => {
    const quotedLate = (r: number) => (r === 2400 ? `ref-${r},Seller ring ${r},ONLINE_SELLER,GREEN,60,CN,2026-01-01,2026-03-01,EMAIL,Seller.${r}@ring.example,,"a note, with ""quotes"" and a
line break"` : undefined);
    for (const path of [file(csv(2500)), file(csv(2500, { eol: '\r\n' })), file(csv(2500, { row: quotedLate }))]) {
      const { result, spool } = await onTwoThreads(path);
      expect(result).toEqual({ reports: 2500 });
      expect(spool).toBe(await inThread(path));
      // the URL's domain and the listing's store, derived once, for the writing phase
      expect(spool).toContain('"derived":[{"type":"DOMAIN","key":"ring.example","via":"URL_DOMAIN"}]');
    }
    expect(await inThread(file(csv(2500, { row: quotedLate })))).toContain('line break');
  }, 60_000);

  it('splits where a report starts, and the second part reads its lines with the numbers they have in the whole file', async () => {
    const text = csv(700, { eol: '\r\n' });
    const path = file(text);
    const seam = (await findSeam(path, statSync(path).size))!;
    expect(seam.at).toBeGreaterThanOrEqual(text.length / 2);
    expect(text.slice(0, seam.at).split('\n').length - 1).toBe(seam.lines);
    const before = text.slice(0, seam.at).trimEnd().split('\r\n').at(-1)!.split(',')[0];
    const after = text.slice(seam.at).split(',')[0];
    expect(after).not.toBe(before);
    const lines = (rows: CsvRowResult[]) => rows.map((r) => [r.line, r.row?.report_ref, r.row?.indicator_value]);
    const whole: CsvRowResult[] = [];
    for await (const r of parseCsv(createReadStream(path))) whole.push(r);
    const part: CsvRowResult[] = [];
    for await (const r of parseCsv(createReadStream(path, { start: seam.at }), { continues: { columns: seam.columns, lines: seam.lines } })) part.push(r);
    expect(lines(part)).toEqual(lines(whole.filter((r) => r.line > seam.lines)));
  });

  it('leaves to one thread a file with an error, a report_ref in both halves, a quote before its middle, or too small a size', async () => {
    const badLate = (r: number) => (r === 2300 ? `ref-${r},Seller ring ${r},ONLINE_SELLER,GREEN,600,CN,,,EMAIL,x${r}@ring.example,,` : undefined);
    const refAgain = (r: number) => (r === 2300 ? `ref-5,Seller ring 5,ONLINE_SELLER,GREEN,60,CN,2026-01-01,2026-03-01,EMAIL,again@ring.example,,` : undefined);
    const quotedEarly = (r: number) => (r === 3 ? `ref-${r},"Seller ring ${r}",ONLINE_SELLER,GREEN,60,CN,2026-01-01,2026-03-01,EMAIL,Seller.${r}@ring.example,,` : undefined);
    for (const row of [badLate, refAgain, quotedEarly]) {
      const path = file(csv(2500, { row }));
      const { result } = await onTwoThreads(path);
      expect(result).toBeNull();
    }
    const small = file(csv(50));
    expect(await checkCsvOnTwoThreads(small, `${small}.spool`, SETTINGS, { minBytes: 1024 * 1024, signal: new AbortController().signal, progress: () => undefined })).toBeNull();
  }, 60_000);

  it('stops both threads when the import is stopping', async () => {
    const path = file(csv(2500));
    expect(await checkCsvOnTwoThreads(path, `${path}.spool`, SETTINGS, { minBytes: 1, signal: AbortSignal.abort(), progress: () => undefined })).toBe('stopped');
  }, 60_000);
});
