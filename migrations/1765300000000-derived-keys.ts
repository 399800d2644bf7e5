import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Derived keys (issue 18, outcome 3): the keys an indicator holds besides its own (a URL's domain,
 * a chat link's phone, a payment account's e-mail, a listing's store), one row each, beside the
 * indicator and deleted with it. Correlation reads them with the indicators' own keys while the
 * alliance's `derived_keys` switch is on.
 *
 * Stored reports are not derived here (the rules are the normaliser's TypeScript, and a change of
 * links must go through correlation): alliances that exist now start with the switch off, and
 * switching it on derives the keys of every stored indicator and relinks in one transaction
 * (docs/normaliser.md). New alliances start with it on.
 */
export class DerivedKeys1765300000000 implements MigrationInterface {
  name = 'DerivedKeys1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE derived_key (
        alliance_id uuid NOT NULL,
        indicator_id uuid NOT NULL,
        report_id uuid NOT NULL,
        type text NOT NULL,
        key text NOT NULL,
        via text NOT NULL CHECK (via IN ('URL_DOMAIN', 'PHONE_LINK', 'PAYMENT_EMAIL', 'LISTING_STORE')),
        PRIMARY KEY (alliance_id, indicator_id, type, key),
        FOREIGN KEY (alliance_id, indicator_id) REFERENCES indicator (alliance_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX derived_key_key ON derived_key (alliance_id, type, key)`);
    await q.query(`CREATE INDEX derived_key_report ON derived_key (report_id)`);
    await q.query(`ALTER TABLE alliance ADD COLUMN derived_keys boolean NOT NULL DEFAULT true`);
    await q.query(`UPDATE alliance SET derived_keys = false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alliance DROP COLUMN derived_keys`);
    await q.query(`DROP TABLE derived_key`);
  }
}
