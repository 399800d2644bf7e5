import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { unauthenticated } from './errors.js';

export type ActorKind = 'USER' | 'API_KEY';

/**
 * Who is acting, in which alliance, with which rights. Built once per request by the auth guard
 * and passed first to every service call, so tenant and visibility rules cannot be forgotten.
 */
export class RequestContext {
  constructor(
    readonly actorId: string,
    readonly actorKind: ActorKind,
    readonly allianceId: string,
    readonly organisationId: string | null,
    readonly role: Role,
    readonly scopes: ReadonlySet<string>,
    /** Whether the organisation was an active member when the request was authenticated; absent: not known yet. */
    readonly activeMember?: boolean,
  ) {}

  get isCoordinator(): boolean {
    return this.role === Role.COORDINATOR;
  }

  hasScope(scope: string): boolean {
    return this.scopes.has(scope);
  }

  /** For background work and seeding: acts as the system inside one alliance. */
  static system(allianceId: string): RequestContext {
    return new RequestContext('00000000-0000-0000-0000-000000000000', 'USER', allianceId, null, Role.COORDINATOR, new Set(['*']));
  }
}

export interface GraphQLRequestContext {
  req: { headers: Record<string, string | string[] | undefined>; requestContext?: RequestContext };
  requestContext?: RequestContext;
}

export function requestContextOf(context: ExecutionContext): RequestContext | undefined {
  const gql = GqlExecutionContext.create(context).getContext<GraphQLRequestContext>();
  return gql.requestContext ?? gql.req?.requestContext;
}

/** `@Ctx() ctx: RequestContext` in a resolver. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => {
  const ctx = requestContextOf(context);
  if (!ctx) throw unauthenticated();
  return ctx;
});
