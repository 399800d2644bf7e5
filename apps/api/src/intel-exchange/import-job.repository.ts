import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ImportJobEntity } from './import-job.entity.js';

/** An import waiting to be queued: what its job carries. */
export interface QueuedImport {
  id: string;
  file_name: string;
  alliance_id: string;
}

/** What a batch of an import wrote, and the checkpoint it moves from `from` to `done`. */
export interface Checkpoint {
  from: number;
  done: number;
  created: number;
  already: number;
  indicators: number;
}

type Problem = { where: string; message: string };

/**
 * Every statement on import_job. A running import is fenced by its `worker`: the statements that
 * a worker makes on its import's row hold only while the row still names that worker.
 */
@Injectable()
export class ImportJobRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- reads ---------------------------------------------------------------------------------

  find(id: string, em: EntityManager = this.dataSource.manager): Promise<ImportJobEntity> {
    return em.getRepository(ImportJobEntity).findOneByOrFail({ id });
  }

  /** The alliance's imports by id; with `organisationId`, that organisation's only. */
  byIds(allianceId: string, ids: readonly string[], organisationId?: string): Promise<ImportJobEntity[]> {
    const qb = this.dataSource.getRepository(ImportJobEntity).createQueryBuilder('j').where('j.alliance_id = :a AND j.id IN (:...ids)', { a: allianceId, ids });
    if (organisationId) qb.andWhere('j.organisation_id = :org', { org: organisationId });
    return qb.getMany();
  }

  /** The count of the alliance's imports (with `organisationId`, that organisation's), and up to `limit` of them newest first after the import `afterId`. */
  async page(allianceId: string, organisationId: string | undefined, afterId: unknown, limit: number): Promise<{ totalCount: number; rows: ImportJobEntity[] }> {
    const qb = this.dataSource.getRepository(ImportJobEntity).createQueryBuilder('j').where('j.alliance_id = :a', { a: allianceId });
    if (organisationId) qb.andWhere('j.organisation_id = :org', { org: organisationId });
    const totalCount = await qb.clone().getCount();
    if (afterId !== undefined) qb.andWhere('(j.created_at, j.id) < (SELECT c.created_at, c.id FROM import_job c WHERE c.id = :cId::uuid)', { cId: afterId }); // exact timestamps, not a Date's milliseconds
    const rows = await qb.orderBy('j.created_at', 'DESC').addOrderBy('j.id', 'DESC').limit(limit).getMany();
    return { totalCount, rows };
  }

  queued(em: EntityManager): Promise<QueuedImport[]> {
    return em.query(`SELECT id, file_name, alliance_id FROM import_job WHERE status = 'QUEUED'`);
  }

  /** Up to 10,000 imports that ended before `days` ago and still keep their file, oldest first. */
  endedBefore(days: number): Promise<{ id: string; storage_key: string }[]> {
    return this.dataSource.query(
      `SELECT id, storage_key FROM import_job
        WHERE file_deleted_at IS NULL AND status IN ('COMPLETED', 'FAILED') AND finished_at < now() - make_interval(days => $1)
        ORDER BY finished_at LIMIT 10000`,
      [days],
    );
  }

  // ---- writes --------------------------------------------------------------------------------

  async insert(em: EntityManager, values: Pick<ImportJobEntity, 'id' | 'allianceId' | 'organisationId' | 'userId' | 'format' | 'fileName' | 'storageKey' | 'sizeBytes' | 'sha256' | 'status'>): Promise<void> {
    await em.getRepository(ImportJobEntity).insert(em.getRepository(ImportJobEntity).create(values));
  }

  /** A failed import about to be retried waits again. */
  async requeueFailed(em: EntityManager, id: string): Promise<void> {
    await em.query(`UPDATE import_job SET status = 'QUEUED', worker = NULL, finished_at = NULL WHERE id = $1 AND status = 'FAILED'`, [id]);
  }

  /** Running imports whose heartbeat is older than `staleSeconds` wait again; the ones it found. */
  async requeueStale(em: EntityManager, staleSeconds: number): Promise<QueuedImport[]> {
    return rowsOf(await em.query(
      `UPDATE import_job SET status = 'QUEUED', worker = NULL WHERE status = 'RUNNING' AND heartbeat_at < now() - make_interval(secs => $1) RETURNING id, file_name, alliance_id`,
      [staleSeconds],
    ));
  }

  /** `worker` takes the import if it waits, or if its worker's heartbeat is older than `staleSeconds`. Whether it did. */
  async claim(id: string, worker: string, staleSeconds: number): Promise<boolean> {
    const claimed = rowsOf(await this.dataSource.query(
      `UPDATE import_job SET status = 'RUNNING', worker = $2, heartbeat_at = now(), started_at = coalesce(started_at, now())
        WHERE id = $1 AND (status = 'QUEUED' OR (status = 'RUNNING' AND heartbeat_at < now() - make_interval(secs => $3))) RETURNING id`,
      [id, worker, staleSeconds],
    ));
    return claimed.length > 0;
  }

  /** The worker's import ends FAILED with `problems` added to its errors. */
  async fail(id: string, worker: string, problems: Problem[]): Promise<void> {
    await this.dataSource.query(`UPDATE import_job SET status = 'FAILED', finished_at = now(), errors = errors || $2::jsonb, error_count = error_count + 1 WHERE id = $1 AND worker = $3`, [
      id,
      JSON.stringify(problems),
      worker,
    ]);
  }

  /** The import ends FAILED with `problems` added to its errors, whoever worked on it. */
  async failUnclaimed(id: string, problems: Problem[]): Promise<void> {
    await this.dataSource.query(`UPDATE import_job SET status = 'FAILED', worker = NULL, finished_at = now(), errors = errors || $2::jsonb, error_count = error_count + 1 WHERE id = $1`, [
      id,
      JSON.stringify(problems),
    ]);
  }

  /** The worker lets its import go: it waits again. */
  async release(id: string, worker: string): Promise<void> {
    await this.dataSource.query(`UPDATE import_job SET status = 'QUEUED', worker = NULL WHERE id = $1 AND worker = $2`, [id, worker]);
  }

  /**
   * Hands the import back to the queue in `em`'s transaction: the worker's running import
   * (`claimed`), or one still waiting for it. What its next job carries, if it was handed back.
   */
  async handBack(em: EntityManager, id: string, worker: string, claimed: boolean): Promise<Pick<QueuedImport, 'file_name' | 'alliance_id'> | undefined> {
    const rows = rowsOf(await em.query(
      `UPDATE import_job SET status = 'QUEUED', worker = NULL WHERE id = $1 AND ${claimed ? `status = 'RUNNING' AND worker = $2` : `status = 'QUEUED' AND $2::text IS NOT NULL`} RETURNING file_name, alliance_id`,
      [id, worker],
    ));
    return rows[0];
  }

  /** Sets these fields and the heartbeat. */
  async heartbeat(id: string, fields: Partial<ImportJobEntity> = {}): Promise<void> {
    await this.dataSource.getRepository(ImportJobEntity).update(id, { ...fields, heartbeatAt: new Date() });
  }

  /**
   * Moves the checkpoint in the batch's transaction, adding what it wrote. Whether it moved: not
   * when another worker took the import over, or the checkpoint is not at `from`.
   */
  async moveCheckpoint(em: EntityManager, id: string, worker: string, c: Checkpoint): Promise<boolean> {
    const [, moved] = await em.query(
      `UPDATE import_job SET reports_done = $2, reports_created = reports_created + $3, reports_already_imported = reports_already_imported + $4,
                             indicators_created = indicators_created + $5, heartbeat_at = now() WHERE id = $1 AND worker = $6 AND reports_done = $7`,
      [id, c.done, c.created, c.already, c.indicators, worker, c.from],
    );
    return moved === 1;
  }

  async markFileDeleted(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE import_job SET file_deleted_at = now() WHERE id = $1 AND file_deleted_at IS NULL`, [id]);
  }
}

/** TypeORM answers UPDATE … RETURNING as [rows, count]. */
function rowsOf(result: unknown): any[] {
  return Array.isArray(result) && Array.isArray(result[0]) ? result[0] : (result as any[]);
}
