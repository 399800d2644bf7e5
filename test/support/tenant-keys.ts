/**
 * The tenant-key rule of docs/scale-out.md, read from the catalog: every table with `alliance_id`
 * other than the reference tables is keyed by it (primary key and every unique index lead with
 * it), and every foreign key between tables that carry `alliance_id` pairs it with the
 * referenced row's `alliance_id`. Answers one line per breach, so a failing test names the table.
 */
export const REFERENCE_TABLES = ['organisation', 'app_user', 'api_key'];

type Query = (sql: string, parameters?: unknown[]) => Promise<any[]>;

export async function tenantKeyViolations(query: Query, schema = 'public'): Promise<string[]> {
  const tables: { table: string; alliance: number }[] = await query(
    `SELECT c.relname AS "table", a.attnum AS alliance
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'alliance_id' AND NOT a.attisdropped
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
      ORDER BY 1`,
    [schema],
  );
  const tenant = new Set(tables.map((t) => t.table).filter((t) => !REFERENCE_TABLES.includes(t)));
  const violations: string[] = [];

  const keys: { table: string; index: string; primary: boolean; first: string | null }[] = await query(
    `SELECT c.relname AS "table", i.relname AS index, x.indisprimary AS primary,
            (SELECT attname::text FROM pg_attribute WHERE attrelid = c.oid AND attnum = x.indkey[0]) AS first
       FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND (x.indisunique OR x.indisprimary)
      ORDER BY 1, 2`,
    [schema],
  );
  for (const table of tenant) {
    if (!keys.some((k) => k.table === table && k.primary)) violations.push(`${table}: no primary key`);
  }
  for (const k of keys.filter((k) => tenant.has(k.table) && k.first !== 'alliance_id')) {
    violations.push(`${k.table}: ${k.primary ? 'primary key' : `unique index ${k.index}`} does not lead with alliance_id`);
  }

  const foreignKeys: { table: string; name: string; references: string; pairs: [string, string][] }[] = await query(
    `SELECT c.relname AS "table", con.conname AS name, r.relname AS "references",
            (SELECT json_agg(json_build_array(a.attname, b.attname))
               FROM unnest(con.conkey, con.confkey) AS k(own, other)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.own
               JOIN pg_attribute b ON b.attrelid = con.confrelid AND b.attnum = k.other) AS pairs
       FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND con.contype = 'f'
      ORDER BY 1, 2`,
    [schema],
  );
  const withAlliance = new Set(tables.map((t) => t.table));
  for (const fk of foreignKeys) {
    if (!withAlliance.has(fk.table) || !withAlliance.has(fk.references)) continue;
    if (!fk.pairs.some(([own, other]) => own === 'alliance_id' && other === 'alliance_id')) {
      violations.push(`${fk.table}: foreign key ${fk.name} to ${fk.references} leaves out alliance_id`);
    }
  }
  return violations;
}
