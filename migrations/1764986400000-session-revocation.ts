import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that can be ended: a person's `session_epoch` (signing out everywhere moves it, and a
 * token carries the epoch it was issued in) and the sessions signed out one by one, kept until
 * they would have expired anyway.
 */
export class SessionRevocation1764986400000 implements MigrationInterface {
  name = 'SessionRevocation1764986400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN session_epoch integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE revoked_session (
        session_id uuid PRIMARY KEY,
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX revoked_session_expires ON revoked_session (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE revoked_session`);
    await q.query(`ALTER TABLE app_user DROP COLUMN session_epoch`);
  }
}
