import { Args, GraphQLISODateTime, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { actionsFor, TakedownAction } from '../../../../libs/takedown/src/index.js';
import { Brand, Trademark } from '../brands/brand.models.js';
import { IpRight } from '../brands/ip-right.models.js';
import { IpRightService } from '../brands/ip-right.service.js';
import { Public, Roles } from '../common/auth.decorators.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { NodeRegistry } from '../common/node-registry.js';
import type { EvidenceFileEntity } from '../files/evidence-file.entity.js';
import { EvidenceFile } from '../files/evidence-file.model.js';
import { FileStorageService } from '../files/file-storage.service.js';
import { toGlobalId, uuidOf } from '../common/node.js';
import { mapConnection } from '../common/pagination.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import { Organisation } from '../members/member.models.js';
import { MemberService } from '../members/member.service.js';
import { ActOnTakedownInput, AnswerCounterNoticeInput, AuditTakedownInput, FileCounterNoticeInput, FileTakedownInput, MarketplaceInput, TakedownPageArgs, TakedownQueueArgs, UpdateMarketplaceInput } from './dto/takedown.inputs.js';
import { MarketplaceService } from './marketplace.service.js';
import { ComplainantStanding, CounterNotice, TakedownBulkImport, TakedownBulkRow, DeliveryAttempt, FiguresGroup, TakedownDelivery, TakedownFigures, ListingReference, Marketplace, PublicTakedownNotice, StoreStanding, TakedownListing, TakedownRequest, TakedownRequestConnection, TakedownTransition } from './takedown.models.js';
import { ComplainantService, type ComplainantStanding as Standing } from './complainant.service.js';
import { TakedownBulkService } from './takedown-bulk.service.js';
import { badInput } from '../common/errors.js';
import { TakedownDeliveryService } from './takedown-delivery.service.js';
import { TakedownNoticeService } from './takedown-notice.service.js';
import { TakedownStatus } from '../../../../libs/takedown/src/index.js';
import type { TakedownRow } from './takedown.repository.js';
import { TakedownService } from './takedown.service.js';

const M = Marketplace.typename;
const R = TakedownRequest.typename;

@Resolver(() => Marketplace)
export class MarketplaceResolver {
  constructor(
    private readonly marketplaceService: MarketplaceService,
    private readonly members: MemberService,
    nodes: NodeRegistry,
  ) {
    // node(id): registered here, not in the services, which the models' module imports
    nodes.registerBatch(M, (ctx, uuids) => this.marketplaceService.byIds(ctx, uuids), Marketplace.from);
  }

  @Query(() => [Marketplace], { description: 'The marketplaces the alliance works with; retired ones on request' })
  async marketplaces(@Ctx() ctx: RequestContext, @Args('includeRetired', { defaultValue: false }) includeRetired: boolean): Promise<Marketplace[]> {
    return (await this.marketplaceService.list(ctx, includeRetired)).map(Marketplace.from);
  }

  @Query(() => ListingReference, { description: 'Reads a listing URL as the filing form does: its marketplace and ids, or BAD_USER_INPUT naming the known marketplaces' })
  async parseListingUrl(@Ctx() ctx: RequestContext, @Args('url') url: string): Promise<ListingReference> {
    const parsed = await this.marketplaceService.parse(ctx, url.slice(0, 4096));
    return { marketplace: Marketplace.from(parsed.marketplace), url: parsed.url, listingId: parsed.listingId, storeId: parsed.storeId };
  }

  @ResolveField(() => Organisation, { nullable: true, description: 'Whose reviewers decide its requests inside Countermark' })
  async reviewerOrganisation(@Parent() m: Marketplace, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Organisation | null> {
    if (!m.reviewerOrganisationUuid) return null;
    const e = await loaders.get('organisationById', (ids: readonly string[]) => this.members.organisationsByIds(ctx, ids), null).load(m.reviewerOrganisationUuid);
    return e ? Organisation.from(e) : null;
  }

  @Roles(Role.COORDINATOR)
  @ResolveField(() => String, { nullable: true, description: 'Coordinators only' })
  webhookUrl(@Parent() m: Marketplace): string | null {
    return m.webhookUrlValue;
  }

  @Roles(Role.COORDINATOR)
  @ResolveField(() => String, { nullable: true, description: 'Coordinators only: the secret its webhook deliveries are signed with (x-countermark-signature: sha256=HMAC of "timestamp.body")' })
  webhookSecret(@Parent() m: Marketplace): string | null {
    return m.webhookSecretValue;
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Marketplace)
  async createMarketplace(@Ctx() ctx: RequestContext, @Args('input') input: MarketplaceInput): Promise<Marketplace> {
    return Marketplace.from(await this.marketplaceService.create(ctx, this.values(input)));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Marketplace)
  async updateMarketplace(@Ctx() ctx: RequestContext, @Args('input') input: UpdateMarketplaceInput): Promise<Marketplace> {
    return Marketplace.from(await this.marketplaceService.update(ctx, uuidOf(input.id, M), this.values(input)));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Marketplace, { description: 'No new requests there; its requests keep their history' })
  async retireMarketplace(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<Marketplace> {
    return Marketplace.from(await this.marketplaceService.setStatus(ctx, uuidOf(id, M), 'RETIRED'));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Marketplace)
  async reactivateMarketplace(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<Marketplace> {
    return Marketplace.from(await this.marketplaceService.setStatus(ctx, uuidOf(id, M), 'ACTIVE'));
  }

  private values(input: MarketplaceInput) {
    const reviewer = input.reviewerOrganisationId ? uuidOf(input.reviewerOrganisationId, Organisation.typename, 'reviewerOrganisationId') : null;
    return { ...input, reviewerOrganisationId: reviewer };
  }
}

@Resolver(() => TakedownRequest)
export class TakedownResolver {
  constructor(
    private readonly takedowns: TakedownService,
    private readonly marketplaces: MarketplaceService,
    private readonly ipRights: IpRightService,
    private readonly notices: TakedownNoticeService,
    private readonly deliveryService: TakedownDeliveryService,
    nodes: NodeRegistry,
  ) {
    nodes.registerBatch(R, (ctx, uuids) => this.takedowns.byIds(ctx, uuids), (row) => TakedownRequest.from(row));
  }

  @Query(() => TakedownRequestConnection, {
    description: 'Requests the caller may see, newest first: its organisation’s (members), its marketplaces’ (reviewers), all (coordinators)',
  })
  async takedownRequests(@Ctx() ctx: RequestContext, @Args() args: TakedownPageArgs) {
    const marketplaceId = args.marketplaceId ? uuidOf(args.marketplaceId, M, 'marketplaceId') : undefined;
    const rightsHolderId = args.rightsHolderId ? uuidOf(args.rightsHolderId, Organisation.typename, 'rightsHolderId') : undefined;
    return mapConnection(await this.takedowns.page(ctx, { ...args, queue: false, marketplaceId, rightsHolderId }), (r) => TakedownRequest.from(r));
  }

  @Roles(Role.PLATFORM_REVIEWER, Role.COORDINATOR)
  @Query(() => TakedownRequestConnection, { description: 'Undecided requests by due time, soonest first: the reviewers’ queue' })
  async takedownQueue(@Ctx() ctx: RequestContext, @Args() args: TakedownQueueArgs) {
    const marketplaceId = args.marketplaceId ? uuidOf(args.marketplaceId, M, 'marketplaceId') : undefined;
    return mapConnection(await this.takedowns.page(ctx, { ...args, queue: true, marketplaceId }), (r) => TakedownRequest.from(r));
  }

  @Query(() => [TakedownFigures], { description: 'SLA figures per month (and marketplace, or member for coordinators) over the requests the caller may see; default the last 12 months. Figures are kept per whole month (UTC): from and to are rounded out to whole months, so every month that [from, to) touches is counted whole' })
  async takedownFigures(
    @Ctx() ctx: RequestContext,
    @Args('groupBy', { type: () => FiguresGroup, defaultValue: FiguresGroup.MONTH }) groupBy: FiguresGroup,
    @Args('from', { type: () => GraphQLISODateTime, nullable: true }) from?: Date | null,
    @Args('to', { type: () => GraphQLISODateTime, nullable: true }) to?: Date | null,
  ): Promise<TakedownFigures[]> {
    return (await this.takedowns.figures(ctx, { groupBy, from, to })).map((r) => TakedownFigures.from(r, groupBy));
  }

  @Query(() => TakedownRequest)
  async takedownRequest(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<TakedownRequest> {
    return TakedownRequest.from(await this.takedowns.require(ctx, uuidOf(id, R)));
  }

  @Roles(Role.MEMBER_ADMIN, Role.MEMBER_ANALYST)
  @Mutation(() => TakedownRequest, { description: 'Files a request for one of your organisation’s brands; idempotent on clientKey' })
  async fileTakedown(@Ctx() ctx: RequestContext, @Args('input') input: FileTakedownInput): Promise<TakedownRequest> {
    return TakedownRequest.from(
      await this.takedowns.file(ctx, {
        ...input,
        brandId: uuidOf(input.brandId, Brand.typename, 'brandId'),
        trademarkId: input.trademarkId ? uuidOf(input.trademarkId, Trademark.typename, 'trademarkId') : null,
        ipRightId: input.ipRightId ? uuidOf(input.ipRightId, IpRight.typename, 'ipRightId') : null,
        marketplaceId: input.marketplaceId ? uuidOf(input.marketplaceId, M, 'marketplaceId') : null,
        listings: input.listings.map((l, i) => ({ ...l, screenshotFileIds: l.screenshotFileIds?.map((id, j) => uuidOf(id, EvidenceFile.typename, `listings.${i}.screenshotFileIds.${j}`)) })),
      }),
    );
  }

  @Mutation(() => TakedownRequest, { description: 'A step of the lifecycle by its reviewer (or coordinators where the marketplace has none) or its complainant' })
  async actOnTakedown(@Ctx() ctx: RequestContext, @Args('input') input: ActOnTakedownInput): Promise<TakedownRequest> {
    return TakedownRequest.from(await this.takedowns.act(ctx, uuidOf(input.id, R), input.action, input.note ?? null, input.listingOutcomes));
  }

  @ResolveField(() => IpRight, { nullable: true, description: 'The right the request cites, when not a trademark' })
  async ipRight(@Parent() r: TakedownRequest, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<IpRight | null> {
    if (!r.row.ipRightId) return null;
    const e = await loaders.get('ipRightById', (ids: readonly string[]) => this.ipRights.byIds(ctx, ids), null).load(r.row.ipRightId);
    return e ? IpRight.from(e) : null;
  }

  @ResolveField(() => [TakedownListing])
  async listings(@Parent() r: TakedownRequest, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<TakedownListing[]> {
    const rows = await loaders.get('takedownListings', (ids: readonly string[]) => this.takedowns.listingsOf(ctx, ids), []).load(r.row.id);
    return rows.map((l) => TakedownListing.from(l, r.row.marketplaceId));
  }

  @ResolveField(() => [TakedownTransition])
  async history(@Parent() r: TakedownRequest, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<TakedownTransition[]> {
    const rows = await loaders.get('takedownHistory', (ids: readonly string[]) => this.takedowns.transitionsOf(ctx, ids), []).load(r.row.id);
    return rows.map(TakedownTransition.from);
  }

  @Mutation(() => TakedownRequest, { description: 'The marketplace’s reviewers audit an auto-accepted request picked by sampling; trust follows the audits' })
  async auditTakedown(@Ctx() ctx: RequestContext, @Args('input') input: AuditTakedownInput): Promise<TakedownRequest> {
    return TakedownRequest.from(await this.takedowns.auditAutoAccepted(ctx, uuidOf(input.id, R), input.agreed));
  }

  @Mutation(() => TakedownRequest, { description: 'The rights holder answers a counter-notice within its window (and says whether it took legal action)' })
  async answerCounterNotice(@Ctx() ctx: RequestContext, @Args('input') input: AnswerCounterNoticeInput): Promise<TakedownRequest> {
    return TakedownRequest.from(await this.takedowns.answerCounterNotice(ctx, uuidOf(input.id, R), input.answer, input.legalAction));
  }

  @ResolveField(() => CounterNotice, { nullable: true })
  async counterNotice(@Parent() r: TakedownRequest, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<CounterNotice | null> {
    const c = await loaders.get('counterNotice', (ids: readonly string[]) => this.takedowns.counterNoticesOf(ctx, ids), null).load(r.row.id);
    return c ? CounterNotice.from(c) : null;
  }

  @ResolveField(() => String, { nullable: true, description: 'For its deciders: the link the removal notice gives the seller to counter-notify without an account' })
  async counterNoticeLink(@Parent() r: TakedownRequest, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<string | null> {
    if (r.row.status !== TakedownStatus.ACCEPTED && r.row.status !== TakedownStatus.COUNTER_NOTICED) return null;
    const m = await loaders.get('marketplaceById', (ids: readonly string[]) => this.marketplaces.byIds(ctx, ids), null).load(r.row.marketplaceId);
    if (!m || this.takedowns.actorFor(ctx, r.row, m) !== 'REVIEWER') return null;
    return this.notices.counterNoticeUrl(r.row);
  }

  @ResolveField(() => [TakedownDelivery], { description: 'Where an accepted request was sent (marketplaces outside Countermark), with each attempt' })
  async deliveries(@Parent() r: TakedownRequest, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<TakedownDelivery[]> {
    const rows = await loaders.get('takedownDeliveries', (ids: readonly string[]) => this.deliveryService.byRequestIds(ctx, ids), []).load(r.row.id);
    return rows.map(TakedownDelivery.from);
  }

  @ResolveField(() => [TakedownAction], { description: 'What the caller may do to it now' })
  async availableActions(@Parent() r: TakedownRequest, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<TakedownAction[]> {
    const m = await loaders.get('marketplaceById', (ids: readonly string[]) => this.marketplaces.byIds(ctx, ids), null).load(r.row.marketplaceId);
    const actor = m ? this.takedowns.actorFor(ctx, r.row, m) : null;
    return actor ? actionsFor(r.row.status, actor) : [];
  }
}

@Resolver(() => TakedownListing)
export class TakedownListingResolver {
  constructor(
    private readonly takedowns: TakedownService,
    private readonly files: FileStorageService,
  ) {}

  @ResolveField(() => [EvidenceFile], { description: 'Screenshots the filer attached (those the caller may open)' })
  async screenshots(@Parent() l: TakedownListing, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<EvidenceFile[]> {
    const ids = await loaders
      .get('takedownScreenshots', async (keys: readonly string[]) => {
        const byListing = await this.takedowns.screenshotsOf(ctx, [...new Set(keys.map((k) => k.slice(0, 36)))]);
        return new Map(keys.map((k) => [k, byListing.get(k) ?? []]));
      }, [])
      .load(`${l.requestUuid}:${l.position}`);
    if (!ids.length) return [];
    // one query for every listing's screenshots in the answer, authorised per file
    const loader = loaders.get<string, EvidenceFileEntity | null>('takedownScreenshotFiles', (uuids) => this.files.byIds(ctx, uuids), null);
    const files = await Promise.all(ids.map((id) => loader.load(id)));
    return files.flatMap((f) => (f ? [EvidenceFile.from(f)] : []));
  }

  @ResolveField(() => StoreStanding, { nullable: true, description: 'Its store on the strike ladder now (null without a store id)' })
  async storeStanding(@Parent() l: TakedownListing, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<StoreStanding | null> {
    if (!l.storeId) return null;
    const key = `${l.marketplaceUuid}:${l.storeId}`;
    const standing = await loaders
      .get('storeStanding', (keys: readonly string[]) => this.takedowns.standings(ctx, keys.map((k) => ({ marketplaceId: k.slice(0, 36), storeId: k.slice(37) }))), null)
      .load(key);
    return standing ? StoreStanding.from(standing) : null;
  }
}

/** The seller's side: no account, only the link in the removal notice. */
@Resolver(() => PublicTakedownNotice)
export class CounterNoticeResolver {
  constructor(
    private readonly takedowns: TakedownService,
    private readonly notices: TakedownNoticeService,
  ) {}

  @Public()
  @Query(() => PublicTakedownNotice, { description: 'The request a removal notice’s link names (NOT_FOUND for a wrong token)' })
  async counterNoticeRequest(@Args('requestId', { type: () => ID }) requestId: string, @Args('token') token: string): Promise<PublicTakedownNotice> {
    return this.notice(await this.takedowns.byCounterNoticeLink(uuidOf(requestId, R, 'requestId'), token.slice(0, 200)));
  }

  @Public()
  @Mutation(() => PublicTakedownNotice, { description: 'The seller’s counter-notice, within the window the notice gives' })
  async fileCounterNotice(@Args('input') input: FileCounterNoticeInput): Promise<PublicTakedownNotice> {
    const row = await this.takedowns.fileCounterNotice(uuidOf(input.requestId, R, 'requestId'), input.token, {
      reason: input.reason, statement: input.statement, contactName: input.contactName, contactEmail: input.contactEmail, evidenceUrls: input.evidenceUrls ?? [],
    });
    return this.notice(row);
  }

  private async notice(row: TakedownRow): Promise<PublicTakedownNotice> {
    const n = await this.notices.content(row);
    return Object.assign(new PublicTakedownNotice(), {
      requestId: n.requestId, status: n.status, marketplace: n.marketplace, complainant: n.complainant, brand: n.brand, right: n.right, reason: n.reason,
      listings: n.listings.map((l) => TakedownListing.from(l, row.marketplaceId)), counterDeadline: n.counterDeadline,
      open: row.status === TakedownStatus.ACCEPTED && (!row.counterDeadline || row.counterDeadline > new Date()),
    });
  }
}

@Resolver(() => TakedownDelivery)
export class TakedownDeliveryResolver {
  constructor(private readonly deliveries: TakedownDeliveryService) {}

  @ResolveField(() => [DeliveryAttempt])
  async attempts(@Parent() d: TakedownDelivery, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<DeliveryAttempt[]> {
    const rows = await loaders.get('deliveryAttempts', (ids: readonly string[]) => this.deliveries.attemptsOf(ctx, ids), []).load(d.uuid);
    return rows.map(DeliveryAttempt.from);
  }
}

/** A standing as GraphQL answers it: the organisation by its global id. */
const standingOf = (s: Standing): ComplainantStanding =>
  Object.assign(new ComplainantStanding(), s, { uuid: s.organisationId, organisationId: toGlobalId(Organisation.typename, s.organisationId) });

@Resolver(() => ComplainantStanding)
export class ComplainantResolver {
  constructor(
    private readonly complainants: ComplainantService,
    private readonly members: MemberService,
  ) {}

  @Query(() => [ComplainantStanding], { description: 'Complainants’ last 90 days: coordinators see every one that filed (or those asked for), members their own' })
  async complainantStandings(
    @Ctx() ctx: RequestContext,
    @Args('organisationIds', { type: () => [ID], nullable: true }) organisationIds?: string[] | null,
  ): Promise<ComplainantStanding[]> {
    const ids = organisationIds?.slice(0, 100).map((id, i) => uuidOf(id, Organisation.typename, `organisationIds.${i}`));
    return (await this.complainants.standings(ctx, ids)).map(standingOf);
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => ComplainantStanding, { description: 'Trusts an eligible complainant (its requests skip the queue of marketplaces that allow it), or ends its trust' })
  async setTrustedComplainant(
    @Ctx() ctx: RequestContext,
    @Args('organisationId', { type: () => ID }) organisationId: string,
    @Args('trusted') trusted: boolean,
  ): Promise<ComplainantStanding> {
    const s = await this.complainants.setTrusted(ctx, uuidOf(organisationId, Organisation.typename, 'organisationId'), trusted);
    return standingOf(s);
  }

  @Roles(Role.MEMBER_ADMIN)
  @Mutation(() => ComplainantStanding, { description: 'Whether the public notice archive export withholds your organisation’s name' })
  async setTakedownArchivePrivacy(@Ctx() ctx: RequestContext, @Args('withholdName') withholdName: boolean): Promise<ComplainantStanding> {
    const s = await this.complainants.setWithholdName(ctx, withholdName);
    return standingOf(s);
  }

  @ResolveField(() => Organisation, { nullable: true })
  async organisation(@Parent() s: ComplainantStanding, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Organisation | null> {
    const e = await loaders.get('organisationById', (ids: readonly string[]) => this.members.organisationsByIds(ctx, ids), null).load(s.uuid);
    return e ? Organisation.from(e) : null;
  }
}

@Resolver(() => TakedownBulkImport)
export class TakedownBulkResolver {
  constructor(private readonly bulk: TakedownBulkService) {}

  @Query(() => [TakedownBulkImport], { description: 'Your organisation’s bulk files, newest first (coordinators: every member’s)' })
  async takedownBulkImports(@Ctx() ctx: RequestContext, @Args('first', { type: () => Int, defaultValue: 20 }) first: number): Promise<TakedownBulkImport[]> {
    if (first < 1 || first > 100) throw badInput('first', 'first is 1 to 100');
    return (await this.bulk.list(ctx, first)).map(TakedownBulkImport.from);
  }

  @Query(() => TakedownBulkImport)
  async takedownBulkImport(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<TakedownBulkImport> {
    return TakedownBulkImport.from(await this.bulk.require(ctx, uuidOf(id, TakedownBulkImport.typename)));
  }

  @ResolveField(() => [TakedownBulkRow], { description: 'Row results in file order, after a line, optionally only filed or refused ones' })
  async rows(
    @Parent() b: TakedownBulkImport,
    @Ctx() ctx: RequestContext,
    @Args('status', { type: () => String, nullable: true }) status?: string | null,
    @Args('afterLine', { type: () => Int, defaultValue: 0 }) afterLine?: number,
    @Args('first', { type: () => Int, defaultValue: 100 }) first?: number,
  ): Promise<TakedownBulkRow[]> {
    if (status && status !== 'FILED' && status !== 'REFUSED') throw badInput('status', 'status is FILED or REFUSED');
    if (!first || first < 1 || first > 1000) throw badInput('first', 'first is 1 to 1000');
    return (await this.bulk.lines(ctx, b.row, { status: (status as 'FILED' | 'REFUSED' | null) ?? undefined, afterLine: afterLine ?? 0, limit: first })).map(TakedownBulkRow.from);
  }
}
