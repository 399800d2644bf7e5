import { Args, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { Roles } from '../common/auth.decorators.js';
import { badInput } from '../common/errors.js';
import { parseGlobalId } from '../common/node.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import { mapConnection } from '../common/pagination.js';
import { AuditEvent, AuditEventConnection, AuditEventsArgs } from './audit-event.model.js';
import { AuditService } from './audit.service.js';


@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Roles(Role.COORDINATOR)
  @Query(() => AuditEventConnection, { description: 'The alliance’s audit log, newest first' })
  async auditEvents(@Ctx() ctx: RequestContext, @Args() { first, after, filter }: AuditEventsArgs) {
    const uuid = (field: 'targetId' | 'actorId') => {
      const id = filter?.[field];
      if (!id) return undefined;
      const parsed = parseGlobalId(id);
      if (!parsed) throw badInput(`filter.${field}`, `${field} is not an id`);
      return parsed.uuid;
    };
    const connection = await this.audit.list(ctx, { ...filter, targetId: uuid('targetId'), actorId: uuid('actorId') }, first, after);
    return mapConnection(connection, AuditEvent.from);
  }
}
