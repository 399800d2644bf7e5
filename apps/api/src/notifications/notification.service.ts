import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PubSub } from 'graphql-subscriptions';
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { NodeRegistry } from '../common/node-registry.js';
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from '../common/pagination.js';
import type { RequestContext } from '../common/request-context.js';
import type { NotificationEntity } from './notification.entity.js';
import { NotificationRecipients } from './notification-recipients.js';
import { NotificationRepository } from './notification.repository.js';
import { Notification } from './notification.model.js';

export const NOTIFICATION_ADDED = 'notificationAdded';

/** The PostgreSQL channel on which every replica hears of committed notifications (their ids). */
const CHANNEL = 'countermark_notifications';
const IDS_PER_MESSAGE = 150; // a NOTIFY payload holds under 8,000 bytes

export interface NotificationDraft {
  kind: string;
  title: string;
  body?: string;
  targetType?: string;
  targetId?: string;
}

/**
 * Per-person notifications: written in the transaction of the change that causes them, pushed to
 * subscribers once that transaction has committed. `deliver` announces their ids with PostgreSQL
 * NOTIFY; every replica LISTENs, reads the rows and pushes them to its own subscribers, so a person
 * connected to any replica gets what any other caused. A replica whose listening connection is
 * down reconnects every second; what it missed meanwhile is in the list, not pushed.
 */
@Injectable()
export class NotificationService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  readonly pubsub = new PubSub();
  private readonly logger = new Logger('Notifications');
  private listener: pg.Client | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly nodes: NodeRegistry,
    private readonly notifications: NotificationRepository,
    private readonly recipients: NotificationRecipients,
  ) {}

  onModuleInit() {
    this.nodes.register(Notification.typename, async (ctx, uuids) => {
      const rows = await this.notifications.ofUser(ctx.allianceId, ctx.actorId, uuids);
      return new Map(rows.map((r) => [r.id, Notification.from(r)]));
    });
  }

  /** Writes one notification per user; returns them for `deliver` after commit. */
  async notifyUsers(em: EntityManager, allianceId: string, userIds: string[], draft: NotificationDraft): Promise<NotificationEntity[]> {
    return this.write(em, allianceId, [{ userIds, draft }]);
  }

  /** Everyone who may act for these organisations (active accounts of member people). */
  async notifyOrganisations(em: EntityManager, allianceId: string, organisationIds: string[], draft: NotificationDraft): Promise<NotificationEntity[]> {
    return this.notifyOrganisationsEach(em, allianceId, [{ organisationIds, draft }]);
  }

  /** The platform reviewers (active accounts) of these organisations: a marketplace's people who decide takedowns. */
  async notifyReviewers(em: EntityManager, allianceId: string, organisationIds: string[], draft: NotificationDraft): Promise<NotificationEntity[]> {
    if (organisationIds.length === 0) return [];
    return this.notifyUsers(em, allianceId, await this.recipients.reviewerIds(em, allianceId, organisationIds), draft);
  }

  /** Several drafts, each to the people of its organisations: a constant number of statements (an import batch's watchlist matches). */
  async notifyOrganisationsEach(em: EntityManager, allianceId: string, items: { organisationIds: string[]; draft: NotificationDraft }[]): Promise<NotificationEntity[]> {
    const organisationIds = [...new Set(items.flatMap((i) => i.organisationIds))];
    if (organisationIds.length === 0) return [];
    const users = await this.recipients.memberPeople(em, allianceId, organisationIds);
    return this.write(em, allianceId, items.map((i) => ({ userIds: users.filter((u) => i.organisationIds.includes(u.organisationId)).map((u) => u.id), draft: i.draft })));
  }

  /** One insert for every (user, draft), each user once per draft. */
  private async write(em: EntityManager, allianceId: string, items: { userIds: string[]; draft: NotificationDraft }[]): Promise<NotificationEntity[]> {
    const rows = items.flatMap(({ userIds, draft }) => [...new Set(userIds)].map((userId) =>
      ({ allianceId, userId, kind: draft.kind, title: draft.title, body: draft.body ?? '', targetType: draft.targetType ?? null, targetId: draft.targetId ?? null })));
    if (rows.length === 0) return [];
    return this.notifications.insert(em, rows);
  }

  async notifyCoordinators(em: EntityManager, allianceId: string, draft: NotificationDraft): Promise<NotificationEntity[]> {
    return this.notifyUsers(em, allianceId, await this.recipients.coordinatorIds(em, allianceId), draft);
  }

  /** Announces committed notifications to every replica (this one included), which push them to their subscribers. */
  async deliver(rows: NotificationEntity[]): Promise<void> {
    for (let i = 0; i < rows.length; i += IDS_PER_MESSAGE) {
      await this.notifications.announce(CHANNEL, rows.slice(i, i + IDS_PER_MESSAGE).map((r) => r.id).join(','));
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }

  private async listen(): Promise<void> {
    const { url } = this.dataSource.options as { url?: string };
    const client = new pg.Client({ connectionString: url });
    const retry = (why: unknown) => {
      if (this.closing || this.listener !== client) return;
      this.logger.warn(`Notification listener lost (${String(why)}); reconnecting`);
      this.listener = null;
      void client.end().catch(() => undefined);
      this.reconnect = setTimeout(() => void this.listen().catch((e) => retry(e)), 1000);
      this.reconnect.unref();
    };
    this.listener = client;
    client.on('error', retry);
    client.on('end', () => retry('connection ended'));
    client.on('notification', (message) => void this.relay(message.payload ?? ''));
    try {
      await client.connect();
      await this.notifications.listen(client, CHANNEL);
    } catch (error) {
      retry(error);
    }
  }

  /** Reads announced notifications and pushes them to this replica's subscribers (each filters its own person's). */
  private async relay(payload: string): Promise<void> {
    const ids = payload.split(',').filter((id) => /^[0-9a-f-]{36}$/.test(id));
    if (ids.length === 0) return;
    try {
      const rows = await this.notifications.announced(ids);
      for (const row of rows) await this.pubsub.publish(NOTIFICATION_ADDED, { notificationAdded: Notification.from(row) });
    } catch (error) {
      this.logger.warn(`Could not push notifications: ${String(error)}`);
    }
  }

  async list(ctx: RequestContext, unreadOnly: boolean, first?: number, after?: string): Promise<Connection<Notification> & { unreadCount: number }> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const { totalCount, unreadCount, rows } = await this.notifications.page(ctx.allianceId, ctx.actorId, unreadOnly, cursor ? cursor[1] : undefined, size + 1);
    return { ...toConnection(rows, size, totalCount, (r) => encodeCursor([r.createdAt.toISOString(), r.id]), Notification.from), unreadCount };
  }

  /** Marks the caller's notifications read (all of them when no ids are given); answers how many changed. */
  async markRead(ctx: RequestContext, ids: string[] | null): Promise<number> {
    return this.notifications.markRead(ctx.allianceId, ctx.actorId, ids);
  }
}
