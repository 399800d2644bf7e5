import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deliveries of accepted takedowns to marketplaces outside Countermark (issue 16, outcome 4): a
 * notice e-mail to the abuse address (with the PDF notice attached: mail gains attachments) and a
 * signed webhook POST, each with its attempts; the webhook's signing secret per marketplace.
 */
export class TakedownDeliveries1765011600000 implements MigrationInterface {
  name = 'TakedownDeliveries1765011600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_message ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE marketplace ADD COLUMN webhook_secret text`);
    await q.query(`
      CREATE TABLE takedown_delivery (
        alliance_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL,
        channel text NOT NULL CHECK (channel IN ('EMAIL', 'WEBHOOK')),
        target text NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, request_id) REFERENCES takedown_request (alliance_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX takedown_delivery_id ON takedown_delivery (id)`);
    await q.query(`CREATE INDEX takedown_delivery_request ON takedown_delivery (alliance_id, request_id)`);
    await q.query(`
      CREATE TABLE takedown_delivery_attempt (
        alliance_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        delivery_id uuid NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        ok boolean NOT NULL,
        status_code integer,
        error text,
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, delivery_id) REFERENCES takedown_delivery (alliance_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX takedown_delivery_attempt_delivery ON takedown_delivery_attempt (alliance_id, delivery_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE takedown_delivery_attempt`);
    await q.query(`DROP TABLE takedown_delivery`);
    await q.query(`ALTER TABLE marketplace DROP COLUMN webhook_secret`);
    await q.query(`ALTER TABLE outbox_message DROP COLUMN attachments`);
  }
}
