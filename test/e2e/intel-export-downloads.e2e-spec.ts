import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AuthService } from '../../apps/api/src/identity/auth.service.js';
import { ExportService, type StixDownload } from '../../apps/api/src/intel-exchange/export.service.js';
import { ImportService } from '../../apps/api/src/intel-exchange/import.service.js';
import { validateStix } from '../../apps/api/src/intel-exchange/stix.js';
import { intelPeople } from '../factories/intel.factory.js';
import { TestApp } from '../support/test-app.js';

/** The app's pool (DatabaseModule's `extra.max`): more downloads than this are held open below. */
const POOL_SIZE = 10;
const DOWNLOADS = POOL_SIZE + 2;
/** Enough reports for a bundle of a few megabytes: more than a client's socket takes in without reading. */
const REPORTS = 800;
const HEADER = 'report_ref,report_title,report_kind,sharing_level,confidence,country,first_observed_on,last_observed_on,indicator_type,indicator_value,indicator_qualifier,indicator_note';

/** A download whose client reads nothing after the headers (its socket buffers fill and stay full). */
function stalledDownload(port: number, token: string): Promise<{ req: ClientRequest; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/exports?format=STIX', headers: { authorization: `Bearer ${token}` }, agent: false });
    req.on('response', (res) => {
      res.pause();
      resolve({ req, res });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A whole download, its body as text. */
function download(port: number, token: string): Promise<{ status: number; body: string; retryAfter?: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/exports?format=STIX', headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('STIX downloads hold no pooled connection (issue 15, outcome 7)', () => {
  let t: TestApp;
  let port: number;
  let token: string;

  beforeAll(async () => {
    t = await TestApp.startWithDemo({ IMPORT_WORKER: false, EXPORT_DOWNLOADS_PER_CALLER: DOWNLOADS }, { intel: false });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    token = (await intelPeople(t)).a;
    const rows: string[] = [];
    for (let r = 0; r < REPORTS; r++) {
      rows.push(`dl-${r},Download seller ${r},ONLINE_SELLER,GREEN,60,CN,,,EMAIL,seller${r}@download.example,,`);
      rows.push(`dl-${r},Download seller ${r},ONLINE_SELLER,GREEN,60,CN,,,DOMAIN,shop${r}.download.example,,`);
    }
    const START = `mutation($i: StartImportInput!) { startImport(input: $i) { id } }`;
    await t.ok(START, { i: { format: 'CSV', fileName: 'downloads.csv', contentBase64: Buffer.from([HEADER, ...rows].join('\n')).toString('base64') } }, token);
    await t.get(ImportService).kick();
    expect((await t.sql(`SELECT count(*)::int AS n FROM intel_report WHERE source_ref LIKE 'dl-%'`))[0].n).toBe(REPORTS);
  });
  afterAll(() => t.close());

  it('answers GraphQL promptly while more downloads than the pool has connections stall, bounds the downloads of a caller, and still sends a valid bundle', async () => {
    const stalled = await Promise.all(Array.from({ length: DOWNLOADS }, () => stalledDownload(port, token)));
    try {
      for (const { res } of stalled) expect(res.statusCode).toBe(200);
      const bytes = Number(stalled[0].res.headers['content-length']);
      // megabytes each: the bundles were whole before the first byte went out
      expect(bytes).toBeGreaterThan(1024 * 1024);
      // no snapshot is held open for them, and ordinary queries answer at once
      const open = await t.sql(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`);
      expect(open[0].n).toBe(0);
      const started = Date.now();
      const answer = await t.ok(`{ intelReports(first: 5) { totalCount } }`, {}, token);
      expect(answer.intelReports.totalCount).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(5000);
      // the spools are unlinked as soon as they are open: nothing is left on disk whatever happens
      expect(readdirSync(join(t.config.DATA_DIR, 'exports'))).toEqual([]);
    } finally {
      for (const { req } of stalled) req.destroy();
    }
    // a caller has EXPORT_DOWNLOADS_PER_CALLER downloads at a time: each holds its slot until its stream closes
    const ctx = await t.get(AuthService).authenticate(token);
    const held: StixDownload[] = [];
    for (let tries = 0; held.length < DOWNLOADS && tries < 200; tries++) {
      // the slots of the stalled downloads come back as the server notices their sockets closed
      const next = await t.get(ExportService).stixDownload(ctx, {}).catch((error: { code?: string }) => {
        if (error.code !== 'RATE_LIMITED') throw error;
        return new Promise<undefined>((r) => setTimeout(() => r(undefined), 50));
      });
      if (next) held.push(next);
    }
    expect(held).toHaveLength(DOWNLOADS);
    try {
      const refused = await t.http().get('/exports?format=STIX').set('authorization', `Bearer ${token}`);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'RATE_LIMITED' });
      expect(refused.body.retryAfterSeconds).toBeGreaterThan(0);
    } finally {
      for (const { stream } of held) stream.destroy();
    }
    // the streams closed: their slots come back
    let whole: Awaited<ReturnType<typeof download>> | undefined;
    for (let i = 0; i < 100 && whole?.status !== 200; i++) {
      whole = await download(port, token);
      if (whole.status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(whole?.status).toBe(200);
    const bundle = JSON.parse(whole!.body);
    expect(validateStix(bundle)).toEqual([]);
    // every SCO an indicator is based on is in the bundle
    const ids = new Set(bundle.objects.map((o: any) => o.id));
    const basedOn = bundle.objects.filter((o: any) => o.type === 'relationship' && o.relationship_type === 'based-on');
    expect(basedOn.length).toBeGreaterThan(0);
    for (const r of basedOn) expect(ids.has(r.target_ref)).toBe(true);
  });
});
