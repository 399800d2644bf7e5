import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Counters for rate limiting (rate-limiter-flexible's PostgreSQL store layout), shared by all API replicas. */
export class RateLimit1763863200000 implements MigrationInterface {
  name = 'RateLimit1763863200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rate_limit (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit`);
  }
}
