import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';

// PostgreSQL's connection-exception class (08) and the shutdown codes of class 57
const LOST_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const LOST_MESSAGES = /Connection terminated|terminating connection|the database system is (starting up|shutting down)|Client has encountered a connection error|connect ECONNREFUSED/i;

/** Whether an error means the database went away (restart, failover, network), not that the statement was wrong. */
export function isConnectionLost(error: unknown): boolean {
  for (let e: any = error, depth = 0; e && depth < 4; e = e.driverError ?? e.cause, depth++) {
    if (LOST_CODES.has(e.code) || LOST_MESSAGES.test(String(e.message ?? '')) || e.name === 'QueryRunnerProviderAlreadyReleasedError') return true;
  }
  return false;
}

/** Whether the database answers now. */
export async function reachable(dataSource: DataSource): Promise<boolean> {
  return dataSource.query('SELECT 1').then(() => true, () => false);
}

/** Waits until the database answers again (or the signal aborts), checking once a second. */
export async function untilReachable(dataSource: DataSource, signal?: AbortSignal): Promise<void> {
  while (!signal?.aborted && !(await reachable(dataSource))) await sleep(1000);
}
