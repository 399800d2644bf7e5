import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Least privilege (issue 15, outcome 6; docs/least-privilege.md): the privileges the app connects
 * with, held by `countermark_app`, a NOLOGIN group role (cluster-wide: created here if missing; a
 * DBA may have made it with docs/database-roles.sql). The app's login role is a member of it and
 * owns nothing (apps/api/src/database/app-role.ts).
 *
 * - DML on the tables of `public` and `pgboss` (pg-boss's worker pool connects as the app too);
 *   `audit_event` and `custody_event` (append-only) SELECT and INSERT only. TRUNCATE nowhere, no
 *   DDL: PostgreSQL 15+ gives PUBLIC no CREATE on `public`, and no CREATE on `pgboss` is granted
 *   (its queue partitions are made by the owner at start, apps/api/src/jobs/jobs.service.ts).
 * - Sequences (identity columns): USAGE, SELECT.
 * - PostgreSQL 17+: MAINTAIN on those tables, so imports and the demo load may ANALYZE. MAINTAIN
 *   changes no row (VACUUM, ANALYZE, REINDEX, CLUSTER, LOCK): it is granted on the append-only
 *   tables too, so a plain `ANALYZE` still covers them.
 * - `gin_clean_pending_list` wants the index's owner, MAINTAIN or not (PostgreSQL 18): search calls
 *   `settle_gin_index(index)` instead, SECURITY DEFINER (the owner's), for GIN indexes of `public` only.
 * - `app_login` and TypeORM's `migrations`: the owner's alone. `app_login` holds the password of the per-database login role the app creates for itself (embedded
 *   PostgreSQL, tests).
 * - `ALTER DEFAULT PRIVILEGES`: tables, sequences and queue partitions the owner creates later
 *   follow. A later table that must be append-only or owner-only revokes what it must not give.
 */
export class AppRole1767100000000 implements MigrationInterface {
  name = 'AppRole1767100000000';

  async up(q: QueryRunner): Promise<void> {
    // replicas and test databases of one cluster run this at once: a role another made meanwhile is fine
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'countermark_app') THEN
          BEGIN
            CREATE ROLE countermark_app NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
          END;
        END IF;
      END $$`);
    await q.query(`
      CREATE TABLE app_login (
        role_name text PRIMARY KEY,
        password text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    const maintain = await supportsMaintain(q);
    const tablePrivileges = `SELECT, INSERT, UPDATE, DELETE${maintain ? ', MAINTAIN' : ''}`;
    for (const schema of ['public', 'pgboss']) {
      await q.query(`GRANT USAGE ON SCHEMA ${schema} TO countermark_app`);
      await q.query(`GRANT ${tablePrivileges} ON ALL TABLES IN SCHEMA ${schema} TO countermark_app`);
      await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO countermark_app`);
      await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT ${tablePrivileges} ON TABLES TO countermark_app`);
      await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO countermark_app`);
    }
    await q.query(`
      CREATE FUNCTION settle_gin_index(index regclass) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_class i JOIN pg_am a ON a.oid = i.relam JOIN pg_namespace n ON n.oid = i.relnamespace
                        WHERE i.oid = index AND a.amname = 'gin' AND n.nspname = 'public') THEN
          RAISE EXCEPTION 'not a GIN index of public: %', index USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN gin_clean_pending_list(index);
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION settle_gin_index(regclass) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION settle_gin_index(regclass) TO countermark_app`);
    await q.query(`REVOKE UPDATE, DELETE ON audit_event, custody_event FROM countermark_app`);
    await q.query(`REVOKE ALL ON app_login FROM countermark_app, PUBLIC`);
    await q.query(`REVOKE ALL ON migrations FROM countermark_app`); // TypeORM's record of what ran: the owner's
  }

  async down(q: QueryRunner): Promise<void> {
    // the role is the cluster's (other databases may use it): it stays, without this database's privileges
    const tablePrivileges = `SELECT, INSERT, UPDATE, DELETE${(await supportsMaintain(q)) ? ', MAINTAIN' : ''}`;
    for (const schema of ['public', 'pgboss']) {
      await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} REVOKE ${tablePrivileges} ON TABLES FROM countermark_app`);
      await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} REVOKE USAGE, SELECT ON SEQUENCES FROM countermark_app`);
      await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM countermark_app`);
      await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM countermark_app`);
      await q.query(`REVOKE USAGE ON SCHEMA ${schema} FROM countermark_app`);
    }
    await q.query(`DROP FUNCTION settle_gin_index(regclass)`);
    await q.query(`DROP TABLE app_login`);
  }
}

/** MAINTAIN exists from PostgreSQL 17. */
async function supportsMaintain(q: QueryRunner): Promise<boolean> {
  const [{ version }] = await q.query(`SELECT current_setting('server_version_num')::int AS version`);
  return version >= 170000;
}
