import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { EvidenceFileEntity } from './evidence-file.entity.js';

/** The placeholder `byIds` binds to the caller's organisation, for the conditions of file grants. */
export const ORGANISATION_PARAM = ':org';

/** Every SQL statement on evidence_file. */
@Injectable()
export class EvidenceFileRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts the row and answers it as stored. */
  async insert(em: EntityManager, values: Omit<EvidenceFileEntity, 'createdAt'>): Promise<EvidenceFileEntity> {
    const repo = em.getRepository(EvidenceFileEntity);
    await repo.insert(repo.create(values));
    return repo.findOneByOrFail({ id: values.id });
  }

  /** The alliance's file with this id, whoever uploaded it. */
  find(allianceId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<EvidenceFileEntity | null> {
    return em.getRepository(EvidenceFileEntity).findOneBy({ id, allianceId });
  }

  /**
   * The alliance's files with these ids, of `organisationId` only unless it is undefined (a
   * coordinator), and only where every condition (SQL on `f.id`) holds; `granted` widens the
   * organisation's files by conditions that may use ORGANISATION_PARAM (bound to `organisationId`).
   */
  async byIds(allianceId: string, ids: readonly string[], organisationId: string | undefined, conditions: string[], granted: string[] = []): Promise<EvidenceFileEntity[]> {
    const qb = this.dataSource.getRepository(EvidenceFileEntity).createQueryBuilder('f').where('f.alliance_id = :alliance AND f.id IN (:...ids)', { alliance: allianceId, ids });
    if (organisationId !== undefined) qb.andWhere(`(${[`f.organisation_id = ${ORGANISATION_PARAM}`, ...granted].join(' OR ')})`, { org: organisationId });
    for (const condition of conditions) qb.andWhere(condition);
    return qb.getMany();
  }
}
