import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { copyFrom, copyLines } from '../database/copy-from.js';
import { AuditEventEntity } from './audit-event.entity.js';

/** One event as stored: the actor's columns come from the caller. */
export interface AuditEventRow {
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
  sealActor?: boolean;
}

export interface AuditActor {
  allianceId: string;
  actorId: string | null;
  actorKind: string;
}

export interface AuditEventQuery {
  action?: string;
  targetType?: string;
  targetId?: string;
  actorId?: string;
  since?: Date;
  until?: Date;
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/** Every SQL statement on audit_event (which a trigger keeps append-only). */
@Injectable()
export class AuditEventRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One INSERT of these events in `em`'s transaction. */
  async insert(em: EntityManager, actor: AuditActor, events: AuditEventRow[]): Promise<void> {
    await em.query(
      `INSERT INTO audit_event (alliance_id, actor_id, actor_kind, action, target_type, target_id, before, after, actor_sealed)
       SELECT $1, $2, $3, action, target_type, target_id, before, after, coalesce(actor_sealed, false)
         FROM jsonb_to_recordset($4::jsonb) AS x(action text, target_type text, target_id uuid, before jsonb, after jsonb, actor_sealed boolean)`,
      [actor.allianceId, actor.actorId, actor.actorKind, JSON.stringify(events.map((e) => ({ action: e.action, target_type: e.targetType, target_id: e.targetId, before: e.before ?? null, after: e.after ?? null, actor_sealed: e.sealActor ?? false })))],
    );
  }

  /** The same by COPY (needs `em`'s query runner): an import batch's events, without one JSON document of them all to build and take apart. */
  async copy(em: EntityManager, actor: AuditActor, events: AuditEventRow[]): Promise<void> {
    await copyFrom(em, 'audit_event', ['alliance_id', 'actor_id', 'actor_kind', 'action', 'target_type', 'target_id', 'before', 'after', 'actor_sealed'], copyLines(events, (e) => [
      actor.allianceId, actor.actorId, actor.actorKind, e.action, e.targetType, e.targetId, json(e.before), json(e.after), e.sealActor ?? false,
    ]));
  }

  /** The alliance's events the filter lets through, newest first, below the cursor's id: `limit` rows and the count of all. */
  async page(allianceId: string, filter: AuditEventQuery, cursor: { id: unknown } | null, limit: number): Promise<{ totalCount: number; rows: AuditEventEntity[] }> {
    const qb = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('e').where('e.alliance_id = :alliance', { alliance: allianceId });
    if (filter.action) qb.andWhere('e.action = :action', { action: filter.action });
    if (filter.targetType) qb.andWhere('e.target_type = :targetType', { targetType: filter.targetType });
    if (filter.targetId) qb.andWhere('e.target_id = :targetId', { targetId: filter.targetId });
    if (filter.actorId) qb.andWhere('e.actor_id = :actorId AND NOT e.actor_sealed', { actorId: filter.actorId });
    if (filter.since) qb.andWhere('e.created_at >= :since', { since: filter.since });
    if (filter.until) qb.andWhere('e.created_at < :until', { until: filter.until });
    const totalCount = await qb.clone().getCount();
    if (cursor) qb.andWhere('e.id < :cursor', { cursor: cursor.id });
    const rows = await qb.orderBy('e.id', 'DESC').limit(limit).getMany();
    return { totalCount, rows };
  }
}
