import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { IndicatorType, normaliseIndicator } from '../../../../../libs/indicators/src/index.js';
import { visibleSharingLevels } from '../../../../../libs/domain/src/index.js';
import { AuditService } from '../../audit/audit.service.js';
import { BrandRepository } from '../../brands/brand.repository.js';
import { IndustryCategoryRepository } from '../../categories/industry-category.repository.js';
import { badInput, conflict, forbidden, notFound } from '../../common/errors.js';
import { groupBy } from '../../common/loaders.js';
import type { RequestContext } from '../../common/request-context.js';
import type { NotificationEntity } from '../../notifications/notification.entity.js';
import { UserRepository } from '../../identity/user.repository.js';
import { OrganisationRepository } from '../../members/organisation.repository.js';
import { NotificationService } from '../../notifications/notification.service.js';
import type { ContactRequestEntity, ContactRequestRecipientEntity } from './contact-request.entity.js';
import { ContactRequestRepository } from './contact-request.repository.js';
import type { WatchlistEntryEntity } from './watchlist-entry.entity.js';
import { WatchlistRepository } from './watchlist.repository.js';
import { IntelAccess } from '../intel-access.js';
import { changedFields } from '../intelligence-audit.js';
import { IntelSettings } from '../intel-settings.js';
import type { SightingEntity } from './sighting.entity.js';
import { SightingRepository } from './sighting.repository.js';
import type { IntelReportEntity } from '../reports/intel-report.entity.js';

export interface BlindMatch {
  type: string;
  key: string;
  organisations: number;
}

const pairKey = (type: string, key: string) => `${type}\u001f${key}`;

/**
 * Members working together on intelligence: sightings ("seen too"), blind matches (a match exists
 * in reports the caller may not see: how many organisations hold it, nothing else), contact
 * requests relayed through the coordinators, and watchlists that raise notifications.
 */
