import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const toNumber = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes'].includes(String(value).toLowerCase());

/**
 * The one place that reads the environment. Everything else receives an AppConfig.
 */
export class AppConfig {
  @IsInt() @Min(0) @Max(65535) @Transform(toNumber)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  /** Any PostgreSQL, as the role that owns the schema (migrations, queue setup); absent means an embedded server under DATA_DIR. */
  @IsOptional() @IsString()
  DATABASE_URL?: string;

  /**
   * The same database as the least-privileged role the app works as (docs/database-roles.sql):
   * only with DATABASE_URL. Absent: the app makes a login role of its own with the owner's rights
   * (embedded PostgreSQL, tests; the owner needs CREATEROLE).
   */
  @IsOptional() @Matches(/^postgres(ql)?:\/\/[^@/]+@/, { message: 'DATABASE_APP_URL must be a postgres:// URL with a user' })
  DATABASE_APP_URL?: string;

  @IsString()
  DATA_DIR = '.data';

  @IsInt() @Min(1) @Max(65535) @Transform(toNumber)
  EMBEDDED_PG_PORT = 54329;

  /**
   * The embedded PostgreSQL's `shared_buffers` (a PostgreSQL size: `512MB`, `2GB`). Absent: a
   * quarter of the machine's memory, from 128 MB up to 1 GB (`defaultSharedBuffers`). Ignored with DATABASE_URL.
   */
  @IsOptional() @Matches(/^[1-9][0-9]*(kB|MB|GB|TB)$/, { message: 'EMBEDDED_PG_SHARED_BUFFERS must be a size such as 512MB or 2GB' })
  EMBEDDED_PG_SHARED_BUFFERS?: string;

  /** Signs session tokens. Absent: a random secret kept in DATA_DIR, so sessions survive restarts. */
  @IsOptional() @IsString() @MinLength(32)
  SESSION_SECRET?: string;

  @IsInt() @Min(1) @Max(24 * 30) @Transform(toNumber)
  SESSION_TTL_HOURS = 12;

  @IsInt() @Min(1) @Max(24 * 90) @Transform(toNumber)
  INVITATION_TTL_HOURS = 24 * 14;

  /** Where evidence files are stored; absent: DATA_DIR/files. */
  @IsOptional() @IsString()
  FILES_DIR?: string;

  @IsInt() @Min(1) @Max(100 * 1024 * 1024) @Transform(toNumber)
  MAX_FILE_BYTES = 10 * 1024 * 1024;

  /** Largest import file (STIX bundle or CSV). */
  @IsInt() @Min(1) @Max(10 * 1024 * 1024 * 1024) @Transform(toNumber)
  MAX_IMPORT_BYTES = 1024 * 1024 * 1024;

  /**
   * Largest STIX bundle: a bundle is one JSON document, read whole (its objects refer to each
   * other), so it is held in memory, unlike a CSV, which streams. 128 MiB is about the 200,000
   * objects a bundle may have.
   */
  @IsInt() @Min(1) @Max(1024 * 1024 * 1024) @Transform(toNumber)
  MAX_STIX_IMPORT_BYTES = 128 * 1024 * 1024;

  /** Whether this process runs import jobs (every replica may; jobs are claimed with SKIP LOCKED). */
  @IsBoolean() @Transform(toBool)
  IMPORT_WORKER = true;

  /** Reports an import writes per transaction (with its checkpoint): larger is faster, smaller loses less work to a crash. */
  @IsInt() @Min(1) @Max(10_000) @Transform(toNumber)
  IMPORT_BATCH_REPORTS = 1000;

  /**
   * A CSV file at least this large is checked on two threads, each a half, when the machine has two
   * cores (docs/import-throughput.md); 0: always on one.
   */
  @IsInt() @Min(0) @Transform(toNumber)
  IMPORT_CHECK_SPLIT_BYTES = 4 * 1024 * 1024;

  /**
   * Days an import's uploaded file is kept after the import ends, as evidence of what was sent;
   * 0 deletes it at once (a dead import's file waits for its retry: it goes with the daily purge).
   */
  @IsInt() @Min(0) @Max(3650) @Transform(toNumber)
  IMPORT_FILE_RETENTION_DAYS = 0;

