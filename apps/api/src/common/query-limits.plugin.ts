import { Plugin } from '@nestjs/apollo';
import { Injectable, Optional } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { formatGraphQLError, toGraphQLError } from './errors.js';
import { checkOperation, QUERY_PARSE_OPTIONS, queryLimitRules } from './query-limits.js';
import type { RequestContext } from './request-context.js';

/** What an operation's GraphQL context carries of its caller: the credentials, and the auth guard's promise of who it is. */
export interface CallerRequest {
  headers: Record<string, string | string[] | undefined>;
  requestContext?: RequestContext;
  requestContextPromise?: Promise<RequestContext>;
}

/**
 * Who pays for operations: the identity context provides it (CallerBudget), so this layer knows
 * nothing of sessions and API keys. `charge` spends an operation's cost from its caller's budget
 * (nothing for a caller without valid credentials) and throws RATE_LIMITED (`rateLimited`) when
 * the budget is spent; it authenticates through `requestContextPromise`, which the guard reuses.
 */
export abstract class OperationBudget {
  abstract charge(req: CallerRequest | undefined, cost: number): Promise<void>;
}

type ContextBuilder = (c: { connectionParams?: Record<string, unknown> }) => { req: CallerRequest } | Promise<{ req: CallerRequest }>;

/**
 * The query limits of both transports in one place: Apollo takes `parseOptions` and
 * `validationRules` from here and runs the cost check in QueryLimitsPlugin; graphql-ws runs the
 * same parse, rules and check in `onSubscribe`, so an operation refused over HTTP is refused over a
 * socket with the same error.
 */
export class QueryLimitsGate {
  readonly validationRules = queryLimitRules();
  readonly parseOptions = QUERY_PARSE_OPTIONS;
  /** What graphql-ws validates with: GraphQL's rules, the limits and, when it is off, no introspection (Apollo adds its own). */
  private readonly webSocketRules: ValidationRule[];
  private schema?: () => GraphQLSchema;
  private budget?: OperationBudget;
  /** graphql-ws: the operation's GraphQL context, built here (not by graphql-ws) so the budget and the guard share one authentication. */
  private readonly context?: ContextBuilder;

  constructor(options: { introspection: boolean; context?: ContextBuilder }) {
    this.webSocketRules = [...specifiedRules, ...this.validationRules, ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
    this.context = options.context;
  }

  useSchema(schema: () => GraphQLSchema): void {
    this.schema = schema;
  }

  useBudget(budget: OperationBudget | undefined): void {
    this.budget = budget;
  }

  /**
   * graphql-ws's hook: execution arguments for an operation within the limits and its caller's
   * budget (a subscription is charged once, when it starts), else its errors.
   */
  readonly onSubscribe: NonNullable<ServerOptions['onSubscribe']> = async (ctx, _id, payload) => {
    const schema = this.schema?.();
    if (!schema) return [new GraphQLError('The server is starting', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })];
    let document: DocumentNode;
    try {
      document = parse(payload.query, this.parseOptions);
    } catch (error) {
      return [formatted(error, 'GRAPHQL_PARSE_FAILED')];
    }
    const invalid = validate(schema, document, this.webSocketRules);
    if (invalid.length > 0) return invalid.map((e) => formatted(e, 'GRAPHQL_VALIDATION_FAILED'));
    let contextValue: { req: CallerRequest } | undefined;
    try {
      const cost = checkOperation(schema, document, payload.operationName, payload.variables);
      contextValue = this.context ? await this.context(ctx) : undefined;
      await this.budget?.charge(contextValue?.req, cost);
    } catch (error) {
      return [formatted(error)];
    }
    return { schema, document, operationName: payload.operationName, variableValues: payload.variables, ...(contextValue ? { contextValue } : {}) };
  };
}

/** The error as HTTP would show it (formatGraphQLError), as graphql-ws needs it (a GraphQLError). */
function formatted(error: unknown, apolloCode?: string): GraphQLError {
  const e = toGraphQLError(error);
  const { http: _http, ...extensions } = e.extensions as Record<string, unknown>;
  const shown = formatGraphQLError({ message: e.message, locations: e.locations, extensions: apolloCode ? { ...extensions, code: apolloCode } : extensions }, e);
  return new GraphQLError(shown.message, { extensions: shown.extensions });
}

/**
 * HTTP: after validation (which Apollo caches per document), the size arguments and the cost, with
 * the variables; then the caller's budget is charged that cost, once per operation, before it runs.
 */
@Plugin()
@Injectable()
export class QueryLimitsPlugin implements ApolloServerPlugin<{ req?: CallerRequest }> {
  constructor(schemaHost: GraphQLSchemaHost, gate: QueryLimitsGate, @Optional() private readonly budget?: OperationBudget) {
    gate.useSchema(() => schemaHost.schema);
    gate.useBudget(budget);
  }

  async requestDidStart(): Promise<GraphQLRequestListener<{ req?: CallerRequest }>> {
    const budget = this.budget;
    return {
      async didResolveOperation({ schema, request, document, contextValue }) {
        const cost = checkOperation(schema, document, request.operationName, request.variables);
        await budget?.charge(contextValue.req, cost);
      },
    };
  }
}
