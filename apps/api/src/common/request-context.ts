import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { unauthenticated } from './errors.js';

export type ActorKind = 'USER' | 'API_KEY';

/** A RequestContext as plain JSON: what a background job carries from the request that queued it. */
export interface SerialisedContext {
  actorId: string;
  actorKind: ActorKind;
  allianceId: string;
  organisationId: string | null;
  role: Role;
  scopes: string[];
  activeMember?: boolean;
}

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
    /** The session token's id, when the request came with one (to sign that session out). */
    readonly sessionId?: string,
  ) {}

  get isCoordinator(): boolean {
    return this.role === Role.COORDINATOR;
  }

  hasScope(scope: string): boolean {
    return this.scopes.has(scope);
  }

  toJSON(): SerialisedContext {
    return {
      actorId: this.actorId, actorKind: this.actorKind, allianceId: this.allianceId, organisationId: this.organisationId, role: this.role, scopes: [...this.scopes],
      ...(this.activeMember === undefined ? {} : { activeMember: this.activeMember }),
    };
  }

  /** The one way a job's context is rebuilt: exactly the rights of the request that queued it. */
  static fromJSON(s: SerialisedContext): RequestContext {
    return new RequestContext(s.actorId, s.actorKind, s.allianceId, s.organisationId, s.role, new Set(s.scopes), s.activeMember);
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

/** The caller of a GraphQL operation, from its context: HTTP puts it on the request, graphql-ws on the context. */
export function callerOf(context: Partial<GraphQLRequestContext> | undefined): RequestContext | undefined {
  return context?.requestContext ?? context?.req?.requestContext;
}

export function requestContextOf(context: ExecutionContext): RequestContext | undefined {
  return callerOf(GqlExecutionContext.create(context).getContext<GraphQLRequestContext>());
}

/** `@Ctx() ctx: RequestContext` in a resolver. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => {
  const ctx = requestContextOf(context);
  if (!ctx) throw unauthenticated();
  return ctx;
});
