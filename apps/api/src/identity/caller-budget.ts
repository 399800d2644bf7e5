import { Global, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { rateLimited } from '../common/query-limits.js';
import { OperationBudget, type CallerRequest } from '../common/query-limits.plugin.js';
import type { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { AuthService } from './auth.service.js';
import { IdentityModule } from './identity.module.js';

/**
 * What signed-in callers may spend, counted in PostgreSQL (`rate_limit`) so every replica shares
 * the counters:
 * - every operation's cost (query-limits.ts, at least 1) from a budget of COST_BUDGET_PER_MINUTE
 *   per person or per API key, charged once per operation before it runs (a subscription when it
 *   starts); anonymous operations (sign-in, invitations) have their own throttles (LoginThrottle);
 * - blind-match lookups (`intelBlindMatches`, `requestContact`, one per indicator value of a report's
 *   `blindMatches`) from a budget of BLIND_MATCH_LOOKUPS_PER_HOUR per organisation, so blind
 *   matches do not become an oracle for another member's RED holdings.
 * Spent: RATE_LIMITED with `retryAfterSeconds`.
 */
@Injectable()
export class CallerBudget extends OperationBudget implements OnModuleInit {
  private readonly logger = new Logger(CallerBudget.name);
  private cost: RateLimiterPostgres;
  private blindMatches: RateLimiterPostgres;
  /** Each caller's budget as last counted by this process: what was left, and until when. */
  private readonly lastSeen = new Map<string, { remaining: number; until: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super();
  }

  onModuleInit() {
    const pool = (this.dataSource.driver as PostgresDriver).master;
    const common = { storeClient: pool, storeType: 'pool', tableName: 'rate_limit', tableCreated: true, clearExpiredByTimeout: false };
    this.cost = new RateLimiterPostgres({ ...common, keyPrefix: 'cost', points: this.config.COST_BUDGET_PER_MINUTE, duration: 60 });
    this.blindMatches = new RateLimiterPostgres({ ...common, keyPrefix: 'blind-match', points: this.config.BLIND_MATCH_LOOKUPS_PER_HOUR, duration: 60 * 60 });
  }

  /**
   * Spends an operation's cost from its caller's budget. A request without credentials, or with
   * ones that do not authenticate, is not charged: the guard answers it (UNAUTHENTICATED, or a
   * public operation's own throttle). The authentication is the request's one (the guard awaits
   * the same promise).
   */
  async charge(req: CallerRequest | undefined, cost: number): Promise<void> {
    const header = req?.headers?.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!req || !token) return;
    req.requestContextPromise ??= this.auth.authenticate(token);
    let ctx: RequestContext;
    try {
      ctx = await req.requestContextPromise;
    } catch {
      return;
    }
    const points = Math.max(1, Math.ceil(cost));
    const key = `${ctx.actorKind === 'API_KEY' ? 'key' : 'user'}:${ctx.actorId}`;
    const spending = this.cost.consume(key, points).then(
      (res) => void this.lastSeen.set(key, { remaining: res.remainingPoints, until: Date.now() + res.msBeforeNext }),
      (rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) this.lastSeen.set(key, { remaining: 0, until: Date.now() + rejection.msBeforeNext });
        throw rejection;
      },
    );
    // far from the limit when last counted (this window, this process): the count is written
    // without the operation waiting for it, which saves the round trip on nearly every request;
    // near the limit (or not counted yet) the operation waits for the count, which decides
    if (this.lastSeen.size > 10_000) for (const [k, v] of this.lastSeen) if (v.until <= Date.now()) this.lastSeen.delete(k);
    const seen = this.lastSeen.get(key);
    if (seen && seen.until > Date.now() && seen.remaining - points >= this.config.COST_BUDGET_PER_MINUTE / 2) {
      seen.remaining -= points;
      spending.catch((error: unknown) => this.logger.warn(`The cost budget could not be charged: ${(error as Error)?.message ?? error}`));
      return;
    }
    try {
      await spending;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw rateLimited(`Too many or too costly requests: this ${ctx.actorKind === 'API_KEY' ? 'API key' : 'account'} may spend ${this.config.COST_BUDGET_PER_MINUTE} a minute (this operation costs ${points}); try again in ${secondsOf(rejection)} s`, secondsOf(rejection));
      }
      // the counters cannot be reached: the operation goes on (it needs the database too, and answers for itself)
      this.logger.warn(`The cost budget could not be charged: ${(rejection as Error)?.message ?? rejection}`);
    }
  }

  /**
   * Blind-match lookups of the caller's organisation (of the caller itself without one): one for a
   * value typed into `intelBlindMatches` or `requestContact`, one per indicator of a report whose
   * `blindMatches` are read. All or nothing: RATE_LIMITED when they do not fit in what is left of the
   * hour, and a refused charge spends nothing (a large report does not use up what a search would have had).
   */
  async takeBlindMatchLookups(ctx: RequestContext, lookups = 1): Promise<void> {
    if (lookups <= 0) return;
    const key = ctx.organisationId ? `org:${ctx.organisationId}` : `${ctx.actorKind === 'API_KEY' ? 'key' : 'user'}:${ctx.actorId}`;
    try {
      await this.blindMatches.consume(key, lookups);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        await this.blindMatches.reward(key, lookups).catch((error: unknown) => this.logger.warn(`A refused blind-match charge could not be given back: ${(error as Error)?.message ?? error}`));
        const retryAfterSeconds = secondsOf(rejection);
        const limit = this.config.BLIND_MATCH_LOOKUPS_PER_HOUR;
        const message = lookups === 1
          ? `Your organisation has made its ${limit} blind-match lookups of the hour; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`
          : `These blind matches need ${lookups} lookups (one per indicator value), more than your organisation has left of its ${limit} an hour; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`;
        throw new DomainError(ErrorCode.RATE_LIMITED, message, undefined, { retryAfterSeconds });
      }
      throw rejection;
    }
  }
}

/** Global: the query limits charge operations through OperationBudget; intel takes blind-match lookups. */
@Global()
@Module({
  imports: [IdentityModule],
  providers: [CallerBudget, { provide: OperationBudget, useExisting: CallerBudget }],
  exports: [CallerBudget, OperationBudget],
})
export class CallerBudgetModule {}

function secondsOf(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}
