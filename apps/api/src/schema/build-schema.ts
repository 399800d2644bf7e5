import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { domainModules } from '../app.module.js';

type Class = abstract new (...args: never[]) => unknown;

/** The resolver classes of the given modules, found by their @Resolver metadata. */
function resolversOf(modules: readonly Class[]): Function[] {
  const seen = new Set<Function>();
  const visit = (m: unknown) => {
    if (typeof m !== 'function') return;
    for (const p of (Reflect.getMetadata('providers', m) ?? []) as unknown[]) {
      if (typeof p === 'function' && Reflect.hasMetadata('graphql:resolver_type', p)) seen.add(p);
    }
    for (const i of (Reflect.getMetadata('imports', m) ?? []) as unknown[]) visit(i);
  };
  modules.forEach(visit);
  return [...seen];
}

/** The API's schema in SDL, built without a database (for codegen and the freshness test). */
export async function buildSchemaSdl(): Promise<string> {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  await app.init();
  const schema = await app.get(GraphQLSchemaFactory).create(resolversOf(domainModules as Class[]));
  await app.close();
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
