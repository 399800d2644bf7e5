import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { FeedProblem, FeedSummary } from './listing-feed.service.js';

@ObjectType('ListingFeedProblem', { description: 'Why a row of a feed batch was refused (one entry per problem of the row)' })
export class ListingFeedProblem {
  @Field(() => Int, { description: 'The row: its position in the batch from 1 (`listings[row - 1]`), or its line in an NDJSON stream' }) row: number;
  @Field(() => String, { nullable: true, description: 'The listing id, when the row gave or its URL carried one' }) listingId: string | null;
  @Field(() => String, { nullable: true, description: 'The field at fault (`priceMinor`, `images.1`); null: the row as a whole' }) field: string | null;
  @Field() reason: string;

  static from(p: FeedProblem): ListingFeedProblem {
    return Object.assign(new ListingFeedProblem(), { row: p.row, listingId: p.listingId, field: p.field, reason: p.reason });
  }
}

@ObjectType('ListingFeedResult', { description: 'What became of a batch: accepted + updated + refused = its rows' })
export class ListingFeedResult {
  @Field(() => Int, { description: 'Listings new to the alliance' }) accepted: number;
  @Field(() => Int, { description: 'Listings the alliance had (same marketplace and listing id), updated with what was sent' }) updated: number;
  @Field(() => Int, { description: 'Rows refused; the rest of the batch went in' }) refused: number;
  @Field(() => [ListingFeedProblem], { description: 'The problems of the first 1,000 refused rows' }) problems: ListingFeedProblem[];
  @Field({ description: 'More rows were refused than `problems` lists' }) problemsTruncated: boolean;

  static from(s: FeedSummary): ListingFeedResult {
    return Object.assign(new ListingFeedResult(), {
      accepted: s.accepted, updated: s.updated, refused: s.refused, problems: s.problems.map(ListingFeedProblem.from), problemsTruncated: s.problemsTruncated,
    });
  }
}
