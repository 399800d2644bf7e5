import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { validateStix } from '../../apps/api/src/intel-exchange/stix.js';
import { SEARCH_INDEXES } from '../../apps/api/src/intel/search/intel-search.service.js';
import { ImportService } from '../../apps/api/src/intel-exchange/import.service.js';
import { ExportService } from '../../apps/api/src/intel-exchange/export.service.js';
import { AuthService } from '../../apps/api/src/identity/auth.service.js';
import { intelPeople, publish } from '../factories/intel.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

const START = `mutation($i: StartImportInput!) { startImport(input: $i) { id status } }`;
const JOB = `query($id: ID!) { node(id: $id) { ... on ImportJob { status phase reportsTotal reportsDone reportsCreated reportsAlreadyImported indicatorsCreated progress errorCount errors { where message } skipped { type reason } } } }`;
const HEADER = 'report_ref,report_title,report_kind,sharing_level,confidence,country,first_observed_on,last_observed_on,indicator_type,indicator_value,indicator_qualifier,indicator_note';

function csv(rows: string[]): string {
  return [HEADER, ...rows].join('\n') + '\n';
}

describe('exchange: STIX 2.1 and CSV imports (background jobs) and exports', () => {
  let t: TestApp;
  let p: Awaited<ReturnType<typeof intelPeople>>;
  let coordinator: string;

  const waitFor = async (id: string, token: string) => {
    for (let i = 0; i < 300; i++) {
      await t.get(ImportService).kick();
      const job = (await t.ok(JOB, { id }, token)).node;
      if (job.status === 'COMPLETED' || job.status === 'FAILED') return job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('import did not finish');
  };
  const importFile = async (token: string, format: 'CSV' | 'STIX', content: string, fileName = `file.${format.toLowerCase()}`) => {
    const job = (await t.ok(START, { i: { format, fileName, contentBase64: Buffer.from(content).toString('base64') } }, token)).startImport;
    return waitFor(job.id, token);
  };

  beforeAll(async () => {
    t = await TestApp.startWithDemo({ IMPORT_WORKER: false, IMPORT_BATCH_REPORTS: 10 }, { intel: false });
    p = await intelPeople(t);
    coordinator = p.coordinator;
  });
  afterAll(() => t.close());

  it('imports a CSV file, links it, and adds nothing when the same file comes again', async () => {
    const file = csv([
      'csv-1,Warehouse Shenzhen,DISTRIBUTOR,GREEN,80,CN,2026-01-02,2026-02-03,PHONE,138 0013 9999,,',
      'csv-1,Warehouse Shenzhen,DISTRIBUTOR,GREEN,80,CN,2026-01-02,2026-02-03,EMAIL,Depot@Warehouse.example,,main contact',
      'csv-2,Online shop,ONLINE_SELLER,AMBER,60,CN,,,PHONE,+86 138 0013 9999,,',
      'csv-3,No indicators yet,OTHER,,30,,,,,,,',
    ]);
    const first = await importFile(p.a, 'CSV', file);
    expect(first).toMatchObject({ status: 'COMPLETED', reportsTotal: 3, reportsDone: 3, reportsCreated: 3, reportsAlreadyImported: 0, indicatorsCreated: 3, progress: 1, errorCount: 0 });
    const rows = await t.sql(`SELECT source_ref, status, network_id FROM intel_report WHERE source_ref LIKE 'csv-%' ORDER BY source_ref`);
    expect(rows.map((r) => [r.source_ref, r.status])).toEqual([['csv-1', 'PUBLISHED'], ['csv-2', 'PUBLISHED'], ['csv-3', 'PUBLISHED']]);
    expect(rows[0].network_id).toBe(rows[1].network_id);
    const again = await importFile(p.a, 'CSV', file);
    expect(again).toMatchObject({ status: 'COMPLETED', reportsCreated: 0, reportsAlreadyImported: 3 });
    expect((await t.sql(`SELECT count(*)::int AS n FROM intel_report WHERE source_ref LIKE 'csv-%'`))[0].n).toBe(3);
  });

  it('refuses a CSV with bad rows, naming each line, and writes nothing of it', async () => {
    const before = (await t.sql(`SELECT count(*)::int AS n FROM intel_report`))[0].n;
    const file = csv([
      'bad-1,Fine report,ONLINE_SELLER,GREEN,50,CN,,,EMAIL,fine@ok.example,,',
      'bad-2,Broken e-mail,ONLINE_SELLER,GREEN,50,CN,,,EMAIL,not-an-email,,',
      'bad-3,Broken level,ONLINE_SELLER,PURPLE,50,CN,,,EMAIL,x@ok.example,,',
      'bad-4,"Unclosed quote,ONLINE_SELLER,GREEN,50,CN,,,EMAIL,y@ok.example,,',
    ]);
    const job = await importFile(p.a, 'CSV', file);
    expect(job.status).toBe('FAILED');
    expect(job.errorCount).toBeGreaterThanOrEqual(3);
    const wheres = job.errors.map((e: any) => e.where);
    expect(wheres).toEqual(expect.arrayContaining(['line 3', 'line 4', 'line 5']));
    expect((await t.sql(`SELECT count(*)::int AS n FROM intel_report`))[0].n).toBe(before);
  });

  it('imports a real STIX 2.1 bundle, skipping what it does not model, idempotently', async () => {
    const bundle = readFileSync(new URL('../../../shared/stix21/example-poisonivy-bundle.json', import.meta.url), 'utf8');
    const job = await importFile(p.a, 'STIX', bundle, 'poisonivy.json');
    expect(job.status).toBe('COMPLETED');
    expect(job.skipped.length).toBeGreaterThan(0);
    expect(job.reportsCreated).toBeGreaterThan(0);
    const again = await importFile(p.a, 'STIX', bundle, 'poisonivy.json');
    expect(again).toMatchObject({ status: 'COMPLETED', reportsCreated: 0, reportsAlreadyImported: job.reportsCreated });
    expect((await importFile(p.a, 'STIX', '{"type": "not-a-bundle"}')).status).toBe('FAILED');
    expect((await importFile(p.a, 'STIX', 'not json at all')).errors).toEqual([{ where: 'file', message: 'The file is not JSON' }]);
  });

  it('exports what the caller may see as STIX 2.1 that validates, stable across exports, and as CSV', async () => {
    const green = await publish(t, p.a, 'Exported green', [{ type: 'EMAIL', value: 'export@green.example' }, { type: 'PHONE', value: '+86 138 0013 7777' }], { sharingLevel: 'GREEN' });
    const red = await publish(t, p.a, 'Exported red', [{ type: 'EMAIL', value: 'export@red.example' }], { sharingLevel: 'RED' });
    const q = `query($i: ExportIntelInput!) { exportIntel(input: $i) { fileName contentType content reports } }`;
    const mine = (await t.ok(q, { i: { format: 'STIX', reportIds: [green.id, red.id] } }, p.a)).exportIntel;
    expect(mine.reports).toBe(2);
    const bundle = JSON.parse(mine.content);
    expect(validateStix(bundle)).toEqual([]);
    const again = (await t.ok(q, { i: { format: 'STIX', reportIds: [green.id, red.id] } }, p.a)).exportIntel;
    expect(again.content).toBe(mine.content);
    const theirs = (await t.ok(q, { i: { format: 'STIX', reportIds: [green.id, red.id] } }, p.b)).exportIntel;
    expect(theirs.reports).toBe(1);
    expect(theirs.content).not.toContain('Exported red');
    expect(theirs.content).not.toContain('export@red.example');
    const asCsv = (await t.ok(q, { i: { format: 'CSV', reportIds: [green.id, red.id] } }, p.b)).exportIntel;
    expect(asCsv.content.split('\n').filter((l: string) => l.includes('export@green.example'))).toHaveLength(1);
    expect(asCsv.content).not.toContain('export@red.example');
    // a partner without the scope cannot export at all
    expect(errorOf(await t.gql(q, { i: { format: 'CSV' } }, await t.login(DEMO_USERS.platformReviewer, DEMO_PASSWORD))).code).toBe('FORBIDDEN');
  });

  it('imports a large CSV through POST /imports, streamed, and resumes a stopped import from its checkpoint', async () => {
    const rows: string[] = [];
    for (let r = 0; r < 300; r++) for (let k = 0; k < 3; k++) rows.push(`big-${r},Bulk seller ${r},ONLINE_SELLER,GREEN,50,CN,,,TRACKING_NUMBER,BULK${r}-${k},,`);
    const res = await t.http().post('/imports?format=CSV&fileName=big.csv').set('authorization', `Bearer ${p.b}`).set('content-type', 'text/csv').send(csv(rows));
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const svc = t.get(ImportService);
    // stop the worker part-way, as SIGTERM would: the job goes back to the queue with its checkpoint
    const ds = t.get(DataSource);
    const stopAt = setInterval(async () => {
      const [row] = await ds.query(`SELECT reports_done FROM import_job WHERE id = (SELECT id FROM import_job WHERE file_name = 'big.csv')`);
      if (row?.reports_done >= 50) {
        clearInterval(stopAt);
        (svc as unknown as { shutdown: AbortController }).shutdown.abort();
      }
    }, 5);
    await svc.kick();
    clearInterval(stopAt);
    const stopped = (await t.ok(JOB, { id }, p.b)).node;
    expect(stopped.status).toBe('QUEUED');
    expect(stopped.reportsDone).toBeGreaterThanOrEqual(50);
    expect(stopped.reportsDone).toBeLessThan(300);
    (svc as unknown as { shutdown: AbortController }).shutdown = new AbortController();
    const done = await waitFor(id, p.b);
    expect(done).toMatchObject({ status: 'COMPLETED', reportsTotal: 300, reportsDone: 300, reportsCreated: 300, reportsAlreadyImported: 0, indicatorsCreated: 900 });
    // exactly the rows of the file: nothing twice, nothing lost
    const [{ reports, indicators }] = await t.sql(`SELECT count(DISTINCT r.id)::int AS reports, count(i.id)::int AS indicators FROM intel_report r JOIN indicator i ON i.report_id = r.id WHERE r.source_ref LIKE 'big-%'`);
    expect({ reports, indicators }).toEqual({ reports: 300, indicators: 900 });
    // the batches let the search indexes' pending lists grow (cheaper writes); the finished import
    // has merged them, so searches do not scan 900 pending values on every lookup
    for (const index of SEARCH_INDEXES) expect((await t.sql(`SELECT gin_clean_pending_list($1::regclass)::int AS pages`, [index]))[0].pages).toBe(0);
  });

  it('correlates a whole batch as publishing its reports one by one would', async () => {
    const NETWORK = `query($id: ID!) { node(id: $id) { ... on CounterfeiterNetwork { id summary { reportCount } mergedInto { id } events { kind cause } } } }`;
    const x1 = await publish(t, p.b, 'Batch ring X1', [{ type: 'PHONE', value: '+86 138 0013 7001' }, { type: 'EMAIL', value: 'x@batch-ring.example' }]);
    const x2 = await publish(t, p.b, 'Batch ring X2', [{ type: 'EMAIL', value: 'X@Batch-Ring.example' }]);
    const y = await publish(t, p.b, 'Batch ring Y', [{ type: 'BANK_ACCOUNT', value: 'DE89 3704 0044 0532 0130 00' }]);
    expect(x2.network.id).toBe(x1.network.id);
    const job = await importFile(p.a, 'CSV', csv([
      'batch-1,New pair one,ONLINE_SELLER,GREEN,50,CN,,,EMAIL,pair@batch-new.example,,',
      'batch-2,New pair two,ONLINE_SELLER,GREEN,50,CN,,,EMAIL,PAIR@batch-new.example,,',
      'batch-3,Joins X,ONLINE_SELLER,GREEN,50,CN,,,PHONE,13800137001,,',
      'batch-4,Bridges X and Y,ONLINE_SELLER,GREEN,50,CN,,,PHONE,+86 13800137001,,',
      'batch-4,Bridges X and Y,ONLINE_SELLER,GREEN,50,CN,,,BANK_ACCOUNT,de89370400440532013000,,',
      'batch-5,Free mail one,ONLINE_SELLER,GREEN,50,CN,,,DOMAIN,gmail.com,,',
      'batch-6,Free mail two,ONLINE_SELLER,GREEN,50,CN,,,DOMAIN,gmail.com,,',
    ]), 'batch.csv');
    expect(job).toMatchObject({ status: 'COMPLETED', reportsCreated: 6, indicatorsCreated: 7 });
    const rows = await t.sql(`SELECT source_ref, network_id FROM intel_report WHERE source_ref LIKE 'batch-%' ORDER BY source_ref`);
    const net = Object.fromEntries(rows.map((r) => [r.source_ref, r.network_id]));
    const uuidOf = (id: string) => Buffer.from(id, 'base64url').toString().split(':')[1];
    // two new reports sharing a key: one new network of their own
    expect(net['batch-1']).toBe(net['batch-2']);
    const pair = (await t.sql(`SELECT report_count FROM counterfeiter_network WHERE id = $1`, [net['batch-1']]))[0];
    expect(pair.report_count).toBe(2);
    // joining X and bridging X with Y: X (the larger) keeps its id and absorbs Y
    expect(net['batch-3']).toBe(uuidOf(x1.network.id));
    expect(net['batch-4']).toBe(uuidOf(x1.network.id));
    const x = (await t.ok(NETWORK, { id: x1.network.id }, coordinator)).node;
    expect(x.summary.reportCount).toBe(5);
    expect(x.events.map((e: any) => [e.kind, e.cause])).toEqual([['CREATED', 'publication'], ['GREW', 'publication'], ['MERGED', 'import']]);
    expect((await t.ok(NETWORK, { id: y.network.id }, coordinator)).node.mergedInto.id).toBe(x1.network.id);
    // an excluded key links nothing, even inside one batch
    expect(net['batch-5']).not.toBe(net['batch-6']);
  });

  it('links reports across batches written side by side, and leaves no network it proposed and did not keep', async () => {
    // 25 reports in batches of 10 (two in flight at a time): rings of 7 share an e-mail across batch boundaries
    const rows = Array.from({ length: 25 }, (_, i) => `cross-${i},Cross ring seller ${i},ONLINE_SELLER,GREEN,50,CN,,,EMAIL,ring${Math.floor(i / 7)}@cross-batch.example,,`);
    const job = await importFile(p.a, 'CSV', csv(rows), 'cross.csv');
    expect(job).toMatchObject({ status: 'COMPLETED', reportsCreated: 25, indicatorsCreated: 25 });
    const placed = await t.sql(`SELECT r.source_ref, r.network_id, n.report_count FROM intel_report r JOIN counterfeiter_network n ON n.id = r.network_id WHERE r.source_ref LIKE 'cross-%'`);
    const ring = (ref: string) => Math.floor(Number(ref.split('-')[1]) / 7);
    for (const r of placed) {
      expect(placed.filter((o) => o.network_id === r.network_id).map((o) => ring(o.source_ref))).toEqual(placed.filter((o) => ring(o.source_ref) === ring(r.source_ref)).map(() => ring(r.source_ref)));
      expect(r.report_count).toBe(ring(r.source_ref) === 3 ? 4 : 7);
    }
    expect(new Set(placed.map((r) => r.network_id)).size).toBe(4);
    // a network no report is in, not merged into another and without a single event is one nobody made
    const orphans = await t.sql(`SELECT n.id FROM counterfeiter_network n
      WHERE n.merged_into_id IS NULL AND NOT EXISTS (SELECT 1 FROM intel_report r WHERE r.network_id = n.id) AND NOT EXISTS (SELECT 1 FROM network_event e WHERE e.network_id = n.id)`);
    expect(orphans).toEqual([]);
  });

  it("notifies watchers of an import batch's matching reports, each once, never of what members may not see", async () => {
    await t.ok(`mutation($i: AddToWatchlistInput!) { addToWatchlist(input: $i) { id } }`, { i: { kind: 'INDICATOR', indicatorType: 'DOMAIN', value: 'batch-watched.example' } }, p.b);
    const job = await importFile(p.a, 'CSV', csv([
      'watch-1,Watched import one,ONLINE_SELLER,GREEN,50,CN,,,DOMAIN,batch-watched.example,,',
      'watch-2,Watched import two,ONLINE_SELLER,AMBER,50,CN,,,URL,https://shop.batch-watched.example/x,,',
      'watch-2,Watched import two,ONLINE_SELLER,AMBER,50,CN,,,DOMAIN,www.batch-watched.example,,',
      'watch-3,Watched import hidden,ONLINE_SELLER,RED,50,CN,,,DOMAIN,batch-watched.example,,',
      'watch-4,Unwatched import,ONLINE_SELLER,GREEN,50,CN,,,DOMAIN,elsewhere-unwatched.example,,',
    ]), 'watched.csv');
    expect(job).toMatchObject({ status: 'COMPLETED', reportsCreated: 4 });
    const { notifications } = await t.ok(`{ notifications(first: 50) { edges { node { kind title } } } }`, {}, p.b);
    const titles = notifications.edges.filter((e: any) => e.node.kind === 'watchlist_match').map((e: any) => e.node.title).sort();
    expect(titles).toEqual(['New report on your watchlist: Watched import one', 'New report on your watchlist: Watched import two']);
  });

  it('streams every visible report as CSV from GET /exports, page by page, the same rows exportIntel gives', async () => {
    const res = await t.http().get('/exports?format=CSV').set('authorization', `Bearer ${p.b}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="countermark-.+\.csv"/);
    const viaGraphQL = (await t.ok(`query($i: ExportIntelInput!) { exportIntel(input: $i) { content reports } }`, { i: { format: 'CSV' } }, p.b)).exportIntel;
    expect(viaGraphQL.reports).toBeGreaterThan(300); // the bulk import above and more: several pages of 7 below
    expect(res.text).toBe(viaGraphQL.content);
    // nothing the caller may not see
    expect(res.text).not.toContain('export@red.example');
    // pages of any size give the same reports, in the same order
    const ctx = await t.get(AuthService).authenticate(p.b);
    const ids: string[] = [];
    for await (const page of t.get(ExportService).pages(ctx, {}, 7)) ids.push(...page.map((r) => r.report.id));
    expect(ids).toHaveLength(viaGraphQL.reports);
    expect(new Set(ids).size).toBe(ids.length);
    // the feed pages through reports an import published at one instant without skipping any
    const FEED = `query($after: String) { intelReports(first: 40, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    const feed: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page: any = (await t.ok(FEED, { after }, p.b)).intelReports;
      feed.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) {
        expect(feed).toHaveLength(page.totalCount);
        break;
      }
      after = page.pageInfo.endCursor;
    }
    expect(new Set(feed).size).toBe(feed.length);
    expect(feed.length).toBeGreaterThan(300);
    // refused: no credentials, no intel:read, a format it does not stream
    expect((await t.http().get('/exports?format=CSV')).status).toBe(401);
    const reviewer = await t.login(DEMO_USERS.platformReviewer, DEMO_PASSWORD);
    expect((await t.http().get('/exports?format=CSV').set('authorization', `Bearer ${reviewer}`)).body).toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.http().get('/exports?format=PDF').set('authorization', `Bearer ${p.b}`)).body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'format' });
  });

  it('streams every visible report as one STIX 2.1 bundle from GET /exports: the objects exportIntel gives, valid, stable, page size aside', async () => {
    const res = await t.http().get('/exports?format=STIX').set('authorization', `Bearer ${p.b}`).buffer(true).parse((r, done) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString('utf8')));
      r.on('end', () => done(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/stix\+json/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="countermark-.+\.stix\.json"/);
    const streamed = JSON.parse(res.body as string);
    expect(validateStix(streamed)).toEqual([]);
    const viaGraphQL = (await t.ok(`query($i: ExportIntelInput!) { exportIntel(input: $i) { content reports } }`, { i: { format: 'STIX' } }, p.b)).exportIntel;
    expect(viaGraphQL.reports).toBeGreaterThan(300);
    const bundle = JSON.parse(viaGraphQL.content);
    // the same objects, each once (SCOs and identities shared by many reports too), in another order
    const byId = (objects: any[]) => Object.fromEntries(objects.map((o) => [o.id, o]));
    expect(new Set(streamed.objects.map((o: any) => o.id)).size).toBe(streamed.objects.length);
    expect(byId(streamed.objects)).toEqual(byId(bundle.objects));
    expect(streamed.objects.some((o: any) => o.type === 'email-addr')).toBe(true);
    expect(res.body).not.toContain('export@red.example');
    // pages of any size give the same bytes; so does exporting again
    const ctx = await t.get(AuthService).authenticate(p.b);
    const smallPages = await t.get(ExportService).stixDownload(ctx, {}, 7);
    const chunks: Buffer[] = [];
    for await (const chunk of smallPages.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(res.body);
    expect(smallPages.bytes).toBe(Buffer.byteLength(res.body as string));
    // a network's bundle is that network's reports
    const ring = await publish(t, p.a, 'Stream ring one', [{ type: 'URL', value: 'https://Stream-Ring.example/shop?utm_source=x' }, { type: 'DOMAIN', value: 'stream-ring.example' }], { sharingLevel: 'GREEN' });
    await publish(t, p.b, 'Stream ring two', [{ type: 'DOMAIN', value: 'www.stream-ring.example' }], { sharingLevel: 'AMBER' });
    const net = await t.http().get(`/exports?format=STIX&networkId=${encodeURIComponent(ring.network.id)}`).set('authorization', `Bearer ${p.b}`);
    const netBundle = JSON.parse(net.text);
    expect(netBundle.objects.filter((o: any) => o.type === 'report').map((o: any) => o.name).sort()).toEqual(['Stream ring one', 'Stream ring two']);
    const netGraphQL = JSON.parse((await t.ok(`query($i: ExportIntelInput!) { exportIntel(input: $i) { content } }`, { i: { format: 'STIX', networkId: ring.network.id } }, p.b)).exportIntel.content);
    expect(byId(netBundle.objects)).toEqual(byId(netGraphQL.objects));
    // the domain both reports name is one SCO, marked with the less restrictive of their levels
    const domain = netBundle.objects.find((o: any) => o.type === 'domain-name' && o.value === 'stream-ring.example');
    expect(domain.object_marking_refs).toEqual(['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb']); // TLP:GREEN
  });

  it('takes over a job whose worker died (stale heartbeat)', async () => {
    const job = (await t.ok(START, { i: { format: 'CSV', fileName: 'dead.csv', contentBase64: Buffer.from(csv(['dead-1,Orphan,OTHER,GREEN,40,CN,,,EMAIL,orphan@dead.example,,'])).toString('base64') } }, p.a)).startImport;
    await t.sql(`UPDATE import_job SET status = 'RUNNING', worker = 'gone', heartbeat_at = now() - interval '5 minutes' WHERE file_name = 'dead.csv'`);
    expect((await waitFor(job.id, p.a))).toMatchObject({ status: 'COMPLETED', reportsCreated: 1 });
  });

  it('imports from the command line (npm run import -- FILE) with the same job, idempotently', async () => {
    const { execFileSync } = await import('node:child_process');
    const { writeFileSync } = await import('node:fs');
    const file = `${t.config.DATA_DIR}/cli.csv`;
    writeFileSync(file, csv(['cli-1,From the shell,ONLINE_SELLER,GREEN,50,CN,,,EMAIL,shell@cli.example,,', 'cli-2,From the shell too,ONLINE_SELLER,GREEN,50,CN,,,EMAIL,shell2@cli.example,,']));
    const [admin] = await t.sql(`SELECT email FROM app_user WHERE organisation_id = $1 AND role = 'MEMBER_ADMIN' LIMIT 1`, [p.orgA.id]);
    const run = () => execFileSync(process.execPath, ['dist/scripts/import.js', file, '--as', admin.email], { env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: t.databaseUrl, DATA_DIR: t.config.DATA_DIR }, encoding: 'utf8' });
    expect(run()).toContain('Imported 2 new report(s) with 2 indicator(s); 0 were there already.');
    expect(run()).toContain('Imported 0 new report(s) with 0 indicator(s); 2 were there already.');
    expect((await t.sql(`SELECT count(*)::int AS n FROM intel_report WHERE source_ref LIKE 'cli-%'`))[0].n).toBe(2);
  });

  it('refuses imports from non-members and empty files', async () => {
    expect(errorOf(await t.gql(START, { i: { format: 'CSV', fileName: 'x.csv', contentBase64: Buffer.from(csv([])).toString('base64') } }, coordinator)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(START, { i: { format: 'CSV', fileName: '../x.csv', contentBase64: 'YQ==' } }, p.a))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fileName' });
    expect((await t.http().post('/imports?format=XML').set('authorization', `Bearer ${p.a}`).send('x')).status).toBe(400);
    expect((await t.http().post('/imports?format=CSV').send('x')).status).toBe(401);
  });
});

