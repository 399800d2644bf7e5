import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions.js';
import { migrations } from '../../../../migrations/index.js';
import { LOCKS, withAdvisoryLock } from './advisory-lock.js';
import { assertLeastPrivilege, ensureLoginRole } from './app-role.js';
import { QueryCounter } from './query-counter.js';
import { enforceTenancy } from './tenancy.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

// DATE columns stay 'YYYY-MM-DD' strings: a Date at local midnight shifts with the server's time zone
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

/**
 * The owner's connection (DATABASE_URL): it owns the schema and runs the migrations and the job
 * queues' setup (apps/api/src/jobs/jobs.service.ts). The app's own DataSource does not use it.
 */
export class OwnerDatabase {
  constructor(readonly url: string) {}
}

export type DatabaseRole = 'app' | 'owner';

/**
 * As the owner, under an advisory lock (replicas starting together migrate one after the other:
 * the first applies them, the others find nothing to do): applies pending migrations and finds
 * the URL the app connects with: `appUrl` (DATABASE_APP_URL) or the app's own login role on this
 * database (database/app-role.ts). The owner's connection is closed again.
 */
async function migrated(options: PostgresConnectionOptions & { url: string }, appUrl: string | undefined): Promise<string> {
  // two connections: the lock's and the migrations'
  const owner = await new DataSource({ ...options, entities: [], extra: { ...(options.extra as object), max: 2 } }).initialize();
  try {
    return await withAdvisoryLock(owner, LOCKS.migrations, async () => {
      await owner.runMigrations({ transaction: 'each' });
      return appUrl ?? (await ensureLoginRole(owner, options.url));
    });
  } finally {
    await owner.destroy();
  }
}

/** The app's DataSource: as its least-privileged role (refused when the role could do more), or as the owner when asked (benchmarks seeding with DDL). */
async function connected(options: PostgresConnectionOptions & { url: string }, appUrl: string | undefined, role: DatabaseRole): Promise<DataSource> {
  const url = await migrated(options, appUrl);
  // the owner is not subject to row-level security, but its connections are set alike (benchmarks)
  if (role === 'owner') return tenanted(await new DataSource(options).initialize());
  const dataSource = await new DataSource({ ...options, url }).initialize();
  try {
    await assertLeastPrivilege(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return tenanted(dataSource);
}

function tenanted(dataSource: DataSource): DataSource {
  enforceTenancy(dataSource);
  return dataSource;
}

/**
 * PostgreSQL through TypeORM; the schema comes from migrations/ only, applied at start as the
 * owner (`url`); the app then connects as a role that owns nothing (docs/least-privilege.md):
 * `appUrl` (DATABASE_APP_URL) or a login role it makes for itself. `role: 'owner'` keeps the app on
 * the owner's connection (benchmarks that seed with DDL only).
 */
@Global()
@Module({})
export class DatabaseModule {
  /** `settings`: run-time parameters every connection starts with (`-c name=value`), e.g. what search needs. */
  static forRoot(options: { url: string; appUrl?: string; role?: DatabaseRole; logSql?: boolean; poolSize?: number; settings?: Readonly<Record<string, string | number>> }): DynamicModule {
    const counter = new QueryCounter(options.logSql);
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            type: 'postgres' as const,
            url: options.url,
            autoLoadEntities: true,
            synchronize: false,
            migrationsRun: false, // run below, under a lock
            migrations,
            migrationsTransactionMode: 'each' as const,
            namingStrategy: new SnakeNamingStrategy(),
            logger: counter,
            extra: {
              max: options.poolSize ?? 10,
              options: Object.entries(options.settings ?? {}).map(([name, value]) => `-c ${name}=${value}`).join(' ') || undefined,
            },
          }),
          dataSourceFactory: async (dataSourceOptions) => connected({ ...(dataSourceOptions as PostgresConnectionOptions), url: options.url }, options.appUrl, options.role ?? 'app'),
        }),
      ],
      providers: [
        { provide: QueryCounter, useValue: counter },
        { provide: OwnerDatabase, useValue: new OwnerDatabase(options.url) },
      ],
      exports: [QueryCounter, OwnerDatabase],
    };
  }
}
