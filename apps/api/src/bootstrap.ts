import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppModule } from './app.module.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';

/** Builds the whole product on a database; used by main.ts, the e2e tests and the benchmarks. */
export async function createApp(config: AppConfig, databaseUrl: string, options: { logSql?: boolean; logger?: false | ('error' | 'warn' | 'log' | 'debug')[] } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, databaseUrl, logSql: options.logSql }), {
    logger: options.logger ?? levelsFrom(config.LOG_LEVEL),
    bodyParser: false,
  });
  // evidence files travel base64-encoded inside GraphQL: allow the file limit plus encoding overhead
  const json = express.json({ limit: Math.ceil(config.MAX_FILE_BYTES * 1.4) + 64 * 1024 });
  // POST /imports streams its body to disk itself, whatever its size or type
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => (req.path === '/imports' ? next() : json(req, res, next)));
  app.useGlobalPipes(createValidationPipe());
  serveWebClient(app, config);
  await app.init();
  return app;
}

function levelsFrom(level: AppConfig['LOG_LEVEL']): ('error' | 'warn' | 'log' | 'debug')[] {
  const order = ['error', 'warn', 'log', 'debug'] as const;
  return order.slice(0, order.indexOf(level) + 1) as ('error' | 'warn' | 'log' | 'debug')[];
}

/** Paths the API answers itself; everything else that asks for HTML gets the web client. */
const API_PATHS = ['/graphql', '/health', '/files', '/imports', '/exports'];

/** The built web client at /, with its routes falling back to index.html. */
function serveWebClient(app: NestExpressApplication, config: AppConfig) {
  const dist = resolve(config.WEB_DIST);
  if (!existsSync(join(dist, 'index.html'))) return;
  app.use(express.static(dist, { index: false, maxAge: '1h' }));
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (req.method !== 'GET' || API_PATHS.some((p) => req.path === p || req.path.startsWith(`${p}/`))) return next();
    if (!req.accepts('html')) return next();
    res.sendFile(join(dist, 'index.html'));
  });
}
