import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ImportService } from '../../apps/api/src/intel-exchange/import.service.js';
import { intelPeople } from '../factories/intel.factory.js';
import { TestApp } from '../support/test-app.js';

const START = `mutation($i: StartImportInput!) { startImport(input: $i) { id } }`;
const JOB = `query($id: ID!) { node(id: $id) { ... on ImportJob { fileName status reportsCreated errors { where message } } } }`;
const HEADER = 'report_ref,report_title,report_kind,sharing_level,confidence,country,first_observed_on,last_observed_on,indicator_type,indicator_value,indicator_qualifier,indicator_note';
const file = (rows: string[]) => Buffer.from([HEADER, ...rows].join('\n') + '\n').toString('base64');

/** The imports' uploaded files: deleted when the import ends, or kept IMPORT_FILE_RETENTION_DAYS for evidence. */
async function setUp(retentionDays: number) {
  const t = await TestApp.startWithDemo({ IMPORT_WORKER: false, IMPORT_FILE_RETENTION_DAYS: retentionDays }, { intel: false });
  const p = await intelPeople(t);
  const start = async (name: string, rows: string[]) => (await t.ok(START, { i: { format: 'CSV', fileName: name, contentBase64: file(rows) } }, p.a)).startImport.id as string;
  const pathOf = async (name: string) => join(t.config.filesDir, (await t.sql(`SELECT storage_key FROM import_job WHERE file_name = $1`, [name]))[0].storage_key);
  const job = async (id: string) => {
    const { fileName, ...node } = (await t.ok(JOB, { id }, p.a)).node;
    const [{ file_deleted_at }] = await t.sql(`SELECT file_deleted_at FROM import_job WHERE file_name = $1`, [fileName]);
    return { ...node, fileDeletedAt: file_deleted_at };
  };
  return { t, p, start, pathOf, job };
}

describe('import files with IMPORT_FILE_RETENTION_DAYS=0 (the default)', () => {
  let s: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => (s = await setUp(0)));
  afterAll(() => s.t.close());

  it('deletes the uploaded file (and its spool) when the import is written, and when it is refused for its rows', async () => {
    const written = await s.start('written.csv', ['f-1,Seller,ONLINE_SELLER,GREEN,50,CN,,,EMAIL,files@retention.example,,']);
    const refused = await s.start('refused.csv', ['f-2,Seller,ONLINE_SELLER,GREEN,50,CN,,,EMAIL,not an e-mail,,']);
    const [writtenPath, refusedPath] = [await s.pathOf('written.csv'), await s.pathOf('refused.csv')];
    expect(existsSync(writtenPath) && existsSync(refusedPath)).toBe(true);
    await s.t.get(ImportService).kick();
    expect(await s.job(written)).toMatchObject({ status: 'COMPLETED', reportsCreated: 1 });
    expect(await s.job(refused)).toMatchObject({ status: 'FAILED' });
    for (const path of [writtenPath, refusedPath]) {
      expect(existsSync(path)).toBe(false);
      expect(existsSync(`${path}.spool`)).toBe(false);
    }
    expect((await s.job(written)).fileDeletedAt).not.toBeNull();
  });

  it("refreshes the planner's statistics of the tables a large import wrote (search would otherwise plan for empty tables)", async () => {
    const analysed = async () => (await s.t.sql(`SELECT relname, last_analyze FROM pg_stat_user_tables WHERE relname IN ('intel_report', 'indicator') AND last_analyze IS NOT NULL ORDER BY relname`)).map((r) => r.relname);
    const small = await s.start('small.csv', ['s-1,Seller,ONLINE_SELLER,GREEN,50,CN,,,EMAIL,small@analyse.example,,']);
    await s.t.get(ImportService).kick();
    expect(await s.job(small)).toMatchObject({ status: 'COMPLETED' });
    expect(await analysed()).toEqual([]);
    const rows = Array.from({ length: 1000 }, (_, i) => `a-${i},Seller ${i},ONLINE_SELLER,GREEN,50,CN,,,EMAIL,seller${i}@analyse.example,,`);
    const large = await s.start('large.csv', rows);
    await s.t.get(ImportService).kick();
    expect(await s.job(large)).toMatchObject({ status: 'COMPLETED', reportsCreated: 1000 });
    expect(await analysed()).toEqual(['indicator', 'intel_report']);
  });
});

describe('import files with IMPORT_FILE_RETENTION_DAYS=3', () => {
  let s: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => (s = await setUp(3)));
  afterAll(() => s.t.close());

  it('keeps the file for three days after the import ended, then the daily purge deletes it', async () => {
    const id = await s.start('kept.csv', ['k-1,Seller,ONLINE_SELLER,GREEN,50,CN,,,EMAIL,kept@retention.example,,']);
    await s.t.get(ImportService).kick();
    const path = await s.pathOf('kept.csv');
    expect(await s.job(id)).toMatchObject({ status: 'COMPLETED', fileDeletedAt: null });
    expect(existsSync(path)).toBe(true);
    expect(await s.t.get(ImportService).purgeFiles()).toBe(0); // ended today: kept
    await s.t.sql(`UPDATE import_job SET finished_at = now() - interval '4 days' WHERE id = $1`, [Buffer.from(id, 'base64url').toString().split(':')[1]]);
    expect(await s.t.get(ImportService).purgeFiles()).toBe(1);
    expect(existsSync(path)).toBe(false);
    expect((await s.job(id)).fileDeletedAt).not.toBeNull();
  });

  it('a dead import keeps its file for a retry; retried after the purge, it fails saying the file is gone', async () => {
    const id = await s.start('dead.csv', ['d-1,Seller,ONLINE_SELLER,GREEN,50,CN,,,EMAIL,dead@retention.example,,']);
    const path = await s.pathOf('dead.csv');
    rmSync(path); // every attempt fails on an internal error: the job dies
    for (let attempt = 0; attempt < 4; attempt++) await s.t.get(ImportService).kick();
    expect(await s.job(id)).toMatchObject({ status: 'FAILED', fileDeletedAt: null });
    const [dead] = (await s.t.ok(`{ jobs(queue: "intel.import", state: DEAD) { edges { node { id subject } } } }`, {}, s.p.coordinator)).jobs.edges;
    expect(dead.node.subject).toBe('import of dead.csv');
    await s.t.sql(`UPDATE import_job SET finished_at = now() - interval '4 days' WHERE file_name = 'dead.csv'`);
    expect(await s.t.get(ImportService).purgeFiles()).toBe(1);
    await s.t.ok(`mutation($id: ID!) { retryJob(id: $id) { state } }`, { id: dead.node.id }, s.p.coordinator);
    await s.t.get(ImportService).kick();
    const after = await s.job(id);
    expect(after.status).toBe('FAILED');
    expect(after.errors.at(-1).message).toMatch(/^The uploaded file is no longer kept \(deleted \d{4}-\d\d-\d\d, IMPORT_FILE_RETENTION_DAYS\); upload it again$/);
  });
});
