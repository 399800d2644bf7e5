import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Working together on intelligence: blind-match contact requests relayed through coordinators,
 * watchlists, and per-person notifications.
 */
export class IntelCollaboration1763870400000 implements MigrationInterface {
  name = 'IntelCollaboration1763870400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contact_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        requester_organisation_id uuid NOT NULL REFERENCES organisation(id),
        requester_user_id uuid NOT NULL,
        indicator_type text NOT NULL,
        indicator_key text NOT NULL,
        message text NOT NULL,
        status text NOT NULL DEFAULT 'PENDING_REVIEW',
        coordinator_note text,
        reviewed_by uuid,
        reviewed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX contact_request_alliance ON contact_request (alliance_id, status, created_at DESC)`);
    // who holds the matching reports: never shown to the requester or the coordinator
    await q.query(`
      CREATE TABLE contact_request_recipient (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        request_id uuid NOT NULL REFERENCES contact_request(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        status text NOT NULL DEFAULT 'WAITING',
        decided_by uuid,
        decided_at timestamptz,
        PRIMARY KEY (request_id, organisation_id)
      )`);
    await q.query(`CREATE INDEX contact_request_recipient_org ON contact_request_recipient (organisation_id, status)`);

    await q.query(`
      CREATE TABLE watchlist_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        kind text NOT NULL,
        brand_id uuid REFERENCES brand(id) ON DELETE CASCADE,
        category_id uuid REFERENCES industry_category(id),
        indicator_type text,
        indicator_key text,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX watchlist_entry_unique ON watchlist_entry (organisation_id, kind, coalesce(brand_id::text, category_id::text, indicator_type || ':' || indicator_key))`);
    await q.query(`CREATE INDEX watchlist_entry_indicator ON watchlist_entry (alliance_id, indicator_type, indicator_key) WHERE kind = 'INDICATOR'`);

    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        kind text NOT NULL,
        title text NOT NULL,
        body text NOT NULL DEFAULT '',
        target_type text,
        target_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await q.query(`CREATE INDEX notification_user ON notification (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX notification_unread ON notification (user_id) WHERE read_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['notification', 'watchlist_entry', 'contact_request_recipient', 'contact_request']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
