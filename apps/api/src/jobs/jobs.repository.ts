import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface JobRow {
  id: string;
  name: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  retry_count: number;
  retry_limit: number;
  created_on: Date;
  started_on: Date | null;
  start_after: Date;
  completed_on: Date | null;
  output: { message?: string } | null;
  data: { allianceId: string | null; payload: unknown } | null;
}

const COLUMNS = `id, name, state::text AS state, retry_count, retry_limit, created_on, started_on, start_after, completed_on, output, data`;

/** Reads pg-boss's job table for the coordinators' view: only an alliance's own jobs, by the alliance its envelope names. */
@Injectable()
export class JobsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(allianceId: string, filter: { queue?: string; state?: JobRow['state'] }, size: number, after: [string, string] | null): Promise<{ rows: JobRow[]; totalCount: number }> {
    const where = [`data->>'allianceId' = $1`];
    const params: unknown[] = [allianceId];
    if (filter.queue) where.push(`name = $${params.push(filter.queue)}`);
    if (filter.state) where.push(`state = $${params.push(filter.state)}::pgboss.job_state`);
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM pgboss.job WHERE ${where.join(' AND ')}`, params);
    if (after) where.push(`(created_on, id) < ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`);
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS}, to_char(created_on AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_time FROM pgboss.job
        WHERE ${where.join(' AND ')} ORDER BY created_on DESC, id DESC LIMIT $${params.push(size + 1)}`,
      params,
    );
    return { rows, totalCount: count };
  }

  /** Which of these values of a payload field have a job waiting or running in the queue. */
  async liveKeys(queue: string, field: string, values: readonly string[], em?: EntityManager): Promise<Set<string>> {
    if (!values.length) return new Set();
    const rows: { key: string }[] = await (em ?? this.dataSource).query(
      `SELECT DISTINCT data->'payload'->>$2 AS key FROM pgboss.job WHERE name = $1 AND state < 'completed' AND data->'payload'->>$2 = ANY($3::text[])`,
      [queue, field, values],
    );
    return new Set(rows.map((r) => r.key));
  }

  /** The running jobs of the queue for these values of a payload field (a worker that died left them active). */
  async activeIds(queue: string, field: string, values: readonly string[], em?: EntityManager): Promise<string[]> {
    if (!values.length) return [];
    const rows: { id: string }[] = await (em ?? this.dataSource).query(
      `SELECT id FROM pgboss.job WHERE name = $1 AND state = 'active' AND data->'payload'->>$2 = ANY($3::text[])`,
      [queue, field, values],
    );
    return rows.map((r) => r.id);
  }

  async byIds(allianceId: string, ids: readonly string[]): Promise<Map<string, JobRow>> {
    if (!ids.length) return new Map();
    const rows: JobRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM pgboss.job WHERE data->>'allianceId' = $1 AND id = ANY($2::uuid[])`, [allianceId, ids]);
    return new Map(rows.map((r) => [r.id, r]));
  }
}
