import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Takedowns by e-mail (issue 16, outcome 3, EMAIL): each message the SMTP listener accepted, kept
 * as evidence (its RFC 822 source) with what became of it, and per alliance and day the messages
 * it refused at the door (unknown senders, spoofed senders, oversize), counted for the coordinators.
 */
export class TakedownEmail1765104000000 implements MigrationInterface {
  name = 'TakedownEmail1765104000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE takedown_inbound_mail (
        alliance_id uuid NOT NULL,
        id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        user_id uuid NOT NULL,
        envelope_from text NOT NULL,
        recipient text NOT NULL,
        message_id text,
        subject text,
        source_file_id uuid NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 text NOT NULL,
        status text NOT NULL CHECK (status IN ('RECEIVED', 'FILED', 'REFUSED', 'FAILED')),
        request_ids uuid[] NOT NULL DEFAULT '{}',
        bulk_import_ids uuid[] NOT NULL DEFAULT '{}',
        problems jsonb NOT NULL DEFAULT '[]',
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, organisation_id) REFERENCES organisation (alliance_id, id),
        FOREIGN KEY (alliance_id, source_file_id) REFERENCES evidence_file (alliance_id, id)
      )`);
    await q.query(`CREATE INDEX takedown_inbound_mail_received ON takedown_inbound_mail (alliance_id, received_at DESC, id DESC)`);
    await q.query(`CREATE INDEX takedown_inbound_mail_organisation ON takedown_inbound_mail (alliance_id, organisation_id, received_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE takedown_mail_refusal (
        alliance_id uuid NOT NULL REFERENCES alliance (id),
        day date NOT NULL,
        reason text NOT NULL CHECK (reason IN ('UNKNOWN_SENDER', 'SPOOFED_SENDER', 'NOT_AUTHENTICATED', 'TOO_LARGE')),
        count integer NOT NULL DEFAULT 0,
        PRIMARY KEY (alliance_id, day, reason)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE takedown_mail_refusal`);
    await q.query(`DROP TABLE takedown_inbound_mail`);
  }
}
