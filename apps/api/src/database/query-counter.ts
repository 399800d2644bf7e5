import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger, QueryRunner } from 'typeorm';

const background = new AsyncLocalStorage<true>();

/** Marks work that no request asked for (pollers, job workers): its statements are not counted. */
export function inBackground<T>(work: () => Promise<T>): Promise<T> {
  return background.run(true, work);
}

/**
 * Counts the SQL statements the app sends on behalf of requests (background pollers excluded). Tests read it to prove that nested fields load in a
 * constant number of queries; it costs one increment per statement.
 */
export class QueryCounter implements Logger {
  count = 0;
  constructor(public logSql = false) {}
  logQuery(query: string, parameters?: unknown[], _runner?: QueryRunner) {
    if (background.getStore()) return;
    this.count += 1;
    if (this.logSql) console.log(query, parameters ?? '');
  }
  logQueryError(error: string | Error, query: string) {
    if (this.logSql) console.error(error, query);
  }
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}
