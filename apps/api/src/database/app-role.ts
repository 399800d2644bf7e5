import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** The NOLOGIN group role that holds the app's privileges (migration 1767100000000-app-role). */
export const APP_GROUP_ROLE = 'countermark_app';

/**
 * The login role the app creates for a database: `countermark_app_<database>`, so the databases of
 * one cluster (the tests' copies of a template, a second install) never share or overwrite each
 * other's password. At most 63 bytes (PostgreSQL's limit): a long name is cut and keeps a hash.
 */
export function loginRoleName(database: string): string {
  const name = `${APP_GROUP_ROLE}_${database}`;
  if (name.length <= 63 && /^[a-z0-9_]+$/.test(database)) return name;
  const hash = createHash('sha256').update(database).digest('hex').slice(0, 8);
  return `${name.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 54)}_${hash}`;
}

/**
 * The app's own login role on this database, as the owner (`owner`, under the migrations lock):
 * made if missing, a member of `countermark_app`, owning nothing, its random password kept in the
 * owner-only `app_login` (replicas read it; a database copied from a template, whose row names the
 * template's role, gets a role of its own). Answers `ownerUrl` with the role and its password.
 */
export async function ensureLoginRole(owner: DataSource, ownerUrl: string): Promise<string> {
  return owner.transaction(async (em) => {
    const [{ database }] = await em.query(`SELECT current_database() AS database`);
    const role = loginRoleName(database);
    const [stored] = await em.query(`SELECT password FROM app_login WHERE role_name = $1`, [role]);
    const [existing] = await em.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
    const password: string = stored?.password ?? randomBytes(24).toString('base64url');
    // the name and password reach the statement through settings of this transaction, so neither
    // the statement PostgreSQL may log nor the app's query log carries the password
    await em.query(`SELECT set_config('countermark.login_role', $1, true), set_config('countermark.login_password', $2, true)`, [role, password]);
    try {
      if (!existing) await em.query(doRole(`CREATE ROLE %I ${ATTRIBUTES} IN ROLE ${APP_GROUP_ROLE}`));
      else if (!stored) {
        await em.query(doRole(`ALTER ROLE %I ${ATTRIBUTES}`));
        await em.query(doRole(`GRANT ${APP_GROUP_ROLE} TO %I`));
      }
    } catch (error) {
      throw new Error(
        `The owner (DATABASE_URL) could not create the app's login role ${role} (${String(error)}): give it CREATEROLE, ` +
          `or create a role with docs/database-roles.sql and set DATABASE_APP_URL`,
      );
    }
    await em.query(`DELETE FROM app_login WHERE role_name <> $1`, [role]);
    await em.query(`INSERT INTO app_login (role_name, password) VALUES ($1, $2) ON CONFLICT (role_name) DO NOTHING`, [role, password]);
    const url = new URL(ownerUrl);
    url.username = encodeURIComponent(role);
    url.password = encodeURIComponent(password);
    return url.toString();
  });
}

const ATTRIBUTES = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD %L';

/** A DO block that runs `template` (format(): %I the role, %L its password) with this transaction's settings. */
function doRole(template: string): string {
  return `DO $$ BEGIN EXECUTE format('${template}', current_setting('countermark.login_role'), current_setting('countermark.login_password')); END $$`;
}

/**
 * Refuses to run the app as a role that could do more than the app needs: a superuser, the owner
 * of a relation, or a role outside `countermark_app` (DATABASE_APP_URL set to the owner's URL).
 * Its sessions' temporary tables (COPY's staging under row-level security, copy-from.ts) are its own.
 */
export async function assertLeastPrivilege(app: DataSource): Promise<void> {
  const [role] = await app.query(
    `SELECT current_user AS name, r.rolsuper AS superuser, r.rolbypassrls AS "bypassRls",
            EXISTS (SELECT FROM pg_class WHERE relowner = r.oid AND relpersistence <> 't') AS owns,
            pg_has_role(current_user, $1, 'USAGE') AS member
       FROM pg_roles r WHERE r.rolname = current_user`,
    [APP_GROUP_ROLE],
  );
  const wrong = [role.superuser && 'is a superuser', role.bypassRls && 'bypasses row-level security', role.owns && 'owns relations', !role.member && `is not a member of ${APP_GROUP_ROLE}`].filter(Boolean);
  if (wrong.length > 0) throw new Error(`The app's database role ${role.name} ${wrong.join(', ')}: connect it as a login role made with docs/database-roles.sql (DATABASE_APP_URL)`);
}
