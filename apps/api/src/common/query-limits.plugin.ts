import { Plugin } from '@nestjs/apollo';
import { Injectable } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { formatGraphQLError, toGraphQLError } from './errors.js';
import { checkOperation, QUERY_PARSE_OPTIONS, queryLimitRules } from './query-limits.js';

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

  constructor(options: { introspection: boolean }) {
    this.webSocketRules = [...specifiedRules, ...this.validationRules, ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  }

  useSchema(schema: () => GraphQLSchema): void {
    this.schema = schema;
  }

  /** graphql-ws's hook: execution arguments for an operation within the limits, else its errors. */
  readonly onSubscribe: NonNullable<ServerOptions['onSubscribe']> = (_ctx, _id, payload) => {
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
    try {
      checkOperation(schema, document, payload.operationName, payload.variables);
    } catch (error) {
      return [formatted(error)];
    }
    return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
  };
}

/** The error as HTTP would show it (formatGraphQLError), as graphql-ws needs it (a GraphQLError). */
function formatted(error: unknown, apolloCode?: string): GraphQLError {
  const e = toGraphQLError(error);
  const { http: _http, ...extensions } = e.extensions as Record<string, unknown>;
  const shown = formatGraphQLError({ message: e.message, locations: e.locations, extensions: apolloCode ? { ...extensions, code: apolloCode } : extensions }, e);
  return new GraphQLError(shown.message, { extensions: shown.extensions });
}

/** HTTP: after validation (which Apollo caches per document), the size arguments and the cost, with the variables. */
@Plugin()
@Injectable()
export class QueryLimitsPlugin implements ApolloServerPlugin {
  constructor(schemaHost: GraphQLSchemaHost, gate: QueryLimitsGate) {
    gate.useSchema(() => schemaHost.schema);
  }

  async requestDidStart(): Promise<GraphQLRequestListener<object>> {
    return {
      async didResolveOperation({ schema, request, document }) {
        checkOperation(schema, document, request.operationName, request.variables);
      },
    };
  }
}
