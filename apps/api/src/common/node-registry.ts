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

  loaderFor(typename: string): NodeLoader | undefined {
    return this.loaders.get(typename);
  }
}
