import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import pg from 'pg';
import { migrations } from '../../../../migrations/index.js';
import { FUZZY_THRESHOLD } from '../intel/fuzzy-plan.js';
import { QueryCounter } from './query-counter.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

// DATE columns stay 'YYYY-MM-DD' strings: a Date at local midnight shifts with the server's time zone
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

/** PostgreSQL through TypeORM; the schema comes from migrations/ only, applied at start. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: { url: string; logSql?: boolean; poolSize?: number }): DynamicModule {
    const counter = new QueryCounter(options.logSql);
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: options.url,
          autoLoadEntities: true,
          synchronize: false,
          migrationsRun: true,
          migrations,
          migrationsTransactionMode: 'each',
          namingStrategy: new SnakeNamingStrategy(),
          logger: counter,
          // search's trigram similarity (%, <%) is stricter than pg_trgm's 0.3: values of one shape
          // (seller123@…, seller124@…) are not "similar". Set per connection, so no query has to.
          // Search scans the trigram indexes' pending lists whole on every lookup: 512 kB instead of
          // 4 MB keeps that under a millisecond (imports raise it for their batches, SEARCH_INDEXES).
          extra: {
            max: options.poolSize ?? 10,
            options: `-c pg_trgm.similarity_threshold=${FUZZY_THRESHOLD} -c pg_trgm.word_similarity_threshold=${FUZZY_THRESHOLD} -c gin_pending_list_limit=512kB`,
          },
        }),
      ],
      providers: [{ provide: QueryCounter, useValue: counter }],
      exports: [QueryCounter],
    };
  }
}
