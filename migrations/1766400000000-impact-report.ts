import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The impact report (issue 17, outcome 6): the alliance's reporting currency and the dated exchange
 * rates its coordinators keep. A rate is an exact decimal (numeric, never a float): how many units
 * of the reporting currency one unit of `currency` is worth from `valid_from` until the next rate.
 * Tenant-keyed.
 */
export class ImpactReport1766400000000 implements MigrationInterface {
  name = 'ImpactReport1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE impact_settings (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        reporting_currency char(3) NOT NULL CHECK (reporting_currency ~ '^[A-Z]{3}$'),
        updated_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id)
      )`);
    await q.query(`
      CREATE TABLE exchange_rate (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        valid_from date NOT NULL,
        rate numeric(24, 12) NOT NULL CHECK (rate > 0),
        updated_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id, currency, valid_from)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE exchange_rate`);
    await q.query(`DROP TABLE impact_settings`);
  }
}
