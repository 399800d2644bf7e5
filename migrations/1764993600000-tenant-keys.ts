import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tenant-keyed schema (issue 14, outcome 8; the plan and the classification are in
 * docs/scale-out.md). Every tenant table's primary key and unique constraints lead with
 * `alliance_id`, and every foreign key between tables that carry `alliance_id` includes it, so a
 * row cannot reference another alliance's row whatever the application does, and a table can be
 * distributed by alliance on Citus. Keys and constraints change; no row is rewritten.
 *
 * The reference tables (`organisation`, `app_user`, `api_key`) keep `PRIMARY KEY (id)` — people
 * and keys are found by a global handle — and get `UNIQUE (alliance_id, id)` so others reference
 * them with the pair. Where rows are still found by their old key alone (an id in a URL, a session
 * id, an invitation's token hash), a plain index keeps that lookup fast.
 */
export class TenantKeys1764993600000 implements MigrationInterface {
  name = 'TenantKeys1764993600000';

  async up(q: QueryRunner): Promise<void> {
    // Mail is always sent on an alliance's behalf; a NULL here never happened (the migration fails
    // rather than lose a row if one did).
    await q.query(`ALTER TABLE outbox_message ALTER COLUMN alliance_id SET NOT NULL`);
    for (const table of REFERENCE_TABLES.filter((t) => t !== 'organisation')) {
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_alliance_id_id_key UNIQUE (alliance_id, id)`);
    }

    const foreignKeys = (await tenantForeignKeys(q)).filter((fk) => fk.columns[0] !== 'alliance_id');
    for (const fk of foreignKeys) await q.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);

    for (const [table, key] of Object.entries(TENANT_KEYS)) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY (alliance_id, ${key.join(', ')})`);
      if (key.length === 1) await q.query(`CREATE INDEX ${table}_${key[0]} ON ${table} (${key[0]})`);
    }

    await q.query(`ALTER TABLE indicator DROP CONSTRAINT indicator_report_id_type_key_key`);
    await q.query(`ALTER TABLE indicator ADD CONSTRAINT indicator_report_type_key UNIQUE (alliance_id, report_id, type, key)`);
    await q.query(`ALTER TABLE intel_report_version DROP CONSTRAINT intel_report_version_report_id_version_key`);
    await q.query(`ALTER TABLE intel_report_version ADD CONSTRAINT intel_report_version_report_version UNIQUE (alliance_id, report_id, version)`);
    await q.query(`ALTER TABLE invitation DROP CONSTRAINT invitation_token_hash_key`);
    await q.query(`ALTER TABLE invitation ADD CONSTRAINT invitation_token_hash UNIQUE (alliance_id, token_hash)`);
    await q.query(`CREATE INDEX invitation_token_hash_lookup ON invitation (token_hash)`);
    await q.query(`DROP INDEX brand_org_name`);
    await q.query(`CREATE UNIQUE INDEX brand_org_name ON brand (alliance_id, organisation_id, lower(name))`);
    await q.query(`DROP INDEX watchlist_entry_unique`);
    await q.query(`
      CREATE UNIQUE INDEX watchlist_entry_unique ON watchlist_entry
        (alliance_id, organisation_id, kind, COALESCE(brand_id::text, category_id::text, indicator_type || ':' || indicator_key))`);

    for (const fk of foreignKeys) {
      await q.query(
        `ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} FOREIGN KEY (alliance_id, ${fk.columns.join(', ')})
           REFERENCES ${fk.references} (alliance_id, ${fk.referencedColumns.join(', ')})${onDelete(fk)}`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const foreignKeys = (await tenantForeignKeys(q)).filter((fk) => fk.columns[0] === 'alliance_id');
    for (const fk of foreignKeys) await q.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);

    await q.query(`DROP INDEX watchlist_entry_unique`);
    await q.query(`
      CREATE UNIQUE INDEX watchlist_entry_unique ON watchlist_entry
        (organisation_id, kind, COALESCE(brand_id::text, category_id::text, indicator_type || ':' || indicator_key))`);
    await q.query(`DROP INDEX brand_org_name`);
    await q.query(`CREATE UNIQUE INDEX brand_org_name ON brand (organisation_id, lower(name))`);
    await q.query(`DROP INDEX invitation_token_hash_lookup`);
    await q.query(`ALTER TABLE invitation DROP CONSTRAINT invitation_token_hash`);
    await q.query(`ALTER TABLE invitation ADD CONSTRAINT invitation_token_hash_key UNIQUE (token_hash)`);
    await q.query(`ALTER TABLE intel_report_version DROP CONSTRAINT intel_report_version_report_version`);
    await q.query(`ALTER TABLE intel_report_version ADD CONSTRAINT intel_report_version_report_id_version_key UNIQUE (report_id, version)`);
    await q.query(`ALTER TABLE indicator DROP CONSTRAINT indicator_report_type_key`);
    await q.query(`ALTER TABLE indicator ADD CONSTRAINT indicator_report_id_type_key_key UNIQUE (report_id, type, key)`);

    for (const [table, key] of Object.entries(TENANT_KEYS)) {
      if (key.length === 1) await q.query(`DROP INDEX ${table}_${key[0]}`);
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY (${key.join(', ')})`);
    }

    for (const fk of foreignKeys) {
      await q.query(
        `ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} FOREIGN KEY (${fk.columns.slice(1).join(', ')})
           REFERENCES ${fk.references} (${fk.referencedColumns.slice(1).join(', ')})${onDelete(fk)}`,
      );
    }
    for (const table of REFERENCE_TABLES.filter((t) => t !== 'organisation')) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_alliance_id_id_key`);
    }
    await q.query(`ALTER TABLE outbox_message ALTER COLUMN alliance_id DROP NOT NULL`);
  }
}

