import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { DomainError, ErrorCode } from '../common/errors.js';

export const LOGIN_ATTEMPTS_PER_EMAIL = 10;
export const LOGIN_ATTEMPTS_PER_ADDRESS = 100;
const WINDOW_SECONDS = 15 * 60;

/**
 * Slows down password guessing: at most 10 failed sign-ins per e-mail and 100 per client address
 * in 15 minutes, counted in PostgreSQL so every API replica shares the counters.
 */
@Injectable()
export class LoginThrottle implements OnModuleInit {
  private byEmail: RateLimiterPostgres;
  private byAddress: RateLimiterPostgres;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit() {
    const pool = (this.dataSource.driver as PostgresDriver).master;
    const common = { storeClient: pool, storeType: 'pool', tableName: 'rate_limit', tableCreated: true, duration: WINDOW_SECONDS, clearExpiredByTimeout: false };
    this.byEmail = new RateLimiterPostgres({ ...common, keyPrefix: 'login-email', points: LOGIN_ATTEMPTS_PER_EMAIL });
    this.byAddress = new RateLimiterPostgres({ ...common, keyPrefix: 'login-ip', points: LOGIN_ATTEMPTS_PER_ADDRESS });
  }

  /** Throws RATE_LIMITED when either budget is spent; does not spend anything. */
  async check(email: string, address: string): Promise<void> {
    const [e, a] = await Promise.all([this.byEmail.get(email.toLowerCase()), this.byAddress.get(address)]);
    if (e && e.consumedPoints >= LOGIN_ATTEMPTS_PER_EMAIL) throw limited(e);
    if (a && a.consumedPoints >= LOGIN_ATTEMPTS_PER_ADDRESS) throw limited(a);
  }

  async failed(email: string, address: string): Promise<void> {
    await Promise.all([this.byEmail.penalty(email.toLowerCase(), 1), this.byAddress.penalty(address, 1)]);
  }

  async succeeded(email: string): Promise<void> {
    await this.byEmail.delete(email.toLowerCase());
  }
}

function limited(res: RateLimiterRes): DomainError {
  const retryAfterSeconds = Math.ceil(res.msBeforeNext / 1000);
  return new DomainError(ErrorCode.RATE_LIMITED, `Too many failed sign-ins: try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`, undefined, { retryAfterSeconds });
}
