import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import nodemailer, { type Transporter } from 'nodemailer';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { inBackground } from '../database/query-counter.js';
import { OutboxMessageEntity } from './outbox-message.entity.js';

export interface OutgoingMail {
  allianceId: string | null;
  kind: string;
  to: string;
  subject: string;
  body: string;
}

const MAX_ATTEMPTS = 5;

/**
 * Outgoing e-mail through an outbox table: a message is written in the same transaction as the
 * change that causes it, then delivered by `dispatch` — over SMTP when SMTP_URL is set, otherwise
 * printed to the log. Rows are claimed with SKIP LOCKED, so several API replicas never send one
 * message twice.
 */
@Injectable()
export class MailService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private transport: Transporter | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    if (this.config.SMTP_URL) this.transport = nodemailer.createTransport(this.config.SMTP_URL);
    this.timer = setInterval(() => void inBackground(() => this.dispatch()).catch((e) => this.logger.error(e)), 5000);
    this.timer.unref();
  }

  onApplicationShutdown() {
    if (this.timer) clearInterval(this.timer);
    this.transport?.close();
  }

  async enqueue(em: EntityManager, mail: OutgoingMail): Promise<void> {
    await em.insert(OutboxMessageEntity, {
      allianceId: mail.allianceId,
      kind: mail.kind,
      toAddress: mail.to,
      subject: mail.subject,
      body: mail.body,
      status: 'PENDING',
      attempts: 0,
    });
    // deliver soon after the surrounding transaction commits
    setImmediate(() => void inBackground(() => this.dispatch()).catch((e) => this.logger.error(e)));
  }

  /** Delivers pending messages; answers how many were delivered. */
  async dispatch(): Promise<number> {
    this.running ??= this.dispatchBatch().finally(() => (this.running = null));
    return this.running;
  }

  private async dispatchBatch(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (em) => {
        const [message] = await em.query(
          `SELECT * FROM outbox_message WHERE status = 'PENDING' ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        );
        if (!message) return false;
        try {
          if (this.transport) {
            await this.transport.sendMail({ from: this.config.MAIL_FROM, to: message.to_address, subject: message.subject, text: message.body });
          } else {
            this.logger.log(`E-mail to ${message.to_address}: ${message.subject}\n${message.body}`);
          }
          await em.query(`UPDATE outbox_message SET status = $2, sent_at = now(), attempts = attempts + 1 WHERE id = $1`, [
            message.id,
            this.transport ? 'SENT' : 'LOGGED',
          ]);
          delivered += 1;
        } catch (error) {
          const attempts = message.attempts + 1;
          await em.query(`UPDATE outbox_message SET attempts = $2, last_error = $3, status = $4 WHERE id = $1`, [
            message.id,
            attempts,
            String(error).slice(0, 2000),
            attempts >= MAX_ATTEMPTS ? 'FAILED' : 'PENDING',
          ]);
          this.logger.warn(`Could not send e-mail ${message.id} (attempt ${attempts}): ${String(error)}`);
          return false; // try again on the next tick rather than spinning on a broken server
        }
        return true;
      });
      if (!done) return delivered;
    }
  }
}
