import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Role } from '../../../../libs/domain/src/index.js';
import type { RequestContext } from '../common/request-context.js';
import { PartnershipEntity } from './partnership.entity.js';

/** Every SQL statement on partnership. */
@Injectable()
export class PartnershipRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Coordinators see every partnership; a partner sees its own; members see active ones. */
  private visibleQuery(ctx: RequestContext) {
    const qb = this.dataSource.getRepository(PartnershipEntity).createQueryBuilder('p').where('p.alliance_id = :alliance', { alliance: ctx.allianceId });
    if (ctx.role === Role.PARTNER) qb.andWhere('p.organisation_id = :org', { org: ctx.organisationId });
    else if (!ctx.isCoordinator) qb.andWhere(`p.status = 'ACTIVE'`);
    return qb;
  }

  /** The visible ones (of these ids, when given), oldest first. */
  visible(ctx: RequestContext, ids?: readonly string[]): Promise<PartnershipEntity[]> {
    const qb = this.visibleQuery(ctx);
    if (ids) qb.andWhere('p.id IN (:...ids)', { ids: ids.length ? ids : ['00000000-0000-0000-0000-000000000000'] });
    return qb.orderBy('p.created_at').getMany();
  }

  /** One page of the visible ones after the cursor's (created_at, id), and the count of all. */
  async page(ctx: RequestContext, afterId: unknown, limit: number): Promise<{ totalCount: number; rows: PartnershipEntity[] }> {
    const qb = this.visibleQuery(ctx);
    const totalCount = await qb.clone().getCount();
    if (afterId !== undefined) qb.andWhere('(p.created_at, p.id) > (SELECT c.created_at, c.id FROM partnership c WHERE c.id = :cId::uuid)', { cId: afterId }); // exact timestamps, not a Date's milliseconds
    const rows = await qb.orderBy('p.created_at', 'ASC').addOrderBy('p.id', 'ASC').limit(limit).getMany();
    return { totalCount, rows };
  }

  /** The scopes of the organisation's active partnership (none without one). */
  async activeScopes(allianceId: string, organisationId: string): Promise<string[]> {
    const rows: { scopes: string[] }[] = await this.dataSource.query(
      `SELECT scopes FROM partnership WHERE alliance_id = $1 AND organisation_id = $2 AND status = 'ACTIVE'`,
      [allianceId, organisationId],
    );
    return rows[0]?.scopes ?? [];
  }

  async insert(em: EntityManager, values: Pick<PartnershipEntity, 'allianceId' | 'organisationId' | 'kind' | 'scopes' | 'status'>): Promise<PartnershipEntity> {
    const repo = em.getRepository(PartnershipEntity);
    return repo.save(repo.create(values));
  }

  find(em: EntityManager, allianceId: string, id: string): Promise<PartnershipEntity | null> {
    return em.getRepository(PartnershipEntity).findOneBy({ id, allianceId });
  }

  findForUpdate(em: EntityManager, allianceId: string, id: string): Promise<PartnershipEntity | null> {
    return em.getRepository(PartnershipEntity).findOne({ where: { id, allianceId }, lock: { mode: 'pessimistic_write' } });
  }

  async update(em: EntityManager, id: string, changes: Partial<Pick<PartnershipEntity, 'scopes' | 'status' | 'endedAt'>>): Promise<void> {
    await em.getRepository(PartnershipEntity).update(id, changes);
  }
}
