import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export default async function globalTeardown() {
  // this run's demo templates (test/support/test-app.ts): their data folders, and their databases on a server that outlives the run
  const prefix = `tpl_${process.env.TEST_RUN_ID}_`;
  for (const name of readdirSync(tmpdir())) if (name.startsWith(`countermark-${prefix}`)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  const server = globalThis.__COUNTERMARK_PG__;
  if (server) return server.stop();
  if (!process.env.TEST_DATABASE_ADMIN_URL) return;
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [prefix]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    // and the login roles the app made for them (apps/api/src/database/app-role.ts): they own nothing
    const roles = await client.query(`SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1)`, [`countermark_app_${prefix}`]);
    for (const { rolname } of roles.rows) await client.query(`DROP ROLE IF EXISTS "${rolname}"`).catch(() => undefined); // still in use: left
  } finally {
    await client.end();
  }
}
