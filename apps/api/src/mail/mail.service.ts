import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import nodemailer, { type Transporter } from 'nodemailer';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { JobsService, type RunningJob } from '../jobs/jobs.service.js';
import { OutboxMessageEntity } from './outbox-message.entity.js';

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
    @InjectDataSource() private readonly dataSource: DataSource,
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
      beforeRetry: (em, { payload }) => em.query(`UPDATE outbox_message SET status = 'PENDING' WHERE id = $1 AND status = 'FAILED'`, [payload.messageId]).then(() => undefined),
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
    const [{ id }] = await em.query(
      `INSERT INTO outbox_message (alliance_id, kind, to_address, subject, body, status, attempts, attachments) VALUES ($1, $2, $3, $4, $5, 'PENDING', 0, $6) RETURNING id`,
      [mail.allianceId, mail.kind, mail.to, mail.subject, mail.body, JSON.stringify((mail.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content.toString('base64') })))],
    );
    await this.jobs.send<Delivery>(MAIL_QUEUE, { messageId: id, kind: mail.kind, to: mail.to }, { em, allianceId: mail.allianceId });
  }

  /** Delivers, now and in this process, every message waiting for its job; answers how many were delivered. */
  dispatch(): Promise<number> {
    return this.jobs.drain(MAIL_QUEUE);
  }

  private async deliver(job: RunningJob<Delivery>): Promise<void> {
    const message = await this.dataSource.getRepository(OutboxMessageEntity).findOneBy({ id: job.payload.messageId });
    if (!message || message.status !== 'PENDING') return; // delivered already, or gone
    try {
      if (this.transport) {
        const attachments = message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content, 'base64') }));
        await this.transport.sendMail({ from: this.config.MAIL_FROM, to: message.toAddress, subject: message.subject, text: message.body, attachments });
      } else {
        this.logger.log(`E-mail to ${message.toAddress}: ${message.subject}\n${message.body}`);
      }
    } catch (error) {
      await this.dataSource.query(`UPDATE outbox_message SET attempts = attempts + 1, last_error = $2, status = $3 WHERE id = $1`, [
        message.id,
        String(error).slice(0, 2000),
        job.finalAttempt ? 'FAILED' : 'PENDING',
      ]);
      throw error;
    }
    await this.dataSource.query(`UPDATE outbox_message SET status = $2, sent_at = now(), attempts = attempts + 1 WHERE id = $1`, [message.id, this.transport ? 'SENT' : 'LOGGED']);
  }

  private async sweep(): Promise<number> {
    const waiting: { id: string; alliance_id: string; kind: string; to_address: string }[] = await this.dataSource.query(
      `SELECT id, alliance_id, kind, to_address FROM outbox_message WHERE status = 'PENDING' AND created_at < now() - interval '1 minute' ORDER BY created_at LIMIT 1000`,
    );
    const live = await this.jobs.liveKeys(MAIL_QUEUE, 'messageId', waiting.map((m) => m.id));
    const orphans = waiting.filter((m) => !live.has(m.id));
    for (const m of orphans) await this.jobs.send<Delivery>(MAIL_QUEUE, { messageId: m.id, kind: m.kind, to: m.to_address }, { allianceId: m.alliance_id });
    return orphans.length;
  }
}
