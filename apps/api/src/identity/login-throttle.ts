import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { DomainError, ErrorCode } from '../common/errors.js';

export const LOGIN_ATTEMPTS_PER_EMAIL = 10;
export const LOGIN_ATTEMPTS_PER_ADDRESS = 100;
/** Tries of invitation tokens per client address and window (a token is 32 random bytes: this only stops floods). */
export const INVITATION_ATTEMPTS_PER_ADDRESS = 30;
const WINDOW_SECONDS = 15 * 60;

/**
 * Slows down password guessing: at most 10 sign-in attempts per e-mail and 100 per client address
 * in 15 minutes, counted in PostgreSQL so every API replica shares the counters. An attempt spends
 * its point before the password is checked (one atomic upsert), and a successful one gets it back:
 * parallel guesses cannot slip between a check and a count.
 */
@Injectable()
export class LoginThrottle implements OnModuleInit {
  private byEmail: RateLimiterPostgres;
  private byAddress: RateLimiterPostgres;
  private invitationsByAddress: RateLimiterPostgres;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit() {
    const pool = (this.dataSource.driver as PostgresDriver).master;
    const common = { storeClient: pool, storeType: 'pool', tableName: 'rate_limit', tableCreated: true, duration: WINDOW_SECONDS, clearExpiredByTimeout: false };
    this.byEmail = new RateLimiterPostgres({ ...common, keyPrefix: 'login-email', points: LOGIN_ATTEMPTS_PER_EMAIL });
    this.byAddress = new RateLimiterPostgres({ ...common, keyPrefix: 'login-ip', points: LOGIN_ATTEMPTS_PER_ADDRESS });
    this.invitationsByAddress = new RateLimiterPostgres({ ...common, keyPrefix: 'invitation-ip', points: INVITATION_ATTEMPTS_PER_ADDRESS });
  }

  /** Spends an attempt of both budgets before the password is checked; RATE_LIMITED when either is spent. */
  async take(email: string, address: string): Promise<void> {
    await spend(this.byEmail, email.toLowerCase());
    try {
      await spend(this.byAddress, address);
    } catch (error) {
      await this.byEmail.reward(email.toLowerCase(), 1); // not checked: the e-mail's attempt comes back
      throw error;
    }
  }

  /** Spends one of the address's tries of an invitation token (before the token is looked at); RATE_LIMITED when spent. */
  async takeInvitationAttempt(address: string): Promise<void> {
    await spend(this.invitationsByAddress, address);
  }

  /** An invitation accepted: the address gets its try back. */
  async invitationAccepted(address: string): Promise<void> {
    await this.invitationsByAddress.reward(address, 1);
  }

  /** A correct password: the e-mail's count starts again and the address gets its attempt back. */
  async succeeded(email: string, address: string): Promise<void> {
    await Promise.all([this.byEmail.delete(email.toLowerCase()), this.byAddress.reward(address, 1)]);
  }
}

async function spend(limiter: RateLimiterPostgres, key: string): Promise<void> {
  try {
    await limiter.consume(key, 1);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw limited(rejection);
    throw rejection;
  }
}

function limited(res: RateLimiterRes): DomainError {
  const retryAfterSeconds = Math.ceil(res.msBeforeNext / 1000);
  return new DomainError(ErrorCode.RATE_LIMITED, `Too many failed sign-ins: try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`, undefined, { retryAfterSeconds });
}
