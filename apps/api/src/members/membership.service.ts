import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { canTransitionMembership, MembershipStatus } from '../../../../libs/domain/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { conflict, notFound } from '../common/errors.js';
import type { RequestContext } from '../common/request-context.js';
import { MembershipEntity, MembershipTransitionEntity } from './membership.entity.js';

/**
 * The membership lifecycle. Every status change goes through `transition`: the table in
 * libs/domain says what is allowed, and a conditional UPDATE (… WHERE status = the status we
 * read) makes sure two concurrent changes of one membership cannot both succeed.
 */
@Injectable()
export class MembershipService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async transition(
    em: EntityManager,
    ctx: RequestContext,
    membershipId: string,
    to: MembershipStatus,
    reason: string | null,
    field = 'membershipId',
  ): Promise<MembershipEntity> {
    const current = await em.getRepository(MembershipEntity).findOneBy({ id: membershipId, allianceId: ctx.allianceId });
    if (!current) throw notFound('Membership', field);
    if (!canTransitionMembership(current.status, to)) throw this.illegal(current.status, to, field);
    const result = await em
      .createQueryBuilder()
      .update(MembershipEntity)
      .set({
        status: to,
        statusReason: reason,
        version: () => 'version + 1',
        ...(to === MembershipStatus.ACTIVE && !current.joinedOn ? { joinedOn: () => 'current_date' } : {}),
      })
      .where('id = :id AND alliance_id = :alliance AND status = :from', { id: membershipId, alliance: ctx.allianceId, from: current.status })
      .returning('*')
      .execute();
    if (result.affected !== 1) {
      // another change won the race: report the state it left behind
      const now = await em.getRepository(MembershipEntity).findOneBy({ id: membershipId });
      throw this.illegal(now?.status ?? current.status, to, field);
    }
    const after = await em.getRepository(MembershipEntity).findOneByOrFail({ id: membershipId });
    await em.insert(MembershipTransitionEntity, {
      allianceId: ctx.allianceId,
      membershipId,
      fromStatus: current.status,
      toStatus: to,
      reason,
      actorId: ctx.actorId,
    });
    await this.audit.record(em, ctx, { action: `membership.${to.toLowerCase()}`, targetType: 'Membership', targetId: membershipId, before: current, after });
    return after;
  }

  /** Runs `transition` in a transaction of its own. */
  async change(ctx: RequestContext, membershipId: string, to: MembershipStatus, reason: string | null): Promise<MembershipEntity> {
    return this.dataSource.transaction((em) => this.transition(em, ctx, membershipId, to, reason));
  }

  private illegal(from: MembershipStatus, to: MembershipStatus, field: string) {
    return conflict(`The membership is ${from}; it cannot become ${to}`, { currentStatus: from }, field);
  }
}
