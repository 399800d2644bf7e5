import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Extensions, Field, GraphQLSchemaHost, type FieldOptions, type ReturnTypeFunc } from '@nestjs/graphql';
import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { unauthenticated } from './errors.js';
import { Loaders } from './loaders.js';
import { NodeRegistry } from './node-registry.js';
import { callerOf, type GraphQLRequestContext } from './request-context.js';

const REFERENCE = 'countermarkReference';

interface Reference {
  /** The node type the field holds, as registered in the NodeRegistry. */
  typename: string;
  /** The referenced node's uuid on the parent object, or null for none. */
  uuidOf: (parent: unknown) => string | null | undefined;
}

/**
 * A field that holds another node by its uuid: `@ReferenceField(() => Brand, Brand.typename, (r:
 * TakedownRequest) => r.row.brandId, { nullable: true })`. It resolves through the NodeRegistry's
 * loader for that type — the visibility `node(id)` has: null (or an error on a non-null field) when
 * the caller may not see it — batched per operation, by a plain GraphQL resolver that
 * `ReferenceFields` installs. A `@ResolveField` method would do the same work through Nest's
 * per-call pipeline (guards, pipes and three awaited parameter lookups for every object): on the
 * reviewers' queue page, 150 such calls were about a sixth of its CPU. A reference field takes no
 * arguments and no roles or scopes of its own; one that needs them stays a `@ResolveField`.
 */
export function ReferenceField<P>(type: ReturnTypeFunc, typename: string, uuidOf: (parent: P) => string | null | undefined, options: FieldOptions = {}): PropertyDecorator {
  const field = Field(type, options);
  const extensions = Extensions({ [REFERENCE]: { typename, uuidOf: uuidOf as Reference['uuidOf'] } satisfies Reference });
  return (target, key) => {
    field(target, key);
    extensions(target, key);
  };
}

/** Installs the resolvers of every `@ReferenceField` once the schema is built. */
@Injectable()
export class ReferenceFields implements OnApplicationBootstrap {
  constructor(
    private readonly schemaHost: GraphQLSchemaHost,
    private readonly nodes: NodeRegistry,
  ) {}

  onApplicationBootstrap(): void {
    installReferenceResolvers(this.schemaHost.schema, this.nodes);
  }
}

export function installReferenceResolvers(schema: GraphQLSchema, nodes: NodeRegistry): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const reference = field.extensions?.[REFERENCE] as Reference | undefined;
      if (!reference) continue;
      const load = nodes.loaderFor(reference.typename);
      if (!load) throw new Error(`${type.name}.${field.name} refers to ${reference.typename}, which no module registers with the NodeRegistry`);
      const resolve: GraphQLFieldResolver<unknown, GraphQLRequestContext & { loaders?: Loaders }> = (parent, _args, context) => {
        const uuid = reference.uuidOf(parent);
        if (!uuid) return null;
        const ctx = callerOf(context);
        if (!ctx) throw unauthenticated();
        context.loaders ??= new Loaders();
        return context.loaders.get(`reference:${reference.typename}`, (uuids: readonly string[]) => load(ctx, [...uuids]), null).load(uuid);
      };
      field.resolve = resolve;
    }
  }
}
