import type { DataSource } from 'typeorm';

/**
 * Refreshes the planner's statistics of every table in the database. For a bulk load that fills
 * many contexts' tables at once (the demo): autovacuum has not looked at them yet, and without
 * fresh statistics the planner takes them for empty.
 */
export async function analyzeAll(dataSource: DataSource): Promise<void> {
  await dataSource.query(`ANALYZE`);
}
