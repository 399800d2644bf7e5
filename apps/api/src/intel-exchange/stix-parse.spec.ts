import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { v5 as uuidv5 } from 'uuid';
import { IndicatorType, marketplaceFromTemplates, marketplaceRule, normaliseIndicator } from '../../../../libs/indicators/src/index.js';
import { exportIndicator, exportReport, sampleReports } from '../../../../test/factories/exchange.factory.js';
import type { ExportIndicator } from './exchange-report.js';
import { parseStixFileWhole } from './stix-parse.js';
import { parseStixBundle, toStixBundle, type StixParseOptions } from './stix.js';

const OPTS = { allianceSlug: 'aaca', producerName: 'Anti-Counterfeiting Alliance' };
// an alliance's own marketplaces (readers made from templates, and a built-in one) cross to the worker as data
const LOTUS = marketplaceFromTemplates({ name: 'Lotus Mart', domains: ['lotus-mart.example'], listingTemplate: '/item/{id}', storeTemplate: '/shop/{id}' });
const PARSE: StixParseOptions = { marketplaces: ['taobao', 'shopee'], defaultCountry: 'CN', extraMarketplaces: [LOTUS, marketplaceRule('tmall')!] };
const POISON_IVY = new URL('../../../../../shared/stix21/example-poisonivy-bundle.json', import.meta.url);

describe('STIX bundles parsed in a worker thread (issue 15, outcome 9)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stix-parse-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  /** What the import read before: the file parsed and mapped on the calling thread. */
  const inThread = (path: string) => {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      return { reports: [], skipped: [], errors: [{ path: 'file', message: 'The file is not JSON' }] };
    }
    return parseStixBundle(json, PARSE);
  };

  it('gives what parseStixBundle gives: reports, skipped objects and the same errors', async () => {
    const paths = [
      file('sample.json', JSON.stringify(toStixBundle(sampleReports(), OPTS))),
      file('lotus.json', JSON.stringify(toStixBundle([exportReport({}, [lotusListing('https://www.lotus-mart.example/item/A-77')])], OPTS))),
      POISON_IVY.pathname,
      file('not-json.json', '{"type": "bundle", '),
    ];
    for (const path of paths) expect(await parseStixFileWhole(path, PARSE)).toEqual(inThread(path));
    const lotus = await parseStixFileWhole(paths[1], PARSE);
    expect(lotus.errors).toEqual([]);
    expect(lotus.reports[0].values.indicators).toHaveLength(1);
    expect((await parseStixFileWhole(paths[3], PARSE)).errors).toEqual([{ path: 'file', message: 'The file is not JSON' }]);
    expect(parseStixBundle({ type: 'bundle', id: 'nope', objects: [{ type: 'report' }] }, PARSE).errors.length).toBeGreaterThan(0);
    expect((await parseStixFileWhole(paths[0], PARSE)).reports.length).toBe(sampleReports().length);
  });

  it('keeps the event loop turning while a bundle of tens of megabytes is parsed', async () => {
    const count = 4000;
    const path = file('big.json', JSON.stringify(toStixBundle(bigReports(count), OPTS)));
    const size = readFileSync(path).length;
    expect(size).toBeGreaterThan(20 * 1024 * 1024);

    // the longest wait of a timer that asks to run every 10 ms, while the bundle is parsed
    let last = Date.now();
    let longest = 0;
    const timer = setInterval(() => {
      const now = Date.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 10);
    let parsed;
    try {
      parsed = await parseStixFileWhole(path, PARSE);
    } finally {
      clearInterval(timer);
    }

    // the same parse on this thread blocks it for all of its time
    const blockedFrom = Date.now();
    const before = inThread(path);
    const blocked = Date.now() - blockedFrom;
    expect(parsed).toEqual(before);
    expect(parsed.reports).toHaveLength(count);
    expect(parsed.errors).toEqual([]);
    expect(longest).toBeLessThan(Math.min(250, blocked / 4));
  });
});

/** A listing of the alliance's own marketplace (the factory reads values with the built-in ones only). */
function lotusListing(rawValue: string): ExportIndicator {
  const r = normaliseIndicator(IndicatorType.MARKETPLACE_LISTING, rawValue, { extraMarketplaces: [LOTUS] });
  if (!r.ok) throw new Error(r.reason);
  return { type: IndicatorType.MARKETPLACE_LISTING, rawValue, key: r.key, note: null };
}

/** `count` distinct reports of three indicators each (about 7 kB of bundle a report). */
function bigReports(count: number) {
  const T = IndicatorType;
  return Array.from({ length: count }, (_, n) =>
    exportReport({ id: uuidv5(`big-${n}`, '6ba7b810-9dad-11d1-80b4-00c04fd430c8') }, [
      exportIndicator(T.EMAIL, `seller${n}@fake-shop.example`),
      exportIndicator(T.DOMAIN, `shop${n}.fake-brand.example`),
      exportIndicator(T.URL, `https://shop${n}.fake-brand.example/bags?id=${n}`),
    ]),
  );
}
