import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MembershipStatus, Role } from '../../../../libs/domain/src/index.js';
import type { RequestContext } from '../common/request-context.js';

export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * SQL: whether the organisation in `organisationColumn` is an active member of the alliance in
 * `allianceColumn`, for a query of another context that needs the answer in its own round trip
 * (a session's RequestContext, a watchlist's holders).
 */
export function activeMemberCondition(allianceColumn: string, organisationColumn: string): string {
  return `EXISTS (SELECT 1 FROM membership am WHERE am.alliance_id = ${allianceColumn} AND am.organisation_id = ${organisationColumn} AND am.status = '${MembershipStatus.ACTIVE}')`;
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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
    const m = this.membershipCondition(ctx, 'm');
    const qb = this.dataSource
      .createQueryBuilder()
      .select('o.id', 'id')
      .from('organisation', 'o')
      .where('o.alliance_id = :alliance AND o.id IN (:...ids)', { alliance: ctx.allianceId, ids })
      .andWhere(
        `(o.id = :own OR EXISTS (SELECT 1 FROM membership m WHERE m.organisation_id = o.id AND ${m.sql})
          OR (:seesPartners AND EXISTS (SELECT 1 FROM partnership p WHERE p.organisation_id = o.id AND p.alliance_id = o.alliance_id)))`,
        { ...m.params, own: ctx.organisationId, seesPartners: ctx.role !== Role.PARTNER || ctx.hasScope('directory:read') },
      );
    const rows: { id: string }[] = await qb.getRawMany();
    return new Set(rows.map((r) => r.id));
  }

  /** Member admins act for their own organisation only; coordinators for any in their alliance. */
  canManageOrganisation(ctx: RequestContext, organisationId: string): boolean {
    return ctx.role === Role.COORDINATOR || (ctx.role === Role.MEMBER_ADMIN && ctx.organisationId === organisationId);
  }
}
