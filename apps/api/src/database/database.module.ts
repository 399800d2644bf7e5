import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../../../migrations/index.js';
import { LOCKS, withAdvisoryLock } from './advisory-lock.js';
import { QueryCounter } from './query-counter.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

// DATE columns stay 'YYYY-MM-DD' strings: a Date at local midnight shifts with the server's time zone
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

/**
 * Applies pending migrations under an advisory lock, so replicas starting together migrate one
 * after the other: the first applies them, the others find nothing to do.
 */
async function migrated(dataSource: DataSource): Promise<DataSource> {
  await withAdvisoryLock(dataSource, LOCKS.migrations, () => dataSource.runMigrations({ transaction: 'each' }));
  return dataSource;
}

/** PostgreSQL through TypeORM; the schema comes from migrations/ only, applied at start. */
@Global()
@Module({})
export class DatabaseModule {
  /** `settings`: run-time parameters every connection starts with (`-c name=value`), e.g. what search needs. */
  static forRoot(options: { url: string; logSql?: boolean; poolSize?: number; settings?: Readonly<Record<string, string | number>> }): DynamicModule {
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
          dataSourceFactory: async (dataSourceOptions) => migrated(await new DataSource(dataSourceOptions!).initialize()),
        }),
      ],
      providers: [{ provide: QueryCounter, useValue: counter }],
      exports: [QueryCounter],
    };
  }
}
