import { Args, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { Roles } from '../common/auth.decorators.js';
import { badInput } from '../common/errors.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import { AuditEvent, AuditEventConnection, AuditEventsArgs } from './audit-event.model.js';
import { AuditService } from './audit.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Roles(Role.COORDINATOR)
  @Query(() => AuditEventConnection, { description: 'The alliance’s audit log, newest first' })
  async auditEvents(@Ctx() ctx: RequestContext, @Args() { first, after, filter }: AuditEventsArgs) {
    for (const field of ['targetId', 'actorId'] as const) {
      if (filter?.[field] && !UUID.test(filter[field]!)) throw badInput(`filter.${field}`, `${field} is not an id from the audit log`);
    }
    const connection = await this.audit.list(ctx, filter ?? {}, first, after);
    return { ...connection, edges: connection.edges.map((e) => ({ cursor: e.cursor, node: AuditEvent.from(e.node) })) };
  }
}
