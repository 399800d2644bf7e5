import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * IP rights besides trademarks, and agents' authorisations (issue 16, outcome 1): copyrights,
 * designs and patents of a brand, verified by coordinators like trademarks; a rights holder's
 * letter authorising an agent organisation to file for some of its brands until an expiry. A
 * takedown request cites exactly one right (a trademark or one of these) and records the agent
 * that filed it.
 */
export class IpRights1765004400000 implements MigrationInterface {
  name = 'IpRights1765004400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ip_right (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        brand_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('COPYRIGHT', 'DESIGN', 'PATENT')),
        office text NOT NULL CHECK (length(office) BETWEEN 1 AND 100),
        number text NOT NULL CHECK (length(number) BETWEEN 1 AND 100),
        title text,
        holder text NOT NULL,
        classes text[] NOT NULL DEFAULT '{}',
        territories text[] NOT NULL DEFAULT '{}',
        registered_on date,
        expires_on date,
        certificate_file_id uuid,
        verification_status text NOT NULL DEFAULT 'PENDING' CHECK (verification_status IN ('PENDING', 'VERIFIED', 'REJECTED')),
        verification_note text,
        verified_by uuid,
        verified_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, brand_id) REFERENCES brand (alliance_id, id) ON DELETE CASCADE,
        FOREIGN KEY (alliance_id, certificate_file_id) REFERENCES evidence_file (alliance_id, id),
        CHECK (expires_on IS NULL OR registered_on IS NULL OR expires_on > registered_on)
      )`);
    await q.query(`CREATE INDEX ip_right_id ON ip_right (id)`);
    await q.query(`CREATE INDEX ip_right_brand ON ip_right (alliance_id, brand_id)`);
    await q.query(`CREATE UNIQUE INDEX ip_right_registration ON ip_right (alliance_id, kind, upper(office), upper(number))`);

    await q.query(`
      CREATE TABLE agent_authorisation (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        principal_organisation_id uuid NOT NULL,
        agent_organisation_id uuid NOT NULL,
        expires_on date NOT NULL,
        letter_file_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'REVOKED')),
        granted_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, principal_organisation_id) REFERENCES organisation (alliance_id, id),
        FOREIGN KEY (alliance_id, agent_organisation_id) REFERENCES organisation (alliance_id, id),
        FOREIGN KEY (alliance_id, letter_file_id) REFERENCES evidence_file (alliance_id, id),
        CHECK (principal_organisation_id <> agent_organisation_id)
      )`);
    await q.query(`CREATE INDEX agent_authorisation_id ON agent_authorisation (id)`);
    await q.query(`CREATE INDEX agent_authorisation_agent ON agent_authorisation (alliance_id, agent_organisation_id) WHERE status = 'ACTIVE'`);
    await q.query(`
      CREATE TABLE agent_authorisation_brand (
        alliance_id uuid NOT NULL,
        authorisation_id uuid NOT NULL,
        brand_id uuid NOT NULL,
        PRIMARY KEY (alliance_id, authorisation_id, brand_id),
        FOREIGN KEY (alliance_id, authorisation_id) REFERENCES agent_authorisation (alliance_id, id) ON DELETE CASCADE,
        FOREIGN KEY (alliance_id, brand_id) REFERENCES brand (alliance_id, id) ON DELETE CASCADE
      )`);

    await q.query(`ALTER TABLE takedown_request ALTER COLUMN trademark_id DROP NOT NULL`);
    await q.query(`ALTER TABLE takedown_request ADD COLUMN ip_right_id uuid, ADD COLUMN agent_organisation_id uuid`);
    await q.query(`ALTER TABLE takedown_request ADD CONSTRAINT takedown_request_ip_right_fkey FOREIGN KEY (alliance_id, ip_right_id) REFERENCES ip_right (alliance_id, id)`);
    await q.query(`ALTER TABLE takedown_request ADD CONSTRAINT takedown_request_agent_fkey FOREIGN KEY (alliance_id, agent_organisation_id) REFERENCES organisation (alliance_id, id)`);
    await q.query(`ALTER TABLE takedown_request ADD CONSTRAINT takedown_request_one_right CHECK (num_nonnulls(trademark_id, ip_right_id) = 1)`);
    await q.query(`CREATE INDEX takedown_request_agent ON takedown_request (alliance_id, agent_organisation_id, submitted_at DESC) WHERE agent_organisation_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM takedown_request WHERE ip_right_id IS NOT NULL`);
    await q.query(`ALTER TABLE takedown_request DROP CONSTRAINT takedown_request_one_right, DROP COLUMN ip_right_id, DROP COLUMN agent_organisation_id`);
    await q.query(`ALTER TABLE takedown_request ALTER COLUMN trademark_id SET NOT NULL`);
    await q.query(`DROP TABLE agent_authorisation_brand`);
    await q.query(`DROP TABLE agent_authorisation`);
    await q.query(`DROP TABLE ip_right`);
  }
}
