import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { execute, subscribe } from 'graphql';
import { AlliancesModule } from './alliances/alliances.module.js';
import { AuditModule } from './audit/audit.module.js';
import { GraphQLExceptionFilter, formatGraphQLError } from './common/errors.js';
import { CommonModule } from './common/common.module.js';
import { QueryLimitsGate, QueryLimitsPlugin } from './common/query-limits.plugin.js';
import { noStore } from './common/no-store.plugin.js';
import { ReferenceFields } from './common/reference-field.js';
import { Loaders } from './common/loaders.js';
import type { GraphQLRequestContext } from './common/request-context.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule, type DatabaseRole } from './database/database.module.js';
import { scopedOperations } from './database/tenancy.js';
import { HealthController } from './health/health.controller.js';
import { IdentityModule } from './identity/identity.module.js';
import { CallerBudgetModule } from './identity/caller-budget.js';
import { IdentityRepositoriesModule } from './identity/identity-repositories.module.js';
import { webSocketCredentials } from './identity/session-cookie.js';
import { DemoModule } from './demo/demo.module.js';
import { BrandsModule } from './brands/brands.module.js';
import { CategoriesModule } from './categories/categories.module.js';
import { FilesModule } from './files/files.module.js';
import { MailModule } from './mail/mail.module.js';
import { IntelExchangeModule } from './intel-exchange/intel-exchange.module.js';
import { IntelModule } from './intel/intel.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { SEARCH_CONNECTION_SETTINGS } from './intel/search/intel-search.service.js';
import { MembersModule } from './members/members.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OnboardingModule } from './onboarding/onboarding.module.js';
import { PartnersModule } from './partners/partners.module.js';
import { TakedownModule } from './takedown/takedown.module.js';
import { MonitoringModule } from './monitoring/monitoring.module.js';
import { EnforcementModule } from './enforcement/enforcement.module.js';
import { ImpactModule } from './impact/impact.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  /** The owner's URL: migrations and queue setup; the app itself connects as DATABASE_APP_URL or a login role it makes (database/app-role.ts). */
  databaseUrl: string;
  /** 'owner' only for benchmarks that seed with DDL: the app stays on the owner's connection. */
  databaseRole?: DatabaseRole;
  logSql?: boolean;
  /** false only for the benchmark's baseline (bench/query-limits.bench.ts): no query limits on either transport. */
  queryLimits?: boolean;
}

/** Every bounded context of the product; main.ts and the e2e tests build the same module. */
export const domainModules = [
  CommonModule,
  JobsModule,
  AuditModule,
  MailModule,
  NotificationsModule,
  IdentityModule,
  IdentityRepositoriesModule,
  CallerBudgetModule,
  AlliancesModule,
  CategoriesModule,
  MembersModule,
  PartnersModule,
  FilesModule,
  BrandsModule,
  OnboardingModule,
  IntelModule,
  IntelExchangeModule,
  TakedownModule,
  MonitoringModule,
  EnforcementModule,
  ImpactModule,
  DemoModule,
];

/**
 * An operation's GraphQL context: HTTP requests carry their headers (a session cookie already turned
 * into credentials, identity/session-cookie.ts) and their response (to set or clear that cookie);
 * graphql-ws connections carry `authorization` in their connection parameters, or the session
 * cookie of their upgrade request when it comes from an allowed origin.
 */
function graphQLContextFor(publicUrl: string) {
  return (c: { req?: unknown; res?: unknown; connectionParams?: Record<string, unknown>; extra?: { connectionParams?: Record<string, unknown>; request?: IncomingMessage } }) => ({
    req: (c.req ?? webSocketCredentials(c.connectionParams?.authorization ?? c.extra?.connectionParams?.authorization, c.extra?.request, publicUrl)) as GraphQLRequestContext['req'],
    res: c.res,
    loaders: new Loaders(),
  });
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { introspection } = options.config;
    const graphQLContext = graphQLContextFor(options.config.publicUrl);
    const limits = new QueryLimitsGate({ introspection, context: graphQLContext });
    const bounded = options.queryLimits !== false;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        DatabaseModule.forRoot({ url: options.databaseUrl, appUrl: options.config.DATABASE_APP_URL, role: options.databaseRole, logSql: options.logSql, settings: SEARCH_CONNECTION_SETTINGS }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          graphiql: introspection,
          introspection,
          allowBatchedHttpRequests: false,
          // every answer is the caller's own (no cache hints are used): Apollo's cache-control plugin wrapped every
          // field's resolver to compute a policy that always came out no-store; that header is now set once (common/no-store.plugin.ts)
          plugins: [ApolloServerPluginCacheControlDisabled(), noStore],
          // the auth guard also runs for field resolvers, so @Roles/@Scopes on a field are enforced
          fieldResolverEnhancers: ['guards'],
          // bounded before anything runs, on both transports (common/query-limits.ts)
          parseOptions: bounded ? limits.parseOptions : undefined,
          validationRules: bounded ? limits.validationRules : [],
          includeStacktraceInErrorResponses: false,
          formatError: formatGraphQLError,
          context: graphQLContext,
          // each operation and each subscription's events in the caller's tenancy (database/tenancy.ts)
          subscriptions: { 'graphql-ws': { path: '/graphql', ...scopedOperations(execute, subscribe), ...(bounded ? { onSubscribe: limits.onSubscribe } : {}) } },
        }),
        ...domainModules,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: GraphQLExceptionFilter }, { provide: QueryLimitsGate, useValue: limits }, ReferenceFields, ...(bounded ? [QueryLimitsPlugin] : [])],
    };
  }
}
