import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { toConnection, decodeCursor, encodeCursor, pageSize, type Connection } from '../common/pagination.js';
import type { RequestContext } from '../common/request-context.js';
import { AuditEventEntity } from './audit-event.entity.js';
import { copyFrom, copyLines } from '../database/copy-from.js';

export interface AuditFilter {
  action?: string;
  targetType?: string;
  targetId?: string;
  actorId?: string;
  since?: Date;
  until?: Date;
}

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
  /** Keep the actor for the record but never show it through the API (nor find events by it). */
  sealActor?: boolean;
}

/** From this many events in one call (an import's batch), they are written by COPY. */
const COPY_FROM_EVENTS = 100;
const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/**
 * The alliance's append-only record of every change. Writes happen inside the caller's
 * transaction, so a change and its audit event commit or roll back together.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(
    em: EntityManager,
    ctx: RequestContext,
    event: AuditRecord,
  ): Promise<void> {
    await this.recordMany(em, ctx, [event]);
  }

  /** Many events of one actor in one statement (an import batch records each report it publishes). */
  async recordMany(
    em: EntityManager,
    ctx: RequestContext,
    events: AuditRecord[],
  ): Promise<void> {
    if (events.length === 0) return;
    if (events.length >= COPY_FROM_EVENTS && em.queryRunner) {
      // an import batch's events: COPY, without one JSON document of them all to build and take apart
      await copyFrom(em, 'audit_event', ['alliance_id', 'actor_id', 'actor_kind', 'action', 'target_type', 'target_id', 'before', 'after', 'actor_sealed'], copyLines(events, (e) => [
        ctx.allianceId, ctx.actorId, ctx.actorKind, e.action, e.targetType, e.targetId, json(e.before), json(e.after), e.sealActor ?? false,
      ]));
      return;
    }
    await em.query(
      `INSERT INTO audit_event (alliance_id, actor_id, actor_kind, action, target_type, target_id, before, after, actor_sealed)
       SELECT $1, $2, $3, action, target_type, target_id, before, after, coalesce(actor_sealed, false)
         FROM jsonb_to_recordset($4::jsonb) AS x(action text, target_type text, target_id uuid, before jsonb, after jsonb, actor_sealed boolean)`,
      [ctx.allianceId, ctx.actorId, ctx.actorKind, JSON.stringify(events.map((e) => ({ action: e.action, target_type: e.targetType, target_id: e.targetId, before: e.before ?? null, after: e.after ?? null, actor_sealed: e.sealActor ?? false })))],
    );
  }

  async list(ctx: RequestContext, filter: AuditFilter, first?: number, after?: string): Promise<Connection<AuditEventEntity>> {
    const size = pageSize(first);
    const qb = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('e').where('e.alliance_id = :alliance', { alliance: ctx.allianceId });
    if (filter.action) qb.andWhere('e.action = :action', { action: filter.action });
    if (filter.targetType) qb.andWhere('e.target_type = :targetType', { targetType: filter.targetType });
    if (filter.targetId) qb.andWhere('e.target_id = :targetId', { targetId: filter.targetId });
    if (filter.actorId) qb.andWhere('e.actor_id = :actorId AND NOT e.actor_sealed', { actorId: filter.actorId });
    if (filter.since) qb.andWhere('e.created_at >= :since', { since: filter.since });
    if (filter.until) qb.andWhere('e.created_at < :until', { until: filter.until });
    const totalCount = await qb.clone().getCount();
    const cursor = decodeCursor(after, 1);
    if (cursor) qb.andWhere('e.id < :cursor', { cursor: cursor[0] });
    const rows = await qb.orderBy('e.id', 'DESC').limit(size + 1).getMany();
    return toConnection(rows, size, totalCount, (r) => encodeCursor([r.id]), (r) => r);
  }
}
