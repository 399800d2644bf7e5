import { Role } from '../../../../libs/domain/src/index.js';
import type { RequestContext } from '../common/request-context.js';
import type { SqlCondition } from '../common/sql-condition.js';

/**
 * SQL: the organisation on `alias` is a partner of its alliance and the caller may see partners
 * (everyone but a partner without `directory:read`). MemberAccess adds it to the organisations
 * a caller sees.
 */
export function partnerOrganisationCondition(ctx: RequestContext, alias: string): SqlCondition {
  return {
    sql: `(:seesPartners AND EXISTS (SELECT 1 FROM partnership p WHERE p.organisation_id = ${alias}.id AND p.alliance_id = ${alias}.alliance_id))`,
    params: { seesPartners: ctx.role !== Role.PARTNER || ctx.hasScope('directory:read') },
  };
}
