import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt, timingSafeEqual } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { Role, TrademarkVerificationStatus } from '../../../../libs/domain/src/index.js';
import {
  businessDeadline,
  parseListingUrl,
  ListingOutcome,
  StrikeLevel,
  TakedownAction,
  TakedownStatus,
  transition,
  TransitionRefused,
  type TakedownActor,
  type TakedownTransition,
} from '../../../../libs/takedown/src/index.js';
import { AllianceService } from '../alliances/alliance.service.js';
import { MemberService } from '../members/member.service.js';
import { AuditService } from '../audit/audit.service.js';
import { BrandService } from '../brands/brand.service.js';
import { IpRightService } from '../brands/ip-right.service.js';
import { badInput, conflict, DomainError, ErrorCode, forbidden, notFound } from '../common/errors.js';
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from '../common/pagination.js';
import { RequestContext } from '../common/request-context.js';
import { actAs, asSystem } from '../database/tenancy.js';
import type { NotificationEntity } from '../notifications/notification.entity.js';
import { NotificationService } from '../notifications/notification.service.js';
import type { MarketplaceRow } from './marketplace.repository.js';
import { MarketplaceService } from './marketplace.service.js';
import { AppConfig } from '../config/app-config.js';
import { FileStorageService } from '../files/file-storage.service.js';
import { ComplainantService } from './complainant.service.js';
import { RepeatInfringerService, type StoreStandingRow } from './repeat-infringer.service.js';
import { TakedownDeliveryService } from './takedown-delivery.service.js';
import { TakedownNoticeService } from './takedown-notice.service.js';
import { TakedownRepository, type CounterNoticeRow, type ListingRow, type NewListing, type TakedownChannel, type TakedownRow, type TransitionRow, type Visibility } from './takedown.repository.js';

export const MAX_LISTINGS = 300;
export const MAX_SCREENSHOTS = 5;

export enum TakedownReason {
  COUNTERFEIT = 'COUNTERFEIT',
  TRADEMARK_INFRINGEMENT = 'TRADEMARK_INFRINGEMENT',
  COPYRIGHT_INFRINGEMENT = 'COPYRIGHT_INFRINGEMENT',
  DESIGN_INFRINGEMENT = 'DESIGN_INFRINGEMENT',
  PATENT_INFRINGEMENT = 'PATENT_INFRINGEMENT',
}

/** The reasons each kind of right supports: counterfeits copy a mark (or a registered design). */
const REASONS_OF: Record<'TRADEMARK' | 'COPYRIGHT' | 'DESIGN' | 'PATENT', TakedownReason[]> = {
  TRADEMARK: [TakedownReason.COUNTERFEIT, TakedownReason.TRADEMARK_INFRINGEMENT],
  COPYRIGHT: [TakedownReason.COPYRIGHT_INFRINGEMENT],
  DESIGN: [TakedownReason.DESIGN_INFRINGEMENT, TakedownReason.COUNTERFEIT],
  PATENT: [TakedownReason.PATENT_INFRINGEMENT],
};

export type RightKind = keyof typeof REASONS_OF;

/** A right a brand's requests may cite, as a filer names it (its number), with why it cannot be cited today, if it cannot. */
export interface CitableRight {
  brandId: string;
  trademarkId: string | null;
  ipRightId: string | null;
  kind: RightKind;
  office: string;
  number: string;
  /** `EUIPO trademark 018123456` */
  label: string;
  /** null when citable; else why not (`not verified by the coordinators`, `expired on …`) */
  unusable: string | null;
  reasons: TakedownReason[];
}

export interface ListingInput {
  url: string;
  /** Evidence files (pictures) the filer's organisation uploaded */
  screenshotFileIds?: string[] | null;
  listingId?: string | null;
  storeId?: string | null;
  storeName?: string | null;
  price?: number | null;
  currency?: string | null;
}

export type ListingRead =
  | { ok: true; marketplace: MarketplaceRow; listing: Omit<NewListing, 'position'> }
  | { ok: false; field: 'url' | 'listingId' | 'price' | 'currency'; message: string };

