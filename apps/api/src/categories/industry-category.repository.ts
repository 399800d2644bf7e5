import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CategoryStatus } from '../../../../libs/domain/src/index.js';
import { IndustryCategoryEntity } from './industry-category.entity.js';

/**
 * Every SQL statement on industry_category. Methods that write, and reads that must see (or
 * lock within) a transaction, take its EntityManager.
 */
@Injectable()
export class IndustryCategoryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertMany(em: EntityManager, rows: { allianceId: string; name: string; position: number; status: CategoryStatus }[]): Promise<void> {
    await em.insert(IndustryCategoryEntity, rows);
  }

  async insert(em: EntityManager, values: { allianceId: string; name: string; status: CategoryStatus }): Promise<IndustryCategoryEntity> {
    const [{ max }] = await em.query(`SELECT coalesce(max(position), -1)::int AS max FROM industry_category WHERE alliance_id = $1`, [values.allianceId]);
    const repo = em.getRepository(IndustryCategoryEntity);
    return repo.save(repo.create({ ...values, position: max + 1 }));
  }

  list(allianceId: string, includeRetired: boolean, em: EntityManager = this.dataSource.manager): Promise<IndustryCategoryEntity[]> {
    return em.getRepository(IndustryCategoryEntity).find({
      where: { allianceId, ...(includeRetired ? {} : { status: CategoryStatus.ACTIVE }) },
      order: { status: 'ASC', position: 'ASC', name: 'ASC' },
    });
  }

  async byIds(allianceId: string, ids: readonly string[]): Promise<Map<string, IndustryCategoryEntity>> {
    const rows = await this.dataSource.getRepository(IndustryCategoryEntity).findBy({ allianceId, id: In([...ids]) });
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Which of these ids are the alliance's active categories. */
  async activeIds(em: EntityManager, allianceId: string, ids: readonly string[]): Promise<Set<string>> {
    const rows = await em.getRepository(IndustryCategoryEntity).find({ select: { id: true }, where: { allianceId, id: In([...ids]), status: CategoryStatus.ACTIVE } });
    return new Set(rows.map((r) => r.id));
  }

  async countWithStatus(allianceId: string, status: CategoryStatus): Promise<number> {
    return this.dataSource.getRepository(IndustryCategoryEntity).countBy({ allianceId, status });
  }

  /** Whether the alliance has this category and it is active. */
  async isActive(allianceId: string, id: string): Promise<boolean> {
    return (await this.dataSource.query(`SELECT 1 FROM industry_category WHERE id = $1 AND alliance_id = $2 AND status = 'ACTIVE'`, [id, allianceId])).length > 0;
  }

  findForUpdate(em: EntityManager, allianceId: string, id: string): Promise<IndustryCategoryEntity | null> {
    return em.getRepository(IndustryCategoryEntity).findOne({ where: { id, allianceId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Ids of the alliance's active categories named `name`, case aside. */
  async activeIdsNamed(em: EntityManager, allianceId: string, name: string): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `SELECT id FROM industry_category WHERE alliance_id = $1 AND status = 'ACTIVE' AND lower(name) = lower($2)`,
      [allianceId, name],
    );
    return rows.map((r) => r.id);
  }

  async update(em: EntityManager, id: string, changes: Partial<Pick<IndustryCategoryEntity, 'name' | 'status' | 'retiredAt' | 'mergedIntoId'>>): Promise<void> {
    await em.getRepository(IndustryCategoryEntity).update(id, changes);
  }
}