/** Tables with `alliance_id` that stay keyed by a global handle (see docs/scale-out.md). */
const REFERENCE_TABLES = ['organisation', 'app_user', 'api_key'];

/** Each tenant table's key after `alliance_id` (`correlation_key` already leads with it). */
const TENANT_KEYS: Record<string, string[]> = {
  audit_event: ['id'],
  brand: ['id'],
  contact_request: ['id'],
  contact_request_recipient: ['request_id', 'organisation_id'],
  counterfeiter_network: ['id'],
  evidence_file: ['id'],
  import_job: ['id'],
  indicator: ['id'],
  industry_category: ['id'],
  intel_report: ['id'],
  intel_report_brand: ['report_id', 'brand_id'],
  intel_report_category: ['report_id', 'category_id'],
  intel_report_evidence: ['report_id', 'file_id'],
  intel_report_version: ['id'],
  invitation: ['id'],
  membership: ['id'],
  membership_category: ['membership_id', 'category_id'],
  membership_transition: ['id'],
  network_event: ['id'],
  notification: ['id'],
  outbox_message: ['id'],
  partnership: ['id'],
  revoked_session: ['session_id'],
  sighting: ['id'],
  trademark: ['id'],
  trademark_evidence: ['trademark_id', 'file_id'],
  watchlist_entry: ['id'],
};

interface ForeignKey {
  table: string;
  name: string;
  columns: string[];
  references: string;
  referencedColumns: string[];
  deleteAction: string;
}

/** Foreign keys between tables that both carry `alliance_id` (references to `alliance` itself stay as they are). */
async function tenantForeignKeys(q: QueryRunner): Promise<ForeignKey[]> {
  return q.query(`
    SELECT c.relname AS "table", con.conname AS name, r.relname AS "references", con.confdeltype AS "deleteAction",
           (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
              JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num) AS columns,
           (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
              JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num) AS "referencedColumns"
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      JOIN pg_class r ON r.oid = con.confrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE con.contype = 'f' AND n.nspname = 'public' AND r.relname <> 'alliance'
       AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = con.conrelid AND a.attname = 'alliance_id' AND NOT a.attisdropped)
       AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = con.confrelid AND a.attname = 'alliance_id' AND NOT a.attisdropped)
     ORDER BY 1, 2`);
}

function onDelete(fk: ForeignKey): string {
  switch (fk.deleteAction) {
    case 'c':
      return ' ON DELETE CASCADE';
    case 'r':
      return ' ON DELETE RESTRICT';
    case 'n':
      // Only the reference column is cleared; `alliance_id` stays (PostgreSQL 15+).
      return ` ON DELETE SET NULL (${fk.columns.filter((c) => c !== 'alliance_id').join(', ')})`;
    case 'a':
      return '';
    default:
      throw new Error(`Foreign key ${fk.name}: delete action ${fk.deleteAction} not handled`);
  }
}
