import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { join, resolve } from 'node:path';
import { AppModule } from './app.module.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import type { DatabaseRole } from './database/database.module.js';
import { perRequest } from './database/tenancy.js';
import { AuthService } from './identity/auth.service.js';
import { sessionCookies } from './identity/session-cookie.js';

/**
 * No allocation-site pretenuring in V8. V8 allocates straight into the old generation the objects of
 * an allocation site whose objects have often outlived a young-generation collection; the API's rows
 * (pg's row parsing, its Dates) are such sites once a large result was held for a while anywhere in
 * the process (an import, an export, the demo's load). Every row of every later request then went
 * to the old generation: at 1,000,000 takedown requests the queue pages promoted about 10 MB a
 * second, a full collection every 3–4 seconds whose parallel marking took the second core from
 * PostgreSQL, and the pages it overlapped took 50–75 ms instead of 15 (issue 16). Without it, rows
 * die young, as request data does. Set before the app's first allocation; V8 reads it at every
 * collection.
 */
setFlagsFromString('--no-allocation-site-pretenuring');

/** Builds the whole product on a database; used by main.ts, the e2e tests and the benchmarks. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  options: { logSql?: boolean; logger?: false | ('error' | 'warn' | 'log' | 'debug')[]; queryLimits?: boolean; databaseRole?: DatabaseRole } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, databaseUrl, logSql: options.logSql, queryLimits: options.queryLimits, databaseRole: options.databaseRole }), {
    logger: options.logger ?? levelsFrom(config.LOG_LEVEL),
    bodyParser: false,
  });
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders(config));
  app.use(sessionCookies()); // before anything reads credentials
  app.use(jsonBodies(config, app.get(AuthService)));
  app.use(perRequest); // each request sees no alliance's rows until its caller is known (database/tenancy.ts)
  app.useGlobalPipes(createValidationPipe());
  serveWebClient(app, config);
  await app.init();
  limitWebSocketMessages(app, config.MAX_ANONYMOUS_BODY_BYTES);
  return app;
}

type Middleware = (req: express.Request, res: express.Response, next: express.NextFunction) => void;

/**
 * helmet: a content security policy the built web client passes (its scripts and styles are files
 * of its own origin, nothing inline), nosniff, no framing. GraphiQL (development only) loads its
 * scripts from unpkg, so its page goes without the policy.
 */
function securityHeaders(config: AppConfig): Middleware {
  const directives = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    // the product may be served over plain HTTP on a private network
    upgradeInsecureRequests: null,
  };
  const withPolicy = helmet({ contentSecurityPolicy: { useDefaults: false, directives }, frameguard: { action: 'deny' } });
  const withoutPolicy = helmet({ contentSecurityPolicy: false, frameguard: { action: 'deny' } });
  return (req, res, next) => (config.introspection && req.method === 'GET' && req.path === '/graphql' ? withoutPolicy : withPolicy)(req, res, next);
}

/**
 * JSON bodies: a caller without valid credentials may send MAX_ANONYMOUS_BODY_BYTES, a signed-in one
 * an evidence file's worth (base64 inside GraphQL, plus overhead); a larger body is refused with 413
 * before it is read. The credentials are checked only when the body is larger than the anonymous
 * limit, by the promise the auth guard then reuses, so no request authenticates twice.
 */
function jsonBodies(config: AppConfig, auth: AuthService): Middleware {
  const anonymous = express.json({ limit: config.MAX_ANONYMOUS_BODY_BYTES });
  const signedIn = express.json({ limit: Math.ceil(config.MAX_FILE_BYTES * 1.4) + 64 * 1024 });
  const refuseTooLarge = (res: express.Response, next: express.NextFunction) => (error?: unknown) => {
    const status = (error as { status?: number } | undefined)?.status;
    if (status !== 413) return next(error);
    res.status(413).json({ errors: [{ message: 'The request body is too large', extensions: { code: 'BAD_USER_INPUT' } }] });
  };
  return (req, res, next) => {
    // POST /imports and the listing feed's NDJSON stream their bodies themselves; other types (multipart to /files) are for their routes to read
    if (req.path === '/imports' || req.path === '/monitoring/listings.ndjson' || !req.is('application/json')) return next();
    const length = Number(req.headers['content-length'] ?? NaN);
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const large = length > config.MAX_ANONYMOUS_BODY_BYTES || (req.headers['transfer-encoding'] !== undefined && !(length >= 0));
    if (!token || !large) return anonymous(req, res, refuseTooLarge(res, next));
    const request = req as express.Request & { requestContextPromise?: Promise<unknown> };
    request.requestContextPromise ??= auth.authenticate(token);
    request.requestContextPromise.then(
      () => signedIn(req, res, refuseTooLarge(res, next)),
      () => anonymous(req, res, refuseTooLarge(res, next)),
    );
  };
}

/**
 * A graphql-ws message is a query and its variables (nothing is uploaded over a socket), so it gets
 * the anonymous body limit instead of ws's 100 MiB; a larger one closes the socket (1009). Nest
 * builds the WebSocketServer without a way to pass the option, so it is set on the server it made,
 * which reads it at each connection; if a new @nestjs/graphql moves it, the start fails loudly.
 */
function limitWebSocketMessages(app: NestExpressApplication, bytes: number): void {
  const driver = app.get(GraphQLModule).graphQlAdapter as unknown as { _subscriptionService?: { wss?: { options?: { maxPayload?: number } } } };
  const options = driver._subscriptionService?.wss?.options;
  if (!options || typeof options.maxPayload !== 'number') throw new Error('Cannot limit graphql-ws messages: @nestjs/graphql no longer exposes its WebSocketServer');
  options.maxPayload = bytes;
}

function levelsFrom(level: AppConfig['LOG_LEVEL']): ('error' | 'warn' | 'log' | 'debug')[] {
  const order = ['error', 'warn', 'log', 'debug'] as const;
  return order.slice(0, order.indexOf(level) + 1) as ('error' | 'warn' | 'log' | 'debug')[];
}

/** Paths the API answers itself; everything else that asks for HTML gets the web client. */
const API_PATHS = ['/graphql', '/health', '/files', '/imports', '/exports', '/takedown-imports', '/takedown-forms', '/monitoring/listings.ndjson', '/evidence-packs', '/impact-report.csv', '/impact-report.pdf'];

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
