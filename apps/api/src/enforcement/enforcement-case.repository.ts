import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseAction, CaseStatus } from '../../../../libs/enforcement/src/index.js';
import { activeMemberCondition } from '../members/member-access.js';

export type CaseLinkKind = 'NETWORK' | 'INTEL_REPORT' | 'TAKEDOWN' | 'ALERT';
export type TargetKind = 'PERSON' | 'COMPANY' | 'ADDRESS' | 'SITE';
export type ActionKind = 'TEST_BUY' | 'INVESTIGATION' | 'RAID' | 'SEIZURE' | 'LITIGATION' | 'OTHER';
export type CourtResultKind = 'CONVICTION' | 'ACQUITTAL' | 'SETTLEMENT' | 'INJUNCTION' | 'CIVIL_JUDGMENT' | 'OTHER';

export interface CaseRow {
  allianceId: string;
  id: string;
  title: string;
  summary: string | null;
  status: CaseStatus;
  leadOrganisationId: string;
  openedBy: string;
  openedByOrganisationId: string | null;
  referredPartnershipId: string | null;
  referredOrganisationId: string | null;
  referralAgency: string | null;
  referralJurisdiction: string | null;
  referralReference: string | null;
  referredAt: Date | null;
  arrests: number;
  sitesManufacturing: number;
  sitesWarehouse: number;
  sitesDistribution: number;
  sitesRetail: number;
  /** bigint, as text */
  unitsSeized: string;
  /** bigint minor units, as text */
  valueSeizedMinor: string | null;
  valueSeizedCurrency: string | null;
  version: number;
  openedAt: Date;
  updatedAt: Date;
}

export interface CaseTransitionRow {
  caseId: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  action: CaseAction | 'OPEN';
  actorKind: string;
  actorId: string | null;
  note: string | null;
  at: Date;
}

export interface TargetRow { caseId: string; position: number; kind: TargetKind; name: string; detail: string | null }
export interface LinkRow { caseId: string; kind: CaseLinkKind; targetId: string }
export interface ActionRow { caseId: string; id: string; kind: ActionKind; occurredOn: string; summary: string; recordedBy: string; recordedByOrganisationId: string | null; recordedAt: Date }
export interface CourtResultRow {
  caseId: string; id: string; decidedOn: string; court: string; result: CourtResultKind; defendant: string | null; sentenceMonths: number | null;
  fineMinor: string | null; fineCurrency: string | null; detail: string | null; recordedAt: Date;
}
export interface EvidenceRow { caseId: string; fileId: string; attachedBy: string; attachedAt: Date }

export interface ReferralThresholdsRow {
  minReports: number;
  minMembers: number;
  minBrands: number;
  minUpheldTakedowns: number;
  minRecentReports: number;
  recentDays: number;
}

/**
 * Who sees which cases, as SQL over `c` (an enforcement_case) — the one condition every read uses
 * (lists, counts, `node`, the file gate):
 *  - coordinators: every case of the alliance;
 *  - a member organisation (while an active member): the cases it leads or takes part in;
 *  - a law-enforcement partner: the cases referred to it;
 *  - anyone else: none.
 */
export type CaseVisibility = { all: true } | { member: string } | { partner: string } | { none: true };

function visible(v: CaseVisibility, params: unknown[]): string {
  if ('all' in v) return 'true';
  if ('member' in v) {
    const p = params.push(v.member);
    return `((c.lead_organisation_id = $${p} OR EXISTS (SELECT 1 FROM enforcement_case_member cm WHERE cm.alliance_id = c.alliance_id AND cm.case_id = c.id AND cm.organisation_id = $${p}))
             AND ${activeMemberCondition('c.alliance_id', `$${p}::uuid`)})`;
  }
  if ('partner' in v) return `c.referred_organisation_id = $${params.push(v.partner)}`;
  return 'false';
}

