import type { DataSource } from 'typeorm';

/** Keys of the session-level advisory locks the app takes (one number per purpose). */
export const LOCKS = {
  /** schema migrations at start: "cm-migr" */
  migrations: 0x636d2d6d696772,
  /** creating and updating the job queues at start: "cm-jobs" */
  jobQueues: 0x636d2d6a6f6273,
} as const;

/**
 * Runs `work` while this process holds a session-level advisory lock on a connection of its own,
 * so replicas starting together do it one after the other (schema changes race and deadlock).
 */
export async function withAdvisoryLock<T>(dataSource: DataSource, key: number, work: () => Promise<T>): Promise<T> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [key]);
    return await work();
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    await lock.release();
  }
}
