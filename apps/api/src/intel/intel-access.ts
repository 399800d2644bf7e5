import { Injectable } from '@nestjs/common';
import { ReportStatus, Role, visibleSharingLevels } from '../../../../libs/domain/src/index.js';
import type { RequestContext } from '../common/request-context.js';
import type { SqlCondition } from '../members/member-access.js';
import { MembershipService } from '../members/membership.service.js';

/**
 * Who sees which intelligence: TLP 2.0 inside the alliance, built here as one query condition and
 * used by every read — lists, `node`, search, counts, networks, exports.
 *  - CLEAR, GREEN: active members, coordinators, partners with `intel:read`;
 *  - AMBER: active members, coordinators, partners with `intel:amber`;
 *  - AMBER_STRICT: the reporting organisation and the coordinators;
 *  - RED: the reporting organisation alone.
 * An organisation sees all of its own reports (drafts and retracted ones included); others see
 * published reports only.
 */
@Injectable()
export class IntelAccess {
  private readonly audience = new WeakMap<RequestContext, Promise<'COORDINATOR' | 'MEMBER' | 'PARTNER' | 'NONE'>>();

  constructor(private readonly memberships: MembershipService) {}

  async reportCondition(ctx: RequestContext, alias = 'r'): Promise<SqlCondition> {
    const who = await this.audienceOf(ctx);
    const levels = visibleSharingLevels(who, ctx.hasScope('intel:amber'));
    const params: Record<string, unknown> = { intelAlliance: ctx.allianceId, intelOrg: ctx.organisationId, intelLevels: levels, intelPublished: ReportStatus.PUBLISHED };
    const others = levels.length ? `(${alias}.status = :intelPublished AND ${alias}.sharing_level IN (:...intelLevels))` : 'false';
    const own = ctx.organisationId ? `${alias}.organisation_id = :intelOrg` : 'false';
    return { sql: `(${alias}.alliance_id = :intelAlliance AND (${own} OR ${others}))`, params };
  }

  /** Members act on intelligence only while their membership is active; asked once per request. */
  audienceOf(ctx: RequestContext): Promise<'COORDINATOR' | 'MEMBER' | 'PARTNER' | 'NONE'> {
    let found = this.audience.get(ctx);
    if (!found) {
      found = this.resolveAudience(ctx);
      this.audience.set(ctx, found);
    }
    return found;
  }

  private async resolveAudience(ctx: RequestContext): Promise<'COORDINATOR' | 'MEMBER' | 'PARTNER' | 'NONE'> {
    if (!ctx.hasScope('intel:read')) return 'NONE';
    if (ctx.role === Role.COORDINATOR) return 'COORDINATOR';
    if (ctx.role === Role.PARTNER) return 'PARTNER';
    if ((ctx.role === Role.MEMBER_ADMIN || ctx.role === Role.MEMBER_ANALYST) && (await this.isActiveMember(ctx))) return 'MEMBER';
    return 'NONE';
  }

  async isActiveMember(ctx: RequestContext): Promise<boolean> {
    if (!ctx.organisationId) return false;
    if (ctx.activeMember !== undefined) return ctx.activeMember; // read with the person at sign-in of this request
    return this.memberships.isActiveMember(ctx);
  }
}
