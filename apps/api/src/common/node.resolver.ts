import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { Node, parseGlobalId } from './node.js';
import { NodeRegistry } from './node-registry.js';
import { Ctx, RequestContext } from './request-context.js';
import { badInput } from './errors.js';

@Resolver(() => Node)
export class NodeResolver {
  constructor(private readonly registry: NodeRegistry) {}

  @Query(() => Node, { nullable: true, description: 'Any object the caller may see; null otherwise' })
  async node(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<object | null> {
    return (await this.fetch(ctx, [id]))[0];
  }

  @Query(() => [Node], { nullable: 'items' })
  async nodes(@Ctx() ctx: RequestContext, @Args('ids', { type: () => [ID] }) ids: string[]): Promise<(object | null)[]> {
    if (ids.length > 100) throw badInput('ids', 'At most 100 ids at once');
    return this.fetch(ctx, ids);
  }

  private async fetch(ctx: RequestContext, ids: string[]): Promise<(object | null)[]> {
    const parsed = ids.map((id) => parseGlobalId(id));
    const byType = new Map<string, string[]>();
    for (const p of parsed) if (p && this.registry.loaderFor(p.type)) byType.set(p.type, [...(byType.get(p.type) ?? []), p.uuid]);
    const found = new Map<string, Map<string, object>>();
    for (const [type, uuids] of byType) found.set(type, await this.registry.loaderFor(type)!(ctx, uuids));
    return parsed.map((p) => (p ? (found.get(p.type)?.get(p.uuid) ?? null) : null));
  }
}
