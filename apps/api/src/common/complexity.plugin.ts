import { Plugin } from '@nestjs/apollo';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from './pagination.js';
import { ErrorCode } from './errors.js';

export const MAX_QUERY_COMPLEXITY = 20_000;

/** A list field costs its page size times what each item costs, so deep nesting of big pages adds up. */
const pagedEstimator: ComplexityEstimator = ({ args, childComplexity }) =>
  typeof args.first === 'number' || 'after' in args ? 1 + (Number(args.first) || DEFAULT_PAGE_SIZE) * Math.max(childComplexity, 1) : undefined;

/** Refuses operations whose estimated cost is above MAX_QUERY_COMPLEXITY before anything runs. */
@Plugin()
export class ComplexityPlugin implements ApolloServerPlugin {
  constructor(private readonly schemaHost: GraphQLSchemaHost) {}

  async requestDidStart(): Promise<GraphQLRequestListener<object>> {
    const schema = this.schemaHost.schema;
    return {
      async didResolveOperation({ request, document }) {
        let complexity: number;
        try {
          complexity = getComplexity({
            schema,
            operationName: request.operationName,
            query: document,
            variables: request.variables,
            estimators: [pagedEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
        } catch {
          return; // variables that do not coerce: execution reports them as BAD_USER_INPUT with the field
        }
        if (complexity > MAX_QUERY_COMPLEXITY) {
          throw new GraphQLError(`The query is too complex (${complexity} > ${MAX_QUERY_COMPLEXITY}): ask for fewer or smaller pages`, {
            extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, complexity, limit: MAX_QUERY_COMPLEXITY },
          });
        }
      },
    };
  }
}