/** One listing as given, read against the marketplaces it may be on: the form, the API and each CSV row alike. */
export function readListing(l: ListingInput, marketplaces: readonly MarketplaceRow[]): ListingRead {
  const parsed = parseListingUrl(l.url, marketplaces);
  if (!parsed.ok) return { ok: false, field: 'url', message: parsed.reason };
  const marketplace = parsed.listing.marketplace;
  const listingId = l.listingId?.trim() || parsed.listing.listingId;
  if (!listingId) return { ok: false, field: 'listingId', message: `No listing id in this ${marketplace.name} address: give listingId` };
  if (l.price != null && (!Number.isFinite(l.price) || l.price < 0 || l.price >= 1e12)) return { ok: false, field: 'price', message: 'A price is 0 or more' };
  const currency = l.currency?.trim().toUpperCase() || null;
  if (currency && !/^[A-Z]{3}$/.test(currency)) return { ok: false, field: 'currency', message: 'A currency is its ISO 4217 code (CNY, USD, EUR)' };
  if (l.price != null && !currency) return { ok: false, field: 'currency', message: 'A price needs its currency' };
  return {
    ok: true, marketplace,
    listing: { url: parsed.listing.url, listingId, storeId: l.storeId?.trim() || parsed.listing.storeId, storeName: l.storeName?.trim() || null, price: l.price != null ? l.price.toFixed(2) : null, currency, repeatOffence: false },
  };
}

/** Listing addresses grouped by marketplace (one request each), a listing named twice kept once; the addresses not read, with why, in order. */
export interface ListingsByMarketplace<F> {
  groups: Map<string, { marketplace: MarketplaceRow; listings: ListingInput[] }>;
  unread: { field: F; url: string; message: string }[];
}

