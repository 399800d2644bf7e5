import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Role } from '../../../../libs/domain/src/index.js';
import { COMPLAINANT_RULES, complainantStanding, type ComplainantFigures } from '../../../../libs/takedown/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { conflict, forbidden } from '../common/errors.js';
import { RequestContext } from '../common/request-context.js';
import { JobsService } from '../jobs/jobs.service.js';
import { MemberService } from '../members/member.service.js';
import type { NotificationEntity } from '../notifications/notification.entity.js';
import { NotificationService } from '../notifications/notification.service.js';
import { ComplainantRepository, type ComplainantRow } from './complainant.repository.js';

export interface ComplainantStanding extends ComplainantFigures {
  organisationId: string;
  trusted: boolean;
  trustedSince: Date | null;
  trustEndedAt: Date | null;
  trustEndReason: string | null;
  abuseFlaggedAt: Date | null;
  withholdName: boolean;
}

const windowStart = (now = new Date()) => new Date(now.getTime() - COMPLAINANT_RULES.windowDays * 86_400_000);
const ABUSE_QUEUE = 'takedown.complainants';

/**
 * Complainants' standing (issue 16, outcome 7), over a rolling 90 days: the coordinators may trust
 * a member whose requests are almost always accepted (≥ 90% over ≥ 50), its requests then skip the
 * queue of marketplaces that allow it and are audited by sampling; trust ends by itself when the
 * audits find it wrong too often (accuracy < 99%). A complainant with more than 5% of its removals
 * reinstated is flagged to the coordinators with the figures.
 */
