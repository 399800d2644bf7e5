import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { inBackground } from '../database/tenancy.js';
import { NotificationEntity } from './notification.entity.js';

export type NotificationValues = Pick<NotificationEntity, 'allianceId' | 'userId' | 'kind' | 'title' | 'body' | 'targetType' | 'targetId'>;

/** Every SQL statement on notification, and the NOTIFY that announces committed ones. */
@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The person's notifications with these ids. */
  ofUser(allianceId: string, userId: string, ids: readonly string[]): Promise<NotificationEntity[]> {
    return this.dataSource.getRepository(NotificationEntity).findBy({ id: In([...ids]), userId, allianceId });
  }

  /** One insert of them all; answers them as stored. */
  async insert(em: EntityManager, values: NotificationValues[]): Promise<NotificationEntity[]> {
    const repository = em.getRepository(NotificationEntity);
    const rows = values.map((v) => repository.create(v));
    await repository.insert(rows);
    return repository.findBy({ id: In(rows.map((r) => r.id)) });
  }

  async announce(channel: string, payload: string): Promise<void> {
    await this.dataSource.query(`SELECT pg_notify($1, $2)`, [channel, payload]);
  }

  /** Starts hearing `channel` on the listening connection (its own client, not the pool's). */
  async listen(client: pg.Client, channel: string): Promise<void> {
    await client.query(`LISTEN ${channel}`);
  }

  /** Announced ones, oldest first, read off any request's statement count. */
  announced(ids: string[]): Promise<NotificationEntity[]> {
    return inBackground(() => this.dataSource.getRepository(NotificationEntity).find({ where: { id: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } }));
  }

  /** A page of the person's notifications, newest first, after the cursor's one; with the count of the list and of the unread. */
  async page(allianceId: string, userId: string, unreadOnly: boolean, afterId: unknown, limit: number): Promise<{ totalCount: number; unreadCount: number; rows: NotificationEntity[] }> {
    const qb = this.dataSource.getRepository(NotificationEntity).createQueryBuilder('n').where('n.user_id = :user AND n.alliance_id = :alliance', { user: userId, alliance: allianceId });
    if (unreadOnly) qb.andWhere('n.read_at IS NULL');
    const [totalCount, unreadCount] = await Promise.all([
      qb.clone().getCount(),
      this.dataSource.getRepository(NotificationEntity).countBy({ userId, allianceId, readAt: IsNull() }),
    ]);
    if (afterId !== undefined) qb.andWhere('(n.created_at, n.id) < (SELECT c.created_at, c.id FROM notification c WHERE c.id = :cId::uuid)', { cId: afterId }); // exact: one change notifies many at one instant
    const rows = await qb.orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'DESC').limit(limit).getMany();
    return { totalCount, unreadCount, rows };
  }

  /** Marks the person's unread ones read (these ids only, when given); answers how many changed. */
  async markRead(allianceId: string, userId: string, ids: string[] | null): Promise<number> {
    const result = await this.dataSource.query(
      `UPDATE notification SET read_at = now() WHERE user_id = $1 AND alliance_id = $2 AND read_at IS NULL ${ids ? 'AND id = ANY($3::uuid[])' : ''}`,
      ids ? [userId, allianceId, ids] : [userId, allianceId],
    );
    return Array.isArray(result) ? Number(result[1] ?? 0) : 0;
  }
}
