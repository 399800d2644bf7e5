import { afterAll, describe, expect, it } from '@jest/globals';
import { migrations } from '../../migrations/index.js';
import { TestApp } from '../support/test-app.js';

describe('two replicas starting at once on an empty database', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const t of apps) await t.close();
  });

  it('migrates once (one takes the migration lock, the other waits) and both serve', async () => {
    const url = await TestApp.createDatabase();
    // what the apps log while they start (TypeORM reports a failed start, then retries it)
    const logged: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => (logged.push(String(chunk)), write(chunk, ...rest))) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => (logged.push(String(chunk)), writeErr(chunk, ...rest))) as typeof process.stderr.write;
    let started: PromiseSettledResult<TestApp>[];
    try {
      started = await Promise.allSettled([TestApp.start({}, { databaseUrl: url }), TestApp.start({}, { databaseUrl: url })]);
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
    }
    expect(logged.filter((l) => /Unable to connect|already exists|duplicate key/.test(l))).toEqual([]);
    for (const s of started) if (s.status === 'fulfilled') apps.push(s.value);
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'started'))).toEqual(['started', 'started']);
    const rows = await apps[0].sql<{ name: string }>(`SELECT name FROM migrations ORDER BY id`);
    expect(rows.map((r) => r.name)).toEqual(migrations.map((m) => new m().name));
    for (const t of apps) expect((await t.http().get('/health')).status).toBe(200);
  });
});
