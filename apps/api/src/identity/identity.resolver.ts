import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Public } from '../common/auth.decorators.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { AuthService } from './auth.service.js';
import { LoginInput } from './dto/login.input.js';
import { clearSessionCookie, setSessionCookie, type HttpExchange } from './session-cookie.js';
import { UserRepository } from './user.repository.js';
import { LoginPayload, User, Viewer } from './user.model.js';

@Resolver()
export class IdentityResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UserRepository,
    private readonly apiKeys: ApiKeyRepository,
  ) {}

  @Public()
  @Mutation(() => LoginPayload, {
    description: 'Exchange an e-mail and password for a session token (for `Authorization: Bearer`); over HTTP it also sets the web client’s HttpOnly session cookie',
  })
  async login(@Args('input') input: LoginInput, @Context() http: HttpExchange & { req?: { ip?: string } }): Promise<LoginPayload> {
    const { token, expiresAt, user } = await this.auth.login(input.email, input.password, http.req?.ip ?? 'unknown');
    setSessionCookie(http, token, expiresAt);
    return { token, expiresAt, user: User.from(user) };
  }

  @Mutation(() => Boolean, { description: 'Ends this session: its token stops working at once (and the session cookie is cleared)' })
  async signOut(@Ctx() ctx: RequestContext, @Context() http: HttpExchange): Promise<boolean> {
    await this.auth.signOut(ctx);
    clearSessionCookie(http);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Ends every session of the signed-in person, this one included (and the session cookie is cleared)' })
  async signOutEverywhere(@Ctx() ctx: RequestContext, @Context() http: HttpExchange): Promise<boolean> {
    await this.auth.signOutEverywhere(ctx);
    clearSessionCookie(http);
    return true;
  }

  @Query(() => Viewer)
  async viewer(@Ctx() ctx: RequestContext): Promise<Viewer> {
    const user = ctx.actorKind === 'USER' ? await this.users.findById(ctx.actorId) : null;
    const key = ctx.actorKind === 'API_KEY' ? await this.apiKeys.findById(ctx.actorId) : null;
    return {
      role: ctx.role,
      scopes: [...ctx.scopes].sort(),
      user: user ? User.from(user) : null,
      apiKeyName: key?.name ?? null,
      allianceUuid: ctx.allianceId,
      organisationUuid: ctx.organisationId,
    };
  }
}
