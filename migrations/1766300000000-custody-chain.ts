import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chain of custody (issue 17, outcome 5): per alliance, a head row (the Ed25519 key pair —
 * the private key sealed with a key derived from the server's secret — and the latest position and
 * hash, locked by every append so the chain never forks) and the events themselves, append-only:
 * a trigger refuses UPDATE and DELETE, whatever the application does. Tenant-keyed.
 */
export class CustodyChain1766300000000 implements MigrationInterface {
  name = 'CustodyChain1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE custody_chain (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        public_key text NOT NULL,
        private_key_sealed bytea NOT NULL,
        head_seq bigint NOT NULL DEFAULT 0,
        head_hash char(64) NOT NULL DEFAULT repeat('0', 64),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id)
      )`);
    await q.query(`
      CREATE TABLE custody_event (
        alliance_id uuid NOT NULL,
        seq bigint NOT NULL CHECK (seq > 0),
        kind text NOT NULL CHECK (kind IN ('COLLECTED', 'ATTACHED', 'VIEWED', 'EXPORTED', 'HANDED_OVER')),
        case_id uuid,
        file_id uuid,
        actor_id uuid,
        occurred_at timestamptz NOT NULL,
        entry text NOT NULL,
        hash char(64) NOT NULL,
        prev_hash char(64) NOT NULL,
        signature text NOT NULL,
        PRIMARY KEY (alliance_id, seq),
        FOREIGN KEY (alliance_id) REFERENCES custody_chain (alliance_id)
      )`);
    await q.query(`CREATE INDEX custody_event_case ON custody_event (alliance_id, case_id, seq) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX custody_event_file ON custody_event (alliance_id, file_id, seq) WHERE file_id IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION custody_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'custody_event is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER custody_event_no_update_or_delete BEFORE UPDATE OR DELETE ON custody_event
      FOR EACH ROW EXECUTE FUNCTION custody_event_is_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE custody_event`);
    await q.query(`DROP FUNCTION custody_event_is_append_only()`);
    await q.query(`DROP TABLE custody_chain`);
  }
}
