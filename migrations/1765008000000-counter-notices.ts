import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counter-notices on business-day clocks (issue 16, outcome 5): each marketplace's windows (the
 * seller's to counter-notify after a removal, the rights holder's to answer one), the deadlines a
 * request is given when it enters each window, and the counter-notices with their answers.
 * Repeat offences (outcome 6): a listing records whether its store was a flagged repeat infringer
 * when the request was filed.
 */
export class CounterNotices1765008000000 implements MigrationInterface {
  name = 'CounterNotices1765008000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE marketplace
        ADD COLUMN counter_notice_days integer NOT NULL DEFAULT 3 CHECK (counter_notice_days BETWEEN 1 AND 30),
        ADD COLUMN answer_days integer NOT NULL DEFAULT 10 CHECK (answer_days BETWEEN 1 AND 60)`);
    await q.query(`ALTER TABLE takedown_request ADD COLUMN counter_deadline timestamptz, ADD COLUMN answer_deadline timestamptz`);
    await q.query(`CREATE INDEX takedown_request_windows ON takedown_request (status, counter_deadline, answer_deadline) WHERE status IN ('ACCEPTED', 'COUNTER_NOTICED')`);
    await q.query(`ALTER TABLE takedown_listing ADD COLUMN repeat_offence boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE counter_notice (
        alliance_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL,
        filed_by_kind text NOT NULL CHECK (filed_by_kind IN ('SELLER', 'REVIEWER')),
        reason text NOT NULL CHECK (reason IN ('AUTHORISED', 'GENUINE_GOODS', 'NO_RIGHT', 'OTHER')),
        statement text NOT NULL,
        contact_name text,
        contact_email text,
        evidence_urls text[] NOT NULL DEFAULT '{}',
        filed_at timestamptz NOT NULL DEFAULT now(),
        answer text,
        legal_action boolean,
        answered_at timestamptz,
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, request_id) REFERENCES takedown_request (alliance_id, id) ON DELETE CASCADE
      )`);
    // one counter-notice per request: the lifecycle allows one
    await q.query(`CREATE UNIQUE INDEX counter_notice_request ON counter_notice (alliance_id, request_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE counter_notice`);
    await q.query(`ALTER TABLE takedown_listing DROP COLUMN repeat_offence`);
    await q.query(`DROP INDEX takedown_request_windows`);
    await q.query(`ALTER TABLE takedown_request DROP COLUMN counter_deadline, DROP COLUMN answer_deadline`);
    await q.query(`ALTER TABLE marketplace DROP COLUMN counter_notice_days, DROP COLUMN answer_days`);
  }
}
