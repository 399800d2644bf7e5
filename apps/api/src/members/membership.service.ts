import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { canTransitionMembership, MembershipStatus, type MembershipTier } from '../../../../libs/domain/src/index.js';
import { AllianceRepository } from '../alliances/alliance.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { conflict, notFound } from '../common/errors.js';
import type { RequestContext } from '../common/request-context.js';
import type { MembershipEntity } from './membership.entity.js';
import { MembershipRepository } from './membership.repository.js';

/**
 * The membership lifecycle. Every status change goes through `transition`: the table in
 * libs/domain says what is allowed, and a conditional UPDATE (… WHERE status = the status we
 * read) makes sure two concurrent changes of one membership cannot both succeed.
 */
@Injectable()
export class MembershipService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly memberships: MembershipRepository,
    private readonly audit: AuditService,
    private readonly alliances: AllianceRepository,
  ) {}

  async transition(
    em: EntityManager,
    ctx: RequestContext,
    membershipId: string,
    to: MembershipStatus,
    reason: string | null,
    field = 'membershipId',
  ): Promise<MembershipEntity> {
    const current = await this.memberships.find(em, ctx.allianceId, membershipId);
    if (!current) throw notFound('Membership', field);
    if (!canTransitionMembership(current.status, to)) throw this.illegal(current.status, to, field);
    const won = await this.memberships.changeStatus(
      em,
      { allianceId: ctx.allianceId, membershipId, from: current.status, to, reason },
      to === MembershipStatus.ACTIVE && !current.joinedOn,
    );
    if (!won) {
      // another change won the race: report the state it left behind
      const now = await this.memberships.findById(em, membershipId);
      throw this.illegal(now?.status ?? current.status, to, field);
    }
    const after = (await this.memberships.findById(em, membershipId))!;
    await this.memberships.insertTransition(em, {
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

  /**
   * An invited organisation's membership: it starts INVITED, and its first row in the transition
   * table (from nothing) says who invited it. The caller audits the invitation as a whole.
   */
  async invite(em: EntityManager, ctx: RequestContext, organisationId: string, tier: MembershipTier, categoryUuids: readonly string[]): Promise<MembershipEntity> {
    const membership = await this.memberships.create(em, { allianceId: ctx.allianceId, organisationId, tier, status: MembershipStatus.INVITED });
    await this.memberships.insertTransition(em, { allianceId: ctx.allianceId, membershipId: membership.id, fromStatus: null, toStatus: MembershipStatus.INVITED, actorId: ctx.actorId });
    await this.memberships.addCategories(em, ctx.allianceId, membership.id, categoryUuids);
    return membership;
  }

  /** A membership of the caller's alliance, optionally locked until `em`'s transaction ends; null when there is none. */
  find(em: EntityManager, ctx: RequestContext, membershipId: string, options: { lock?: boolean } = {}): Promise<MembershipEntity | null> {
    return this.memberships.find(em, ctx.allianceId, membershipId, options);
  }

  /** The membership of an organisation of the caller's alliance; null when it has none. */
  ofOrganisation(em: EntityManager, ctx: RequestContext, organisationId: string): Promise<MembershipEntity | null> {
    return this.memberships.findByOrganisation(em, ctx.allianceId, organisationId);
  }

  categoryCount(em: EntityManager, membershipId: string): Promise<number> {
    return this.memberships.countCategories(em, membershipId);
  }

  /** Whether the caller's organisation is an active member (read now; the RequestContext may already know). */
  async isActiveMember(ctx: RequestContext): Promise<boolean> {
    if (!ctx.organisationId) return false;
    return this.memberships.isActiveMember(ctx.allianceId, ctx.organisationId);
  }

  /** The names an invitation shows before anyone signs in. */
  async invitationNames(membershipId: string): Promise<{ organisationName: string; allianceName: string }> {
    const { organisationName, allianceId } = await this.memberships.organisationNameAndAlliance(membershipId);
    const alliance = await this.alliances.findById(allianceId);
    return { organisationName, allianceName: alliance!.name };
  }

  private illegal(from: MembershipStatus, to: MembershipStatus, field: string) {
    return conflict(`The membership is ${from}; it cannot become ${to}`, { currentStatus: from }, field);
  }
}
