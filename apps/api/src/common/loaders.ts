import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders, kept on the GraphQL context: nested fields of a page batch into one
 * query per field, and nothing is cached across requests or callers.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  /** The loader for `key`; `batch` answers a Map for a whole set of keys; absent keys get `missing`. */
  get<K, V>(key: string, batch: (keys: readonly K[]) => Promise<Map<K, V>>, missing: V): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(async (keys) => {
        const found = await batch(keys);
        return keys.map((k) => (found.has(k) ? (found.get(k) as V) : missing));
      }, { maxBatchSize: 1000 });
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

/** `@RequestLoaders() loaders: Loaders` in a resolver. */
export const RequestLoaders = createParamDecorator((_data: unknown, context: ExecutionContext): Loaders => {
  const gql = GqlExecutionContext.create(context).getContext<{ loaders?: Loaders }>();
  gql.loaders ??= new Loaders();
  return gql.loaders;
});

/** Groups rows by a key into a Map of arrays, for one-to-many batch loads. */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}
