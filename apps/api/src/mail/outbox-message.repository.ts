import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxMessageEntity } from './outbox-message.entity.js';

export interface OutboxValues {
  allianceId: string;
  kind: string;
  to: string;
  subject: string;
  body: string;
  /** the attachments as stored: their content in base64 */
  attachments: { filename: string; contentType: string; content: string }[];
}

/** Every SQL statement on outbox_message. */
@Injectable()
export class OutboxMessageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A PENDING message in `em`'s transaction; answers its id. */
  async insert(em: EntityManager, mail: OutboxValues): Promise<string> {
    const [{ id }] = await em.query(
      `INSERT INTO outbox_message (alliance_id, kind, to_address, subject, body, status, attempts, attachments) VALUES ($1, $2, $3, $4, $5, 'PENDING', 0, $6) RETURNING id`,
      [mail.allianceId, mail.kind, mail.to, mail.subject, mail.body, JSON.stringify(mail.attachments)],
    );
    return id;
  }

  find(id: string): Promise<OutboxMessageEntity | null> {
    return this.dataSource.getRepository(OutboxMessageEntity).findOneBy({ id });
  }

  /** A refused attempt: counted, with its error; FAILED after the last one. */
  async refused(id: string, error: string, status: 'FAILED' | 'PENDING'): Promise<void> {
    await this.dataSource.query(`UPDATE outbox_message SET attempts = attempts + 1, last_error = $2, status = $3 WHERE id = $1`, [id, error, status]);
  }

  async delivered(id: string, status: 'SENT' | 'LOGGED'): Promise<void> {
    await this.dataSource.query(`UPDATE outbox_message SET status = $2, sent_at = now(), attempts = attempts + 1 WHERE id = $1`, [id, status]);
  }

  /** A coordinator's retry of a dead delivery: the FAILED message waits again, in the retry's transaction. */
  async retry(em: EntityManager, id: string): Promise<void> {
    await em.query(`UPDATE outbox_message SET status = 'PENDING' WHERE id = $1 AND status = 'FAILED'`, [id]);
  }

  /** Messages waiting for over a minute, oldest first (1,000 at most). */
  waiting(): Promise<{ id: string; alliance_id: string; kind: string; to_address: string }[]> {
    return this.dataSource.query(
      `SELECT id, alliance_id, kind, to_address FROM outbox_message WHERE status = 'PENDING' AND created_at < now() - interval '1 minute' ORDER BY created_at LIMIT 1000`,
    );
  }
}
