import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The write path of monitoring (issue 17, "Performance": 5,000 listings a second end to end): a
 * listing and an alert are the rows the feed and matching add per listing and per listing and
 * brand. Their `alliance_id` foreign key to `alliance` is implied by a composite one each already
 * has, whose columns are NOT NULL: a listing's `(alliance_id, marketplace_id)` names a marketplace
 * of that alliance (and `marketplace.alliance_id` references `alliance`), an alert's
 * `(alliance_id, listing_id)` names a listing of that alliance. So checking the alliance row again
 * on every insert (a trigger and a locking lookup per row, 1,000 a chunk of listings) proved
 * nothing new; `indicator` and `correlation_key` dropped theirs for the same reason
 * (migration 1763884800000). Every foreign key to a tenant table still pairs `alliance_id`.
 */
export class MatchingWritePath1767500000000 implements MigrationInterface {
  name = 'MatchingWritePath1767500000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['listing', 'monitoring_alert']) {
      for (const name of await allianceForeignKeys(q, table)) await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${name}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE monitoring_alert ADD CONSTRAINT monitoring_alert_alliance_id_fkey FOREIGN KEY (alliance_id) REFERENCES alliance(id)`);
    await q.query(`ALTER TABLE listing ADD CONSTRAINT listing_alliance_id_fkey FOREIGN KEY (alliance_id) REFERENCES alliance(id)`);
  }
}

/** The table's single-column foreign keys to `alliance` (named by PostgreSQL when the table was made). */
async function allianceForeignKeys(q: QueryRunner, table: string): Promise<string[]> {
  const rows = (await q.query(
    `SELECT con.conname AS name FROM pg_constraint con
      WHERE con.contype = 'f' AND con.conrelid = $1::regclass AND con.confrelid = 'alliance'::regclass AND cardinality(con.conkey) = 1`,
    [table],
  )) as { name: string }[];
  return rows.map((r) => r.name);
}