describe('oversized imports', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.startWithDemo({ IMPORT_WORKER: false, MAX_IMPORT_BYTES: 1024, MAX_STIX_IMPORT_BYTES: 512 }, { intel: false }); // no demo import: these imports are the only ones
  });
  afterAll(() => t.close());

  it('refuses a file over MAX_IMPORT_BYTES, stores nothing and queues no job', async () => {
    const token = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    const big = `${HEADER}\n${'x'.repeat(5000)}\n`;
    const res = await t.http().post('/imports?format=CSV&fileName=big.csv').set('authorization', `Bearer ${token}`).set('content-type', 'text/csv').send(big);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    const viaGraphql = await t.gql(START, { i: { format: 'CSV', fileName: 'big.csv', contentBase64: Buffer.from(big).toString('base64') } }, token);
    expect(errorOf(viaGraphql)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(await t.sql(`SELECT * FROM import_job`)).toHaveLength(0);
    const { readdirSync, existsSync } = await import('node:fs');
    const dir = `${t.config.filesDir}/imports`;
    const left = existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => String(f).includes('.')) : [];
    expect(left).toEqual([]);
  });

  it('refuses a STIX bundle over MAX_STIX_IMPORT_BYTES (read whole, unlike a CSV), saying why', async () => {
    const token = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    const bundle = JSON.stringify({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects: [{ type: 'note', padding: 'x'.repeat(600) }] });
    expect(bundle.length).toBeLessThan(1024); // under the general limit
    const res = await t.http().post('/imports?format=STIX&fileName=big.json').set('authorization', `Bearer ${token}`).set('content-type', 'application/json').send(bundle);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file', message: expect.stringMatching(/STIX bundle is larger than 512 bytes.*CSV/) });
    // the same bytes as CSV-sized content are under the general limit: only STIX has the lower one
    const small = `${HEADER}\n${'x'.repeat(600)}\n`;
    expect((await t.http().post('/imports?format=CSV&fileName=ok.csv').set('authorization', `Bearer ${token}`).set('content-type', 'text/csv').send(small)).status).toBe(201);
    expect((await t.sql(`SELECT format FROM import_job`)).map((j) => j.format)).toEqual(['CSV']);
  });
});
