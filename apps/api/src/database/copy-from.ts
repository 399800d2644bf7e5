import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { EntityManager } from 'typeorm';

/**
 * `COPY … FROM STDIN` through node-postgres without another package: pg sends the COPY's protocol
 * messages (CopyData, CopyDone, CopyFail) but leaves the source to a "submittable" query object,
 * which this is (what pg-copy-streams does, in the few lines this project needs).
 */
interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): boolean | undefined;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream;
}

class CopyFromSource {
  rowCount = 0;
  private error: Error | undefined;
  readonly done: Promise<number>;
  private settle!: (error: Error | undefined) => void;

  constructor(
    private readonly text: string,
    private readonly source: Iterable<string | Buffer> | AsyncIterable<string | Buffer>,
  ) {
    this.done = new Promise<number>((resolve, reject) => {
      this.settle = (error) => (error ? reject(error) : resolve(this.rowCount));
    });
  }

  submit(connection: PgConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: PgConnection): void {
    void (async () => {
      try {
        for await (const chunk of this.source) {
          if (this.error) return; // the server refused the COPY (it drops what follows) or the connection is gone
          const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
          if (buffer.length === 0) continue;
          // the socket's buffer is full: wait, so that memory holds a few chunks, not the whole COPY
          if (connection.sendCopyFromChunk(buffer) === false) await once(connection.stream, 'drain');
        }
        connection.endCopyFrom();
      } catch (error) {
        connection.sendCopyFail(error instanceof Error ? error.message : String(error));
      }
    })();
  }

  handleCommandComplete(message: { text?: string }): void {
    const n = /^COPY (\d+)/.exec(message.text ?? '');
    if (n) this.rowCount = Number(n[1]);
  }

  handleError(error: Error): void {
    // a refusal is followed by ReadyForQuery; a lost connection is not: settle now either way
    this.error ??= error;
    this.settle(this.error);
  }

  handleReadyForQuery(): void {
    this.settle(this.error);
  }

  // a COPY FROM answers none of these
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** The pg client under a TypeORM entity manager (one in a transaction has its own). */
async function clientOf(em: EntityManager): Promise<{ query(q: unknown): unknown }> {
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  return (await runner.connect()) as { query(q: unknown): unknown };
}

/**
 * Runs `COPY table (columns) FROM STDIN` with the text-format rows of `source` (each chunk any
 * number of whole or partial lines) on the entity manager's connection; answers the rows copied.
 * Fields go through `copyText`.
 */
export async function copyFrom(em: EntityManager, table: string, columns: readonly string[], source: Iterable<string | Buffer> | AsyncIterable<string | Buffer>): Promise<number> {
  if (!em.queryRunner) throw new Error('copyFrom needs the entity manager of a transaction (a pooled connection is not held between statements)');
  const client = await clientOf(em);
  const staging = await stagingFor(em, client, table, columns);
  const copy = new CopyFromSource(`COPY ${staging ?? table} (${columns.join(', ')}) FROM STDIN`, source);
  client.query(copy);
  const copied = await copy.done;
  if (staging) {
    await em.query(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM ${staging}`);
    await em.query(`TRUNCATE ${staging}`);
  }
  return copied;
}

const STAGING = Symbol('countermark.copyStaging');

/**
 * PostgreSQL refuses `COPY … FROM` into a table whose row-level security applies to the role
 * ("COPY FROM not supported with row-level security"): the app's role then copies into a temporary
 * table of the same columns (made once per connection, emptied after each use and at commit) and
 * inserts from it under the table's policy. Null when the table takes COPY itself (the owner).
 */
async function stagingFor(em: EntityManager, client: object & { [STAGING]?: Map<string, string | null> }, table: string, columns: readonly string[]): Promise<string | null> {
  const key = `${table}(${columns.join(',')})`;
  const known = (client[STAGING] ??= new Map());
  if (!known.has(key)) {
    const [{ active }] = (await em.query(`SELECT row_security_active($1::regclass) AS active`, [table])) as { active: boolean }[];
    known.set(key, active ? `copy_${table}_${createHash('sha1').update(key).digest('hex').slice(0, 8)}` : null);
  }
  const staging = known.get(key)!;
  // every time: a transaction that made it and rolled back took it away
  if (staging) await em.query(`CREATE TEMP TABLE IF NOT EXISTS ${staging} ON COMMIT DELETE ROWS AS SELECT ${columns.join(', ')} FROM ${table} WITH NO DATA`);
  return staging;
}

/** A value as a field of COPY's text format: NULL as \N, backslash, tab and line breaks escaped. */
export function copyText(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const s = String(value);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;
}

/** A text array (`text[]`) as PostgreSQL's array literal, for copyText. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** Rows as lines of COPY's text format (fields through copyText), a few hundred lines to a chunk. */
export function* copyLines<T>(rows: readonly T[], fields: (row: T) => (string | number | boolean | null | undefined)[]): Generator<string> {
  for (let start = 0; start < rows.length; start += 500) {
    let text = '';
    for (const row of rows.slice(start, start + 500)) text += `${fields(row).map(copyText).join('\t')}\n`;
    yield text;
  }
}
