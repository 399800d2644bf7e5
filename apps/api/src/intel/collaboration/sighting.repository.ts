import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { SqlCondition } from '../../common/sql-condition.js';
import { SightingEntity } from './sighting.entity.js';

/** Every SQL statement on sighting. */
@Injectable()
export class SightingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the indicator is in a report that `visible` (on alias r) lets through. */
  async indicatorVisible(indicatorId: string, visible: SqlCondition): Promise<boolean> {
    const row = await this.dataSource.createQueryBuilder().select('i.id', 'id').from('indicator', 'i').innerJoin('intel_report', 'r', 'r.id = i.report_id')
      .where('i.id = :id', { id: indicatorId }).andWhere(visible.sql, visible.params).getRawOne();
    return !!row;
  }

  /** Inserts the sighting and answers it as stored. */
  async insert(em: EntityManager, values: Pick<SightingEntity, 'allianceId' | 'indicatorId' | 'organisationId' | 'userId' | 'seenAt' | 'note'>): Promise<SightingEntity> {
    const repo = em.getRepository(SightingEntity);
    const sighting = repo.create(values);
    await repo.insert(sighting);
    return repo.findOneByOrFail({ id: sighting.id });
  }

  /** Newest first. */
  byIndicatorIds(allianceId: string, ids: readonly string[]): Promise<SightingEntity[]> {
    return this.dataSource.getRepository(SightingEntity).find({ where: { allianceId, indicatorId: In([...ids]) }, order: { seenAt: 'DESC' } });
  }
}
