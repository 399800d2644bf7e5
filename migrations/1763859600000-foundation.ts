import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The alliance workspace: tenants, organisations, memberships, partners, categories, people,
 * API keys, brands, trademarks, evidence files, invitations, the mail outbox and the audit log.
 * Every tenant-owned table carries alliance_id (the future Citus distribution column).
 */
export class Foundation1763859600000 implements MigrationInterface {
  name = 'Foundation1763859600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS citext`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);

    await q.query(`
      CREATE TABLE alliance (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
        name text NOT NULL,
        home_country char(2) NOT NULL,
        takedown_sla_hours integer NOT NULL DEFAULT 24 CHECK (takedown_sla_hours BETWEEN 1 AND 720),
        default_sharing_level text NOT NULL DEFAULT 'AMBER',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        name text NOT NULL,
        legal_name text,
        kind text NOT NULL,
        country char(2),
        website text,
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (alliance_id, id)
      )`);
    await q.query(`CREATE INDEX organisation_name_trgm ON organisation USING gin (lower(name) gin_trgm_ops)`);
    await q.query(`CREATE INDEX organisation_alliance_name ON organisation (alliance_id, lower(name), id)`);

    await q.query(`
      CREATE TABLE industry_category (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        name text NOT NULL,
        status text NOT NULL DEFAULT 'ACTIVE',
        merged_into_id uuid REFERENCES industry_category(id),
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX industry_category_active_name ON industry_category (alliance_id, lower(name)) WHERE status = 'ACTIVE'`);

    await q.query(`
      CREATE TABLE membership (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        tier text NOT NULL DEFAULT 'FULL',
        status text NOT NULL,
        status_reason text,
        joined_on date,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (alliance_id, organisation_id)
      )`);
    await q.query(`CREATE INDEX membership_alliance_status ON membership (alliance_id, status)`);

    await q.query(`
      CREATE TABLE membership_transition (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        membership_id uuid NOT NULL REFERENCES membership(id),
        from_status text,
        to_status text NOT NULL,
        reason text,
        actor_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX membership_transition_membership ON membership_transition (membership_id, created_at)`);

    await q.query(`
      CREATE TABLE membership_category (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        membership_id uuid NOT NULL REFERENCES membership(id) ON DELETE CASCADE,
        category_id uuid NOT NULL REFERENCES industry_category(id),
        PRIMARY KEY (membership_id, category_id)
      )`);
    await q.query(`CREATE INDEX membership_category_category ON membership_category (category_id)`);

    await q.query(`
      CREATE TABLE partnership (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        kind text NOT NULL,
        scopes text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'ACTIVE',
        created_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        UNIQUE (alliance_id, organisation_id)
      )`);

    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        organisation_id uuid REFERENCES organisation(id),
        email citext NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text,
        role text NOT NULL,
        status text NOT NULL DEFAULT 'ACTIVE',
        created_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz
      )`);
    await q.query(`CREATE INDEX app_user_alliance ON app_user (alliance_id)`);

    await q.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        name text NOT NULL,
        prefix text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        scopes text[] NOT NULL DEFAULT '{}',
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);

    await q.query(`
      CREATE TABLE evidence_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        organisation_id uuid REFERENCES organisation(id),
        uploaded_by uuid NOT NULL,
        file_name text NOT NULL,
        content_type text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 char(64) NOT NULL,
        storage_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE brand (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        name text NOT NULL,
        description text,
        website text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX brand_org_name ON brand (organisation_id, lower(name))`);
    await q.query(`CREATE INDEX brand_alliance ON brand (alliance_id)`);

    await q.query(`
      CREATE TABLE trademark (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        brand_id uuid NOT NULL REFERENCES brand(id) ON DELETE CASCADE,
        office text NOT NULL,
        registration_number text NOT NULL,
        nice_classes integer[] NOT NULL CHECK (cardinality(nice_classes) > 0 AND 1 <= ALL(nice_classes) AND 45 >= ALL(nice_classes)),
        owner_name text NOT NULL,
        registered_on date,
        expires_on date,
        verification_status text NOT NULL DEFAULT 'PENDING',
        verification_note text,
        verified_by uuid,
        verified_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX trademark_registration ON trademark (alliance_id, office, upper(registration_number))`);
    await q.query(`CREATE INDEX trademark_brand ON trademark (brand_id)`);

    await q.query(`
      CREATE TABLE trademark_evidence (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        trademark_id uuid NOT NULL REFERENCES trademark(id) ON DELETE CASCADE,
        file_id uuid NOT NULL REFERENCES evidence_file(id),
        kind text NOT NULL,
        PRIMARY KEY (trademark_id, file_id)
      )`);

    await q.query(`
      CREATE TABLE invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        membership_id uuid NOT NULL REFERENCES membership(id),
        email citext NOT NULL,
        token_hash char(64) NOT NULL UNIQUE,
        invited_by uuid NOT NULL,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_user_id uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX invitation_membership ON invitation (membership_id)`);

    await q.query(`
      CREATE TABLE outbox_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alliance_id uuid REFERENCES alliance(id),
        kind text NOT NULL,
        to_address text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'PENDING',
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_pending ON outbox_message (created_at) WHERE status = 'PENDING'`);

    await q.query(`
      CREATE TABLE audit_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        actor_id uuid,
        actor_kind text NOT NULL,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id uuid,
        before jsonb,
        after jsonb,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX audit_event_alliance_time ON audit_event (alliance_id, id DESC)`);
    await q.query(`CREATE INDEX audit_event_target ON audit_event (alliance_id, target_id)`);
    // Append-only, whatever the application does.
    await q.query(`
      CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_event', 'outbox_message', 'invitation', 'trademark_evidence', 'trademark', 'brand', 'evidence_file',
      'api_key', 'app_user', 'partnership', 'membership_category', 'membership_transition', 'membership',
      'industry_category', 'organisation', 'alliance',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS audit_event_is_append_only()`);
  }
}
