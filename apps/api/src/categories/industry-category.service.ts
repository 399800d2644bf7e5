import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CategoryStatus, DEFAULT_INDUSTRY_CATEGORIES } from '../../../../libs/domain/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { badInput, conflict, notFound } from '../common/errors.js';
import { NodeRegistry } from '../common/node-registry.js';
import type { RequestContext } from '../common/request-context.js';
import { CategoryEvents } from './category-events.js';
import type { IndustryCategoryEntity } from './industry-category.entity.js';
import { IndustryCategoryRepository } from './industry-category.repository.js';
import { IndustryCategory } from './industry-category.model.js';

/** The alliance's industry taxonomy: 12 defaults, then whatever its coordinators make of it. */
@Injectable()
export class IndustryCategoryService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly nodes: NodeRegistry,
    private readonly events: CategoryEvents,
    private readonly categories: IndustryCategoryRepository,
  ) {}

  onModuleInit() {
    this.nodes.registerBatch(IndustryCategory.typename, (ctx, uuids) => this.byIds(ctx, uuids), IndustryCategory.from);
  }

  async seedDefaults(em: EntityManager, allianceId: string): Promise<void> {
    await this.categories.insertMany(
      em,
      DEFAULT_INDUSTRY_CATEGORIES.map((name, position) => ({ allianceId, name, position, status: CategoryStatus.ACTIVE })),
    );
  }

  async list(ctx: RequestContext, includeRetired: boolean): Promise<IndustryCategoryEntity[]> {
    return this.categories.list(ctx.allianceId, includeRetired);
  }

  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, IndustryCategoryEntity>> {
    return this.categories.byIds(ctx.allianceId, ids);
  }

  /** Which of these ids are active categories of the caller's alliance (one read for a batch of checks). */
  activeIds(em: EntityManager, ctx: RequestContext, ids: readonly string[]): Promise<Set<string>> {
    return ids.length === 0 ? Promise.resolve(new Set()) : this.categories.activeIds(em, ctx.allianceId, [...new Set(ids)]);
  }

  /**
   * Active categories of this alliance with these ids, or a BAD_USER_INPUT naming the field.
   * `active`: what `activeIds` answered for a batch these ids belong to (no read then).
   */
  async requireActive(em: EntityManager, ctx: RequestContext, ids: readonly string[], field: string, active?: ReadonlySet<string>): Promise<void> {
    if (ids.length === 0) return;
    const known = active ?? (await this.activeIds(em, ctx, ids));
    if (ids.some((id) => !known.has(id))) throw badInput(field, 'Unknown or retired industry category');
  }

  async create(ctx: RequestContext, name: string): Promise<IndustryCategoryEntity> {
    return this.dataSource.transaction(async (em) => {
      await this.assertNameFree(em, ctx, name);
      const created = await this.categories.insert(em, { allianceId: ctx.allianceId, name, status: CategoryStatus.ACTIVE });
      await this.audit.record(em, ctx, { action: 'category.created', targetType: 'IndustryCategory', targetId: created.id, after: created });
      return created;
    });
  }

  async rename(ctx: RequestContext, id: string, name: string): Promise<IndustryCategoryEntity> {
    return this.dataSource.transaction(async (em) => {
      const before = await this.lockActive(em, ctx, id, 'id');
      if (before.name === name) return before;
      await this.assertNameFree(em, ctx, name, id);
      const after = { ...before, name };
      await this.categories.update(em, id, { name });
      await this.audit.record(em, ctx, { action: 'category.renamed', targetType: 'IndustryCategory', targetId: id, before, after });
      return after;
    });
  }

  /** Retired categories keep their rows and their memberships' history; they take no new members. */
  async retire(ctx: RequestContext, id: string): Promise<IndustryCategoryEntity> {
    return this.dataSource.transaction(async (em) => {
      const before = await this.lockActive(em, ctx, id, 'id');
      const after = { ...before, status: CategoryStatus.RETIRED, retiredAt: new Date() };
      await this.categories.update(em, id, { status: after.status, retiredAt: after.retiredAt });
      await this.audit.record(em, ctx, { action: 'category.retired', targetType: 'IndustryCategory', targetId: id, before, after });
      return after;
    });
  }

  /** Moves every membership of `sourceId` to `targetId` (CategoryEvents.merged), then retires the source pointing at the target. */
  async merge(ctx: RequestContext, sourceId: string, targetId: string): Promise<IndustryCategoryEntity> {
    if (sourceId === targetId) throw badInput('targetId', 'A category cannot be merged into itself');
    return this.dataSource.transaction(async (em) => {
      const source = await this.lockActive(em, ctx, sourceId, 'sourceId');
      const target = await this.lockActive(em, ctx, targetId, 'targetId');
      const moved = await this.events.merged(em, ctx, { sourceId, targetId });
      const retiredAt = new Date();
      await this.categories.update(em, sourceId, { status: CategoryStatus.RETIRED, retiredAt, mergedIntoId: targetId });
      await this.audit.record(em, ctx, {
        action: 'category.merged',
        targetType: 'IndustryCategory',
        targetId: sourceId,
        before: source,
        after: { ...source, status: CategoryStatus.RETIRED, retiredAt, mergedIntoId: targetId, ...moved },
      });
      return target;
    });
  }

  private async lockActive(em: EntityManager, ctx: RequestContext, id: string, field: string): Promise<IndustryCategoryEntity> {
    const row = await this.categories.findForUpdate(em, ctx.allianceId, id);
    if (!row) throw notFound('Industry category', field);
    if (row.status !== CategoryStatus.ACTIVE) throw conflict(`The category is ${row.status}`, { currentStatus: row.status }, field);
    return row;
  }

  private async assertNameFree(em: EntityManager, ctx: RequestContext, name: string, exceptId?: string): Promise<void> {
    const ids = await this.categories.activeIdsNamed(em, ctx.allianceId, name);
    if (ids.some((id) => id !== exceptId)) throw conflict(`A category named "${name}" exists`, undefined, 'name');
  }
}
