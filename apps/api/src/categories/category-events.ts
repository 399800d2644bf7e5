import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../common/request-context.js';

/**
 * Runs inside the merge's transaction and moves the subscriber's own rows from the source
 * category to the target; answers what it moved (`{ membershipsMoved: 3 }`) for the merge's audit record.
 */
export type CategoryMergedHandler = (em: EntityManager, ctx: RequestContext, merge: { sourceId: string; targetId: string }) => Promise<Record<string, number>>;

/**
 * What happens to categories, for the contexts above this one that keep rows per category: they
 * subscribe here instead of categories writing their tables (members moves its memberships on `merged`).
 */
@Injectable()
export class CategoryEvents {
  private readonly mergedHandlers: CategoryMergedHandler[] = [];

  onMerged(handler: CategoryMergedHandler): void {
    this.mergedHandlers.push(handler);
  }

  async merged(em: EntityManager, ctx: RequestContext, merge: { sourceId: string; targetId: string }): Promise<Record<string, number>> {
    const moved: Record<string, number> = {};
    for (const handler of this.mergedHandlers) Object.assign(moved, await handler(em, ctx, merge));
    return moved;
  }
}
