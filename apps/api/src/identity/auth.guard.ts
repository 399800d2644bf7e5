import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Role } from '../../../../libs/domain/src/index.js';
import { IS_PUBLIC, ROLES, SCOPES } from '../common/auth.decorators.js';
import { forbidden, unauthenticated } from '../common/errors.js';
import type { RequestContext } from '../common/request-context.js';
import { actAs } from '../database/tenancy.js';
import { AuthService } from './auth.service.js';
import { clearSessionCookie, type HttpExchange, type SessionCookieRequest } from './session-cookie.js';

interface RequestWithContext extends SessionCookieRequest {
  secure?: boolean;
  requestContext?: RequestContext;
  requestContextPromise?: Promise<RequestContext>;
}

/**
 * Every operation needs credentials unless marked @Public; roles and scopes are checked here.
 * The context is built once per HTTP request and shared by every resolver of the operation.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    // a field of an object type: the operation was let in already; only its own @Roles/@Scopes count
    // (so a field of a public answer, the user of `login`, needs nothing more)
    const field = isFieldResolver(context);
    if (field && !this.reflector.getAllAndOverride(ROLES, [context.getHandler()]) && !this.reflector.getAllAndOverride(SCOPES, [context.getHandler()])) return true;
    const { req, res } = exchangeOf(context);
    if (!field && this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const header = req?.headers?.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : null;
    if (!req || !token) throw req?.cookieRefused ?? unauthenticated();
    req.requestContextPromise ??= this.auth.authenticate(token);
    let ctx: RequestContext;
    try {
      ctx = req.requestContext = await req.requestContextPromise;
      actAs(ctx.allianceId); // also when the body's size check authenticated before the request's scope began
    } catch (error) {
      // a cookie whose session ended (signed out, expired) is forgotten with the answer that refuses it
      if (req.sessionFromCookie) clearSessionCookie({ req, res });
      throw error;
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(ctx.role)) throw forbidden();
    const scopes = this.reflector.getAllAndOverride<string[] | undefined>(SCOPES, targets);
    if (scopes && !scopes.every((s) => ctx.hasScope(s))) throw forbidden(`Needs scope ${scopes.join(', ')}`);
    return true;
  }
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

function isFieldResolver(context: ExecutionContext): boolean {
  if (context.getType<string>() !== 'graphql') return false;
  return !ROOT_TYPES.has(GqlExecutionContext.create(context).getInfo<{ parentType: { name: string } }>().parentType.name);
}

function exchangeOf(context: ExecutionContext): { req?: RequestWithContext; res?: HttpExchange['res'] } {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req?: RequestWithContext; res?: HttpExchange['res'] }>();
  }
  return { req: context.switchToHttp().getRequest<RequestWithContext>(), res: context.switchToHttp().getResponse<HttpExchange['res']>() };
}
