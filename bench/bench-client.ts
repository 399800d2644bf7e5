import { Agent, request as httpRequest, type Server } from 'node:http';
import { PerformanceObserver, performance, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import request from 'supertest';
import type { DataSource } from 'typeorm';

/**
 * A GraphQL client of the app's HTTP server for the benchmarks: answers `data`, throws on `errors`.
 * On a listening server (`app.listen(0, '127.0.0.1')`, where requests are timed) it keeps its
 * connections open between requests, as a browser does: a connection per request (supertest's way)
 * put the setting up and tearing down of a socket on both sides into every timed request, in the
 * same process as the app. On a server that is not listening, supertest starts it and closes it
 * again around every request.
 */
export function graphqlClient(server: Server) {
  const address = server.address();
  if (address && typeof address === 'object') {
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    return (query: string, variables: object, token?: string) =>
      new Promise<any>((resolve, reject) => {
        const body = JSON.stringify({ query, variables });
        const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
        if (token) headers.authorization = `Bearer ${token}`;
        const req = httpRequest({ host: '127.0.0.1', port: address.port, path: '/graphql', method: 'POST', agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            try {
              const answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              if (answer.errors) reject(new Error(JSON.stringify(answer.errors)));
              else resolve(answer.data);
            } catch (error) {
              reject(error);
            }
          });
        });
        req.on('error', reject);
        req.end(body);
      });
  }
  return async (query: string, variables: object, token?: string) => {
    const r = request(server).post('/graphql').set('content-type', 'application/json');
    if (token) r.set('authorization', `Bearer ${token}`);
    const res = await r.send({ query, variables });
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data;
  };
}

/**
 * With EMBEDDED_PG_FLAGS="-c shared_preload_libraries=pg_stat_statements": `title` null resets the
 * statistics, a title prints the twelve statements that took the most time since.
 */
export async function topStatements(ds: DataSource, title: string | null): Promise<void> {
  if (!/pg_stat_statements/.test(process.env.EMBEDDED_PG_FLAGS ?? '')) return;
  await ds.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
  if (!title) return void (await ds.query(`SELECT pg_stat_statements_reset()`));
  // and the share of the pages each read that were not in shared_buffers (read from the operating system)
  const rows = await ds.query(
    `SELECT calls, round(total_exec_time) AS ms, round(100.0 * shared_blks_read / nullif(shared_blks_hit + shared_blks_read, 0))::int AS missed,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 200) AS query FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12`,
  );
  console.log(`  ${title}, the statements that took longest:\n${rows.map((r: { calls: string; ms: string; missed: number | null; query: string }) => `    ${r.ms} ms in ${r.calls} calls (${r.missed ?? 0}% of pages read from the OS): ${r.query}`).join('\n')}`);
}

/**
 * Where a timed series' tail comes from: each call's wall time and the process's CPU in it, the
 * garbage collections that overlapped it, and the jobs (pg-boss) that started while the series ran.
 * `time` wraps one call; `report` prints the slowest calls and the jobs.
 */
export class TailWatch {
  private readonly calls: { label: string; at: number; took: number; cpu: number }[] = [];
  private readonly collections: PerformanceEntry[] = [];
  private readonly observer = new PerformanceObserver((list) => void this.collections.push(...list.getEntries()));
  private readonly started = performance.now();
  private readonly startedAt = new Date();

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  async time<T>(label: string, call: () => Promise<T>): Promise<{ result: T; took: number }> {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const result = await call();
    const took = performance.now() - t;
    const used = process.cpuUsage(cpu);
    this.calls.push({ label, at: t, took, cpu: (used.user + used.system) / 1000 });
    return { result, took };
  }

  /** Prints the `count` slowest calls (of those whose label passes `only`) and the jobs that ran beside them, read through `owner` (the database's owner). */
  async report(owner: DataSource, count = 6, only: (label: string) => boolean = () => true): Promise<void> {
    this.observer.disconnect();
    const ended = performance.now();
    const gcIn = (from: number, to: number) => this.collections.filter((c) => c.startTime < to && c.startTime + c.duration > from);
    const gcMs = (xs: PerformanceEntry[]) => xs.reduce((sum, c) => sum + c.duration, 0).toFixed(1);
    const all = gcIn(this.started, ended);
    // by kind (perf_hooks' constants: 1 minor, 2 major, 4 incremental marking, 8 weak callbacks)
    const kinds = new Map<number, PerformanceEntry[]>();
    for (const c of all) {
      const kind = ((c as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind ?? 0;
      kinds.set(kind, [...(kinds.get(kind) ?? []), c]);
    }
    const named: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental marking', 8: 'weak callbacks' };
    const heap = getHeapStatistics();
    console.log(
      `  tail: ${all.length} collections during the ${((ended - this.started) / 1000).toFixed(1)} s, ${gcMs(all)} ms in all, the longest ${Math.max(0, ...all.map((c) => c.duration)).toFixed(1)} ms ` +
        `(${[...kinds].map(([kind, xs]) => `${named[kind] ?? kind} ${xs.length}, ${gcMs(xs)} ms`).join('; ')}); heap ${Math.round(heap.used_heap_size / 1048576)} MB used of ${Math.round(heap.total_heap_size / 1048576)} MB`,
    );
    for (const c of [...this.calls].filter((x) => only(x.label)).sort((a, b) => b.took - a.took).slice(0, count)) {
      const gc = gcIn(c.at, c.at + c.took);
      console.log(`    ${c.took.toFixed(1)} ms at +${((c.at - this.started) / 1000).toFixed(2)} s, process CPU ${c.cpu.toFixed(1)} ms, ${gc.length} collections (${gcMs(gc)} ms): ${c.label}`);
    }
    const jobs = (await owner.query(
      `SELECT name, extract(epoch FROM started_on - $1::timestamptz)::float8 AS at, (extract(epoch FROM coalesce(completed_on, now()) - started_on) * 1000)::float8 AS took
         FROM pgboss.job WHERE started_on >= $1::timestamptz ORDER BY started_on`,
      [this.startedAt],
    )) as { name: string; at: number; took: number }[];
    console.log(`    jobs started meanwhile: ${jobs.map((j) => `${j.name} at +${j.at.toFixed(2)} s (${j.took.toFixed(0)} ms)`).join(', ') || 'none'}`);
  }
}
