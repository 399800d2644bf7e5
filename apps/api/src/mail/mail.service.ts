import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { JobsService, type RunningJob } from '../jobs/jobs.service.js';
import { OutboxMessageRepository } from './outbox-message.repository.js';

export interface OutgoingMail {
  allianceId: string;
  kind: string;
  to: string;
  subject: string;
  body: string;
  /** Small files sent with the message (a takedown's PDF notice), kept with it in the outbox. */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** A delivery job names its message; kind and address are there for the coordinators' jobs view. */
interface Delivery {
  messageId: string;
  kind: string;
  to: string;
}

export const MAIL_QUEUE = 'mail.deliver';
const SWEEP_QUEUE = 'mail.sweep';
const MAX_ATTEMPTS = 5;

/**
 * Outgoing e-mail through an outbox table: a message and its delivery job are written in the same
 * transaction as the change that causes it, then delivered by the job — over SMTP when SMTP_URL is
 * set, otherwise printed to the log — outside any database transaction. A refused message is
 * retried with backoff (5 attempts), then it is FAILED and its job DEAD, for a coordinator to
 * retry from the jobs view. A message is sent at least once: a worker that dies between the
 * server's answer and the row's update sends it again.
 */
@Injectable()
export class MailService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private transport: Transporter | null = null;

  constructor(
    private readonly outbox: OutboxMessageRepository,
    private readonly config: AppConfig,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit() {
    if (this.config.SMTP_URL) this.transport = nodemailer.createTransport(this.config.SMTP_URL);
    this.jobs.register<Delivery>({
      name: MAIL_QUEUE,
      retryLimit: MAX_ATTEMPTS - 1,
      retryDelaySeconds: this.config.MAIL_RETRY_DELAY_SECONDS,
      backoff: true,
      expireInSeconds: 5 * 60,
      handle: (job) => this.deliver(job),
      beforeRetry: (em, { payload }) => this.outbox.retry(em, payload.messageId),
      describe: (d) => `${d.kind} to ${d.to}`,
    });
    // messages left waiting without a job (written before the jobs context existed) are queued again
    this.jobs.register({ name: SWEEP_QUEUE, retryLimit: 0, retryDelaySeconds: 60, policy: 'short', cron: '*/10 * * * *', handle: () => this.sweep() });
  }

  async onApplicationBootstrap() {
    await this.jobs.send(SWEEP_QUEUE, {}, { singletonKey: 'sweep' });
  }

  onApplicationShutdown() {
    this.transport?.close();
  }

  async enqueue(em: EntityManager, mail: OutgoingMail): Promise<void> {
    const id = await this.outbox.insert(em, {
      allianceId: mail.allianceId, kind: mail.kind, to: mail.to, subject: mail.subject, body: mail.body,
      attachments: (mail.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content.toString('base64') })),
    });
    await this.jobs.send<Delivery>(MAIL_QUEUE, { messageId: id, kind: mail.kind, to: mail.to }, { em, allianceId: mail.allianceId });
  }

  /** Delivers, now and in this process, every message waiting for its job; answers how many were delivered. */
  dispatch(): Promise<number> {
    return this.jobs.drain(MAIL_QUEUE);
  }

  private async deliver(job: RunningJob<Delivery>): Promise<void> {
    const message = await this.outbox.find(job.payload.messageId);
    if (!message || message.status !== 'PENDING') return; // delivered already, or gone
    try {
      if (this.transport) {
        const attachments = message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content, 'base64') }));
        await this.transport.sendMail({ from: this.config.MAIL_FROM, to: message.toAddress, subject: message.subject, text: message.body, attachments });
      } else {
        this.logger.log(`E-mail to ${message.toAddress}: ${message.subject}\n${message.body}`);
      }
    } catch (error) {
      await this.outbox.refused(message.id, String(error).slice(0, 2000), job.finalAttempt ? 'FAILED' : 'PENDING');
      throw error;
    }
    await this.outbox.delivered(message.id, this.transport ? 'SENT' : 'LOGGED');
  }

  private async sweep(): Promise<number> {
    const waiting = await this.outbox.waiting();
    const live = await this.jobs.liveKeys(MAIL_QUEUE, 'messageId', waiting.map((m) => m.id));
    const orphans = waiting.filter((m) => !live.has(m.id));
    for (const m of orphans) await this.jobs.send<Delivery>(MAIL_QUEUE, { messageId: m.id, kind: m.kind, to: m.to_address }, { allianceId: m.alliance_id });
    return orphans.length;
  }
}