@Injectable()
export class ComplainantService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ComplainantRepository,
    private readonly members: MemberService,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
  ) {}

  /**
   * Abusive complainants are looked for once an hour, on one replica: the standing counts every
   * request of the last 90 days (0.6 s at 1,000,000 requests a year), which the SLA clock's minute
   * job did every minute beside the reviewers' queue; a flag an hour after the reinstatement that
   * crossed the 5% is soon enough for a 90-day figure.
   */
  onModuleInit(): void {
    this.jobs.register({ name: ABUSE_QUEUE, retryLimit: 0, retryDelaySeconds: 60, policy: 'short', cron: '17 * * * *', handle: () => this.flagAbusive(), describe: () => 'Abusive complainants check' });
  }

  /** Coordinators: every complainant that filed in the window (or that they ask for); members: their own. */
  async standings(ctx: RequestContext, organisationIds?: readonly string[]): Promise<ComplainantStanding[]> {
    const own = ctx.organisationId ? [ctx.organisationId] : [];
    const ids = ctx.isCoordinator ? organisationIds ?? null : own;
    if (!ctx.isCoordinator && !own.length) return [];
    const counts = await this.repository.counts(ctx.allianceId, windowStart(), ids);
    const orgIds = [...new Set([...counts.map((c) => c.organisationId), ...(ids ?? [])])];
    const rows = new Map((await this.repository.byOrganisationIds(ctx.allianceId, orgIds)).map((r) => [r.organisationId, r]));
    if (ids === null) for (const r of rows.values()) if (!orgIds.includes(r.organisationId)) orgIds.push(r.organisationId);
    const zero = { requests: 0, decided: 0, accepted: 0, reinstated: 0, audited: 0, agreed: 0 };
    return orgIds.map((organisationId) => this.standingOf(organisationId, counts.find((c) => c.organisationId === organisationId) ?? zero, rows.get(organisationId)));
  }

  private standingOf(organisationId: string, counts: Parameters<typeof complainantStanding>[0], row?: ComplainantRow): ComplainantStanding {
    return {
      organisationId, ...complainantStanding(counts), trusted: row?.trusted ?? false, trustedSince: row?.trustedSince ?? null,
      trustEndedAt: row?.trustEndedAt ?? null, trustEndReason: row?.trustEndReason ?? null, abuseFlaggedAt: row?.abuseFlaggedAt ?? null, withholdName: row?.withholdName ?? false,
    };
  }

  isTrusted(em: EntityManager, allianceId: string, organisationId: string): Promise<boolean> {
    return this.repository.isTrusted(em, allianceId, organisationId);
  }

  /** A coordinator trusts an eligible complainant, or ends its trust. */
  async setTrusted(ctx: RequestContext, organisationId: string, trusted: boolean): Promise<ComplainantStanding> {
    if (!ctx.isCoordinator) throw forbidden('The coordinators decide whom to trust');
    const [standing] = await this.standings(ctx, [organisationId]);
    if (trusted && !standing.eligibleForTrust) {
      throw conflict(
        `Trust needs at least ${Math.round(COMPLAINANT_RULES.trustMinAcceptance * 100)}% accepted over ${COMPLAINANT_RULES.trustMinRequests} decided requests in ${COMPLAINANT_RULES.windowDays} days; this complainant has ${standing.accepted} of ${standing.decided}`,
        { decided: standing.decided, acceptanceRate: standing.acceptanceRate },
        'organisationId',
      );
    }
    await this.dataSource.transaction(async (em) => {
      await this.repository.setTrusted(em, ctx.allianceId, organisationId, trusted, ctx.actorId, trusted ? null : 'Ended by a coordinator');
      await this.audit.record(em, ctx, { action: trusted ? 'takedown.complainant_trusted' : 'takedown.complainant_untrusted', targetType: 'Organisation', targetId: organisationId });
    });
    return (await this.standings(ctx, [organisationId]))[0];
  }

  /** A member's admin decides whether the public notice archive names the member. */
  async setWithholdName(ctx: RequestContext, withhold: boolean): Promise<ComplainantStanding> {
    if (ctx.role !== Role.MEMBER_ADMIN || !ctx.organisationId) throw forbidden('A member’s admins decide how the notice archive names it');
    const organisationId = ctx.organisationId;
    await this.dataSource.transaction(async (em) => {
      await this.repository.setWithholdName(em, ctx.allianceId, organisationId, withhold);
      await this.audit.record(em, ctx, { action: 'takedown.archive_privacy', targetType: 'Organisation', targetId: organisationId, after: { withholdName: withhold } });
    });
    return (await this.standings(ctx, [organisationId]))[0];
  }

  /** After an audit: trust ends by itself when audited accuracy falls below the bar; the coordinators are told. */
  async reviewTrust(em: EntityManager, allianceId: string, organisationId: string): Promise<NotificationEntity[]> {
    const [counts] = await this.repository.counts(allianceId, windowStart(), [organisationId], em);
    if (!counts || !complainantStanding(counts).losesTrust || !(await this.repository.isTrusted(em, allianceId, organisationId))) return [];
    const accuracy = counts.agreed / counts.audited;
    await this.repository.setTrusted(em, allianceId, organisationId, false, null, `Audited accuracy ${(accuracy * 100).toFixed(1)}% fell below ${COMPLAINANT_RULES.trustMinAuditAccuracy * 100}%`);
    await this.audit.record(em, RequestContext.system(allianceId), { action: 'takedown.complainant_trust_lost', targetType: 'Organisation', targetId: organisationId, after: { accuracy } });
    return this.notifications.notifyCoordinators(em, allianceId, {
      kind: 'takedown.trust_lost', title: `A trusted complainant lost its trust: audited accuracy ${(accuracy * 100).toFixed(1)}%`, targetType: 'Organisation', targetId: organisationId,
    });
  }

  /** The abuse check (run by the SLA job): flags, once, complainants over the reinstatement bar, and tells the coordinators the figures. */
  async flagAbusive(): Promise<number> {
    let flagged = 0;
    for (const allianceId of await this.repository.alliancesWithReinstatements(windowStart())) {
      const sent: NotificationEntity[] = [];
      await this.dataSource.transaction(async (em) => {
        const counts = await this.repository.counts(allianceId, windowStart(), null, em);
        const abusive = counts.filter((c) => complainantStanding(c).abusive);
        const newly = await this.repository.flagAbuse(em, allianceId, abusive.map((c) => c.organisationId), counts.map((c) => c.organisationId));
        const names = await this.members.organisationsByIds(RequestContext.system(allianceId), newly);
        for (const organisationId of newly) {
          const c = abusive.find((a) => a.organisationId === organisationId)!;
          sent.push(...(await this.notifications.notifyCoordinators(em, allianceId, {
            kind: 'takedown.complainant_flagged',
            title: `${names.get(organisationId)?.name ?? 'A complainant'}: ${c.reinstated} of ${c.accepted} removals reinstated in ${COMPLAINANT_RULES.windowDays} days`,
            body: `More than ${COMPLAINANT_RULES.abusiveReinstatedShare * 100}% of its removals were reinstated after a counter-notice (${((c.reinstated / c.accepted) * 100).toFixed(1)}%).`,
            targetType: 'Organisation', targetId: organisationId,
          })));
        }
        flagged += newly.length;
      });
      await this.notifications.deliver(sent);
    }
    return flagged;
  }
}
