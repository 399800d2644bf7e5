import { Injectable } from '@nestjs/common';
import type { RequestContext } from './request-context.js';

/** Loads the objects of one type that the caller may see, by uuid; missing and hidden look alike. */
export type NodeLoader = (ctx: RequestContext, uuids: string[]) => Promise<Map<string, object>>;

/** Each module registers how to fetch its node types; `node(id)` asks here. */
@Injectable()
export class NodeRegistry {
  private readonly loaders = new Map<string, NodeLoader>();

  register(typename: string, loader: NodeLoader): void {
    this.loaders.set(typename, loader);
  }

  /** The usual case: a batch fetch that already applies visibility, and the model mapper. */
  registerBatch<E>(typename: string, fetch: (ctx: RequestContext, uuids: string[]) => Promise<Map<string, E>>, toModel: (e: E) => object): void {
    this.register(typename, async (ctx, uuids) => new Map([...(await fetch(ctx, uuids))].map(([id, e]) => [id, toModel(e)])));
  }

  loaderFor(typename: string): NodeLoader | undefined {
    return this.loaders.get(typename);
  }
}
