import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { SqlCondition } from '../common/sql-condition.js';
import { OrganisationEntity } from './organisation.entity.js';

export type OrganisationValues = Pick<OrganisationEntity, 'allianceId' | 'name' | 'kind'> & Partial<Pick<OrganisationEntity, 'legalName' | 'country' | 'website' | 'description'>>;
export type OrganisationFields = Pick<OrganisationEntity, 'name' | 'legalName' | 'country' | 'website' | 'description'>;

/**
 * Every SQL statement on organisation (the directory's join is MembershipRepository's, over its
 * own membership rows). Other contexts create and read organisations through these methods.
 */
@Injectable()
export class OrganisationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts the organisation and answers it as saved. */
  async create(em: EntityManager, values: OrganisationValues): Promise<OrganisationEntity> {
    const repo = em.getRepository(OrganisationEntity);
    return repo.save(repo.create(values));
  }

  /** The organisation, or an error when there is none (callers hold its id from a row that references it). */
  findByIdOrFail(em: EntityManager, id: string): Promise<OrganisationEntity> {
    return em.getRepository(OrganisationEntity).findOneByOrFail({ id });
  }

  findById(em: EntityManager, id: string): Promise<OrganisationEntity | null> {
    return em.getRepository(OrganisationEntity).findOneBy({ id });
  }

  findForUpdate(em: EntityManager, allianceId: string, id: string): Promise<OrganisationEntity> {
    return em.getRepository(OrganisationEntity).findOneOrFail({ where: { id, allianceId }, lock: { mode: 'pessimistic_write' } });
  }

  /** The organisations of `ids` that `visible` lets through (MemberAccess.organisationCondition on alias o), in one statement. */
  async visibleByIds(allianceId: string, ids: readonly string[], visible: SqlCondition): Promise<Map<string, OrganisationEntity>> {
    const rows = await this.dataSource.getRepository(OrganisationEntity).createQueryBuilder('o')
      .where('o.alliance_id = :alliance AND o.id IN (:...ids)', { alliance: allianceId, ids })
      .andWhere(visible.sql, visible.params)
      .getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  async update(em: EntityManager, id: string, fields: Partial<OrganisationFields>): Promise<void> {
    await em.getRepository(OrganisationEntity).update(id, fields);
  }

  /** The organisation's name (a reader who may know who it is, e.g. an accepted contact request). */
  async name(em: EntityManager, id: string): Promise<string | undefined> {
    const [row] = await em.query(`SELECT name FROM organisation WHERE id = $1`, [id]);
    return row?.name;
  }
}
