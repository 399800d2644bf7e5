import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Brand } from '../../brands/brand.models.js';
import { IndustryCategory } from '../../categories/industry-category.model.js';
import { Roles, Scopes } from '../../common/auth.decorators.js';
import { Loaders, RequestLoaders } from '../../common/loaders.js';
import { uuidOf } from '../../common/node.js';
import { NodeRegistry } from '../../common/node-registry.js';
import { Ctx, RequestContext } from '../../common/request-context.js';
import { CallerBudget } from '../../identity/caller-budget.js';
import { Organisation } from '../../members/member.models.js';
import { MemberService } from '../../members/member.service.js';
import { Role } from '../../../../../libs/domain/src/index.js';
import type { ContactRequestEntity } from './contact-request.entity.js';
import { BlindMatch, ContactRequest, IndicatorBlindMatch, Sighting, WatchlistEntry } from './collaboration.models.js';
import { CollaborationService } from './collaboration.service.js';
import { AddToWatchlistInput, AnswerContactRequestInput, ReportSightingInput, RequestContactInput, ReviewContactRequestInput } from './dto/collaboration.inputs.js';
import { IntelReportService } from '../reports/intel-report.service.js';
import { Indicator, IntelReport } from '../reports/intel-report.models.js';

@Resolver(() => ContactRequest)
export class CollaborationResolver {
  constructor(
    private readonly collaboration: CollaborationService,
    private readonly memberService: MemberService,
    nodes: NodeRegistry,
    private readonly budget: CallerBudget,
  ) {
    nodes.register(ContactRequest.typename, async (ctx, uuids) => {
      const mine = await this.collaboration.contactRequests(ctx);
      return new Map(mine.filter((x) => uuids.includes(x.request.id)).map((x) => [x.request.id, ContactRequest.from(x.request, x.recipients, ctx)]));
    });
    nodes.register(WatchlistEntry.typename, async (ctx, uuids) => {
      const entries = await this.collaboration.watchlist(ctx);
      return new Map(entries.filter((e) => uuids.includes(e.id)).map((e) => [e.id, WatchlistEntry.from(e)]));
    });
  }

  /** A request as the caller sees it after changing it (recipients counted, its own answer). */
  private async asSeen(ctx: RequestContext, id: string, fallback: ContactRequestEntity): Promise<ContactRequest> {
    const found = (await this.collaboration.contactRequests(ctx)).find((x) => x.request.id === id);
    return found ? ContactRequest.from(found.request, found.recipients, ctx) : ContactRequest.from(fallback, [], ctx);
  }

  @Mutation(() => Sighting, { description: '"Seen too": your organisation observed this indicator' })
  async reportSighting(@Ctx() ctx: RequestContext, @Args('input') input: ReportSightingInput): Promise<Sighting> {
    return Sighting.from(await this.collaboration.reportSighting(ctx, uuidOf(input.indicatorId, Indicator.typename, 'indicatorId'), input.seenAt ?? new Date(), input.note?.trim() || null));
  }

  @Scopes('intel:read')
  @Query(() => [BlindMatch], { description: 'Whether a value you hold is also in reports you may not see, and in how many organisations’' })
  async intelBlindMatches(@Ctx() ctx: RequestContext, @Args('value') value: string): Promise<BlindMatch[]> {
    await this.budget.takeBlindMatchLookups(ctx); // a low budget per organisation: no oracle for others' RED holdings
    return this.collaboration.blindMatchesForQuery(ctx, value.slice(0, 2048));
  }

  @Mutation(() => ContactRequest, { description: 'Ask the holders of a blind match to connect; the coordinators review it first' })
  async requestContact(@Ctx() ctx: RequestContext, @Args('input') input: RequestContactInput): Promise<ContactRequest> {
    await this.budget.takeBlindMatchLookups(ctx); // it answers whether a blind match exists too
    const created = await this.collaboration.requestContact(ctx, input.type, input.value, input.message);
    return this.asSeen(ctx, created.id, created);
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => ContactRequest)
  async reviewContactRequest(@Ctx() ctx: RequestContext, @Args('input') input: ReviewContactRequestInput): Promise<ContactRequest> {
    const reviewed = await this.collaboration.review(ctx, uuidOf(input.requestId, ContactRequest.typename, 'requestId'), input.approve, input.note?.trim() || null);
    return this.asSeen(ctx, reviewed.id, reviewed);
  }

  @Mutation(() => ContactRequest)
  async answerContactRequest(@Ctx() ctx: RequestContext, @Args('input') input: AnswerContactRequestInput): Promise<ContactRequest> {
    const answered = await this.collaboration.answer(ctx, uuidOf(input.requestId, ContactRequest.typename, 'requestId'), input.accept);
    return this.asSeen(ctx, answered.id, answered);
  }

