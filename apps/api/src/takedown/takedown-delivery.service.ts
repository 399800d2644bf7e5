import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { JobsService, type RunningJob } from '../jobs/jobs.service.js';
import { MailService } from '../mail/mail.service.js';
import type { MarketplaceRow } from './marketplace.repository.js';
import { MarketplaceService } from './marketplace.service.js';
import { TakedownDeliveryRepository, type AttemptRow, type DeliveryRow } from './takedown-delivery.repository.js';
import { TakedownNoticeService, type NoticeContent } from './takedown-notice.service.js';
import { TakedownRepository, type TakedownRow } from './takedown.repository.js';
import { postWebhook } from './webhook-target.js';

const DELIVERY_QUEUE = 'takedown.deliver';
const ATTEMPTS = 6;
const WEBHOOK_TIMEOUT_MS = 10_000;

interface Delivery {
  deliveryId: string;
}

/** HMAC-SHA256 of `${timestamp}.${body}` with the marketplace's secret, as the receiver checks it. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Accepted requests on marketplaces outside Countermark are delivered (issue 16, outcome 4): a
 * notice e-mail with the PDF notice to the marketplace's abuse address, and a signed webhook POST
 * when it has one. Each delivery is a job queued in the transaction that accepts the request;
 * webhook attempts are retried with backoff and each is recorded on the request.
 */
@Injectable()
export class TakedownDeliveryService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: TakedownDeliveryRepository,
    private readonly takedowns: TakedownRepository,
    private readonly marketplaces: MarketplaceService,
    private readonly notices: TakedownNoticeService,
    private readonly mail: MailService,
    private readonly jobs: JobsService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.jobs.register<Delivery>({
      name: DELIVERY_QUEUE,
      retryLimit: ATTEMPTS - 1,
      retryDelaySeconds: this.config.TAKEDOWN_DELIVERY_RETRY_SECONDS,
      backoff: true,
      expireInSeconds: 120,
      handle: (job) => this.deliver(job),
      describe: (d) => `Takedown delivery ${d.deliveryId}`,
    });
  }

  /** In the accepting transaction: one delivery per way the marketplace takes notices. */
  async schedule(em: EntityManager, row: TakedownRow, marketplace: MarketplaceRow): Promise<void> {
    const targets: [DeliveryRow['channel'], string | null][] = [['EMAIL', marketplace.abuseEmail], ['WEBHOOK', marketplace.webhookUrl]];
    for (const [channel, target] of targets) {
      if (!target) continue;
      const deliveryId = await this.repository.insert(em, row.allianceId, row.id, channel, target);
      await this.jobs.send<Delivery>(DELIVERY_QUEUE, { deliveryId }, { em, allianceId: row.allianceId });
    }
  }

  /** Runs waiting deliveries now, in this process (tests and the demo). */
  dispatch(): Promise<number> {
    return this.jobs.drain(DELIVERY_QUEUE);
  }

  private async deliver(job: RunningJob<Delivery>): Promise<void> {
    const delivery = job.allianceId ? await this.repository.byId(job.allianceId, job.payload.deliveryId) : null;
    if (!delivery || delivery.status !== 'PENDING') return;
    const row = await this.takedowns.anyById(delivery.requestId);
    if (!row) return;
    const notice = await this.notices.content(row);
    if (delivery.channel === 'EMAIL') return this.email(delivery, notice);
    const marketplace = await this.marketplaces.require(RequestContext.system(row.allianceId), row.marketplaceId);
    return this.webhook(delivery, marketplace, notice, job.finalAttempt);
  }

  /** The e-mail goes to the outbox (which retries the SMTP server itself): delivered once it is there. */
  private async email(delivery: DeliveryRow, notice: NoticeContent): Promise<void> {
    const pdf = await this.notices.pdf(notice);
    await this.dataSource.transaction(async (em) => {
      await this.mail.enqueue(em, {
        allianceId: delivery.allianceId,
        kind: 'takedown_notice',
        to: delivery.target,
        subject: `Takedown notice ${notice.requestId}: ${notice.listings.length} listing(s) on ${notice.marketplace} (${notice.brand})`,
        body: [
          `${notice.complainant}${notice.agent ? `, represented by ${notice.agent},` : ''} asks ${notice.marketplace} to remove these listings for infringing ${notice.right} (${notice.brand}):`,
          '',
          ...notice.listings.map((l) => `${l.position}. ${l.url}${l.listingId ? ` (listing ${l.listingId})` : ''}`),
          '',
          `Sellers may file a counter-notice${notice.counterDeadline ? ` until ${notice.counterDeadline.toISOString().slice(0, 10)}` : ''}: ${notice.counterNoticeUrl}`,
          '',
          'The notice is attached as a PDF.',
        ].join('\n'),
        attachments: [{ filename: `takedown-notice-${notice.requestId}.pdf`, contentType: 'application/pdf', content: pdf }],
      });
      await this.repository.recordAttempt(delivery.allianceId, delivery.id, { ok: true, statusCode: null, error: null }, 'DELIVERED', em);
    });
  }

  private async webhook(delivery: DeliveryRow, marketplace: MarketplaceRow, notice: NoticeContent, finalAttempt: boolean): Promise<void> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = JSON.stringify({
      event: 'takedown.accepted',
      deliveryId: delivery.id,
      ...notice,
      listings: notice.listings.map((l) => ({ position: l.position, url: l.url, listingId: l.listingId, storeId: l.storeId, storeName: l.storeName, outcome: l.outcome })),
    });
    let failure: { statusCode: number | null; error: string } | null = null;
    try {
      const status = await postWebhook(delivery.target, {
        'content-type': 'application/json',
        'x-countermark-event': 'takedown.accepted',
        'x-countermark-delivery': delivery.id,
        'x-countermark-timestamp': timestamp,
        'x-countermark-signature': webhookSignature(marketplace.webhookSecret ?? '', timestamp, body),
      }, body, { timeoutMs: WEBHOOK_TIMEOUT_MS, allowPrivate: this.config.WEBHOOK_PRIVATE_TARGETS });
      if (status < 200 || status > 299) failure = { statusCode: status, error: `HTTP ${status}` };
      else await this.repository.recordAttempt(delivery.allianceId, delivery.id, { ok: true, statusCode: status, error: null }, 'DELIVERED');
    } catch (error) {
      failure = { statusCode: null, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
    if (failure) {
      await this.repository.recordAttempt(delivery.allianceId, delivery.id, { ok: false, ...failure, error: failure.error.slice(0, 500) }, finalAttempt ? 'FAILED' : 'PENDING');
      throw new Error(`Webhook delivery to ${marketplace.name} failed: ${failure.error}`);
    }
  }

  async byRequestIds(ctx: RequestContext, requestIds: readonly string[]): Promise<Map<string, DeliveryRow[]>> {
    const map = new Map<string, DeliveryRow[]>(requestIds.map((id) => [id, []]));
    for (const d of await this.repository.byRequestIds(ctx.allianceId, requestIds)) map.get(d.requestId)?.push(d);
    return map;
  }

  async attemptsOf(ctx: RequestContext, deliveryIds: readonly string[]): Promise<Map<string, AttemptRow[]>> {
    const map = new Map<string, AttemptRow[]>(deliveryIds.map((id) => [id, []]));
    for (const a of await this.repository.attemptsOf(ctx.allianceId, deliveryIds)) map.get(a.deliveryId)?.push(a);
    return map;
  }
}
