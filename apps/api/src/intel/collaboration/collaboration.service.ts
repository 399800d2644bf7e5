import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { IndicatorType, normaliseIndicator } from '../../../../../libs/indicators/src/index.js';
import { SharingLevel, visibleSharingLevels } from '../../../../../libs/domain/src/index.js';
import { AuditService } from '../../audit/audit.service.js';
import { badInput, conflict, forbidden, notFound } from '../../common/errors.js';
import { groupBy } from '../../common/loaders.js';
import type { RequestContext } from '../../common/request-context.js';
import type { NotificationEntity } from '../../notifications/notification.entity.js';
import { activeMemberCondition } from '../../members/member-access.js';
import { NotificationService } from '../../notifications/notification.service.js';
import { ContactRequestEntity, ContactRequestRecipientEntity } from './contact-request.entity.js';
import { WatchlistEntryEntity } from './watchlist-entry.entity.js';
import { IntelAccess } from '../intel-access.js';
import { changedFields } from '../intelligence-audit.js';
import { IntelSettings } from '../intel-settings.js';
import { SightingEntity } from './sighting.entity.js';
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
  ) {}

  private async requireMember(ctx: RequestContext): Promise<void> {
    if ((await this.access.audienceOf(ctx)) !== 'MEMBER') throw forbidden('Only people of an active member organisation do this');
  }

  // ---- sightings -------------------------------------------------------------------------------

  async reportSighting(ctx: RequestContext, indicatorUuid: string, seenAt: Date, note: string | null): Promise<SightingEntity> {
    await this.requireMember(ctx);
    const v = await this.access.reportCondition(ctx, 'r');
    const visible = await this.dataSource.createQueryBuilder().select('i.id', 'id').from('indicator', 'i').innerJoin('intel_report', 'r', 'r.id = i.report_id')
      .where('i.id = :id', { id: indicatorUuid }).andWhere(v.sql, v.params).getRawOne();
    if (!visible) throw notFound('Indicator', 'indicatorId');
    if (seenAt.getTime() > Date.now() + 5 * 60_000) throw badInput('seenAt', 'A sighting cannot be in the future');
    return this.dataSource.transaction(async (em) => {
      const sighting = em.getRepository(SightingEntity).create({ allianceId: ctx.allianceId, indicatorId: indicatorUuid, organisationId: ctx.organisationId!, userId: ctx.actorId, seenAt, note });
      await em.getRepository(SightingEntity).insert(sighting);
      // ids and when, not the note: the audit log's readers may not see the report it is about
      await this.audit.record(em, ctx, { action: 'indicator.sighted', targetType: 'Indicator', targetId: indicatorUuid, after: { id: sighting.id, indicatorId: indicatorUuid, seenAt, changed: changedFields(null, { seenAt, note }) } });
      return em.getRepository(SightingEntity).findOneByOrFail({ id: sighting.id });
    });
  }

  /** Sightings of indicators the caller has already been allowed to load. */
  async sightingsByIndicatorIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, SightingEntity[]>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(SightingEntity).find({ where: { allianceId: ctx.allianceId, indicatorId: In([...ids]) }, order: { seenAt: 'DESC' } });
    return groupBy(rows, (r) => r.indicatorId);
  }

  // ---- blind matches ---------------------------------------------------------------------------

  /** For each (type, key): the other organisations holding it in published reports the caller may not see. */
  private async invisibleHolders(ctx: RequestContext, pairs: { type: string; key: string }[]): Promise<Map<string, string[]>> {
    if (pairs.length === 0) return new Map();
    const v = await this.access.reportCondition(ctx, 'r');
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT i.type, i.key, array_agg(DISTINCT r.organisation_id) AS orgs
         FROM indicator i JOIN intel_report r ON r.id = i.report_id
        WHERE i.alliance_id = :intelAlliance AND r.status = 'PUBLISHED'
          AND (i.type, i.key) IN (SELECT * FROM unnest(:types::text[], :keys::text[]))
          AND r.organisation_id IS DISTINCT FROM :intelOrg
          AND NOT ${v.sql}
        GROUP BY i.type, i.key`,
      { ...v.params, types: pairs.map((p) => p.type), keys: pairs.map((p) => p.key) },
      {},
    );
    const rows: { type: string; key: string; orgs: string[] }[] = await this.dataSource.query(sql, params);
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
      const request = em.getRepository(ContactRequestEntity).create({
        allianceId: ctx.allianceId, requesterOrganisationId: ctx.organisationId!, requesterUserId: ctx.actorId, indicatorType: pair.type, indicatorKey: pair.key, message: message.trim(), status: 'PENDING_REVIEW',
      });
      await em.getRepository(ContactRequestEntity).insert(request);
      await em.insert(ContactRequestRecipientEntity, holders.map((organisationId) => ({ allianceId: ctx.allianceId, requestId: request.id, organisationId, status: 'WAITING' as const })));
      await this.audit.record(em, ctx, { action: 'contact_request.created', targetType: 'ContactRequest', targetId: request.id, after: { type: pair.type, key: pair.key, message: request.message } });
      const sent = await this.notifications.notifyCoordinators(em, ctx.allianceId, {
        kind: 'contact_request_review', title: 'A member asks to connect over a blind match', body: `${pair.type} ${pair.key}: ${request.message}`, targetType: 'ContactRequest', targetId: request.id,
      });
      return { request: await em.getRepository(ContactRequestEntity).findOneByOrFail({ id: request.id }), sent };
    });
    await this.notifications.deliver(sent);
    return request;
  }

  /** A coordinator passes the request on to the holders (without learning who they are) or turns it down. */
  async review(ctx: RequestContext, requestId: string, approve: boolean, note: string | null): Promise<ContactRequestEntity> {
    const { after, sent } = await this.dataSource.transaction(async (em) => {
      const before = await em.getRepository(ContactRequestEntity).findOne({ where: { id: requestId, allianceId: ctx.allianceId }, lock: { mode: 'pessimistic_write' } });
      if (!before) throw notFound('Contact request', 'requestId');
      if (before.status !== 'PENDING_REVIEW') throw conflict(`The request is ${before.status}`, { currentStatus: before.status }, 'requestId');
      await em.getRepository(ContactRequestEntity).update(requestId, { status: approve ? 'APPROVED' : 'REJECTED', coordinatorNote: note, reviewedBy: ctx.actorId, reviewedAt: new Date() });
      const after = await em.getRepository(ContactRequestEntity).findOneByOrFail({ id: requestId });
      await this.audit.record(em, ctx, { action: approve ? 'contact_request.approved' : 'contact_request.rejected', targetType: 'ContactRequest', targetId: requestId, before, after });
      let sent: NotificationEntity[];
      if (approve) {
        const recipients = await em.getRepository(ContactRequestRecipientEntity).findBy({ requestId });
        const [requester] = await em.query(`SELECT name FROM organisation WHERE id = $1`, [before.requesterOrganisationId]);
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
      const request = await em.getRepository(ContactRequestEntity).findOneBy({ id: requestId, allianceId: ctx.allianceId, status: 'APPROVED' });
      const recipient = request && (await em.getRepository(ContactRequestRecipientEntity).findOne({ where: { requestId, organisationId: ctx.organisationId! }, lock: { mode: 'pessimistic_write' } }));
      if (!request || !recipient) throw notFound('Contact request', 'requestId');
      if (recipient.status !== 'WAITING') throw conflict(`You answered already (${recipient.status})`, { currentStatus: recipient.status }, 'requestId');
      await em.getRepository(ContactRequestRecipientEntity).update({ requestId, organisationId: ctx.organisationId! }, { status: accept ? 'ACCEPTED' : 'DECLINED', decidedBy: ctx.actorId, decidedAt: new Date() });
      // who holds the value stays between the holder and (if it accepts) the requester: not in the coordinators' log
      await this.audit.record(em, ctx, { action: accept ? 'contact_request.accepted' : 'contact_request.declined', targetType: 'ContactRequest', targetId: requestId, sealActor: true });
      const [me] = await em.query(`SELECT o.name, u.email FROM organisation o, app_user u WHERE o.id = $1 AND u.id = $2`, [ctx.organisationId, ctx.actorId]);
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
    const qb = this.dataSource.getRepository(ContactRequestEntity).createQueryBuilder('c').where('c.alliance_id = :a', { a: ctx.allianceId });
    if (!ctx.isCoordinator) {
      qb.andWhere(
        `(c.requester_organisation_id = :org OR (c.status = 'APPROVED' AND EXISTS (SELECT 1 FROM contact_request_recipient x WHERE x.request_id = c.id AND x.organisation_id = :org)))`,
        { org: ctx.organisationId ?? '00000000-0000-0000-0000-000000000000' },
      );
    }
    const requests = await qb.orderBy('c.created_at', 'DESC').limit(200).getMany();
    const recipients = requests.length ? await this.dataSource.getRepository(ContactRequestRecipientEntity).findBy({ requestId: In(requests.map((r) => r.id)) }) : [];
    const byRequest = groupBy(recipients, (r) => r.requestId);
    return requests.map((request) => ({ request, recipients: byRequest.get(request.id) ?? [] }));
  }

  // ---- watchlists ------------------------------------------------------------------------------

  async addWatch(ctx: RequestContext, entry: { kind: 'BRAND' | 'CATEGORY' | 'INDICATOR'; brandUuid?: string; categoryUuid?: string; indicatorType?: IndicatorType; value?: string }): Promise<WatchlistEntryEntity> {
    await this.requireMember(ctx);
    let fields: Partial<WatchlistEntryEntity>;
    if (entry.kind === 'BRAND') {
      if (!entry.brandUuid) throw badInput('brandId', 'Say which brand to watch');
      const [brand] = await this.dataSource.query(`SELECT 1 FROM brand WHERE id = $1 AND alliance_id = $2`, [entry.brandUuid, ctx.allianceId]);
      if (!brand) throw badInput('brandId', 'Unknown brand');
      fields = { brandId: entry.brandUuid };
    } else if (entry.kind === 'CATEGORY') {
      if (!entry.categoryUuid) throw badInput('categoryId', 'Say which category to watch');
      const [category] = await this.dataSource.query(`SELECT 1 FROM industry_category WHERE id = $1 AND alliance_id = $2 AND status = 'ACTIVE'`, [entry.categoryUuid, ctx.allianceId]);
      if (!category) throw badInput('categoryId', 'Unknown or retired category');
      fields = { categoryId: entry.categoryUuid };
    } else {
      if (!entry.indicatorType || !entry.value) throw badInput('value', 'Say which indicator to watch');
      const [pair] = await this.pairsOf(ctx, entry.value, entry.indicatorType);
      if (!pair) throw badInput('value', `Not a valid ${entry.indicatorType}`);
      fields = { indicatorType: pair.type, indicatorKey: pair.key };
    }
    return this.dataSource.transaction(async (em) => {
      const row = em.getRepository(WatchlistEntryEntity).create({ allianceId: ctx.allianceId, organisationId: ctx.organisationId!, kind: entry.kind, createdBy: ctx.actorId, ...fields });
      try {
        await em.getRepository(WatchlistEntryEntity).insert(row);
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
      const before = await em.getRepository(WatchlistEntryEntity).findOneBy({ id, allianceId: ctx.allianceId, organisationId: ctx.organisationId ?? '00000000-0000-0000-0000-000000000000' });
      if (!before) throw notFound('Watchlist entry', 'id');
      await em.delete(WatchlistEntryEntity, { id });
      await this.audit.record(em, ctx, { action: 'watchlist.removed', targetType: 'WatchlistEntry', targetId: id, before });
    });
  }

  async watchlist(ctx: RequestContext): Promise<WatchlistEntryEntity[]> {
    if (!ctx.organisationId) return [];
    return this.dataSource.getRepository(WatchlistEntryEntity).find({ where: { allianceId: ctx.allianceId, organisationId: ctx.organisationId }, order: { createdAt: 'ASC' } });
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
    const matches: { report_id: string; organisation_id: string; reasons: string[] }[] = await em.query(
      `SELECT x.report_id, w.organisation_id, array_agg(DISTINCT w.kind) AS reasons
         FROM unnest($2::uuid[], $3::uuid[]) AS x(report_id, reporter_id)
         JOIN watchlist_entry w ON w.alliance_id = $1 AND w.organisation_id <> x.reporter_id AND (
              (w.kind = 'BRAND' AND w.brand_id IN (SELECT brand_id FROM intel_report_brand WHERE report_id = x.report_id))
           OR (w.kind = 'CATEGORY' AND w.category_id IN (SELECT category_id FROM intel_report_category WHERE report_id = x.report_id))
           OR (w.kind = 'INDICATOR' AND (w.indicator_type, w.indicator_key) IN (SELECT type, key FROM indicator WHERE report_id = x.report_id)))
        WHERE ${activeMemberCondition('w.alliance_id', 'w.organisation_id')}
        GROUP BY x.report_id, w.organisation_id`,
      [ctx.allianceId, watched.map((r) => r.id), watched.map((r) => r.organisationId)],
    );
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
