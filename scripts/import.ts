/**
 * npm run import -- FILE [--as EMAIL] [--format CSV|STIX]
 * Imports a STIX 2.1 bundle or a CSV file as the given member (default: the demo member admin),
 * the same way as the API's import jobs (checked whole first, then written with checkpoints),
 * with a progress bar. Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (the running
 * product's, when it is up).
 */
import 'reflect-metadata';
import { SingleBar, Presets } from 'cli-progress';
import { createReadStream, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { createApp } from '../apps/api/src/bootstrap.js';
import { loadConfig } from '../apps/api/src/config/app-config.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../apps/api/src/database/embedded-database.js';
import { DEMO_USERS, DemoService } from '../apps/api/src/demo/demo.service.js';
import { ImportService } from '../apps/api/src/intel-exchange/import.service.js';
import { ImportJobEntity } from '../apps/api/src/intel-exchange/import-job.entity.js';
import { AuthService } from '../apps/api/src/identity/auth.service.js';
import { UserEntity } from '../apps/api/src/identity/user.entity.js';

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = new Socket();
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.connect(port, '127.0.0.1');
  });

async function main() {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--as' && args[args.indexOf(a) - 1] !== '--format');
  const as = args.includes('--as') ? args[args.indexOf('--as') + 1] : DEMO_USERS.memberAdmin;
  if (!file || !existsSync(file)) throw new Error('Usage: npm run import -- FILE [--as EMAIL] [--format CSV|STIX]');
  const format = (args.includes('--format') ? args[args.indexOf('--format') + 1] : /\.csv$/i.test(file) ? 'CSV' : 'STIX').toUpperCase();
  if (format !== 'CSV' && format !== 'STIX') throw new Error('--format is CSV or STIX');

  const config = loadConfig(process.env, { IMPORT_WORKER: false, LOG_LEVEL: 'error' });
  let embedded: EmbeddedDatabase | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    if (await listening(config.EMBEDDED_PG_PORT)) url = `postgres://postgres:postgres@127.0.0.1:${config.EMBEDDED_PG_PORT}/countermark`;
    else {
      embedded = await startEmbeddedDatabase({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, sharedBuffers: config.EMBEDDED_PG_SHARED_BUFFERS });
      url = embedded.url;
    }
  }
  const app = await createApp(config, url, { logger: ['error'] });
  try {
    // like `npm start`: an empty database gets the demo alliance, so the default member exists
    if (config.LOAD_DEMO) await app.get(DemoService).loadIfEmpty();
    const user = await app.get(DataSource).getRepository(UserEntity).findOneBy({ email: as });
    if (!user) throw new Error(`No user ${as}`);
    const ctx = await app.get(AuthService).contextOfUserId(user.id);
    const imports = app.get(ImportService);
    const job = await imports.start(ctx, format, basename(file), createReadStream(file));
    const bar = new SingleBar({ format: '{phase} [{bar}] {percentage}% | {value}/{total} reports | {created} new, {already} already there', hideCursor: true }, Presets.shades_classic);
    bar.start(1, 0, { phase: 'checking', created: 0, already: 0 });
    const repo = app.get(DataSource).getRepository(ImportJobEntity);
    const poll = setInterval(async () => {
      const j = await repo.findOneBy({ id: job.id });
      if (!j) return;
      if (j.phase === 'APPLY' && j.reportsTotal) bar.setTotal(j.reportsTotal);
      bar.update(j.phase === 'APPLY' ? j.reportsDone : 0, { phase: j.phase === 'APPLY' ? 'writing' : `checking (${j.rowsRead} read)`, created: j.reportsCreated, already: j.reportsAlreadyImported });
    }, 200);
    await imports.kick();
    clearInterval(poll);
    const done = await repo.findOneByOrFail({ id: job.id });
    bar.update(done.reportsDone, { phase: done.status.toLowerCase(), created: done.reportsCreated, already: done.reportsAlreadyImported });
    bar.stop();
    if (done.status !== 'COMPLETED') {
      console.error(`Import ${done.status}: ${done.errorCount} problem(s); nothing was written.`);
      for (const e of done.errors.slice(0, 50)) console.error(`  ${e.where}: ${e.message}`);
      process.exitCode = 1;
    } else {
      console.log(`Imported ${done.reportsCreated} new report(s) with ${done.indicatorsCreated} indicator(s); ${done.reportsAlreadyImported} were there already.`);
    }
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
