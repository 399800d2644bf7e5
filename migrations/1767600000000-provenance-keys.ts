import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monitoring's write path, again (issue 17, "Performance": 5,000 listings a second end to end). Two
 * foreign keys to `organisation` check what nothing can break, once per row written:
 * - `listing (alliance_id, source_organisation_id)`: who sent the listing last, provenance like
 *   `pushed_by` (which has no key): the feed writes the authenticated caller's organisation, a key's
 *   or member's of this alliance, checked as it signs in; nothing reads it back;
 * - `monitoring_alert (alliance_id, organisation_id)`: the member the alert is for, copied by
 *   matching from the rule it matched, whose own key to `organisation` (monitoring_rule's) holds it.
 * No statement deletes an organisation (members leave by status), so neither can dangle. Each check
 * was a trigger and a `FOR KEY SHARE` lookup per row, on one organisation row that the two chunks
 * written at once both lock. Kept: a listing's key to its marketplace (the tenant pairing every row
 * of `listing` rests on since migration 1767500000000, and what matching reads the store's key
 * with), an alert's to its listing and brand (their deletions cascade) and to its takedown request.
 */
export class ProvenanceKeys1767600000000 implements MigrationInterface {
  name = 'ProvenanceKeys1767600000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, column] of PROVENANCE) {
      for (const name of await organisationKeys(q, table, column)) await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${name}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, column] of PROVENANCE) {
      await q.query(`ALTER TABLE ${table} ADD FOREIGN KEY (alliance_id, ${column}) REFERENCES organisation (alliance_id, id)`);
    }
  }
}

const PROVENANCE: [string, string][] = [['listing', 'source_organisation_id'], ['monitoring_alert', 'organisation_id']];

/** The table's foreign keys to `organisation` on (alliance_id, column), named by PostgreSQL when the table was made. */
async function organisationKeys(q: QueryRunner, table: string, column: string): Promise<string[]> {
  const rows = (await q.query(
    `SELECT con.conname AS name FROM pg_constraint con
      WHERE con.contype = 'f' AND con.conrelid = $1::regclass AND con.confrelid = 'organisation'::regclass
        AND (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_attribute a WHERE a.attrelid = con.conrelid AND a.attnum = ANY(con.conkey)) = $2::text[]`,
    [table, ['alliance_id', column].sort()],
  )) as { name: string }[];
  return rows.map((r) => r.name);
}
