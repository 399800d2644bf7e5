import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { MembershipStatus, PartnerKind, Role } from '../../../../libs/domain/src/index.js';
import {
  CaseAction,
  caseTransition,
  CaseTransitionRefused,
  COURT_STATUSES,
  FINAL_CASE_STATUSES,
  OUTCOME_STATUSES,
  outcomeProblem,
  readMoney,
  SiteKind,
  type CaseActor,
  type CaseTransition,
  type Money,
} from '../../../../libs/enforcement/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { BrandService } from '../brands/brand.service.js';
import { badInput, conflict, DomainError, ErrorCode, forbidden, notFound } from '../common/errors.js';
import { NodeRegistry } from '../common/node-registry.js';
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from '../common/pagination.js';
import type { RequestContext } from '../common/request-context.js';
import { CustodyChainService } from '../files/custody-chain.service.js';
import { custodyActor, FileStorageService } from '../files/file-storage.service.js';
import { NetworkService } from '../intel/correlation/network.service.js';
import { IntelReportService } from '../intel/reports/intel-report.service.js';
import { MemberService } from '../members/member.service.js';
import { MembershipService } from '../members/membership.service.js';
import { MonitoringAlertService } from '../monitoring/monitoring-alert.service.js';
import { PartnerService } from '../partners/partner.service.js';
import { RepeatInfringerService } from '../takedown/repeat-infringer.service.js';
import { TakedownService } from '../takedown/takedown.service.js';
import { EnforcementCase } from './enforcement-case.models.js';
import {
  EnforcementCaseRepository,
  type ActionKind,
  type ActionRow,
  type CaseLinkKind,
  type CaseRow,
  type CaseVisibility,
  type CourtResultKind,
  type CourtResultRow,
  type ReferralThresholdsRow,
  type TargetKind,
} from './enforcement-case.repository.js';

/** Until a coordinator sets the alliance's own (enforcement_settings). */
export const DEFAULT_REFERRAL_THRESHOLDS: ReferralThresholdsRow = { minReports: 5, minMembers: 2, minBrands: 2, minUpheldTakedowns: 1, minRecentReports: 1, recentDays: 90 };
/** Referral candidates answered at most (the strongest first). */
export const MAX_REFERRAL_CANDIDATES = 100;

const DAY_MS = 86_400_000;
/** How a NOT_FOUND link is named. */
const LINK_NAMES: Record<CaseLinkKind, string> = { NETWORK: 'Network', INTEL_REPORT: 'Report', TAKEDOWN: 'Takedown request', ALERT: 'Alert' };

export interface CaseLinks {
  networkIds?: string[];
  reportIds?: string[];
  takedownIds?: string[];
  alertIds?: string[];
}

export interface OpenCaseValues extends CaseLinks {
  title: string;
  summary?: string | null;
  leadOrganisationId?: string | null;
  participantOrganisationIds?: string[];
  targets?: { kind: TargetKind; name: string; detail?: string | null }[];
  brandIds?: string[];
}

export interface ReferralCandidateRow {
  networkId: string;
  reports: number;
  members: number;
  brands: number;
  upheldTakedowns: number;
  recentReports: number;
  openCases: number;
}

/**
 * Enforcement cases (issue 17, outcome 4): opened by a coordinator or an active member from
 * networks, reports, monitoring alerts and takedowns the opener may see; led by one member with others taking part;
 * referred by coordinators to a law-enforcement partner, whose people then see the case and only
 * the evidence attached to it; moved along libs/enforcement's transition table by conditional
 * updates; with a dated log of actions, outcomes and court results.
 */
