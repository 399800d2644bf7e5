import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PubSub } from 'graphql-subscriptions';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { NodeRegistry } from '../common/node-registry.js';
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from '../common/pagination.js';
import type { RequestContext } from '../common/request-context.js';
import { NotificationEntity } from './notification.entity.js';
import { Notification } from './notification.model.js';

export const NOTIFICATION_ADDED = 'notificationAdded';

export interface NotificationDraft {
  kind: string;
  title: string;
  body?: string;
  targetType?: string;
  targetId?: string;
}

/**
 * Per-person notifications: written in the transaction of the change that causes them, pushed to
 * subscribers once that transaction has committed (`deliver`). The push goes through an in-process
 * PubSub: with several API replicas, each pushes what its own requests caused (see README).
 */
@Injectable()
export class NotificationService implements OnModuleInit {
  readonly pubsub = new PubSub();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit() {
    this.nodes.register(Notification.typename, async (ctx, uuids) => {
      const rows = await this.dataSource.getRepository(NotificationEntity).findBy({ id: In(uuids), userId: ctx.actorId, allianceId: ctx.allianceId });
      return new Map(rows.map((r) => [r.id, Notification.from(r)]));
    });
  }

  /** Writes one notification per user; returns them for `deliver` after commit. */
  async notifyUsers(em: EntityManager, allianceId: string, userIds: string[], draft: NotificationDraft): Promise<NotificationEntity[]> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return [];
    const rows = unique.map((userId) =>
      em.getRepository(NotificationEntity).create({ allianceId, userId, kind: draft.kind, title: draft.title, body: draft.body ?? '', targetType: draft.targetType ?? null, targetId: draft.targetId ?? null }),
    );
    await em.getRepository(NotificationEntity).insert(rows);
    return em.getRepository(NotificationEntity).findBy({ id: In(rows.map((r) => r.id)) });
  }

  /** Everyone who may act for these organisations (active accounts of member people). */
  async notifyOrganisations(em: EntityManager, allianceId: string, organisationIds: string[], draft: NotificationDraft): Promise<NotificationEntity[]> {
    if (organisationIds.length === 0) return [];
    const users: { id: string }[] = await em.query(
      `SELECT id FROM app_user WHERE alliance_id = $1 AND organisation_id = ANY($2::uuid[]) AND status = 'ACTIVE' AND password_hash IS NOT NULL AND role IN ('MEMBER_ADMIN', 'MEMBER_ANALYST')`,
      [allianceId, organisationIds],
    );
    return this.notifyUsers(em, allianceId, users.map((u) => u.id), draft);
  }

  async notifyCoordinators(em: EntityManager, allianceId: string, draft: NotificationDraft): Promise<NotificationEntity[]> {
    const users: { id: string }[] = await em.query(`SELECT id FROM app_user WHERE alliance_id = $1 AND role = 'COORDINATOR' AND status = 'ACTIVE'`, [allianceId]);
    return this.notifyUsers(em, allianceId, users.map((u) => u.id), draft);
  }

  /** Pushes committed notifications to their subscribers. */
  async deliver(rows: NotificationEntity[]): Promise<void> {
    for (const row of rows) await this.pubsub.publish(NOTIFICATION_ADDED, { notificationAdded: Notification.from(row) });
  }

  async list(ctx: RequestContext, unreadOnly: boolean, first?: number, after?: string): Promise<Connection<Notification> & { unreadCount: number }> {
    const size = pageSize(first);
    const qb = this.dataSource.getRepository(NotificationEntity).createQueryBuilder('n').where('n.user_id = :user AND n.alliance_id = :alliance', { user: ctx.actorId, alliance: ctx.allianceId });
    if (unreadOnly) qb.andWhere('n.read_at IS NULL');
    const [totalCount, unreadCount] = await Promise.all([
      qb.clone().getCount(),
      this.dataSource.getRepository(NotificationEntity).countBy({ userId: ctx.actorId, allianceId: ctx.allianceId, readAt: IsNull() }),
    ]);
    const cursor = decodeCursor(after, 2);
    if (cursor) qb.andWhere('(n.created_at, n.id) < (:cAt::timestamptz, :cId::uuid)', { cAt: cursor[0], cId: cursor[1] });
    const rows = await qb.orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC').limit(size + 1).getMany();
    return { ...toConnection(rows, size, totalCount, (r) => encodeCursor([r.createdAt.toISOString(), r.id]), Notification.from), unreadCount };
  }

  /** Marks the caller's notifications read (all of them when no ids are given); answers how many changed. */
  async markRead(ctx: RequestContext, ids: string[] | null): Promise<number> {
    const result = await this.dataSource.query(
      `UPDATE notification SET read_at = now() WHERE user_id = $1 AND alliance_id = $2 AND read_at IS NULL ${ids ? 'AND id = ANY($3::uuid[])' : ''}`,
      ids ? [ctx.actorId, ctx.allianceId, ids] : [ctx.actorId, ctx.allianceId],
    );
    return Array.isArray(result) ? Number(result[1] ?? 0) : 0;
  }
}