  /**
   * STIX downloads (GET /exports?format=STIX) one caller may have in progress on a replica: each
   * holds a spool of its bundle on local disk until it is sent. Past it: RATE_LIMITED.
   */
  @IsInt() @Min(1) @Max(100) @Transform(toNumber)
  EXPORT_DOWNLOADS_PER_CALLER = 4;

  /** A running import whose worker has not reported for this long is taken over by another. */
  @IsInt() @Min(1) @Max(3600) @Transform(toNumber)
  IMPORT_STALE_SECONDS = 30;

  /** How often an idle worker asks its queue for jobs (a job queued by this process is picked up at once). */
  @IsNumber() @Min(0.5) @Max(600) @Transform(toNumber)
  JOBS_POLL_SECONDS = 2;

  /** How often replicas look at the cron schedules (one of them queues what is due, once). */
  @IsInt() @Min(1) @Max(600) @Transform(toNumber)
  JOBS_CRON_CHECK_SECONDS = 30;

  /** Delay before an e-mail the server refused is tried again; each retry waits about twice as long. */
  @IsInt() @Min(1) @Max(86_400) @Transform(toNumber)
  MAIL_RETRY_DELAY_SECONDS = 60;

  /** Delay before a takedown webhook delivery that failed is tried again; each retry waits about twice as long (6 attempts). */
  @IsInt() @Min(1) @Max(86_400) @Transform(toNumber)
  TAKEDOWN_DELIVERY_RETRY_SECONDS = 60;

  /**
   * Whether marketplace webhooks may target loopback, private and link-local addresses (and plain
   * http there): a test receiver on 127.0.0.1. Off: webhooks reach the public internet only.
   */
  @IsBoolean() @Transform(toBool)
  WEBHOOK_PRIVATE_TARGETS = false;

  /** Share of trusted complainants' auto-accepted requests picked for audit (0–1). */
  @IsNumber() @Min(0) @Max(1) @Transform(toNumber)
  TAKEDOWN_AUDIT_SAMPLE_RATE = 0.1;

  /**
   * Port of the SMTP listener that takes takedowns by e-mail (issue 16, EMAIL). Absent: 2525 when
   * the demo loads (LOAD_DEMO) outside production, off otherwise; 0: off.
   */
  @IsOptional() @IsInt() @Min(0) @Max(65535) @Transform(toNumber)
  TAKEDOWN_SMTP_PORT?: number;

  /** Address the takedown SMTP listener binds; in production it sits behind the organisation's MTA. */
  @IsString() @MaxLength(200)
  TAKEDOWN_SMTP_HOST = '127.0.0.1';

  /** Largest message the takedown SMTP listener accepts (source, attachments included). */
  @IsInt() @Min(1024) @Max(100 * 1024 * 1024) @Transform(toNumber)
  TAKEDOWN_SMTP_MAX_BYTES = 10 * 1024 * 1024;

  /**
   * When set, a message must carry an `Authentication-Results` header of this authserv-id (the
   * MTA in front, which strips such headers from outside) with `dmarc=pass`.
   */
  @IsOptional() @IsString() @MaxLength(255)
  TAKEDOWN_SMTP_AUTHSERV_ID?: string;

  /** smtp://user:pass@host:port — absent: outgoing mail is printed to the log. */
  @IsOptional() @IsString()
  SMTP_URL?: string;

  @IsString() @MaxLength(200)
  MAIL_FROM = 'Countermark <no-reply@countermark.local>';

  /** The address people use to reach the web client; links in e-mails start with it. */
  @IsOptional() @IsString()
  PUBLIC_URL?: string;

  /** The built web client; served at / when the folder exists. */
  @IsString()
  WEB_DIST = 'apps/web/dist';

  @IsBoolean() @Transform(toBool)
  LOAD_DEMO = true;

  /** With LOAD_DEMO: the demo's year of intelligence and takedowns too; false loads the alliance, its members and people only (seconds instead of tens of seconds). */
  @IsBoolean() @Transform(toBool)
  DEMO_INTELLIGENCE = true;