@Injectable()
export class EnforcementCaseService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: EnforcementCaseRepository,
    private readonly audit: AuditService,
    private readonly nodes: NodeRegistry,
    private readonly files: FileStorageService,
    private readonly custody: CustodyChainService,
    private readonly members: MemberService,
    private readonly memberships: MembershipService,
    private readonly brands: BrandService,
    private readonly partners: PartnerService,
    private readonly networks: NetworkService,
    private readonly reports: IntelReportService,
    private readonly takedowns: TakedownService,
    private readonly alerts: MonitoringAlertService,
    private readonly repeatInfringers: RepeatInfringerService,
  ) {}

  onModuleInit() {
    this.nodes.registerBatch(EnforcementCase.typename, (ctx, uuids) => this.byIds(ctx, uuids), EnforcementCase.from);
    // the one file gate: a case's evidence opens to whoever sees the case, by the same rule as the case
    this.files.grant((organisationParam, file, ctx) => {
      const v = this.visibility(ctx);
      if ('partner' in v) return this.repository.evidenceGrant(organisationParam, file, 'PARTNER');
      if ('member' in v) return this.repository.evidenceGrant(organisationParam, file, 'MEMBER');
      return null;
    });
  }

  /** Who sees which cases (EnforcementCaseRepository's CaseVisibility). */
  visibility(ctx: RequestContext): CaseVisibility {
    if (ctx.isCoordinator) return { all: true };
    if (!ctx.organisationId || !ctx.hasScope('cases:read')) return { none: true };
    if (ctx.role === Role.PARTNER) return { partner: ctx.organisationId };
    if (ctx.role === Role.MEMBER_ADMIN || ctx.role === Role.MEMBER_ANALYST) return { member: ctx.organisationId };
    return { none: true };
  }

  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, CaseRow>> {
    if (!ids.length) return new Map();
    return new Map((await this.repository.visibleByIds(ctx.allianceId, ids, this.visibility(ctx))).map((r) => [r.id, r]));
  }

  /** The case, or NOT_FOUND whether it does not exist or the caller may not see it. */
  async require(ctx: RequestContext, id: string, field = 'id'): Promise<CaseRow> {
    const row = (await this.byIds(ctx, [id])).get(id);
    if (!row) throw notFound('Enforcement case', field);
    return row;
  }

  async page(ctx: RequestContext, q: { status?: CaseRow['status']; networkId?: string; first?: number; after?: string }): Promise<Connection<CaseRow>> {
    const size = pageSize(q.first);
    const cursor = decodeCursor(q.after, 1);
    const { totalCount, rows } = await this.repository.page(ctx.allianceId, this.visibility(ctx), q, cursor ? String(cursor[0]) : null, size + 1);
    return toConnection(rows, size, totalCount, (r) => encodeCursor([r.id]), (r) => r);
  }

  /** How the caller moves this case: as a coordinator, as the lead member's people, or not at all. */
  actorFor(ctx: RequestContext, row: CaseRow): CaseActor | null {
    if (ctx.isCoordinator) return 'COORDINATOR';
    if ((ctx.role === Role.MEMBER_ADMIN || ctx.role === Role.MEMBER_ANALYST) && ctx.organisationId === row.leadOrganisationId) return 'LEAD';
    return null;
  }

  async open(ctx: RequestContext, input: OpenCaseValues): Promise<CaseRow> {
    const member = ctx.role === Role.MEMBER_ADMIN || ctx.role === Role.MEMBER_ANALYST;
    if (!ctx.isCoordinator && !(member && ctx.organisationId && (await this.memberships.isActiveMember(ctx)))) {
      throw forbidden('Coordinators and the people of active members open enforcement cases');
    }
    const lead = ctx.isCoordinator ? input.leadOrganisationId : (input.leadOrganisationId ?? ctx.organisationId!);
    if (!lead) throw badInput('leadOrganisationId', 'Name the member organisation that leads the case');
    if (!ctx.isCoordinator && lead !== ctx.organisationId) throw badInput('leadOrganisationId', 'A member opens the cases it leads; coordinators open cases for other members');
    const participants = [...new Set(input.participantOrganisationIds ?? [])].filter((id) => id !== lead);
    await this.requireActiveMembers(ctx, [lead], 'leadOrganisationId');
    await this.requireActiveMembers(ctx, participants, 'participantOrganisationIds');
    const brandIds = [...new Set(input.brandIds ?? [])];
    const brands = await this.brands.brandsByIds(ctx, brandIds);
    if (brandIds.some((id) => !brands.has(id))) throw notFound('Brand', 'brandIds');
    const links = await this.visibleLinks(ctx, input);

    return this.dataSource.transaction(async (em) => {
      const row = await this.repository.insert(em, ctx.allianceId, {
        title: input.title.trim(), summary: input.summary?.trim() || null, leadOrganisationId: lead, openedBy: ctx.actorId, openedByOrganisationId: ctx.organisationId,
      });
      await this.repository.insertMembers(em, ctx.allianceId, row.id, participants);
      await this.repository.insertTargets(em, ctx.allianceId, row.id, (input.targets ?? []).map((t) => ({ kind: t.kind, name: t.name.trim(), detail: t.detail?.trim() || null })));
      await this.repository.insertBrands(em, ctx.allianceId, row.id, brandIds);
      await this.repository.insertLinks(em, ctx.allianceId, row.id, links, ctx.actorId);
      await this.repository.recordTransition(em, ctx.allianceId, {
        caseId: row.id, fromStatus: null, toStatus: row.status, action: 'OPEN', actorKind: ctx.isCoordinator ? 'COORDINATOR' : 'LEAD', actorId: ctx.actorId, note: null,
      });
      await this.audit.record(em, ctx, {
        action: 'enforcement.case_opened', targetType: 'EnforcementCase', targetId: row.id,
        after: { title: row.title, leadOrganisationId: lead, participants, brandIds, links },
      });
      return row;
    });
  }

  /** Adds links to networks, reports, takedowns and alerts the caller may see (coordinators and the lead). */
  async link(ctx: RequestContext, id: string, input: CaseLinks): Promise<CaseRow> {
    const row = await this.require(ctx, id, 'caseId');
    if (!this.actorFor(ctx, row)) throw forbidden('Coordinators and the lead member link a case');
    const links = await this.visibleLinks(ctx, input);
    return this.dataSource.transaction(async (em) => {
      const locked = await this.lockOpen(em, ctx, id);
      const added = await this.repository.insertLinks(em, ctx.allianceId, id, links, ctx.actorId);
      if (added.length) await this.audit.record(em, ctx, { action: 'enforcement.case_linked', targetType: 'EnforcementCase', targetId: id, after: { links: added.map((l) => ({ kind: l.kind, targetId: l.targetId })) } });
      return locked;
    });
  }

  /**
   * What a case may be opened from, checked against the caller's own sight: a network, report,
   * takedown or alert the caller may not see is NOT_FOUND, exactly like one that does not exist.
   * Alerts follow monitoring's one rule (MonitoringAlertService.byIds): only the people of the
   * brand-owning member read an alert, so only they link one — a coordinator, who gets counts of
   * alerts and never an alert, is answered NOT_FOUND for any alert id.
   */
  private async visibleLinks(ctx: RequestContext, input: CaseLinks): Promise<{ kind: CaseLinkKind; targetId: string }[]> {
    const sources: [CaseLinkKind, string, string[] | undefined, (ids: string[]) => Promise<Map<string, unknown>>][] = [
      ['NETWORK', 'networkIds', input.networkIds, (ids) => this.networks.byIds(ctx, ids)],
      ['INTEL_REPORT', 'reportIds', input.reportIds, (ids) => this.reports.byIds(ctx, ids)],
      ['TAKEDOWN', 'takedownIds', input.takedownIds, (ids) => this.takedowns.byIds(ctx, ids)],
      ['ALERT', 'alertIds', input.alertIds, (ids) => this.alerts.byIds(ctx, ids)],
    ];
    const links: { kind: CaseLinkKind; targetId: string }[] = [];
    for (const [kind, field, given, visible] of sources) {
      const ids = [...new Set(given ?? [])];
      if (!ids.length) continue;
      const seen = await visible(ids);
      if (ids.some((id) => !seen.has(id))) throw notFound(LINK_NAMES[kind], field);
      links.push(...ids.map((targetId) => ({ kind, targetId })));
    }
    return links;
  }

  private async requireActiveMembers(ctx: RequestContext, organisationIds: readonly string[], field: string): Promise<void> {
    if (!organisationIds.length) return;
    const found = await this.members.membershipsByOrganisationIds(ctx, organisationIds);
    for (const id of organisationIds) {
      const m = found.get(id);
      if (!m) throw notFound('Member', field);
      if (m.status !== MembershipStatus.ACTIVE) throw badInput(field, 'Only active members lead or take part in cases');
    }
  }

  async move(ctx: RequestContext, id: string, action: CaseAction, note: string | null, referral?: { partnershipId: string; agency: string; jurisdiction: string; reference?: string | null } | null): Promise<CaseRow> {
    const row = await this.require(ctx, id);
    const actor = this.actorFor(ctx, row);
    if (!actor) throw forbidden('Coordinators and the lead member move a case');
    const step = this.step(row, action, actor);
    if (action === CaseAction.REFER && !referral) throw badInput('referral', 'A referral names the partner, the agency and the jurisdiction');
    if (action !== CaseAction.REFER && referral) throw badInput('referral', 'A referral goes with REFER only');
    let refer: { partnershipId: string; organisationId: string; agency: string; jurisdiction: string; reference: string | null } | undefined;
    if (referral) {
      const [partnership] = await this.partners.visible(ctx, [referral.partnershipId]);
      if (!partnership) throw notFound('Partnership', 'referral.partnershipId');
      if (partnership.kind !== PartnerKind.LAW_ENFORCEMENT || partnership.status !== 'ACTIVE') {
        throw badInput('referral.partnershipId', 'Cases are referred to an active law-enforcement partner');
      }
      refer = {
        partnershipId: partnership.id, organisationId: partnership.organisationId, agency: referral.agency.trim(), jurisdiction: referral.jurisdiction.toUpperCase(), reference: referral.reference?.trim() || null,
      };
    }
    return this.dataSource.transaction(async (em) => {
      const moved = await this.repository.move(em, row, step.to, refer);
      if (!moved) {
        const [current] = await this.repository.visibleByIds(ctx.allianceId, [id], { all: true }, em);
        throw conflict(`Someone changed this case first: it is ${current?.status ?? 'gone'} now`, { status: current?.status ?? null }, 'id');
      }
      await this.repository.recordTransition(em, ctx.allianceId, { caseId: id, fromStatus: row.status, toStatus: step.to, action, actorKind: actor, actorId: ctx.actorId, note: note?.trim() || null });
      await this.audit.record(em, ctx, {
        action: `enforcement.${action.toLowerCase()}`, targetType: 'EnforcementCase', targetId: id,
        before: { status: row.status }, after: { status: step.to, ...(refer ? { referral: { partnershipId: refer.partnershipId, agency: refer.agency, jurisdiction: refer.jurisdiction, reference: refer.reference } } : {}) },
      });
      if (refer) {
        // the evidence passes to the partner: a custody entry naming it and every file then on the case
        const evidence = await this.files.byIds(ctx, (await this.repository.evidenceOf(ctx.allianceId, [id])).map((e) => e.fileId));
        await this.custody.append(em, custodyActor(ctx), {
          kind: 'HANDED_OVER', caseId: id,
          details: {
            to: { organisationId: refer.organisationId, partnershipId: refer.partnershipId, agency: refer.agency, jurisdiction: refer.jurisdiction, reference: refer.reference },
            files: [...evidence.values()].map((f) => ({ id: f.id, sha256: f.sha256, name: f.fileName })),
          },
        });
      }
      return moved;
    });
  }

  private step(row: CaseRow, action: CaseAction, actor: CaseActor): CaseTransition {
    try {
      return caseTransition(row.status, action, actor);
    } catch (error) {
      if (error instanceof CaseTransitionRefused) throw new DomainError(ErrorCode.CONFLICT, error.message, 'action', { status: row.status, allowed: error.allowed });
      throw error;
    }
  }

  async recordOutcomes(
    ctx: RequestContext,
    id: string,
    input: { arrests: number; sitesClosed: { manufacturing: number; warehouse: number; distribution: number; retail: number }; unitsSeized: number; valueSeized?: { amountMinor: string; currency: string } | null },
  ): Promise<CaseRow> {
    const row = await this.require(ctx, id);
    if (!this.actorFor(ctx, row)) throw forbidden('Coordinators and the lead member record a case’s outcomes');
    const s = input.sitesClosed;
    const problem = outcomeProblem({
      arrests: input.arrests, unitsSeized: input.unitsSeized,
      sitesClosed: { [SiteKind.MANUFACTURING]: s.manufacturing, [SiteKind.WAREHOUSE]: s.warehouse, [SiteKind.DISTRIBUTION]: s.distribution, [SiteKind.RETAIL]: s.retail },
    });
    if (problem) throw badInput(problem.field.replace(/^sitesClosed\.(\w+)$/, (_, k: string) => `sitesClosed.${k.toLowerCase()}`), problem.message);
    const value = input.valueSeized ? this.money(input.valueSeized, 'valueSeized') : null;
    this.requireStatus(row, OUTCOME_STATUSES, 'Outcomes are recorded once action is taken and until the case ends');
    return this.dataSource.transaction(async (em) => {
      const saved = await this.repository.setOutcomes(em, row, [...OUTCOME_STATUSES], {
        arrests: input.arrests, sitesManufacturing: s.manufacturing, sitesWarehouse: s.warehouse, sitesDistribution: s.distribution, sitesRetail: s.retail,
        unitsSeized: input.unitsSeized, valueSeizedMinor: value?.amountMinor ?? null, valueSeizedCurrency: value?.currency ?? null,
      });
      if (!saved) throw conflict('Someone changed this case first; read it again', undefined, 'id');
      await this.audit.record(em, ctx, { action: 'enforcement.outcomes_recorded', targetType: 'EnforcementCase', targetId: id, before: outcomesOf(row), after: outcomesOf(saved) });
      return saved;
    });
  }

  private money(m: { amountMinor: string; currency: string }, field: string): Money {
    const read = readMoney(m.amountMinor, m.currency);
    if (!read.ok) throw badInput(`${field}.${read.field}`, read.message);
    return read.money;
  }

  private requireStatus(row: CaseRow, statuses: ReadonlySet<string>, message: string): void {
    if (!statuses.has(row.status)) throw conflict(`${message}; this case is ${row.status}`, { status: row.status }, 'id');
  }

  /** The case locked for an entry under its status; CONFLICT when it has ended meanwhile. */
  private async lockOpen(em: EntityManager, ctx: RequestContext, id: string, statuses?: ReadonlySet<string>, message?: string): Promise<CaseRow> {
    const row = await this.repository.lock(em, ctx.allianceId, id);
    if (!row) throw notFound('Enforcement case', 'id');
    if (statuses) this.requireStatus(row, statuses, message!);
    else if (FINAL_CASE_STATUSES.has(row.status)) throw conflict(`A ${row.status} case takes no more entries`, { status: row.status }, 'id');
    return row;
  }

  /** Whether the caller adds to the case's log and evidence: coordinators, the lead and the participating members. */
  private async requireContributor(ctx: RequestContext, row: CaseRow): Promise<void> {
    if (this.actorFor(ctx, row)) return;
    const member = ctx.role === Role.MEMBER_ADMIN || ctx.role === Role.MEMBER_ANALYST;
    if (member && ctx.organisationId && (await this.repository.membersOf(ctx.allianceId, [row.id])).some((m) => m.organisationId === ctx.organisationId)) return;
    throw forbidden('Coordinators and the case’s members add to it');
  }

  async logAction(ctx: RequestContext, caseId: string, input: { kind: ActionKind; occurredOn: string; summary: string }, today = new Date()): Promise<ActionRow> {
    const row = await this.require(ctx, caseId, 'caseId');
    await this.requireContributor(ctx, row);
    requireDay(input.occurredOn, 'occurredOn', today);
    return this.dataSource.transaction(async (em) => {
      await this.lockOpen(em, ctx, caseId);
      const action = await this.repository.insertAction(em, ctx.allianceId, {
        caseId, kind: input.kind, occurredOn: input.occurredOn, summary: input.summary.trim(), recordedBy: ctx.actorId, recordedByOrganisationId: ctx.organisationId,
      });
      await this.audit.record(em, ctx, { action: 'enforcement.action_logged', targetType: 'EnforcementCase', targetId: caseId, after: { actionId: action.id, kind: action.kind, occurredOn: action.occurredOn } });
      return action;
    });
  }

  async addCourtResult(
    ctx: RequestContext,
    caseId: string,
    input: { decidedOn: string; court: string; result: CourtResultKind; defendant?: string | null; sentenceMonths?: number | null; fine?: { amountMinor: string; currency: string } | null; detail?: string | null },
    today = new Date(),
  ): Promise<CourtResultRow> {
    const row = await this.require(ctx, caseId, 'caseId');
    if (!this.actorFor(ctx, row)) throw forbidden('Coordinators and the lead member record court results');
    requireDay(input.decidedOn, 'decidedOn', today);
    const fine = input.fine ? this.money(input.fine, 'fine') : null;
    this.requireStatus(row, COURT_STATUSES, 'Court results are recorded while the case is prosecuted');
    return this.dataSource.transaction(async (em) => {
      await this.lockOpen(em, ctx, caseId, COURT_STATUSES, 'Court results are recorded while the case is prosecuted');
      const saved = await this.repository.insertCourtResult(em, ctx.allianceId, {
        caseId, decidedOn: input.decidedOn, court: input.court.trim(), result: input.result, defendant: input.defendant?.trim() || null, sentenceMonths: input.sentenceMonths ?? null,
        fineMinor: fine ? fine.amountMinor.toString() : null, fineCurrency: fine?.currency ?? null, detail: input.detail?.trim() || null,
      }, ctx.actorId);
      await this.audit.record(em, ctx, { action: 'enforcement.court_result_added', targetType: 'EnforcementCase', targetId: caseId, after: { courtResultId: saved.id, result: saved.result, decidedOn: saved.decidedOn } });
      return saved;
    });
  }

  /**
   * Attaches evidence files the caller may open to the case; from then on whoever sees the case
   * opens them (the file gate's grant above). Outcome 5's custody chain records each attachment.
   */
  async attachEvidence(ctx: RequestContext, caseId: string, fileIds: readonly string[]): Promise<CaseRow> {
    const row = await this.require(ctx, caseId, 'caseId');
    await this.requireContributor(ctx, row);
    const ids = [...new Set(fileIds)];
    if (!ids.length) throw badInput('fileIds', 'Name at least one file');
    const files = await this.files.byIds(ctx, ids);
    if (ids.some((id) => !files.has(id))) throw notFound('File', 'fileIds');
    return this.dataSource.transaction(async (em) => {
      const locked = await this.lockOpen(em, ctx, caseId);
      const added = await this.repository.attachEvidence(em, ctx.allianceId, caseId, ids, ctx.actorId);
      if (added.length) await this.audit.record(em, ctx, { action: 'enforcement.evidence_attached', targetType: 'EnforcementCase', targetId: caseId, after: { fileIds: added } });
      // one custody entry per file newly on the case, in this transaction: attached and recorded, or neither
      await this.custody.appendAll(em, custodyActor(ctx), added.map((fileId) => ({ kind: 'ATTACHED' as const, caseId, file: files.get(fileId)! })));
      return locked;
    });
  }

  /**
   * The demo's history (DemoEnforcementService, as `TakedownService.backdate` for the takedowns):
   * sets when each step of a case's history happened (oldest first) and when its evidence was
   * attached. Not an operation of the API.
   */
  backdate(ctx: RequestContext, id: string, steps: readonly Date[], evidenceAttachedAt: Date | null = null): Promise<void> {
    return this.dataSource.transaction((em) => this.repository.backdate(em, ctx.allianceId, id, steps, evidenceAttachedAt));
  }

  // ── nested reads (the parent case is one the caller sees) ──────────────────────────────────

  async membersOf(ctx: RequestContext, caseIds: readonly string[]) {
    return group(await this.repository.membersOf(ctx.allianceId, caseIds), caseIds);
  }

  async targetsOf(ctx: RequestContext, caseIds: readonly string[]) {
    return group(await this.repository.targetsOf(ctx.allianceId, caseIds), caseIds);
  }

  async brandsOf(ctx: RequestContext, caseIds: readonly string[]) {
    return group(await this.repository.brandsOf(ctx.allianceId, caseIds), caseIds);
  }

  async linksOf(ctx: RequestContext, caseIds: readonly string[]) {
    return group(await this.repository.linksOf(ctx.allianceId, caseIds), caseIds);
  }

  async transitionsOf(ctx: RequestContext, caseIds: readonly string[]) {
    return group(await this.repository.transitionsOf(ctx.allianceId, caseIds), caseIds);
  }

  async actionsOf(ctx: RequestContext, caseIds: readonly string[]) {
    return group(await this.repository.actionsOf(ctx.allianceId, caseIds), caseIds);
  }

  async courtResultsOf(ctx: RequestContext, caseIds: readonly string[]) {
    return group(await this.repository.courtResultsOf(ctx.allianceId, caseIds), caseIds);
  }

  async evidenceOf(ctx: RequestContext, caseIds: readonly string[]) {
    return group(await this.repository.evidenceOf(ctx.allianceId, caseIds), caseIds);
  }

  /** The impact report's enforcement figures for one year (aggregates over every case of the alliance; the impact service authorises the caller). */
  impactFigures(ctx: RequestContext, from: Date, to: Date) {
    return this.repository.impactFigures(ctx.allianceId, from, to);
  }

  // ── referral candidates ────────────────────────────────────────────────────────────────────

  async thresholds(ctx: RequestContext): Promise<ReferralThresholdsRow> {
    if (!ctx.isCoordinator) throw forbidden('Coordinators keep the referral thresholds');
    return (await this.repository.thresholds(ctx.allianceId)) ?? DEFAULT_REFERRAL_THRESHOLDS;
  }

  async setThresholds(ctx: RequestContext, t: ReferralThresholdsRow): Promise<ReferralThresholdsRow> {
    if (!ctx.isCoordinator) throw forbidden('Coordinators keep the referral thresholds');
    const before = await this.thresholds(ctx);
    await this.dataSource.transaction(async (em) => {
      await this.repository.saveThresholds(em, ctx.allianceId, t, ctx.actorId);
      await this.audit.record(em, ctx, { action: 'enforcement.thresholds_changed', targetType: 'Alliance', targetId: ctx.allianceId, before, after: t });
    });
    return t;
  }

  /**
   * Networks whose figures all reach the alliance's thresholds (a threshold of 0 is not
   * considered), strongest first, with the figures that put them there — over the reports the
   * coordinator sees (never a RED report of a member) and the takedown record.
   */
  async referralCandidates(ctx: RequestContext, now = new Date()): Promise<{ thresholds: ReferralThresholdsRow; candidates: ReferralCandidateRow[] }> {
    const t = await this.thresholds(ctx);
    const figures = await this.networks.referralFigures(ctx, new Date(now.getTime() - t.recentDays * DAY_MS));
    const upheldByStore = await this.repeatInfringers.upheldByStoreKeys(ctx, [...new Set(figures.flatMap((f) => f.storeKeys))]);
    const withUpheld = figures.map((f) => {
      const requests = new Set<string>();
      for (const key of f.storeKeys) for (const r of upheldByStore.get(key) ?? []) requests.add(r);
      return { networkId: f.networkId, reports: f.reports, members: f.members, brands: f.brands, recentReports: f.recentReports, upheldTakedowns: requests.size };
    });
    const above = withUpheld
      .filter((f) => f.reports >= t.minReports && f.members >= t.minMembers && f.brands >= t.minBrands && f.upheldTakedowns >= t.minUpheldTakedowns && f.recentReports >= t.minRecentReports)
      .sort((a, b) => b.reports - a.reports || b.upheldTakedowns - a.upheldTakedowns || b.members - a.members || a.networkId.localeCompare(b.networkId))
      .slice(0, MAX_REFERRAL_CANDIDATES);
    const open = await this.repository.openCasesByNetwork(ctx.allianceId, above.map((c) => c.networkId));
    return { thresholds: t, candidates: above.map((c) => ({ ...c, openCases: open.get(c.networkId) ?? 0 })) };
  }
}

function outcomesOf(r: CaseRow) {
  return {
    arrests: r.arrests, sitesManufacturing: r.sitesManufacturing, sitesWarehouse: r.sitesWarehouse, sitesDistribution: r.sitesDistribution, sitesRetail: r.sitesRetail,
    unitsSeized: r.unitsSeized, valueSeizedMinor: r.valueSeizedMinor, valueSeizedCurrency: r.valueSeizedCurrency,
  };
}

function group<T extends { caseId: string }>(rows: readonly T[], caseIds: readonly string[]): Map<string, T[]> {
  const map = new Map<string, T[]>(caseIds.map((id) => [id, []]));
  for (const r of rows) map.get(r.caseId)?.push(r);
  return map;
}

/** A real calendar day, not after today (UTC). */
function requireDay(day: string, field: string, today: Date): void {
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) throw badInput(field, `${day} is not a calendar day`);
  if (day > today.toISOString().slice(0, 10)) throw badInput(field, `${field} is in the future`);
  if (day < '1990-01-01') throw badInput(field, `${field} is before 1990`);
}