const COLUMNS = `c.alliance_id AS "allianceId", c.id, c.title, c.summary, c.status, c.lead_organisation_id AS "leadOrganisationId", c.opened_by AS "openedBy",
  c.opened_by_organisation_id AS "openedByOrganisationId", c.referred_partnership_id AS "referredPartnershipId", c.referred_organisation_id AS "referredOrganisationId",
  c.referral_agency AS "referralAgency", c.referral_jurisdiction AS "referralJurisdiction", c.referral_reference AS "referralReference", c.referred_at AS "referredAt",
  c.arrests, c.sites_manufacturing AS "sitesManufacturing", c.sites_warehouse AS "sitesWarehouse", c.sites_distribution AS "sitesDistribution", c.sites_retail AS "sitesRetail",
  c.units_seized::text AS "unitsSeized", c.value_seized_minor::text AS "valueSeizedMinor", c.value_seized_currency AS "valueSeizedCurrency",
  c.version, c.opened_at AS "openedAt", c.updated_at AS "updatedAt"`;

/**
 * Every SQL statement on enforcement_case and its tables (members, targets, brands, links,
 * transitions, actions, court results, evidence) and on enforcement_settings.
 */
@Injectable()
export class EnforcementCaseRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, allianceId: string, c: { title: string; summary: string | null; leadOrganisationId: string; openedBy: string; openedByOrganisationId: string | null }): Promise<CaseRow> {
    const [row] = await em.query(
      `INSERT INTO enforcement_case AS c (alliance_id, title, summary, lead_organisation_id, opened_by, opened_by_organisation_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [allianceId, c.title, c.summary, c.leadOrganisationId, c.openedBy, c.openedByOrganisationId],
    );
    return row;
  }

  async insertMembers(em: EntityManager, allianceId: string, caseId: string, organisationIds: readonly string[]): Promise<void> {
    if (!organisationIds.length) return;
    await em.query(
      `INSERT INTO enforcement_case_member (alliance_id, case_id, organisation_id) SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`,
      [allianceId, caseId, organisationIds],
    );
  }

  async insertTargets(em: EntityManager, allianceId: string, caseId: string, targets: readonly { kind: TargetKind; name: string; detail: string | null }[]): Promise<void> {
    if (!targets.length) return;
    await em.query(
      `INSERT INTO enforcement_case_target (alliance_id, case_id, position, kind, name, detail)
       SELECT $1, $2, coalesce((SELECT max(position) FROM enforcement_case_target WHERE alliance_id = $1 AND case_id = $2), 0) + t.n, t.kind, t.name, t.detail
         FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS t(kind, name, detail, n)`,
      [allianceId, caseId, targets.map((t) => t.kind), targets.map((t) => t.name), targets.map((t) => t.detail)],
    );
  }

  async insertBrands(em: EntityManager, allianceId: string, caseId: string, brandIds: readonly string[]): Promise<void> {
    if (!brandIds.length) return;
    await em.query(`INSERT INTO enforcement_case_brand (alliance_id, case_id, brand_id) SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`, [allianceId, caseId, brandIds]);
  }

  /** Links the case to what it was opened from; answers the links that are new. */
  async insertLinks(em: EntityManager, allianceId: string, caseId: string, links: readonly { kind: CaseLinkKind; targetId: string }[], by: string): Promise<LinkRow[]> {
    if (!links.length) return [];
    const rows: LinkRow[] = await em.query(
      `INSERT INTO enforcement_case_link (alliance_id, case_id, kind, target_id, linked_by)
       SELECT $1, $2, l.kind, l.target_id, $5 FROM unnest($3::text[], $4::uuid[]) AS l(kind, target_id)
       ON CONFLICT DO NOTHING RETURNING case_id AS "caseId", kind, target_id AS "targetId"`,
      [allianceId, caseId, links.map((l) => l.kind), links.map((l) => l.targetId), by],
    );
    return rows;
  }

  visibleByIds(allianceId: string, ids: readonly string[], v: CaseVisibility, em: EntityManager = this.dataSource.manager): Promise<CaseRow[]> {
    const params: unknown[] = [allianceId, ids];
    return em.query(`SELECT ${COLUMNS} FROM enforcement_case c WHERE c.alliance_id = $1 AND c.id = ANY ($2::uuid[]) AND ${visible(v, params)}`, params);
  }

  /** A page of the visible cases, newest first, after the case `afterId`; and the count of all. */
  async page(allianceId: string, v: CaseVisibility, filter: { status?: CaseStatus; networkId?: string }, afterId: string | null, limit: number): Promise<{ totalCount: number; rows: CaseRow[] }> {
    const params: unknown[] = [allianceId];
    const where = ['c.alliance_id = $1', visible(v, params)];
    if (filter.status) where.push(`c.status = $${params.push(filter.status)}`);
    if (filter.networkId) {
      where.push(`EXISTS (SELECT 1 FROM enforcement_case_link l WHERE l.alliance_id = c.alliance_id AND l.case_id = c.id AND l.kind = 'NETWORK' AND l.target_id = $${params.push(filter.networkId)}::uuid)`);
    }
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM enforcement_case c WHERE ${where.join(' AND ')}`, params);
    const pageParams = [...params];
    const keyset = afterId
      ? [`(c.opened_at, c.id) < (SELECT k.opened_at, k.id FROM enforcement_case k WHERE k.alliance_id = $1 AND k.id = $${pageParams.push(afterId)}::uuid)`]
      : [];
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM enforcement_case c WHERE ${[...where, ...keyset].join(' AND ')} ORDER BY c.opened_at DESC, c.id DESC LIMIT ${limit}`,
      pageParams,
    );
    return { totalCount: count, rows };
  }

  /**
   * Moves a case along one row of the transition table, only if nobody moved or changed it first
   * (its status and version are still those the caller read); null when someone did.
   */
  async move(
    em: EntityManager,
    row: CaseRow,
    to: CaseStatus,
    referral?: { partnershipId: string; organisationId: string; agency: string; jurisdiction: string; reference: string | null },
  ): Promise<CaseRow | null> {
    const [rows] = await em.query(
      `UPDATE enforcement_case c
          SET status = $4, version = c.version + 1, updated_at = now(),
              referred_partnership_id = COALESCE($6::uuid, c.referred_partnership_id),
              referred_organisation_id = COALESCE($7::uuid, c.referred_organisation_id),
              referral_agency = COALESCE($8, c.referral_agency),
              referral_jurisdiction = COALESCE($9, c.referral_jurisdiction),
              referral_reference = CASE WHEN $6::uuid IS NOT NULL THEN $10 ELSE c.referral_reference END,
              referred_at = CASE WHEN $6::uuid IS NOT NULL THEN now() ELSE c.referred_at END
        WHERE c.alliance_id = $1 AND c.id = $2 AND c.version = $3 AND c.status = $5
        RETURNING ${COLUMNS}`,
      [row.allianceId, row.id, row.version, to, row.status, referral?.partnershipId ?? null, referral?.organisationId ?? null, referral?.agency ?? null, referral?.jurisdiction ?? null, referral?.reference ?? null],
    );
    return rows[0] ?? null;
  }

  async recordTransition(em: EntityManager, allianceId: string, t: Omit<CaseTransitionRow, 'at'>): Promise<void> {
    await em.query(
      `INSERT INTO enforcement_case_transition (alliance_id, case_id, from_status, to_status, action, actor_kind, actor_id, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, clock_timestamp())`,
      [allianceId, t.caseId, t.fromStatus, t.toStatus, t.action, t.actorKind, t.actorId, t.note],
    );
  }

  /** Replaces the case's outcome figures if the case is still in one of `statuses` at the version read; null when it is not. */
  async setOutcomes(
    em: EntityManager,
    row: CaseRow,
    statuses: readonly CaseStatus[],
    o: { arrests: number; sitesManufacturing: number; sitesWarehouse: number; sitesDistribution: number; sitesRetail: number; unitsSeized: number; valueSeizedMinor: bigint | null; valueSeizedCurrency: string | null },
  ): Promise<CaseRow | null> {
    const [rows] = await em.query(
      `UPDATE enforcement_case c
          SET arrests = $5, sites_manufacturing = $6, sites_warehouse = $7, sites_distribution = $8, sites_retail = $9, units_seized = $10,
              value_seized_minor = $11::bigint, value_seized_currency = $12, version = c.version + 1, updated_at = now()
        WHERE c.alliance_id = $1 AND c.id = $2 AND c.version = $3 AND c.status = ANY ($4::text[])
        RETURNING ${COLUMNS}`,
      [row.allianceId, row.id, row.version, statuses, o.arrests, o.sitesManufacturing, o.sitesWarehouse, o.sitesDistribution, o.sitesRetail, o.unitsSeized,
        o.valueSeizedMinor === null ? null : o.valueSeizedMinor.toString(), o.valueSeizedCurrency],
    );
    return rows[0] ?? null;
  }

  /**
   * The demo's history (DemoEnforcementService): a case the services moved a moment ago, set back to
   * when it happened — its steps (`steps[i]` for the i-th, oldest first; the case opened at the
   * first, referred at its REFER step, last changed at the last), its evidence attached at
   * `evidenceAttachedAt`, and its log recorded the evening of each entry's day (not before the case
   * opened, nor in the future). The custody chain keeps the load's own times: it is append-only.
   */
  async backdate(em: EntityManager, allianceId: string, caseId: string, steps: readonly Date[], evidenceAttachedAt: Date | null): Promise<void> {
    await em.query(
      `UPDATE enforcement_case_transition t SET at = ($3::timestamptz[])[s.n]
         FROM (SELECT id, row_number() OVER (ORDER BY at, id) AS n FROM enforcement_case_transition WHERE alliance_id = $1 AND case_id = $2) s
        WHERE t.alliance_id = $1 AND t.id = s.id AND s.n <= cardinality($3::timestamptz[])`,
      [allianceId, caseId, steps],
    );
    await em.query(
      `UPDATE enforcement_case c
          SET opened_at = h.first, updated_at = h.last,
              referred_at = CASE WHEN c.referred_at IS NULL THEN NULL ELSE h.referred END
         FROM (SELECT min(at) AS first, max(at) AS last, min(at) FILTER (WHERE action = 'REFER') AS referred
                 FROM enforcement_case_transition WHERE alliance_id = $1 AND case_id = $2) h
        WHERE c.alliance_id = $1 AND c.id = $2`,
      [allianceId, caseId],
    );
    if (evidenceAttachedAt) {
      await em.query(`UPDATE enforcement_case_evidence SET attached_at = $3 WHERE alliance_id = $1 AND case_id = $2`, [allianceId, caseId, evidenceAttachedAt]);
    }
    await em.query(
      `UPDATE enforcement_case_action a SET recorded_at = least(greatest((a.occurred_on + time '18:00') AT TIME ZONE 'UTC', c.opened_at), now())
         FROM enforcement_case c WHERE c.alliance_id = a.alliance_id AND c.id = a.case_id AND a.alliance_id = $1 AND a.case_id = $2`,
      [allianceId, caseId],
    );
  }

  /** Takes a row lock on the case while an entry is added under its status (an action, a court result, evidence). */
  async lock(em: EntityManager, allianceId: string, id: string): Promise<CaseRow | null> {
    const [row] = await em.query(`SELECT ${COLUMNS} FROM enforcement_case c WHERE c.alliance_id = $1 AND c.id = $2 FOR UPDATE`, [allianceId, id]);
    return row ?? null;
  }

  async insertAction(em: EntityManager, allianceId: string, a: Omit<ActionRow, 'id' | 'recordedAt'>): Promise<ActionRow> {
    const [row] = await em.query(
      `INSERT INTO enforcement_case_action (alliance_id, case_id, kind, occurred_on, summary, recorded_by, recorded_by_organisation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING case_id AS "caseId", id, kind, occurred_on::text AS "occurredOn", summary, recorded_by AS "recordedBy", recorded_by_organisation_id AS "recordedByOrganisationId", recorded_at AS "recordedAt"`,
      [allianceId, a.caseId, a.kind, a.occurredOn, a.summary, a.recordedBy, a.recordedByOrganisationId],
    );
    return row;
  }

  async insertCourtResult(em: EntityManager, allianceId: string, r: Omit<CourtResultRow, 'id' | 'recordedAt'>, by: string): Promise<CourtResultRow> {
    const [row] = await em.query(
      `INSERT INTO enforcement_court_result (alliance_id, case_id, decided_on, court, result, defendant, sentence_months, fine_minor, fine_currency, detail, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::bigint, $9, $10, $11)
       RETURNING case_id AS "caseId", id, decided_on::text AS "decidedOn", court, result, defendant, sentence_months AS "sentenceMonths",
                 fine_minor::text AS "fineMinor", fine_currency AS "fineCurrency", detail, recorded_at AS "recordedAt"`,
      [allianceId, r.caseId, r.decidedOn, r.court, r.result, r.defendant, r.sentenceMonths, r.fineMinor, r.fineCurrency, r.detail, by],
    );
    return row;
  }

  /** Attaches files to the case; answers the files newly attached. */
  async attachEvidence(em: EntityManager, allianceId: string, caseId: string, fileIds: readonly string[], by: string): Promise<string[]> {
    const rows: { fileId: string }[] = await em.query(
      `INSERT INTO enforcement_case_evidence (alliance_id, case_id, file_id, attached_by) SELECT $1, $2, unnest($3::uuid[]), $4
       ON CONFLICT DO NOTHING RETURNING file_id AS "fileId"`,
      [allianceId, caseId, fileIds, by],
    );
    return rows.map((r) => r.fileId);
  }

  /**
   * SQL for the file gate (FileStorageService.grant): the file is attached to a case that the
   * organisation in `organisationParam` sees as `as` says — a partner the cases referred to it,
   * a member the cases it leads or takes part in while an active member.
   */
  evidenceGrant(organisationParam: string, file: string, as: 'PARTNER' | 'MEMBER'): string {
    const sees = as === 'PARTNER'
      ? `ev_c.referred_organisation_id = ${organisationParam}`
      : `(ev_c.lead_organisation_id = ${organisationParam}
          OR EXISTS (SELECT 1 FROM enforcement_case_member ev_m WHERE ev_m.alliance_id = ev_c.alliance_id AND ev_m.case_id = ev_c.id AND ev_m.organisation_id = ${organisationParam}))
         AND ${activeMemberCondition('ev_c.alliance_id', `${organisationParam}::uuid`)}`;
    return `EXISTS (SELECT 1 FROM enforcement_case_evidence ev JOIN enforcement_case ev_c ON ev_c.alliance_id = ev.alliance_id AND ev_c.id = ev.case_id
                     WHERE ev.alliance_id = f.alliance_id AND ev.file_id = ${file} AND ${sees})`;
  }

  membersOf(allianceId: string, caseIds: readonly string[]): Promise<{ caseId: string; organisationId: string }[]> {
    return this.dataSource.query(
      `SELECT case_id AS "caseId", organisation_id AS "organisationId" FROM enforcement_case_member WHERE alliance_id = $1 AND case_id = ANY ($2) ORDER BY case_id, organisation_id`,
      [allianceId, caseIds],
    );
  }

  targetsOf(allianceId: string, caseIds: readonly string[]): Promise<TargetRow[]> {
    return this.dataSource.query(
      `SELECT case_id AS "caseId", position, kind, name, detail FROM enforcement_case_target WHERE alliance_id = $1 AND case_id = ANY ($2) ORDER BY case_id, position`,
      [allianceId, caseIds],
    );
  }

  brandsOf(allianceId: string, caseIds: readonly string[]): Promise<{ caseId: string; brandId: string }[]> {
    return this.dataSource.query(`SELECT case_id AS "caseId", brand_id AS "brandId" FROM enforcement_case_brand WHERE alliance_id = $1 AND case_id = ANY ($2) ORDER BY case_id, brand_id`, [allianceId, caseIds]);
  }

  linksOf(allianceId: string, caseIds: readonly string[]): Promise<LinkRow[]> {
    return this.dataSource.query(
      `SELECT case_id AS "caseId", kind, target_id AS "targetId" FROM enforcement_case_link WHERE alliance_id = $1 AND case_id = ANY ($2) ORDER BY case_id, linked_at, target_id`,
      [allianceId, caseIds],
    );
  }

  transitionsOf(allianceId: string, caseIds: readonly string[]): Promise<CaseTransitionRow[]> {
    return this.dataSource.query(
      `SELECT case_id AS "caseId", from_status AS "fromStatus", to_status AS "toStatus", action, actor_kind AS "actorKind", actor_id AS "actorId", note, at
         FROM enforcement_case_transition WHERE alliance_id = $1 AND case_id = ANY ($2) ORDER BY case_id, at, id`,
      [allianceId, caseIds],
    );
  }

  actionsOf(allianceId: string, caseIds: readonly string[]): Promise<ActionRow[]> {
    return this.dataSource.query(
      `SELECT case_id AS "caseId", id, kind, occurred_on::text AS "occurredOn", summary, recorded_by AS "recordedBy", recorded_by_organisation_id AS "recordedByOrganisationId", recorded_at AS "recordedAt"
         FROM enforcement_case_action WHERE alliance_id = $1 AND case_id = ANY ($2) ORDER BY case_id, occurred_on, recorded_at`,
      [allianceId, caseIds],
    );
  }

  courtResultsOf(allianceId: string, caseIds: readonly string[]): Promise<CourtResultRow[]> {
    return this.dataSource.query(
      `SELECT case_id AS "caseId", id, decided_on::text AS "decidedOn", court, result, defendant, sentence_months AS "sentenceMonths",
              fine_minor::text AS "fineMinor", fine_currency AS "fineCurrency", detail, recorded_at AS "recordedAt"
         FROM enforcement_court_result WHERE alliance_id = $1 AND case_id = ANY ($2) ORDER BY case_id, decided_on, recorded_at`,
      [allianceId, caseIds],
    );
  }

  evidenceOf(allianceId: string, caseIds: readonly string[]): Promise<EvidenceRow[]> {
    return this.dataSource.query(
      `SELECT case_id AS "caseId", file_id AS "fileId", attached_by AS "attachedBy", attached_at AS "attachedAt"
         FROM enforcement_case_evidence WHERE alliance_id = $1 AND case_id = ANY ($2) ORDER BY case_id, attached_at, file_id`,
      [allianceId, caseIds],
    );
  }

  /** Per network, the cases linking it that are not final (a referral candidate already in hand). */
  async openCasesByNetwork(allianceId: string, networkIds: readonly string[]): Promise<Map<string, number>> {
    if (!networkIds.length) return new Map();
    const rows: { networkId: string; count: number }[] = await this.dataSource.query(
      `SELECT l.target_id AS "networkId", count(*)::int AS count FROM enforcement_case_link l
         JOIN enforcement_case c ON c.alliance_id = l.alliance_id AND c.id = l.case_id
        WHERE l.alliance_id = $1 AND l.kind = 'NETWORK' AND l.target_id = ANY ($2::uuid[]) AND c.status NOT IN ('CLOSED', 'DROPPED')
        GROUP BY l.target_id`,
      [allianceId, networkIds],
    );
    return new Map(rows.map((r) => [r.networkId, r.count]));
  }

  /**
   * The impact report's enforcement figures over [from, to) (UTC), per quarter (1–4): cases opened,
   * cases referred, and the outcomes of the cases whose action was first taken in the period, summed
   * per quarter, day of that action (the date its value is converted at) and currency of the value.
   */
  async impactFigures(allianceId: string, from: Date, to: Date): Promise<{
    counts: { quarter: number; opened: number; referred: number }[];
    outcomes: { quarter: number; on: string; currency: string | null; arrests: number; manufacturing: number; warehouse: number; distribution: number; retail: number; units: string; valueMinor: string | null }[];
  }> {
    const [counts, outcomes] = await Promise.all([
      this.dataSource.query(
        `SELECT q.quarter, count(*) FILTER (WHERE q.kind = 'O')::int AS opened, count(*) FILTER (WHERE q.kind = 'R')::int AS referred
           FROM (SELECT 'O' AS kind, extract(quarter FROM c.opened_at AT TIME ZONE 'UTC')::int AS quarter FROM enforcement_case c
                  WHERE c.alliance_id = $1 AND c.opened_at >= $2 AND c.opened_at < $3
                 UNION ALL
                 SELECT 'R', extract(quarter FROM c.referred_at AT TIME ZONE 'UTC')::int FROM enforcement_case c
                  WHERE c.alliance_id = $1 AND c.referred_at >= $2 AND c.referred_at < $3) q
          GROUP BY q.quarter`,
        [allianceId, from, to],
      ),
      this.dataSource.query(
        `SELECT extract(quarter FROM a.at AT TIME ZONE 'UTC')::int AS quarter, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "on", c.value_seized_currency AS currency,
                sum(c.arrests)::int AS arrests, sum(c.sites_manufacturing)::int AS manufacturing, sum(c.sites_warehouse)::int AS warehouse,
                sum(c.sites_distribution)::int AS distribution, sum(c.sites_retail)::int AS retail, sum(c.units_seized)::text AS units,
                sum(c.value_seized_minor)::text AS "valueMinor"
           FROM enforcement_case c
           JOIN LATERAL (SELECT min(t.at) AS at FROM enforcement_case_transition t
                          WHERE t.alliance_id = c.alliance_id AND t.case_id = c.id AND t.to_status = 'ACTION_TAKEN') a ON true
          WHERE c.alliance_id = $1 AND a.at >= $2 AND a.at < $3
          GROUP BY 1, 2, 3`,
        [allianceId, from, to],
      ),
    ]);
    return { counts, outcomes };
  }

  async thresholds(allianceId: string): Promise<ReferralThresholdsRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT min_reports AS "minReports", min_members AS "minMembers", min_brands AS "minBrands", min_upheld_takedowns AS "minUpheldTakedowns",
              min_recent_reports AS "minRecentReports", recent_days AS "recentDays"
         FROM enforcement_settings WHERE alliance_id = $1`,
      [allianceId],
    );
    return row ?? null;
  }

  async saveThresholds(em: EntityManager, allianceId: string, t: ReferralThresholdsRow, by: string): Promise<void> {
    await em.query(
      `INSERT INTO enforcement_settings (alliance_id, min_reports, min_members, min_brands, min_upheld_takedowns, min_recent_reports, recent_days, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (alliance_id) DO UPDATE SET min_reports = $2, min_members = $3, min_brands = $4, min_upheld_takedowns = $5, min_recent_reports = $6, recent_days = $7,
                                               updated_by = $8, updated_at = now()`,
      [allianceId, t.minReports, t.minMembers, t.minBrands, t.minUpheldTakedowns, t.minRecentReports, t.recentDays, by],
    );
  }
}