  @IsIn(['error', 'warn', 'log', 'debug'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' = 'log';

  /** `production` turns GraphiQL and introspection off; anything else leaves them on. */
  @IsString() @MaxLength(40)
  NODE_ENV = 'development';

  /**
   * Largest JSON body of a caller without valid credentials (sign-in, invitations), refused with
   * 413 before it is parsed. Signed-in callers may send an evidence file's worth (MAX_FILE_BYTES, base64).
   */
  @IsInt() @Min(1024) @Max(10 * 1024 * 1024) @Transform(toNumber)
  MAX_ANONYMOUS_BODY_BYTES = 64 * 1024;

  /**
   * Cost (query-limits.ts: the objects an answer may hold, at least 1 an operation) that one person
   * or one API key may spend per minute, shared by every replica. The web client's dearest screen,
   * a report with its indicators, is estimated at about 210,000, most others at a few thousand: a
   * person opening a report every few seconds spends about 4 million a minute. At least the cost
   * limit (500,000), so any one operation within the limits can run (tests set less).
   */
  @IsInt() @Min(1) @Max(1_000_000_000) @Transform(toNumber)
  COST_BUDGET_PER_MINUTE = 10_000_000;

  /**
   * `intelBlindMatches` lookups one organisation (all its people and keys together) may make per
   * hour: each search in the web client makes one. Kept low so blind matches cannot be used to
   * test guessed values one by one for another member's RED holdings.
   */
  @IsInt() @Min(1) @Max(100_000) @Transform(toNumber)
  BLIND_MATCH_LOOKUPS_PER_HOUR = 60;

  /**
   * Express's `trust proxy`: which proxies' X-Forwarded-For to believe, so rate limits see the
   * client's address: `false` (none, the default), `true`, a hop count (`1`) or addresses and
   * subnets (`loopback, 10.0.0.0/8`).
   */
  @IsString() @MaxLength(500)
  TRUST_PROXY = 'false';

  get introspection(): boolean {
    return this.NODE_ENV !== 'production';
  }

  /** TRUST_PROXY as express takes it. */
  get trustProxy(): boolean | number | string {
    const value = this.TRUST_PROXY.trim();
    if (value === 'true' || value === 'false') return value === 'true';
    return /^\d+$/.test(value) ? Number(value) : value;
  }

  /** The takedown SMTP listener's port, or null when it is off. */
  get takedownSmtpPort(): number | null {
    if (this.TAKEDOWN_SMTP_PORT !== undefined) return this.TAKEDOWN_SMTP_PORT === 0 ? null : this.TAKEDOWN_SMTP_PORT;
    return this.LOAD_DEMO && this.NODE_ENV !== 'production' ? 2525 : null;
  }

  get filesDir(): string {
    return resolve(this.FILES_DIR ?? join(this.DATA_DIR, 'files'));
  }

  get publicUrl(): string {
    return this.PUBLIC_URL ?? `http://${this.HOST}:${this.PORT}`;
  }

  sessionSecret(): string {
    if (this.SESSION_SECRET) return this.SESSION_SECRET;
    const file = resolve(this.DATA_DIR, 'session-secret');
    if (!existsSync(file)) {
      mkdirSync(resolve(this.DATA_DIR), { recursive: true, mode: 0o755 });
      writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
    }
    return readFileSync(file, 'utf8').trim();
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const known = Object.keys(new AppConfig());
  const picked = Object.fromEntries(known.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
  const config = plainToInstance(AppConfig, picked);
  Object.assign(config, overrides);
  const errors = validateSync(config);
  const appRole = databaseAppUrlProblem(config);
  if (errors.length > 0 || appRole) {
    const lines = [...errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`), ...(appRole ? [`DATABASE_APP_URL: ${appRole}`] : [])];
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}

/** DATABASE_APP_URL names another role on DATABASE_URL's database, never the owner's. */
function databaseAppUrlProblem(config: AppConfig): string | null {
  if (!config.DATABASE_APP_URL) return null;
  if (!config.DATABASE_URL) return 'only with DATABASE_URL (the embedded PostgreSQL makes its own app role)';
  const user = (url: string) => {
    try {
      return decodeURIComponent(new URL(url).username);
    } catch {
      return null;
    }
  };
  if (user(config.DATABASE_APP_URL) === user(config.DATABASE_URL)) return "must connect as another role than DATABASE_URL's (the owner)";
  return null;
}
