import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables with `alliance_id` that are looked up across alliances by a global key (docs/scale-out.md's reference tables): no policy. */
export const RLS_EXEMPT_TABLES = ['organisation', 'app_user', 'api_key'];

/**
 * The lookups whose index condition is not leakproof (pg_trgm's LIKE and similarity, `&&` on the
 * picture bands, `lower(store_id)`), read through views the owner owns: a view reads its tables
 * with its owner's rights, and the owner is not subject to the policies, so the planner may use
 * those indexes; the view filters by the tenant setting itself, so a query through it that forgets
 * its alliance still sees nothing of another's.
 */
export const LOOKUP_VIEWS: Record<string, string> = { indicator_lookup: 'indicator', intel_report_lookup: 'intel_report', takedown_listing_lookup: 'takedown_listing' };

/** The policy's condition: the connection's alliance, or every alliance for the system (initplans: evaluated once a statement). */
const TENANT = `(SELECT app_tenant_is_system()) OR alliance_id = (SELECT app_tenant())`;

/**
 * Row-level security on every tenant table (issue 15, outcome 6; docs/least-privilege.md). The app's
 * role sees and writes only the rows of the alliance its connection is set to
 * (`countermark.alliance_id`, set by apps/api/src/database/tenancy.ts), or every row when it is
 * `system`; an unset or empty setting sees nothing. The owner (migrations, tests' assertions) is
 * not subject to it (no FORCE). Foreign-key checks bypass policies, as PostgreSQL's always do.
 */
export class RowLevelSecurity1767300000000 implements MigrationInterface {
  name = 'RowLevelSecurity1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION app_tenant() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT CASE WHEN s ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' THEN s::uuid END
        FROM (SELECT current_setting('countermark.alliance_id', true) AS s) x $$`);
    await q.query(`CREATE FUNCTION app_tenant_is_system() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT coalesce(current_setting('countermark.alliance_id', true) = 'system', false) $$`);
    for (const table of await tenantTables(q)) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table} USING (${TENANT}) WITH CHECK (${TENANT})`);
    }
    for (const [view, table] of Object.entries(LOOKUP_VIEWS)) {
      await q.query(`CREATE VIEW ${view} AS SELECT * FROM ${table} WHERE ${TENANT}`);
      await q.query(`GRANT SELECT ON ${view} TO countermark_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of Object.keys(LOOKUP_VIEWS)) await q.query(`DROP VIEW ${view}`);
    for (const table of await tenantTables(q)) {
      await q.query(`DROP POLICY tenant_isolation ON ${table}`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP FUNCTION app_tenant_is_system()`);
    await q.query(`DROP FUNCTION app_tenant()`);
  }
}

/** Every table of `public` with `alliance_id` but the exempt ones. */
async function tenantTables(q: QueryRunner): Promise<string[]> {
  const rows = (await q.query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'alliance_id' AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relname = ANY($1) ORDER BY 1`,
    [RLS_EXEMPT_TABLES],
  )) as { name: string }[];
  return rows.map((r) => r.name);
}
