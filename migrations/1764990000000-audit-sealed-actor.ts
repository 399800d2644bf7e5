import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit events whose actor the log's readers may not learn (a holder answering a contact request:
 * coordinators pass requests on without learning who holds the value). The actor is kept for the
 * record; the API does not show it and does not filter by it.
 */
export class AuditSealedActor1764990000000 implements MigrationInterface {
  name = 'AuditSealedActor1764990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_event ADD COLUMN actor_sealed boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_event DROP COLUMN actor_sealed`);
  }
}
