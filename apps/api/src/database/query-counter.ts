import type { Logger, QueryRunner } from 'typeorm';
import { isBackground } from './tenancy.js';

/**
 * Counts the SQL statements the app sends on behalf of requests (background work excluded: `inBackground`). Tests read it to prove that nested fields load in a
 * constant number of queries; it costs one increment per statement.
 */
export class QueryCounter implements Logger {
  count = 0;
  constructor(public logSql = false) {}
  logQuery(query: string, parameters?: unknown[], _runner?: QueryRunner) {
    if (isBackground()) return;
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