  @Query(() => [ContactRequest], { description: 'Coordinators: all. Members: sent by them, and approved ones addressed to them' })
  async contactRequests(@Ctx() ctx: RequestContext): Promise<ContactRequest[]> {
    return (await this.collaboration.contactRequests(ctx)).map((x) => ContactRequest.from(x.request, x.recipients, ctx));
  }

  @ResolveField(() => Organisation, { nullable: true, description: 'Who asks: shown to recipients and coordinators' })
  async requester(@Parent() c: ContactRequest, @Ctx() ctx: RequestContext): Promise<Organisation | null> {
    const e = (await this.memberService.organisationsByIds(ctx, [c.requesterOrganisationUuid])).get(c.requesterOrganisationUuid);
    return e ? Organisation.from(e) : null;
  }

  @ResolveField(() => [Organisation], { description: 'For the requester: the holders that agreed to connect' })
  async connectedOrganisations(@Parent() c: ContactRequest, @Ctx() ctx: RequestContext): Promise<Organisation[]> {
    if (!c.mine) return [];
    return [...(await this.memberService.organisationsByIds(ctx, c.acceptedOrganisationUuids)).values()].map(Organisation.from);
  }

  @Query(() => [WatchlistEntry], { description: 'Your organisation’s watchlist' })
  async watchlist(@Ctx() ctx: RequestContext): Promise<WatchlistEntry[]> {
    return (await this.collaboration.watchlist(ctx)).map(WatchlistEntry.from);
  }

  @Mutation(() => WatchlistEntry, { description: 'Watch a brand, a category or an indicator: matching visible reports raise notifications' })
  async addToWatchlist(@Ctx() ctx: RequestContext, @Args('input') input: AddToWatchlistInput): Promise<WatchlistEntry> {
    return WatchlistEntry.from(
      await this.collaboration.addWatch(ctx, {
        kind: input.kind,
        brandUuid: input.brandId ? uuidOf(input.brandId, Brand.typename, 'brandId') : undefined,
        categoryUuid: input.categoryId ? uuidOf(input.categoryId, IndustryCategory.typename, 'categoryId') : undefined,
        indicatorType: input.indicatorType,
        value: input.value,
      }),
    );
  }

  @Mutation(() => ID)
  async removeFromWatchlist(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<string> {
    await this.collaboration.removeWatch(ctx, uuidOf(id, WatchlistEntry.typename, 'id'));
    return id;
  }
}

@Resolver(() => Indicator)
export class IndicatorCollaborationResolver {
  constructor(private readonly collaboration: CollaborationService) {}

  @ResolveField(() => [Sighting])
  async sightings(@Parent() i: Indicator, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Sighting[]> {
    const rows = await loaders.get('sightingsByIndicator', (ids: readonly string[]) => this.collaboration.sightingsByIndicatorIds(ctx, ids), []).load(i.uuid);
    return rows.map(Sighting.from);
  }
}

@Resolver(() => Sighting)
export class SightingResolver {
  constructor(private readonly memberService: MemberService) {}

  @ResolveField(() => Organisation, { nullable: true })
  async organisation(@Parent() s: Sighting, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Organisation | null> {
    const e = await loaders.get('organisationById', (ids: readonly string[]) => this.memberService.organisationsByIds(ctx, ids), null).load(s.organisationUuid);
    return e ? Organisation.from(e) : null;
  }
}

@Resolver(() => IntelReport)
export class ReportBlindMatchResolver {
  constructor(
    private readonly collaboration: CollaborationService,
    private readonly reports: IntelReportService,
    private readonly budget: CallerBudget,
  ) {}

  @ResolveField(() => [IndicatorBlindMatch], {
    description: 'For the reporting organisation: its indicators that also sit in reports it may not see. Each read spends one of the organisation’s blind-match lookups per indicator (RATE_LIMITED when they do not fit), as typing those values into intelBlindMatches would',
  })
  async blindMatches(@Parent() r: IntelReport, @Ctx() ctx: RequestContext): Promise<IndicatorBlindMatch[]> {
    if (r.organisationUuid !== ctx.organisationId) return [];
    const indicators = (await this.reports.indicatorsByReportIds(ctx, [r.uuid])).get(r.uuid) ?? [];
    // a draft's indicators are whatever its author typed: without this, any values could be tested in bulk
    // (a report holds each value once, so its indicators are its lookups)
    await this.budget.takeBlindMatchLookups(ctx, indicators.length);
    const counts = await this.collaboration.blindMatchesForIndicators(ctx, indicators.map((i) => ({ id: i.id, type: i.type, key: i.key })));
    return indicators.filter((i) => counts.has(i.id)).map((i) => ({ indicator: Indicator.from(i), organisations: counts.get(i.id)! }));
  }
}
