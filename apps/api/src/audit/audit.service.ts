import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toConnection, decodeCursor, encodeCursor, pageSize, type Connection } from '../common/pagination.js';
import type { RequestContext } from '../common/request-context.js';
import type { AuditEventEntity } from './audit-event.entity.js';
import { AuditEventRepository, type AuditEventQuery, type AuditEventRow } from './audit-event.repository.js';

export type AuditFilter = AuditEventQuery;

export interface AuditRecord extends AuditEventRow {
  /** Keep the actor for the record but never show it through the API (nor find events by it). */
  sealActor?: boolean;
}

/** From this many events in one call (an import's batch), they are written by COPY. */
const COPY_FROM_EVENTS = 100;

/**
 * The alliance's append-only record of every change. Writes happen inside the caller's
 * transaction, so a change and its audit event commit or roll back together.
 */
@Injectable()
export class AuditService {
  constructor(private readonly events: AuditEventRepository) {}

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
    const actor = { allianceId: ctx.allianceId, actorId: ctx.actorId, actorKind: ctx.actorKind };
    if (events.length >= COPY_FROM_EVENTS && em.queryRunner) await this.events.copy(em, actor, events);
    else await this.events.insert(em, actor, events);
  }

  async list(ctx: RequestContext, filter: AuditFilter, first?: number, after?: string): Promise<Connection<AuditEventEntity>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 1);
    const { totalCount, rows } = await this.events.page(ctx.allianceId, filter, cursor ? { id: cursor[0] } : null, size + 1);
    return toConnection(rows, size, totalCount, (r) => encodeCursor([r.id]), (r) => r);
  }
}