@Injectable()
export class CollaborationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: IntelAccess,
    private readonly settings: IntelSettings,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly sightings: SightingRepository,
    private readonly requests: ContactRequestRepository,
    private readonly watches: WatchlistRepository,
    private readonly organisations: OrganisationRepository,
    private readonly brands: BrandRepository,
    private readonly categories: IndustryCategoryRepository,
    private readonly users: UserRepository,
  ) {}

  private async requireMember(ctx: RequestContext): Promise<void> {
    if ((await this.access.audienceOf(ctx)) !== 'MEMBER') throw forbidden('Only people of an active member organisation do this');
  }

  // ---- sightings -------------------------------------------------------------------------------

  async reportSighting(ctx: RequestContext, indicatorUuid: string, seenAt: Date, note: string | null): Promise<SightingEntity> {
    await this.requireMember(ctx);
    const v = await this.access.reportCondition(ctx, 'r');
    if (!(await this.sightings.indicatorVisible(indicatorUuid, v))) throw notFound('Indicator', 'indicatorId');
    if (seenAt.getTime() > Date.now() + 5 * 60_000) throw badInput('seenAt', 'A sighting cannot be in the future');
    return this.dataSource.transaction(async (em) => {
      const sighting = await this.sightings.insert(em, { allianceId: ctx.allianceId, indicatorId: indicatorUuid, organisationId: ctx.organisationId!, userId: ctx.actorId, seenAt, note });
      // ids and when, not the note: the audit log's readers may not see the report it is about
      await this.audit.record(em, ctx, { action: 'indicator.sighted', targetType: 'Indicator', targetId: indicatorUuid, after: { id: sighting.id, indicatorId: indicatorUuid, seenAt, changed: changedFields(null, { seenAt, note }) } });
      return sighting;
    });
  }

  /** Sightings of indicators the caller has already been allowed to load. */
  async sightingsByIndicatorIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, SightingEntity[]>> {
    if (ids.length === 0) return new Map();
    const rows = await this.sightings.byIndicatorIds(ctx.allianceId, ids);
    return groupBy(rows, (r) => r.indicatorId);
  }

  // ---- blind matches ---------------------------------------------------------------------------

  /** For each (type, key): the other organisations holding it in published reports the caller may not see. */
  private async invisibleHolders(ctx: RequestContext, pairs: { type: string; key: string }[]): Promise<Map<string, string[]>> {
    if (pairs.length === 0) return new Map();
    const v = await this.access.reportCondition(ctx, 'r');
    const rows = await this.requests.invisibleHolders(v, pairs);
    return new Map(rows.map((r) => [pairKey(r.type, r.key), r.orgs]));
  }

  /** Blind matches of the caller's own reports' indicators. */
  async blindMatchesForIndicators(ctx: RequestContext, indicators: { id: string; type: string; key: string }[]): Promise<Map<string, number>> {
    const holders = await this.invisibleHolders(ctx, indicators);
    return new Map(indicators.filter((i) => holders.has(pairKey(i.type, i.key))).map((i) => [i.id, holders.get(pairKey(i.type, i.key))!.length]));
  }

  /** Blind matches of a value typed into search, under every type it parses as. */
  async blindMatchesForQuery(ctx: RequestContext, query: string): Promise<BlindMatch[]> {
    const pairs = await this.pairsOf(ctx, query);
    const holders = await this.invisibleHolders(ctx, pairs);
    return pairs.filter((p) => holders.has(pairKey(p.type, p.key))).map((p) => ({ ...p, organisations: holders.get(pairKey(p.type, p.key))!.length }));
  }

  private async pairsOf(ctx: RequestContext, value: string, only?: IndicatorType): Promise<{ type: string; key: string }[]> {
    const reading = await this.settings.reading(ctx);
    return Object.values(IndicatorType)
      .filter((t) => !only || t === only)
      .map((t) => ({ type: t as string, r: normaliseIndicator(t, value, reading) }))
      .flatMap((x) => (x.r.ok ? [{ type: x.type, key: x.r.key }] : []));
  }

  // ---- contact requests ------------------------------------------------------------------------

  /** Asks, through the coordinators, to connect with whoever holds a blind match. */
  async requestContact(ctx: RequestContext, type: IndicatorType, value: string, message: string): Promise<ContactRequestEntity> {
    await this.requireMember(ctx);
    const [pair] = await this.pairsOf(ctx, value, type);
    if (!pair) throw badInput('value', `Not a valid ${type}`);
    const holders = (await this.invisibleHolders(ctx, [pair])).get(pairKey(pair.type, pair.key)) ?? [];
    if (holders.length === 0) throw badInput('value', 'There is no blind match for this indicator');
    const { request, sent } = await this.dataSource.transaction(async (em) => {
      const request = await this.requests.insert(em, {
        allianceId: ctx.allianceId, requesterOrganisationId: ctx.organisationId!, requesterUserId: ctx.actorId, indicatorType: pair.type, indicatorKey: pair.key, message: message.trim(), status: 'PENDING_REVIEW',
      }, holders);
      await this.audit.record(em, ctx, { action: 'contact_request.created', targetType: 'ContactRequest', targetId: request.id, after: { type: pair.type, key: pair.key, message: request.message } });
      const sent = await this.notifications.notifyCoordinators(em, ctx.allianceId, {
        kind: 'contact_request_review', title: 'A member asks to connect over a blind match', body: `${pair.type} ${pair.key}: ${request.message}`, targetType: 'ContactRequest', targetId: request.id,
      });
      return { request, sent };
    });
    await this.notifications.deliver(sent);
    return request;
  }

  /** A coordinator passes the request on to the holders (without learning who they are) or turns it down. */
  async review(ctx: RequestContext, requestId: string, approve: boolean, note: string | null): Promise<ContactRequestEntity> {
    const { after, sent } = await this.dataSource.transaction(async (em) => {
      const before = await this.requests.findForUpdate(em, ctx.allianceId, requestId);
      if (!before) throw notFound('Contact request', 'requestId');
      if (before.status !== 'PENDING_REVIEW') throw conflict(`The request is ${before.status}`, { currentStatus: before.status }, 'requestId');
      const after = await this.requests.review(em, requestId, { status: approve ? 'APPROVED' : 'REJECTED', coordinatorNote: note, reviewedBy: ctx.actorId, reviewedAt: new Date() });
      await this.audit.record(em, ctx, { action: approve ? 'contact_request.approved' : 'contact_request.rejected', targetType: 'ContactRequest', targetId: requestId, before, after });
      let sent: NotificationEntity[];
      if (approve) {
        const recipients = await this.requests.recipientsOf(em, requestId);
        const requester = { name: await this.organisations.name(em, before.requesterOrganisationId) };
        sent = await this.notifications.notifyOrganisations(em, ctx.allianceId, recipients.map((r) => r.organisationId), {
          kind: 'contact_request', title: `${requester.name} would like to connect about an indicator you reported`, body: `${before.indicatorType} ${before.indicatorKey}: ${before.message}`, targetType: 'ContactRequest', targetId: requestId,
        });
      } else {
        sent = await this.notifications.notifyUsers(em, ctx.allianceId, [before.requesterUserId], {
          kind: 'contact_request_rejected', title: 'The coordinators did not pass on your contact request', body: note ?? '', targetType: 'ContactRequest', targetId: requestId,
        });
      }
      return { after, sent };
    });
    await this.notifications.deliver(sent);
    return after;
  }

  /** A holder decides whether to connect; the requester learns who only when the answer is yes. */
  async answer(ctx: RequestContext, requestId: string, accept: boolean): Promise<ContactRequestEntity> {
    await this.requireMember(ctx);
    const { request, sent } = await this.dataSource.transaction(async (em) => {
      const request = await this.requests.findApproved(em, ctx.allianceId, requestId);
      const recipient = request && (await this.requests.recipientForUpdate(em, requestId, ctx.organisationId!));
      if (!request || !recipient) throw notFound('Contact request', 'requestId');
      if (recipient.status !== 'WAITING') throw conflict(`You answered already (${recipient.status})`, { currentStatus: recipient.status }, 'requestId');
      await this.requests.answer(em, requestId, ctx.organisationId!, { status: accept ? 'ACCEPTED' : 'DECLINED', decidedBy: ctx.actorId, decidedAt: new Date() });
      // who holds the value stays between the holder and (if it accepts) the requester: not in the coordinators' log
      await this.audit.record(em, ctx, { action: accept ? 'contact_request.accepted' : 'contact_request.declined', targetType: 'ContactRequest', targetId: requestId, sealActor: true });
      const me = { name: await this.organisations.name(em, ctx.organisationId!), email: await this.users.emailOf(em, ctx.actorId) };
      const sent = await this.notifications.notifyUsers(em, ctx.allianceId, [request.requesterUserId], accept
        ? { kind: 'contact_answer', title: `${me.name} agreed to connect`, body: `Write to ${me.email} about ${request.indicatorType} ${request.indicatorKey}.`, targetType: 'ContactRequest', targetId: requestId }
        : { kind: 'contact_answer', title: 'A holder of the matching report declined to connect', body: `${request.indicatorType} ${request.indicatorKey}`, targetType: 'ContactRequest', targetId: requestId });
      return { request, sent };
    });
    await this.notifications.deliver(sent);
    return request;
  }

  /** Coordinators: every request. Members: the ones they sent, and the approved ones addressed to them. */
  async contactRequests(ctx: RequestContext): Promise<{ request: ContactRequestEntity; recipients: ContactRequestRecipientEntity[] }[]> {
    const requests = await this.requests.requests(ctx.allianceId, ctx.isCoordinator ? undefined : (ctx.organisationId ?? '00000000-0000-0000-0000-000000000000'));
    const recipients = requests.length ? await this.requests.recipientsOfRequests(requests.map((r) => r.id)) : [];
    const byRequest = groupBy(recipients, (r) => r.requestId);
    return requests.map((request) => ({ request, recipients: byRequest.get(request.id) ?? [] }));
  }

  // ---- watchlists ------------------------------------------------------------------------------

  async addWatch(ctx: RequestContext, entry: { kind: 'BRAND' | 'CATEGORY' | 'INDICATOR'; brandUuid?: string; categoryUuid?: string; indicatorType?: IndicatorType; value?: string }): Promise<WatchlistEntryEntity> {
    await this.requireMember(ctx);
    let fields: Partial<WatchlistEntryEntity>;
    if (entry.kind === 'BRAND') {
      if (!entry.brandUuid) throw badInput('brandId', 'Say which brand to watch');
      if (!(await this.brands.brandExists(ctx.allianceId, entry.brandUuid))) throw badInput('brandId', 'Unknown brand');
      fields = { brandId: entry.brandUuid };
    } else if (entry.kind === 'CATEGORY') {
      if (!entry.categoryUuid) throw badInput('categoryId', 'Say which category to watch');
      if (!(await this.categories.isActive(ctx.allianceId, entry.categoryUuid))) throw badInput('categoryId', 'Unknown or retired category');
      fields = { categoryId: entry.categoryUuid };
    } else {
      if (!entry.indicatorType || !entry.value) throw badInput('value', 'Say which indicator to watch');
      const [pair] = await this.pairsOf(ctx, entry.value, entry.indicatorType);
      if (!pair) throw badInput('value', `Not a valid ${entry.indicatorType}`);
      fields = { indicatorType: pair.type, indicatorKey: pair.key };
    }
    return this.dataSource.transaction(async (em) => {
      let row: WatchlistEntryEntity;
      try {
        row = await this.watches.insert(em, { allianceId: ctx.allianceId, organisationId: ctx.organisationId!, kind: entry.kind, createdBy: ctx.actorId, ...fields });
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw conflict('Your organisation watches this already');
        throw error;
      }
      await this.audit.record(em, ctx, { action: 'watchlist.added', targetType: 'WatchlistEntry', targetId: row.id, after: row });
      return row;
    });
  }

  async removeWatch(ctx: RequestContext, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const before = await this.watches.findOfOrganisation(em, ctx.allianceId, ctx.organisationId ?? '00000000-0000-0000-0000-000000000000', id);
      if (!before) throw notFound('Watchlist entry', 'id');
      await this.watches.delete(em, id);
      await this.audit.record(em, ctx, { action: 'watchlist.removed', targetType: 'WatchlistEntry', targetId: id, before });
    });
  }

  async watchlist(ctx: RequestContext): Promise<WatchlistEntryEntity[]> {
    if (!ctx.organisationId) return [];
    return this.watches.ofOrganisation(ctx.allianceId, ctx.organisationId);
  }

  /**
   * A report was published or amended: notify the organisations whose watchlist it matches and
   * that may see it (active members, for the levels members see), never the reporter itself.
   */
  /**
   * Published reports that members watch (their brands, categories or indicators) notify the
   * watching organisations, when members may see the report. One query whatever the number of
   * reports (an import batch passes hundreds).
   */
  async notifyWatchers(em: EntityManager, ctx: RequestContext, reports: Pick<IntelReportEntity, 'id' | 'title' | 'sharingLevel' | 'organisationId'>[]): Promise<NotificationEntity[]> {
    const memberVisible = new Set<string>(visibleSharingLevels('MEMBER'));
    const watched = reports.filter((r) => memberVisible.has(r.sharingLevel));
    if (watched.length === 0) return [];
    const matches = await this.watches.matches(em, ctx.allianceId, watched);
    const byId = new Map(watched.map((r) => [r.id, r]));
    return this.notifications.notifyOrganisationsEach(em, ctx.allianceId, matches.map((m) => {
      const report = byId.get(m.report_id)!;
      return {
        organisationIds: [m.organisation_id],
        draft: { kind: 'watchlist_match', title: `New report on your watchlist: ${report.title}`, body: `Matches your watched ${m.reasons.map((r) => r.toLowerCase()).join(', ')}`, targetType: 'IntelReport', targetId: report.id },
      };
    }));
  }
}