/** Reads addresses found in a message or a form (`field`: where each was written) against the marketplaces, grouped for filing. */
export function groupListingUrls<F>(urls: readonly { field: F; url: string }[], marketplaces: readonly MarketplaceRow[]): ListingsByMarketplace<F> {
  const result: ListingsByMarketplace<F> = { groups: new Map(), unread: [] };
  const seen = new Set<string>();
  for (const { field, url } of urls) {
    const read = readListing({ url }, marketplaces);
    if (!read.ok) {
      result.unread.push({ field, url, message: read.message });
      continue;
    }
    const key = `${read.marketplace.id}:${read.listing.listingId!.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const group = result.groups.get(read.marketplace.id) ?? { marketplace: read.marketplace, listings: [] };
    group.listings.push({ url: read.listing.url, listingId: read.listing.listingId, storeId: read.listing.storeId });
    result.groups.set(read.marketplace.id, group);
  }
  return result;
}

export interface FileTakedownInput {
  brandId: string;
  trademarkId?: string | null;
  ipRightId?: string | null;
  marketplaceId?: string | null;
  reason: TakedownReason;
  statement?: string | null;
  listings: ListingInput[];
  channel: TakedownChannel;
  clientKey?: string | null;
}

const DECIDING = new Set([TakedownAction.ACCEPT, TakedownAction.REJECT]);

/**
 * Notice-and-takedown requests (issue 16): filed by a member for one of its brands, citing a
 * verified, unexpired trademark of that brand, naming 1–300 listings of one marketplace; decided
 * by that marketplace's reviewers (or the alliance's coordinators for a marketplace without
 * reviewers in Countermark) along the transition table of libs/takedown, against the alliance's SLA.
 */
@Injectable()
export class TakedownService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: TakedownRepository,
    private readonly marketplaces: MarketplaceService,
    private readonly brands: BrandService,
    private readonly ipRights: IpRightService,
    private readonly members: MemberService,
    private readonly alliances: AllianceService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly notices: TakedownNoticeService,
    private readonly deliveries: TakedownDeliveryService,
    private readonly complainants: ComplainantService,
    private readonly repeatInfringers: RepeatInfringerService,
    private readonly config: AppConfig,
    private readonly files: FileStorageService,
  ) {}

  onModuleInit() {
    // a request's deciders and its filers open the screenshots of its listings
    this.files.grant((organisationParam, file) => this.repository.screenshotGrant(organisationParam, file));
  }

  visibility(ctx: RequestContext): Visibility {
    if (ctx.isCoordinator) return { all: true };
    if ((ctx.role === Role.MEMBER_ADMIN || ctx.role === Role.MEMBER_ANALYST) && ctx.organisationId) return { complainant: ctx.organisationId };
    if (ctx.role === Role.PLATFORM_REVIEWER && ctx.organisationId) return { reviewer: ctx.organisationId };
    return {};
  }

  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, TakedownRow>> {
    if (!ids.length) return new Map();
    return new Map((await this.repository.visibleByIds(ctx.allianceId, ids, this.visibility(ctx))).map((r) => [r.id, r]));
  }

  /** Of the requests given per key, how many the caller may see that are decided and now in one of `statuses`, per key (0 where none). */
  async countDecided(ctx: RequestContext, groups: ReadonlyMap<string, readonly string[]>, statuses: ReadonlySet<string>): Promise<Map<string, number>> {
    const keys: string[] = [];
    const ids: string[] = [];
    for (const [key, requestIds] of groups) {
      for (const id of requestIds) {
        keys.push(key);
        ids.push(id);
      }
    }
    const counts = new Map([...groups.keys()].map((k) => [k, 0]));
    if (!ids.length) return counts;
    for (const r of await this.repository.countDecidedByKey(ctx.allianceId, keys, ids, [...statuses], this.visibility(ctx))) counts.set(r.key, r.count);
    return counts;
  }

  async require(ctx: RequestContext, id: string): Promise<TakedownRow> {
    const row = (await this.byIds(ctx, [id])).get(id);
    if (!row) throw notFound('Takedown request', 'id');
    return row;
  }

  /** A brand the caller may file for: its organisation's own (an active member's), or a principal's within a current agent authorisation. */
  async fileableBrand(ctx: RequestContext, brandId: string, field = 'brandId') {
    if (ctx.role !== Role.MEMBER_ADMIN && ctx.role !== Role.MEMBER_ANALYST) throw forbidden('Members file takedown requests for their own brands');
    if (!ctx.organisationId || ctx.activeMember !== true) throw forbidden('Your organisation is not an active member of the alliance');
    const brand = (await this.brands.brandsByIds(ctx, [brandId])).get(brandId);
    if (!brand) throw notFound('Brand', field);
    // an agent files for a rights holder's brand within a current authorisation; the request is the holder's
    const agent = brand.organisationId !== ctx.organisationId;
    if (agent && !(await this.ipRights.mayFileAsAgent(ctx, brand.id))) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'You file for your organisation’s brands, or as an agent with a current authorisation from the brand’s owner', field);
    }
    return { brand, agent };
  }

  async file(ctx: RequestContext, input: FileTakedownInput): Promise<TakedownRow> {
    const { brand, agent } = await this.fileableBrand(ctx, input.brandId);
    const organisationId = brand.organisationId;
    const right = await this.citedRight(ctx, brand.id, input);
    if (!REASONS_OF[right.kind].includes(input.reason)) throw badInput('reason', `A ${right.kind.toLowerCase()} supports ${REASONS_OF[right.kind].join(' or ')}`);
    if (input.listings.length < 1 || input.listings.length > MAX_LISTINGS) throw badInput('listings', `A request names 1 to ${MAX_LISTINGS} listings`);

    const only = input.marketplaceId ? await this.marketplaces.require(ctx, input.marketplaceId) : undefined;
    if (only?.status === 'RETIRED') throw badInput('marketplaceId', `${only.name} is retired: the alliance no longer files there`);
    const listings = await this.listings(ctx, input.listings, only);
    const marketplace = listings.marketplace;
    const screenshots = await this.screenshots(ctx, input.listings);
    const alliance = await this.alliances.get(ctx);

    return this.dataSource.transaction(async (em) => {
      const row = await this.repository.insert(em, ctx.allianceId, {
        organisationId, filedBy: ctx.actorId, filedByKind: ctx.actorKind, brandId: brand.id, trademarkId: right.trademarkId, ipRightId: right.ipRightId,
        agentOrganisationId: agent ? ctx.organisationId : null, marketplaceId: marketplace.id,
        reason: input.reason, statement: input.statement?.trim() || null, channel: input.channel, clientKey: input.clientKey ?? null,
        slaHours: alliance.takedownSlaHours, listingCount: listings.rows.length,
      });
      if (!row) return this.replay(ctx, organisationId, input, listings.rows);
      await this.repository.insertListings(em, ctx.allianceId, row.id, listings.rows);
      await this.repository.insertScreenshots(em, ctx.allianceId, row.id, screenshots);
      await this.repository.recordTransition(em, ctx.allianceId, {
        requestId: row.id, fromStatus: null, toStatus: TakedownStatus.SUBMITTED, action: 'SUBMIT', actorKind: ctx.actorKind, actorId: ctx.actorId, note: null,
      });
      await this.audit.record(em, ctx, {
        action: 'takedown.filed', targetType: 'TakedownRequest', targetId: row.id,
        after: { channel: row.channel, brandId: brand.id, trademarkId: right.trademarkId, ipRightId: right.ipRightId, agent, marketplaceId: marketplace.id, listings: listings.rows.length },
      });
      // a trusted complainant's request skips the queue where the marketplace allows it; some are audited afterwards
      if (marketplace.allowsTrusted && (await this.complainants.isTrusted(em, ctx.allianceId, organisationId))) {
        const sampled = randomInt(1_000_000) < this.config.TAKEDOWN_AUDIT_SAMPLE_RATE * 1_000_000;
        await this.repository.markAutoAccepted(em, row, sampled);
        return this.apply(em, RequestContext.system(ctx.allianceId), row, marketplace, transition(row.status, TakedownAction.AUTO_ACCEPT, 'SYSTEM'), 'SYSTEM', null);
      }
      return row;
    });
  }

  /** The audit of an auto-accepted request picked by sampling, by the marketplace's reviewers; trust follows the audits. */
  async auditAutoAccepted(ctx: RequestContext, id: string, agreed: boolean): Promise<TakedownRow> {
    const row = await this.require(ctx, id);
    const marketplace = await this.marketplaces.require(ctx, row.marketplaceId);
    if (this.actorFor(ctx, row, marketplace) !== 'REVIEWER') throw forbidden('The marketplace’s reviewers audit its auto-accepted requests');
    if (!row.auditSampled) throw badInput('id', 'This request was not picked for audit');
    const sent: NotificationEntity[] = [];
    await this.dataSource.transaction(async (em) => {
      if (!(await this.repository.recordAudit(em, ctx.allianceId, id, agreed))) throw conflict('This request was audited already', undefined, 'id');
      await this.audit.record(em, ctx, { action: 'takedown.audited', targetType: 'TakedownRequest', targetId: id, after: { agreed } });
      sent.push(...(await this.complainants.reviewTrust(em, ctx.allianceId, row.organisationId)));
    });
    await this.notifications.deliver(sent);
    return (await this.byIds(ctx, [id])).get(id)!;
  }

  /** Every right on file for each brand (trademarks, then other IP rights), citable or not and why: the bulk file and the PDF form name rights by number. */
  async citableRights(ctx: RequestContext, brandIds: readonly string[], today = new Date().toISOString().slice(0, 10)): Promise<Map<string, CitableRight[]>> {
    const [marks, others] = await Promise.all([this.brands.trademarksByBrandIds(ctx, brandIds), this.ipRights.byBrandIds(ctx, brandIds)]);
    const unusable = (verified: boolean, expiresOn: string | null) => (!verified ? 'not verified by the coordinators' : expiresOn && expiresOn < today ? `expired on ${expiresOn}` : null);
    return new Map(brandIds.map((brandId) => [brandId, [
      ...(marks.get(brandId) ?? []).map((t): CitableRight => ({
        brandId, trademarkId: t.id, ipRightId: null, kind: 'TRADEMARK', office: t.office, number: t.registrationNumber, label: `${t.office} trademark ${t.registrationNumber}`,
        unusable: unusable(t.verificationStatus === TrademarkVerificationStatus.VERIFIED, t.expiresOn), reasons: REASONS_OF.TRADEMARK,
      })),
      ...(others.get(brandId) ?? []).map((r): CitableRight => ({
        brandId, trademarkId: null, ipRightId: r.id, kind: r.kind, office: r.office, number: r.number, label: `${r.office} ${r.kind.toLowerCase()} ${r.number}`,
        unusable: unusable(r.verificationStatus === 'VERIFIED', r.expiresOn), reasons: REASONS_OF[r.kind],
      })),
    ]]));
  }

  /** The same client key again: the request it filed, if it is the same request; CONFLICT if not. */
  private async replay(ctx: RequestContext, organisationId: string, input: FileTakedownInput, listings: readonly NewListing[]): Promise<TakedownRow> {
    const existing = await this.repository.byClientKey(this.dataSource.manager, ctx.allianceId, organisationId, input.clientKey!);
    if (!existing) throw conflict('The request with this client key is being filed; try again', undefined, 'clientKey');
    const urls = (await this.repository.listingsOf(ctx.allianceId, [existing.id])).map((l) => l.url);
    const same = existing.brandId === input.brandId && existing.trademarkId === (input.trademarkId ?? null) && existing.ipRightId === (input.ipRightId ?? null) && urls.join('\n') === listings.map((l) => l.url).join('\n');
    if (!same) throw conflict('This client key filed a different request', { requestId: existing.id }, 'clientKey');
    return existing;
  }

  /** The one right a request cites: a verified, unexpired trademark or IP right of the brand. */
  private async citedRight(ctx: RequestContext, brandId: string, input: FileTakedownInput) {
    if (Boolean(input.trademarkId) === Boolean(input.ipRightId)) throw badInput('trademarkId', 'Cite one right: a trademark (trademarkId) or another IP right (ipRightId)');
    const today = new Date().toISOString().slice(0, 10);
    if (input.trademarkId) {
      const trademark = (await this.brands.trademarksByIds(ctx, [input.trademarkId])).get(input.trademarkId);
      if (!trademark || trademark.brandId !== brandId) throw notFound('Trademark of this brand', 'trademarkId');
      if (trademark.verificationStatus !== TrademarkVerificationStatus.VERIFIED) throw badInput('trademarkId', 'A request cites a trademark the coordinators have verified');
      if (trademark.expiresOn && trademark.expiresOn < today) throw badInput('trademarkId', `The trademark expired on ${trademark.expiresOn}`);
      return { kind: 'TRADEMARK' as const, trademarkId: trademark.id, ipRightId: null };
    }
    const right = (await this.ipRights.byIds(ctx, [input.ipRightId!])).get(input.ipRightId!);
    if (!right || right.brandId !== brandId) throw notFound('IP right of this brand', 'ipRightId');
    if (right.verificationStatus !== 'VERIFIED') throw badInput('ipRightId', `A request cites a ${right.kind.toLowerCase()} the coordinators have verified`);
    if (right.expiresOn && right.expiresOn < today) throw badInput('ipRightId', `The ${right.kind.toLowerCase()} expired on ${right.expiresOn}`);
    return { kind: right.kind, trademarkId: null, ipRightId: right.id };
  }

  /** Each listing read against the marketplaces; every problem names its listing (`listings.3.url`). */
  private async listings(ctx: RequestContext, inputs: readonly ListingInput[], only?: MarketplaceRow): Promise<{ marketplace: MarketplaceRow; rows: NewListing[] }> {
    const known = only ? [only] : await this.marketplaces.list(ctx);
    let marketplace = only;
    const rows: NewListing[] = [];
    const seen = new Map<string, number>();
    for (const [i, l] of inputs.entries()) {
      const read = readListing(l, marketplace ? [marketplace] : known);
      if (!read.ok) throw new DomainError(ErrorCode.BAD_USER_INPUT, read.message, `listings.${i}.${read.field}`, read.field === 'url' ? { knownMarketplaces: known.map((m) => m.name) } : undefined);
      marketplace ??= read.marketplace;
      const key = read.listing.listingId!.toLowerCase();
      if (seen.has(key)) throw badInput(`listings.${i}.url`, `The same listing as listing ${seen.get(key)! + 1}`);
      seen.set(key, i);
      rows.push({ ...read.listing, position: i + 1 });
    }
    // a store already flagged as a repeat infringer: each later request naming it says so
    const standings = await this.standings(ctx, rows.filter((r) => r.storeId).map((r) => ({ marketplaceId: marketplace!.id, storeId: r.storeId! })));
    for (const r of rows) r.repeatOffence = standings.get(`${marketplace!.id}:${r.storeId}`)?.level === StrikeLevel.FLAGGED;
    return { marketplace: marketplace!, rows };
  }

  /** The screenshots given with each listing: pictures the caller's organisation uploaded, at most MAX_SCREENSHOTS a listing. */
  private async screenshots(ctx: RequestContext, inputs: readonly ListingInput[]): Promise<{ position: number; fileId: string }[]> {
    const shots = inputs.flatMap((l, i) => (l.screenshotFileIds ?? []).map((fileId, j) => ({ position: i + 1, fileId, field: `listings.${i}.screenshotFileIds.${j}` })));
    const crowded = inputs.findIndex((l) => (l.screenshotFileIds?.length ?? 0) > MAX_SCREENSHOTS);
    if (crowded >= 0) throw badInput(`listings.${crowded}.screenshotFileIds`, `At most ${MAX_SCREENSHOTS} screenshots a listing`);
    const files = await this.files.byIds(ctx, [...new Set(shots.map((s) => s.fileId))]);
    for (const shot of shots) {
      const file = files.get(shot.fileId);
      if (!file || file.organisationId !== ctx.organisationId) throw badInput(shot.field, 'Unknown file: upload the screenshot first');
      if (!file.contentType.startsWith('image/')) throw badInput(shot.field, `${file.fileName} is not a picture (PNG, JPEG, WebP or GIF)`);
    }
    return [...new Map(shots.map((s) => [`${s.position}:${s.fileId}`, { position: s.position, fileId: s.fileId }])).values()];
  }

  async screenshotsOf(ctx: RequestContext, requestIds: readonly string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    for (const s of await this.repository.screenshotsOf(ctx.allianceId, requestIds)) map.set(`${s.requestId}:${s.position}`, [...(map.get(`${s.requestId}:${s.position}`) ?? []), s.fileId]);
    return map;
  }

  /** Each store's standing on the alliance's strike ladder now (its own strikes and its networks'), per `marketplaceId:storeId`. */
  standings(ctx: RequestContext, stores: readonly { marketplaceId: string; storeId: string }[], now = new Date()): Promise<Map<string, StoreStandingRow>> {
    return this.repeatInfringers.standings(ctx, stores, now);
  }

  async page(ctx: RequestContext, q: { queue: boolean; status?: TakedownStatus; marketplaceId?: string; rightsHolderId?: string; first?: number; after?: string }): Promise<Connection<TakedownRow>> {
    const limit = pageSize(q.first);
    const after = decodeCursor(q.after, 2);
    const { rows, total } = await this.repository.page(ctx.allianceId, this.visibility(ctx), { ...q, after, limit });
    const key = (r: TakedownRow) => (q.queue ? r.dueAt : r.submittedAt).toISOString();
    return toConnection(rows, limit, total, (r) => encodeCursor([key(r), r.id]), (r) => r);
  }

  /** Who the caller is to this request, for the transition table. */
  actorFor(ctx: RequestContext, row: TakedownRow, marketplace: MarketplaceRow): TakedownActor | null {
    if (ctx.role === Role.PLATFORM_REVIEWER && marketplace.reviewerOrganisationId && ctx.organisationId === marketplace.reviewerOrganisationId) return 'REVIEWER';
    if (ctx.isCoordinator && !marketplace.reviewerOrganisationId) return 'REVIEWER';
    const member = ctx.role === Role.MEMBER_ADMIN || ctx.role === Role.MEMBER_ANALYST;
    if (member && ctx.organisationId && (ctx.organisationId === row.organisationId || ctx.organisationId === row.agentOrganisationId)) return 'COMPLAINANT';
    return null;
  }

  async act(
    ctx: RequestContext,
    id: string,
    action: TakedownAction,
    note: string | null,
    outcomes?: readonly { position: number; outcome: ListingOutcome }[],
  ): Promise<TakedownRow> {
    const row = await this.require(ctx, id);
    const marketplace = await this.marketplaces.require(ctx, row.marketplaceId);
    const actor = this.actorFor(ctx, row, marketplace);
    if (!actor) throw forbidden(ctx.isCoordinator ? `${marketplace.name}'s own reviewers decide its requests` : 'You may not act on this request');
    const step = this.step(row, action, actor);
    if ((action === TakedownAction.ASK_FOR_INFO || action === TakedownAction.COUNTER_NOTICE) && !note?.trim()) {
      throw badInput('note', action === TakedownAction.ASK_FOR_INFO ? 'Say what information is missing' : 'Give the counter-notice’s statement');
    }
    if (outcomes?.length && action !== TakedownAction.ACCEPT) throw badInput('listingOutcomes', 'Listing outcomes go with an acceptance');
    for (const [i, o] of (outcomes ?? []).entries()) {
      if (!Number.isInteger(o.position) || o.position < 1 || o.position > row.listingCount) throw badInput(`listingOutcomes.${i}.position`, `Listings are numbered 1 to ${row.listingCount}`);
    }
    return this.dataSource.transaction(async (em) => {
      const moved = await this.apply(em, ctx, row, marketplace, step, actor, note, outcomes);
      if (action === TakedownAction.COUNTER_NOTICE) {
        await this.repository.insertCounterNotice(em, ctx.allianceId, {
          requestId: id, filedByKind: 'REVIEWER', reason: 'OTHER', statement: note!.trim(), contactName: null, contactEmail: null, evidenceUrls: [],
        });
      }
      return moved;
    });
  }

  private step(row: TakedownRow, action: TakedownAction, actor: TakedownActor) {
    try {
      return transition(row.status, action, actor);
    } catch (error) {
      if (error instanceof TransitionRefused) throw new DomainError(ErrorCode.CONFLICT, error.message, 'action', { status: row.status, allowed: error.allowed });
      throw error;
    }
  }

  /**
   * Moves the request along one row of the table in `em`'s transaction — the pause, the decision,
   * the windows that open (counter-notice after a removal, the rights holder's answer after a
   * counter-notice, in business days of the marketplace's jurisdiction) — and records it.
   */
  private async apply(
    em: EntityManager,
    ctx: RequestContext,
    row: TakedownRow,
    marketplace: MarketplaceRow,
    step: TakedownTransition,
    actor: TakedownActor,
    note: string | null,
    outcomes?: readonly { position: number; outcome: ListingOutcome }[],
  ): Promise<TakedownRow> {
    const now = new Date();
    const jurisdiction = { country: marketplace.jurisdiction };
    const moved = await this.repository.move(em, row, step.to, {
      pause: step.to === TakedownStatus.NEEDS_INFO ? 'start' : row.status === TakedownStatus.NEEDS_INFO ? 'end' : undefined,
      decided: DECIDING.has(step.action) ? { by: ctx.actorId } : undefined,
      counterDeadline: step.to === TakedownStatus.ACCEPTED ? businessDeadline(now, marketplace.counterNoticeDays, jurisdiction) : undefined,
      answerDeadline: step.to === TakedownStatus.COUNTER_NOTICED ? businessDeadline(now, marketplace.answerDays, jurisdiction) : undefined,
    });
    if (!moved) {
      const current = await this.repository.anyById(row.id);
      throw conflict(`Someone acted on this request first: it is ${current?.status ?? 'gone'} now`, { status: current?.status ?? null }, 'id');
    }
    if (step.to === TakedownStatus.ACCEPTED) {
      // a marketplace outside Countermark hears of it by its abuse address and webhook
      if (!marketplace.reviewerOrganisationId) await this.deliveries.schedule(em, moved, marketplace);
      const given = new Map((outcomes ?? []).map((o) => [o.position, o.outcome]));
      const all = Array.from({ length: row.listingCount }, (_, i) => ({ position: i + 1, outcome: given.get(i + 1) ?? ListingOutcome.REMOVED }));
      await this.repository.setOutcomes(em, row.allianceId, row.id, all);
    }
    await this.repository.recordTransition(em, row.allianceId, {
      requestId: row.id, fromStatus: row.status, toStatus: step.to, action: step.action, actorKind: actor, actorId: actor === 'SELLER' || actor === 'SYSTEM' ? null : ctx.actorId, note: note?.trim() || null,
    });
    await this.audit.record(em, ctx, { action: `takedown.${step.action.toLowerCase()}`, targetType: 'TakedownRequest', targetId: row.id, before: { status: row.status }, after: { status: step.to } });
    // a strike: whether it flags a store is read once it commits
    if (step.to === TakedownStatus.UPHELD) await this.repeatInfringers.upheld(em, moved);
    return moved;
  }

  // ---- counter-notices ------------------------------------------------------------------------

  /** The request a counter-notice link names, if the token is its own; NOT_FOUND otherwise (a wrong token says nothing). */
  async byCounterNoticeLink(id: string, token: string): Promise<TakedownRow> {
    // the link names a request of any alliance; once its token holds, the seller acts in that alliance (database/tenancy.ts)
    const row = await asSystem(() => this.repository.anyById(id));
    const expected = row ? Buffer.from(this.notices.counterNoticeToken(row)) : null;
    const given = Buffer.from(token);
    if (!row || !expected || expected.length !== given.length || !timingSafeEqual(expected, given)) throw notFound('Takedown request', 'requestId');
    actAs(row.allianceId);
    return row;
  }

  /** The seller's counter-notice, through the link, within the window; the rights holder's answer window opens. */
  async fileCounterNotice(id: string, token: string, input: { reason: string; statement: string; contactName: string; contactEmail: string; evidenceUrls: string[] }): Promise<TakedownRow> {
    const row = await this.byCounterNoticeLink(id, token);
    const ctx = RequestContext.system(row.allianceId);
    if (row.status === TakedownStatus.ACCEPTED && row.counterDeadline && row.counterDeadline < new Date()) {
      throw new DomainError(ErrorCode.CONFLICT, `The window for a counter-notice closed on ${row.counterDeadline.toISOString().slice(0, 10)}`, 'requestId', { status: row.status });
    }
    const step = this.step(row, TakedownAction.COUNTER_NOTICE, 'SELLER');
    const marketplace = await this.marketplaces.require(ctx, row.marketplaceId);
    const sent: NotificationEntity[] = [];
    const moved = await this.dataSource.transaction(async (em) => {
      const moved = await this.apply(em, ctx, row, marketplace, step, 'SELLER', null);
      await this.repository.insertCounterNotice(em, row.allianceId, {
        requestId: row.id, filedByKind: 'SELLER', reason: input.reason, statement: input.statement.trim(), contactName: input.contactName.trim(),
        contactEmail: input.contactEmail.trim(), evidenceUrls: input.evidenceUrls,
      });
      sent.push(...(await this.notifications.notifyOrganisations(em, row.allianceId, [row.organisationId, ...(row.agentOrganisationId ? [row.agentOrganisationId] : [])], {
        kind: 'takedown.counter_noticed', title: `A seller counter-noticed a removal on ${marketplace.name}: answer by ${moved.answerDeadline?.toISOString().slice(0, 10)}`,
        targetType: 'TakedownRequest', targetId: row.id,
      })));
      return moved;
    });
    await this.notifications.deliver(sent);
    return moved;
  }

  /** The rights holder answers a counter-notice (and says whether it took legal action) before its window closes. */
  async answerCounterNotice(ctx: RequestContext, id: string, answer: string, legalAction: boolean): Promise<TakedownRow> {
    const row = await this.require(ctx, id);
    const marketplace = await this.marketplaces.require(ctx, row.marketplaceId);
    if (this.actorFor(ctx, row, marketplace) !== 'COMPLAINANT') throw forbidden('The rights holder answers a counter-notice');
    if (row.status !== TakedownStatus.COUNTER_NOTICED) throw new DomainError(ErrorCode.CONFLICT, `A ${row.status} request has no counter-notice to answer`, 'id', { status: row.status });
    await this.dataSource.transaction(async (em) => {
      if (!(await this.repository.answerCounterNotice(em, ctx.allianceId, id, answer.trim(), legalAction))) {
        throw conflict('The counter-notice was answered already, or its window has closed', undefined, 'id');
      }
      await this.audit.record(em, ctx, { action: 'takedown.counter_notice_answered', targetType: 'TakedownRequest', targetId: id, after: { legalAction } });
    });
    return row;
  }

  async counterNoticesOf(ctx: RequestContext, requestIds: readonly string[]): Promise<Map<string, CounterNoticeRow>> {
    return new Map((await this.repository.counterNoticesOf(ctx.allianceId, requestIds)).map((c) => [c.requestId, c]));
  }

  /**
   * The clocks' second half (run by the SLA job): an accepted request nobody counter-noticed in time
   * is upheld (a strike); a counter-noticed one whose rights holder did not answer in time is
   * reinstated. Both sides are told. Each moves once, by the conditional update.
   */
  async lapseWindows(limit = 500): Promise<number> {
    let moved = 0;
    for (const row of await this.repository.lapsedWindows(limit)) {
      const ctx = RequestContext.system(row.allianceId);
      const marketplace = await this.marketplaces.require(ctx, row.marketplaceId);
      const action = row.status === TakedownStatus.ACCEPTED ? TakedownAction.COUNTER_WINDOW_LAPSED : TakedownAction.ANSWER_WINDOW_LAPSED;
      const step = transition(row.status, action, 'SYSTEM');
      const sent: NotificationEntity[] = [];
      try {
        await this.dataSource.transaction(async (em) => {
          await this.apply(em, ctx, row, marketplace, step, 'SYSTEM', null);
          const draft = {
            kind: `takedown.${step.to.toLowerCase()}`,
            title: step.to === TakedownStatus.UPHELD ? `A removal on ${marketplace.name} stands: no counter-notice came in time` : `Listings on ${marketplace.name} are reinstated: the counter-notice went unanswered`,
            targetType: 'TakedownRequest', targetId: row.id,
          };
          sent.push(...(await this.notifications.notifyOrganisations(em, row.allianceId, [row.organisationId, ...(row.agentOrganisationId ? [row.agentOrganisationId] : [])], draft)));
          if (marketplace.reviewerOrganisationId) sent.push(...(await this.notifications.notifyReviewers(em, row.allianceId, [marketplace.reviewerOrganisationId], draft)));
        });
        moved += 1;
        await this.notifications.deliver(sent);
      } catch (error) {
        if (!(error instanceof DomainError && error.code === ErrorCode.CONFLICT)) throw error; // another replica moved it first
      }
    }
    return moved;
  }

  /** SLA figures per month and marketplace or member, over what the caller may see (members by member: coordinators only). */
  async figures(ctx: RequestContext, q: { groupBy: 'MONTH' | 'MARKETPLACE' | 'MEMBER'; from?: Date | null; to?: Date | null }) {
    if (q.groupBy === 'MEMBER' && !ctx.isCoordinator) throw forbidden('Figures per member are for the coordinators');
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), 1));
    if (from >= to) throw badInput('from', 'from comes before to');
    if (to.getTime() - from.getTime() > 3 * 366 * 86_400_000) throw badInput('from', 'Figures cover at most three years at a time');
    const rows = await this.repository.figures(ctx.allianceId, this.visibility(ctx), { groupBy: q.groupBy, from, to });
    const names = q.groupBy === 'MEMBER' ? await this.members.organisationsByIds(ctx, [...new Set(rows.map((r) => r.groupId!))]) : null;
    return rows.map((r) => ({ ...r, groupName: names ? names.get(r.groupId!)?.name ?? null : r.groupName }));
  }

  /** The counts of `figures` per month (no processing times) over what the caller may see, for [from, to) rounded out to whole months (the impact report). */
  monthlyCounts(ctx: RequestContext, from: Date, to: Date) {
    if (from >= to) throw badInput('from', 'from comes before to');
    return this.repository.monthlyCounts(ctx.allianceId, this.visibility(ctx), from, to);
  }

  /** The demo's year of history (DemoTakedownService): sets when a request was submitted and decided. */
  backdate(ctx: RequestContext, id: string, submittedAt: Date, decidedAt: Date | null): Promise<void> {
    return this.dataSource.transaction((em) => this.repository.backdate(em, ctx.allianceId, id, submittedAt, decidedAt));
  }

  async listingsOf(ctx: RequestContext, requestIds: readonly string[]): Promise<Map<string, ListingRow[]>> {
    const map = new Map<string, ListingRow[]>(requestIds.map((id) => [id, []]));
    for (const l of await this.repository.listingsOf(ctx.allianceId, requestIds)) map.get(l.requestId)?.push(l);
    return map;
  }

  async transitionsOf(ctx: RequestContext, requestIds: readonly string[]): Promise<Map<string, TransitionRow[]>> {
    const map = new Map<string, TransitionRow[]>(requestIds.map((id) => [id, []]));
    for (const t of await this.repository.transitionsOf(ctx.allianceId, requestIds)) map.get(t.requestId)?.push(t);
    return map;
  }
}
