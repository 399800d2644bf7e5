import PgBoss from 'pg-boss';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The jobs context's queue store: pg-boss's own schema (`pgboss`), installed here so the schema
 * changes only through migrations (the app starts pg-boss with `migrate: false`). The SQL is
 * pg-boss's construction plan for the pinned version (package.json pins pg-boss exactly); an
 * upgrade adds a migration with `PgBoss.getMigrationPlans`. The plan's own BEGIN/COMMIT are left
 * out: TypeORM runs each migration in its transaction.
 *
 * Outbox messages and imports whose work was queued by the old pollers keep their rows; on start
 * the mail and import contexts queue jobs for any row still waiting (their sweeps).
 */
export class Jobs1764979200000 implements MigrationInterface {
  name = 'Jobs1764979200000';

  async up(q: QueryRunner): Promise<void> {
    const plan = PgBoss.getConstructionPlans('pgboss').replace(/^\s*BEGIN;\s*$/m, '').replace(/^\s*COMMIT;\s*$/m, '');
    await q.query(plan);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA pgboss CASCADE`);
  }
}
