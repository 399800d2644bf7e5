import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trusted and abusive complainants (issue 16, outcome 7): a complainant's standing per alliance
 * (trusted by a coordinator, flagged as possibly abusive), whether a marketplace lets trusted
 * complainants skip its queue, and, per request, whether it was auto-accepted, picked for the
 * audit that keeps trust honest, and what the audit found.
 */
export class TrustedComplainants1765015200000 implements MigrationInterface {
  name = 'TrustedComplainants1765015200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE takedown_complainant (
        alliance_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        trusted boolean NOT NULL DEFAULT false,
        trusted_since timestamptz,
        trusted_by uuid,
        trust_ended_at timestamptz,
        trust_end_reason text,
        abuse_flagged_at timestamptz,
        PRIMARY KEY (alliance_id, organisation_id),
        FOREIGN KEY (alliance_id, organisation_id) REFERENCES organisation (alliance_id, id)
      )`);
    await q.query(`ALTER TABLE marketplace ADD COLUMN allows_trusted boolean NOT NULL DEFAULT false`);
    await q.query(`
      ALTER TABLE takedown_request
        ADD COLUMN auto_accepted boolean NOT NULL DEFAULT false,
        ADD COLUMN audit_sampled boolean NOT NULL DEFAULT false,
        ADD COLUMN audit_agreed boolean,
        ADD COLUMN audited_at timestamptz`);
    await q.query(`CREATE INDEX takedown_request_audit ON takedown_request (alliance_id, marketplace_id, submitted_at) WHERE audit_sampled AND audited_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX takedown_request_audit`);
    await q.query(`ALTER TABLE takedown_request DROP COLUMN auto_accepted, DROP COLUMN audit_sampled, DROP COLUMN audit_agreed, DROP COLUMN audited_at`);
    await q.query(`ALTER TABLE marketplace DROP COLUMN allows_trusted`);
    await q.query(`DROP TABLE takedown_complainant`);
  }
}
