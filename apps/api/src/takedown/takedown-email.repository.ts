import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export type InboundMailStatus = 'RECEIVED' | 'FILED' | 'REFUSED' | 'FAILED';
export type MailRefusalReason = 'UNKNOWN_SENDER' | 'SPOOFED_SENDER' | 'NOT_AUTHENTICATED' | 'TOO_LARGE';

/** Something of a message that was not filed, and why (`field`: brand, right, reason, url, attachment, …). */
export interface MailProblem {
  field: string;
  message: string;
}

export interface InboundMailRow {
  allianceId: string;
  id: string;
  organisationId: string;
  userId: string;
  envelopeFrom: string;
  recipient: string;
  messageId: string | null;
  subject: string | null;
  sourceFileId: string;
  sizeBytes: number;
  sha256: string;
  status: InboundMailStatus;
  requestIds: string[];
  bulkImportIds: string[];
  problems: MailProblem[];
  receivedAt: Date;
  processedAt: Date | null;
}

const COLUMNS = `alliance_id AS "allianceId", id, organisation_id AS "organisationId", user_id AS "userId", envelope_from AS "envelopeFrom", recipient,
  message_id AS "messageId", subject, source_file_id AS "sourceFileId", size_bytes::float8 AS "sizeBytes", sha256, status, request_ids AS "requestIds",
  bulk_import_ids AS "bulkImportIds", problems, received_at AS "receivedAt", processed_at AS "processedAt"`;

/** Every SQL statement on takedown_inbound_mail and takedown_mail_refusal. */
@Injectable()
export class TakedownEmailRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, m: Pick<InboundMailRow, 'allianceId' | 'id' | 'organisationId' | 'userId' | 'envelopeFrom' | 'recipient' | 'messageId' | 'subject' | 'sourceFileId' | 'sizeBytes' | 'sha256'>): Promise<void> {
    await em.query(
      `INSERT INTO takedown_inbound_mail (alliance_id, id, organisation_id, user_id, envelope_from, recipient, message_id, subject, source_file_id, size_bytes, sha256, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'RECEIVED')`,
      [m.allianceId, m.id, m.organisationId, m.userId, m.envelopeFrom, m.recipient, m.messageId, m.subject, m.sourceFileId, m.sizeBytes, m.sha256],
    );
  }

  /** The alliance's messages with these ids; of `organisationId` only unless it is null (coordinators). */
  byIds(allianceId: string, ids: readonly string[], organisationId: string | null): Promise<InboundMailRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM takedown_inbound_mail WHERE alliance_id = $1 AND id = ANY ($2) AND ($3::uuid IS NULL OR organisation_id = $3)`, [allianceId, ids, organisationId]);
  }

  /** Newest first, after a (received_at, id) cursor; LIMIT `limit` + 1 rows, with the count of all. */
  async page(allianceId: string, organisationId: string | null, q: { status?: InboundMailStatus; after: [string, string] | null; limit: number }): Promise<{ rows: InboundMailRow[]; total: number }> {
    const where = `alliance_id = $1 AND ($2::uuid IS NULL OR organisation_id = $2) AND ($3::text IS NULL OR status = $3)`;
    const rows: InboundMailRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM takedown_inbound_mail WHERE ${where} AND ($4::timestamptz IS NULL OR (received_at, id) < ($4::timestamptz, $5::uuid))
        ORDER BY received_at DESC, id DESC LIMIT $6`,
      [allianceId, organisationId, q.status ?? null, q.after?.[0] ?? null, q.after?.[1] ?? null, q.limit + 1],
    );
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM takedown_inbound_mail WHERE ${where}`, [allianceId, organisationId, q.status ?? null]);
    return { rows, total };
  }

  /** Records what became of a message, once: false when it was recorded already (another run of its job). */
  async finish(em: EntityManager, allianceId: string, id: string, outcome: { status: Exclude<InboundMailStatus, 'RECEIVED'>; requestIds: string[]; bulkImportIds: string[]; problems: MailProblem[] }): Promise<boolean> {
    const [, count] = await em.query(
      `UPDATE takedown_inbound_mail SET status = $3, request_ids = $4, bulk_import_ids = $5, problems = $6, processed_at = now()
        WHERE alliance_id = $1 AND id = $2 AND status = 'RECEIVED'`,
      [allianceId, id, outcome.status, outcome.requestIds, outcome.bulkImportIds, JSON.stringify(outcome.problems)],
    );
    return count === 1;
  }

  /** One more message refused at the door today. */
  async countRefusal(allianceId: string, reason: MailRefusalReason): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO takedown_mail_refusal (alliance_id, day, reason, count) VALUES ($1, (now() AT TIME ZONE 'UTC')::date, $2, 1)
       ON CONFLICT (alliance_id, day, reason) DO UPDATE SET count = takedown_mail_refusal.count + 1`,
      [allianceId, reason],
    );
  }

  /** Messages refused at the door per reason since a day (UTC). */
  async refusals(allianceId: string, since: string): Promise<Map<MailRefusalReason, number>> {
    const rows: { reason: MailRefusalReason; n: number }[] = await this.dataSource.query(
      `SELECT reason, sum(count)::int AS n FROM takedown_mail_refusal WHERE alliance_id = $1 AND day >= $2::date GROUP BY reason`,
      [allianceId, since],
    );
    return new Map(rows.map((r) => [r.reason, r.n]));
  }
}
