import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enforcement cases (issue 17, outcome 4): offline investigations a member or coordinator opens
 * from networks, reports and takedowns, referred to a law-enforcement partner, with their targets,
 * brands, members, the one transition table of their lifecycle, a dated log of actions, outcomes
 * (money as integer minor units with its ISO 4217 code), court results and attached evidence
 * files; and the alliance's thresholds for proposing networks for referral. Tenant-keyed
 * (docs/scale-out.md).
 */
export class EnforcementCases1766100000000 implements MigrationInterface {
  name = 'EnforcementCases1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE enforcement_case (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        summary text CHECK (length(summary) <= 5000),
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'REFERRED', 'ACTION_TAKEN', 'PROSECUTION', 'CLOSED', 'DROPPED')),
        lead_organisation_id uuid NOT NULL,
        opened_by uuid NOT NULL,
        opened_by_organisation_id uuid,
        referred_partnership_id uuid,
        referred_organisation_id uuid,
        referral_agency text,
        referral_jurisdiction text,
        referral_reference text,
        referred_at timestamptz,
        arrests integer NOT NULL DEFAULT 0 CHECK (arrests >= 0),
        sites_manufacturing integer NOT NULL DEFAULT 0 CHECK (sites_manufacturing >= 0),
        sites_warehouse integer NOT NULL DEFAULT 0 CHECK (sites_warehouse >= 0),
        sites_distribution integer NOT NULL DEFAULT 0 CHECK (sites_distribution >= 0),
        sites_retail integer NOT NULL DEFAULT 0 CHECK (sites_retail >= 0),
        units_seized bigint NOT NULL DEFAULT 0 CHECK (units_seized >= 0),
        value_seized_minor bigint CHECK (value_seized_minor >= 0),
        value_seized_currency char(3),
        version integer NOT NULL DEFAULT 1,
        opened_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, lead_organisation_id) REFERENCES organisation (alliance_id, id),
        FOREIGN KEY (alliance_id, referred_partnership_id) REFERENCES partnership (alliance_id, id),
        FOREIGN KEY (alliance_id, referred_organisation_id) REFERENCES organisation (alliance_id, id),
        CHECK ((value_seized_minor IS NULL) = (value_seized_currency IS NULL)),
        CHECK ((referred_partnership_id IS NULL) = (referred_organisation_id IS NULL))
      )`);
    await q.query(`CREATE INDEX enforcement_case_id ON enforcement_case (id)`);
    await q.query(`CREATE INDEX enforcement_case_opened ON enforcement_case (alliance_id, opened_at DESC, id DESC)`);
    // a partner's cases: only those referred to it
    await q.query(`CREATE INDEX enforcement_case_referred ON enforcement_case (alliance_id, referred_organisation_id) WHERE referred_organisation_id IS NOT NULL`);
    await q.query(`CREATE INDEX enforcement_case_lead ON enforcement_case (alliance_id, lead_organisation_id)`);

    await q.query(`
      CREATE TABLE enforcement_case_member (
        alliance_id uuid NOT NULL,
        case_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        PRIMARY KEY (alliance_id, case_id, organisation_id),
        FOREIGN KEY (alliance_id, case_id) REFERENCES enforcement_case (alliance_id, id) ON DELETE CASCADE,
        FOREIGN KEY (alliance_id, organisation_id) REFERENCES organisation (alliance_id, id)
      )`);
    await q.query(`CREATE INDEX enforcement_case_member_organisation ON enforcement_case_member (alliance_id, organisation_id)`);

    await q.query(`
      CREATE TABLE enforcement_case_target (
        alliance_id uuid NOT NULL,
        case_id uuid NOT NULL,
        position integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('PERSON', 'COMPANY', 'ADDRESS', 'SITE')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 500),
        detail text CHECK (length(detail) <= 2000),
        PRIMARY KEY (alliance_id, case_id, position),
        FOREIGN KEY (alliance_id, case_id) REFERENCES enforcement_case (alliance_id, id) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE enforcement_case_brand (
        alliance_id uuid NOT NULL,
        case_id uuid NOT NULL,
        brand_id uuid NOT NULL,
        PRIMARY KEY (alliance_id, case_id, brand_id),
        FOREIGN KEY (alliance_id, case_id) REFERENCES enforcement_case (alliance_id, id) ON DELETE CASCADE,
        FOREIGN KEY (alliance_id, brand_id) REFERENCES brand (alliance_id, id)
      )`);

    // what the case was opened from; ALERT waits for the monitoring context (outcome 2), whose alerts do not exist yet
    await q.query(`
      CREATE TABLE enforcement_case_link (
        alliance_id uuid NOT NULL,
        case_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('NETWORK', 'INTEL_REPORT', 'TAKEDOWN', 'ALERT')),
        target_id uuid NOT NULL,
        linked_by uuid NOT NULL,
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id, case_id, kind, target_id),
        FOREIGN KEY (alliance_id, case_id) REFERENCES enforcement_case (alliance_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX enforcement_case_link_target ON enforcement_case_link (alliance_id, kind, target_id)`);

    await q.query(`
      CREATE TABLE enforcement_case_transition (
        alliance_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        from_status text,
        to_status text NOT NULL,
        action text NOT NULL,
        actor_kind text NOT NULL,
        actor_id uuid,
        note text,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, case_id) REFERENCES enforcement_case (alliance_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX enforcement_case_transition_case ON enforcement_case_transition (alliance_id, case_id, at)`);

    await q.query(`
      CREATE TABLE enforcement_case_action (
        alliance_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('TEST_BUY', 'INVESTIGATION', 'RAID', 'SEIZURE', 'LITIGATION', 'OTHER')),
        occurred_on date NOT NULL,
        summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 5000),
        recorded_by uuid NOT NULL,
        recorded_by_organisation_id uuid,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, case_id) REFERENCES enforcement_case (alliance_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX enforcement_case_action_case ON enforcement_case_action (alliance_id, case_id, occurred_on)`);

    await q.query(`
      CREATE TABLE enforcement_court_result (
        alliance_id uuid NOT NULL,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        decided_on date NOT NULL,
        court text NOT NULL CHECK (length(court) BETWEEN 1 AND 300),
        result text NOT NULL CHECK (result IN ('CONVICTION', 'ACQUITTAL', 'SETTLEMENT', 'INJUNCTION', 'CIVIL_JUDGMENT', 'OTHER')),
        defendant text CHECK (length(defendant) <= 500),
        sentence_months integer CHECK (sentence_months BETWEEN 0 AND 1200),
        fine_minor bigint CHECK (fine_minor >= 0),
        fine_currency char(3),
        detail text CHECK (length(detail) <= 5000),
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id, id),
        FOREIGN KEY (alliance_id, case_id) REFERENCES enforcement_case (alliance_id, id) ON DELETE CASCADE,
        CHECK ((fine_minor IS NULL) = (fine_currency IS NULL))
      )`);
    await q.query(`CREATE INDEX enforcement_court_result_case ON enforcement_court_result (alliance_id, case_id, decided_on)`);

    // the case ↔ evidence link the custody chain (outcome 5) builds on: one row per file on a case
    await q.query(`
      CREATE TABLE enforcement_case_evidence (
        alliance_id uuid NOT NULL,
        case_id uuid NOT NULL,
        file_id uuid NOT NULL,
        attached_by uuid NOT NULL,
        attached_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id, case_id, file_id),
        FOREIGN KEY (alliance_id, case_id) REFERENCES enforcement_case (alliance_id, id) ON DELETE CASCADE,
        FOREIGN KEY (alliance_id, file_id) REFERENCES evidence_file (alliance_id, id)
      )`);
    // the file gate's question: which cases hold this file
    await q.query(`CREATE INDEX enforcement_case_evidence_file ON enforcement_case_evidence (alliance_id, file_id)`);

    await q.query(`
      CREATE TABLE enforcement_settings (
        alliance_id uuid NOT NULL REFERENCES alliance(id),
        min_reports integer NOT NULL CHECK (min_reports BETWEEN 0 AND 100000),
        min_members integer NOT NULL CHECK (min_members BETWEEN 0 AND 10000),
        min_brands integer NOT NULL CHECK (min_brands BETWEEN 0 AND 10000),
        min_upheld_takedowns integer NOT NULL CHECK (min_upheld_takedowns BETWEEN 0 AND 100000),
        min_recent_reports integer NOT NULL CHECK (min_recent_reports BETWEEN 0 AND 100000),
        recent_days integer NOT NULL CHECK (recent_days BETWEEN 1 AND 3650),
        updated_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alliance_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['enforcement_settings', 'enforcement_case_evidence', 'enforcement_court_result', 'enforcement_case_action', 'enforcement_case_transition', 'enforcement_case_link', 'enforcement_case_brand', 'enforcement_case_target', 'enforcement_case_member', 'enforcement_case']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
