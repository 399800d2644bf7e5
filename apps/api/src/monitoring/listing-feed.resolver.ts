import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { CallerRequest } from '../common/query-limits.plugin.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { CallerBudget } from '../identity/caller-budget.js';
import { PushListingsInput } from './dto/push-listings.input.js';
import { ListingFeedResult } from './listing-feed.models.js';
import { LISTING_COST, ListingFeedService } from './listing-feed.service.js';

@Resolver()
export class ListingFeedResolver {
  constructor(
    private readonly feed: ListingFeedService,
    private readonly budget: CallerBudget,
  ) {}

  @Mutation(() => ListingFeedResult, {
    description:
      'Pushes up to 10,000 marketplace listings into the alliance’s monitoring feed (a partner with listings:write, or an active member’s people). ' +
      'A listing sent again (same marketplace and listing id) updates its row; bad rows are refused one by one with their problems, the rest goes in.',
  })
  async pushListings(@Ctx() ctx: RequestContext, @Args('input') input: PushListingsInput, @Context() gql: { req?: CallerRequest }): Promise<ListingFeedResult> {
    this.feed.assertMayPush(ctx);
    // the listings' cost, beside the answer's that the query limits charged: the same per listing as the stream
    await this.budget.charge(gql.req, input.listings.length * LISTING_COST);
    const rows = input.listings.map((value, i) => ({ row: i + 1, value }));
    return ListingFeedResult.from(await this.feed.push(ctx, rows, async () => undefined, 'GRAPHQL'));
  }
}
