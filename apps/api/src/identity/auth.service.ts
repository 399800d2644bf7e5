import { Injectable, UnauthorizedException, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { DataSource } from 'typeorm';
import { MEMBER_KEY_SCOPES, MembershipStatus, Role, scopesOf } from '../../../../libs/domain/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { badInput, DomainError, ErrorCode, unauthenticated } from '../common/errors.js';
import { RequestContext } from '../common/request-context.js';
import { actAs, asSystem } from '../database/tenancy.js';
import { JobsService } from '../jobs/jobs.service.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { LoginThrottle } from './login-throttle.js';
import { verifyPassword } from './password.js';
import { RevokedSessionRepository } from './revoked-session.repository.js';
import type { UserEntity } from './user.entity.js';
import { UserRepository } from './user.repository.js';

export const API_KEY_PREFIX = 'cmk_';
/** The `typ` and `aud` of session tokens: no other token the app signs (download links) passes for one. */
const SESSION = 'countermark-session';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** What a partner organisation may do: its active partnership's scopes (none without one). */
export type PartnerScopes = (allianceId: string, organisationId: string) => Promise<string[]>;

/** Signs and checks credentials; turns a bearer token into a RequestContext. */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly secret: Uint8Array;
  // partnerships are partners', a context above identity: it tells (PartnerService.onModuleInit)
  private partnershipScopes: PartnerScopes = async () => [];

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
    private readonly jobs: JobsService,
    private readonly users: UserRepository,
    private readonly apiKeys: ApiKeyRepository,
    private readonly revoked: RevokedSessionRepository,
  ) {
    this.secret = new TextEncoder().encode(config.sessionSecret());
  }

  onModuleInit() {
    this.jobs.register({ name: 'identity.revocations.purge', retryLimit: 2, retryDelaySeconds: 600, policy: 'short', cron: '41 4 * * *', handle: () => this.forgetExpiredRevocations() });
  }

  /** Partners tell what a partner organisation may do. */
  partnerScopesFrom(lookup: PartnerScopes): void {
    this.partnershipScopes = lookup;
  }

  /** One message for an unknown e-mail and a wrong password, so neither reveals the other. */
  async login(email: string, password: string, address = 'unknown'): Promise<{ token: string; expiresAt: Date; user: UserEntity }> {
    await this.throttle.take(email, address);
    const user = await this.users.withPasswordHash(email);
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!user || !ok || user.status !== 'ACTIVE') {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Wrong e-mail or password');
    }
    actAs(user.allianceId);
    await this.dataSource.transaction(async (em) => {
      await this.users.signedIn(em, user.id);
      await this.audit.record(em, await this.contextOfUser(user), { action: 'session.started', targetType: 'User', targetId: user.id });
    });
    await this.throttle.succeeded(email, address);
    delete (user as Partial<UserEntity>).passwordHash;
    return { ...(await this.issueSession(user)), user };
  }

  /** A session token: typed and addressed to sessions (a download link's token is not one), with an id and the person's epoch. */
  async issueSession(user: Pick<UserEntity, 'id' | 'allianceId' | 'sessionEpoch'>): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_HOURS * 3600_000);
    const token = await new SignJWT({ aid: user.allianceId, typ: SESSION, sep: user.sessionEpoch ?? 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setAudience(SESSION)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.secret);
    return { token, expiresAt };
  }

  /** Ends the caller's session (its token stops working at once, on every replica). */
  async signOut(ctx: RequestContext): Promise<void> {
    if (!ctx.sessionId) throw badInput('authorization', 'Only a session signs out; an API key is revoked by its partnership');
    await this.dataSource.transaction(async (em) => {
      await this.revoked.revoke(em, { sessionId: ctx.sessionId!, allianceId: ctx.allianceId, userId: ctx.actorId }, this.config.SESSION_TTL_HOURS);
      await this.audit.record(em, ctx, { action: 'session.ended', targetType: 'User', targetId: ctx.actorId });
    });
  }

  /** Ends every session of the caller, this one included (a lost laptop, a shared password). */
  async signOutEverywhere(ctx: RequestContext): Promise<void> {
    if (ctx.actorKind !== 'USER') throw badInput('authorization', 'Only a person signs out; an API key is revoked by its partnership');
    await this.dataSource.transaction(async (em) => {
      await this.users.nextSessionEpoch(em, ctx.actorId);
      await this.audit.record(em, ctx, { action: 'session.ended_everywhere', targetType: 'User', targetId: ctx.actorId });
    });
  }

  /** Revoked sessions are kept until they would have expired anyway. */
  async forgetExpiredRevocations(): Promise<number> {
    return this.revoked.purgeExpired();
  }

  /** A session token or an API key → who is acting. Anything else is UNAUTHENTICATED. */
  async authenticate(token: string): Promise<RequestContext> {
    const ctx = token.startsWith(API_KEY_PREFIX) ? await this.authenticateApiKey(token) : await this.authenticateSession(token);
    actAs(ctx.allianceId); // the request sees its caller's alliance from now on (database/tenancy.ts)
    return ctx;
  }

  /** For the plain HTTP routes (/files, /imports, /exports): the `Authorization: Bearer …` header's context; none is a 401. */
  async authenticateHeader(authorization: string | undefined): Promise<RequestContext> {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
    if (!token) throw new UnauthorizedException('Sign in first');
    return this.authenticate(token);
  }

  private async authenticateSession(token: string): Promise<RequestContext> {
    let session: { userId: string; sessionId: string; epoch: number };
    try {
      const { payload } = await jwtVerify(token, this.secret, { algorithms: ['HS256'], audience: SESSION });
      if (payload.typ !== SESSION || typeof payload.jti !== 'string' || typeof payload.sep !== 'number' || typeof payload.aid !== 'string') throw new Error('not a session token');
      session = { userId: String(payload.sub), sessionId: payload.jti, epoch: payload.sep };
      // the token names the person's alliance (signed): their membership and revocations are read in it
      actAs(payload.aid);
    } catch {
      throw unauthenticated('Session expired or invalid; sign in again');
    }
    return this.contextOfUserId(session.userId, session);
  }

  /**
   * A person's context as it is now: what a session resolves to, and what the command line and
   * work queued without a context (imports from before the jobs context) act with. Refused when
   * the person is gone or disabled.
   */
  async contextOfUserId(userId: string, session?: { sessionId: string; epoch: number }): Promise<RequestContext> {
    // the person, their organisation's membership and, for a session, whether it was ended: one query
    const { user, membershipStatus, revoked } = await this.users.forSession(userId, session?.sessionId);
    if (!user || user.status !== 'ACTIVE') throw unauthenticated('Session expired or invalid; sign in again');
    if (session && (revoked || user.sessionEpoch !== session.epoch)) throw unauthenticated('This session was signed out; sign in again');
    return this.contextOfUser(user, membershipStatus, session?.sessionId);
  }

  /**
   * The context of whoever holds this registered e-mail address, as it is now (a message's sender:
   * takedowns by e-mail); null when nobody does or the person is disabled.
   */
  async contextOfEmail(email: string): Promise<RequestContext | null> {
    const user = await this.users.findByEmail(this.dataSource.manager, email);
    if (!user || user.status !== 'ACTIVE') return null;
    return this.contextOfUserId(user.id).catch(() => null);
  }

  /**
   * The one place a person's rights are worked out: their role's scopes as their organisation's
   * membership allows (`scopesOf`), a partner's from its partnership. `membershipStatus`: of their
   * organisation (null: none); undefined when not looked up (the context only signs an audit record).
   */
  async contextOfUser(user: Pick<UserEntity, 'id' | 'allianceId' | 'organisationId' | 'role'>, membershipStatus?: string | null, sessionId?: string): Promise<RequestContext> {
    const scopes = user.role === Role.PARTNER ? await this.partnerScopes(user.allianceId, user.organisationId) : scopesOf(user.role, membershipStatus);
    const activeMember = membershipStatus === undefined ? undefined : membershipStatus === MembershipStatus.ACTIVE;
    return new RequestContext(user.id, 'USER', user.allianceId, user.organisationId, user.role, new Set(scopes), activeMember, sessionId);
  }

  private async authenticateApiKey(token: string): Promise<RequestContext> {
    const [prefix, secret] = splitApiKey(token);
    // a key is found by its prefix, whichever alliance it belongs to
    const { key, membershipStatus } = prefix ? await asSystem(() => this.apiKeys.withSecretHash(prefix)) : { key: undefined, membershipStatus: null };
    if (key) actAs(key.allianceId);
    const valid = key && !key.revokedAt && secret && safeEqual(key.secretHash, sha256(secret));
    if (!key || !valid) throw unauthenticated('Invalid or revoked API key');
    // a key may do what its scopes say and nothing more (it acts with the PARTNER role, which only
    // scopes open): a partner's within its partnership's, a member organisation's (its crawler's,
    // MEMBER_KEY_SCOPES) while the membership is active
    const activeMember = membershipStatus === null ? undefined : membershipStatus === MembershipStatus.ACTIVE;
    const allowed = new Set(activeMember === undefined ? await this.partnerScopes(key.allianceId, key.organisationId) : activeMember ? MEMBER_KEY_SCOPES : []);
    await this.apiKeys.used(key.id);
    const scopes = key.scopes.filter((s) => allowed.has(s));
    return new RequestContext(key.id, 'API_KEY', key.allianceId, key.organisationId, Role.PARTNER, new Set(scopes), activeMember);
  }

  /** A partner's rights come from its active partnership; an ended one grants nothing. */
  private async partnerScopes(allianceId: string, organisationId: string | null): Promise<string[]> {
    if (!organisationId) return [];
    return this.partnershipScopes(allianceId, organisationId);
  }

  static newApiKey(): { token: string; prefix: string; secretHash: string } {
    const prefix = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    return { token: `${API_KEY_PREFIX}${prefix}_${secret}`, prefix, secretHash: sha256(secret) };
  }
}

function splitApiKey(token: string): [string | null, string | null] {
  const match = /^cmk_([0-9a-f]{12})_([A-Za-z0-9_-]{20,100})$/.exec(token);
  return match ? [match[1], match[2]] : [null, null];
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
