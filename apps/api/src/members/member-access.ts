import { Injectable } from '@nestjs/common';
import { MembershipStatus, Role } from '../../../../libs/domain/src/index.js';
import type { RequestContext } from '../common/request-context.js';
import type { SqlCondition } from '../common/sql-condition.js';
import { MembershipRepository } from './membership.repository.js';

export type { SqlCondition };

/**
 * SQL: whether the organisation in `organisationColumn` is an active member of the alliance in
 * `allianceColumn`, for a query of another context that needs the answer in its own round trip
 * (a session's RequestContext, a watchlist's holders).
 */
export function activeMemberCondition(allianceColumn: string, organisationColumn: string): string {
  return `EXISTS (SELECT 1 FROM membership am WHERE am.alliance_id = ${allianceColumn} AND am.organisation_id = ${organisationColumn} AND am.status = '${MembershipStatus.ACTIVE}')`;
}

/** SQL: the status of the organisation's membership of the alliance (NULL when it has none), for the same kind of query. */
export function membershipStatusOf(allianceColumn: string, organisationColumn: string): string {
  return `(SELECT sm.status FROM membership sm WHERE sm.alliance_id = ${allianceColumn} AND sm.organisation_id = ${organisationColumn})`;
}

/**
 * Who may see which memberships, organisations and brands: built here as query conditions and
 * reused by the directory, the figures, `node`, and every loader, so no read path can skip it.
 *  - coordinators: every membership of their alliance;
 *  - members, reviewers, partners with `directory:read`: active members, plus their own organisation;
 *  - anyone else: their own organisation only.
 */
@Injectable()
export class MemberAccess {
  private readonly alsoVisible: ((ctx: RequestContext, organisationAlias: string) => SqlCondition)[] = [];

  constructor(private readonly memberships: MembershipRepository) {}

  /**
   * A context above makes more organisations visible (partners: partner organisations): SQL on
   * the organisation's alias, written by that context, since the table is its own.
   */
  showAlso(condition: (ctx: RequestContext, organisationAlias: string) => SqlCondition): void {
    this.alsoVisible.push(condition);
  }

  membershipCondition(ctx: RequestContext, alias = 'm'): SqlCondition {
    const params: Record<string, unknown> = { accessAlliance: ctx.allianceId, accessOrg: ctx.organisationId, accessActive: MembershipStatus.ACTIVE };
    if (ctx.role === Role.COORDINATOR) return { sql: `${alias}.alliance_id = :accessAlliance`, params };
    if (ctx.hasScope('directory:read')) {
      return { sql: `${alias}.alliance_id = :accessAlliance AND (${alias}.status = :accessActive OR ${alias}.organisation_id = :accessOrg)`, params };
    }
    return { sql: `${alias}.alliance_id = :accessAlliance AND ${alias}.organisation_id = :accessOrg`, params };
  }

  /** Rows owned by a member organisation (brands, trademarks) are visible when its membership is. */
  memberOwnedCondition(ctx: RequestContext, organisationColumn: string): SqlCondition {
    const m = this.membershipCondition(ctx, 'vm');
    return {
      sql: `(${organisationColumn} = :accessOrg OR EXISTS (SELECT 1 FROM membership vm WHERE vm.organisation_id = ${organisationColumn} AND ${m.sql}))`,
      params: m.params,
    };
  }

  /** The subset of these organisations the caller may see (members by the rule above; partners to every user). */
  async visibleOrganisationIds(ctx: RequestContext, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return this.memberships.organisationIdsWhere(ctx.allianceId, ids, this.organisationCondition(ctx, 'o'));
  }

  /** Organisations (alias `alias`) the caller may see, by the rule above. */
  organisationCondition(ctx: RequestContext, alias = 'o'): SqlCondition {
    const m = this.membershipCondition(ctx, 'm');
    const also = this.alsoVisible.map((condition) => condition(ctx, alias));
    return {
      sql: `(${alias}.id = :own OR EXISTS (SELECT 1 FROM membership m WHERE m.organisation_id = ${alias}.id AND ${m.sql})${also.map((c) => `\n          OR ${c.sql}`).join('')})`,
      params: Object.assign({ ...m.params, own: ctx.organisationId }, ...also.map((c) => c.params)),
    };
  }

  /** Member admins act for their own organisation only; coordinators for any in their alliance. */
  canManageOrganisation(ctx: RequestContext, organisationId: string): boolean {
    return ctx.role === Role.COORDINATOR || (ctx.role === Role.MEMBER_ADMIN && ctx.organisationId === organisationId);
  }
}
