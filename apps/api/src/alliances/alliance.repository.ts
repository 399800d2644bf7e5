import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AllianceEntity } from './alliance.entity.js';

/**
 * Every SQL statement on alliance. Other contexts read an alliance through AllianceService or,
 * for a value they need inside their own work, through the methods here. Methods that write, and
 * reads that must see a transaction's writes, take its EntityManager.
 */
@Injectable()
export class AllianceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<AllianceEntity | null> {
    return em.getRepository(AllianceEntity).findOneBy({ id });
  }

  findBySlug(em: EntityManager, slug: string): Promise<AllianceEntity | null> {
    return em.getRepository(AllianceEntity).findOneBy({ slug });
  }

  /** The row, locked for this transaction's update. */
  findForUpdate(em: EntityManager, id: string): Promise<AllianceEntity | null> {
    return em.getRepository(AllianceEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Inserts the alliance and answers it as stored (with its defaults). */
  async insert(em: EntityManager, values: Partial<AllianceEntity>): Promise<AllianceEntity> {
    const repo = em.getRepository(AllianceEntity);
    const saved = await repo.save(repo.create(values));
    return repo.findOneByOrFail({ id: saved.id });
  }

  /** `before` with `changes` applied, saved; answers the new row. */
  async update(em: EntityManager, before: AllianceEntity, changes: Partial<AllianceEntity>): Promise<AllianceEntity> {
    const repo = em.getRepository(AllianceEntity);
    const after = repo.merge(repo.create({ ...before }), changes);
    await repo.save(after);
    return after;
  }

  /** Intelligence's over-correlation limit (the coordinators' control, audited by intelligence). */
  async setCorrelationLimit(em: EntityManager, id: string, limit: number): Promise<void> {
    await em.query(`UPDATE alliance SET correlation_limit = $2, updated_at = now() WHERE id = $1`, [id, limit]);
  }

  async count(): Promise<number> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM alliance`);
    return count;
  }
}
