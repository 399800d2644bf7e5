import type { Server } from 'node:http';
import request from 'supertest';
import type { DataSource } from 'typeorm';

/**
 * A GraphQL client of the app's HTTP server for the benchmarks: answers `data`, throws on `errors`.
 * Have the app listen first (`app.listen(0, '127.0.0.1')`) where requests are timed: on a server
 * that is not listening, supertest starts it and closes it again around every request.
 */
export function graphqlClient(server: Server) {
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
