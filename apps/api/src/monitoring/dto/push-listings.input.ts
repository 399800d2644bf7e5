import { Field, GraphQLISODateTime, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { MAX_BATCH_ROWS } from '../feed-listing.js';

@InputType({ description: 'A picture of a listing: its address, or its bytes (PNG, JPEG, WebP or GIF, at most 2 MiB)' })
export class FeedImageInput {
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => String, { nullable: true, description: 'The picture’s bytes, base64' }) dataBase64?: string | null;
  @Field(() => String, { nullable: true, description: 'When given, must be what the bytes are' }) contentType?: string | null;
}

/**
 * One listing of a batch. Its fields are checked row by row by `readFeedListing` (feed-listing.ts),
 * the same rules as an NDJSON line, so that a bad row is refused alone, with its row number, field
 * and reason, while the rest of the batch goes in: class-validator here would refuse the whole batch.
 */
@InputType()
export class FeedListingInput {
  @Field(() => String, { nullable: true, description: 'A marketplace the alliance keeps: its name, built-in rule (`taobao`) or id; absent: read from the URL' }) marketplace?: string | null;
  @Field(() => String, { nullable: true, description: 'The marketplace’s listing id; absent: read from the URL' }) listingId?: string | null;
  @Field() url: string;
  @Field() title: string;
  @Field(() => String, { nullable: true, description: 'At most 20,000 characters' }) description?: string | null;
  @Field(() => Int, { nullable: true, description: 'The price in the currency’s minor units (1999 for 19.99 USD; 1999 for 1,999 JPY)' }) priceMinor?: number | null;
  @Field(() => String, { nullable: true, description: 'ISO 4217; needed with a price' }) currency?: string | null;
  @Field(() => Int, { nullable: true, description: 'When the marketplace tells it' }) unitsSold?: number | null;
  @Field(() => String, { nullable: true, description: 'The seller’s store id; absent: read from the URL when it carries one' }) storeId?: string | null;
  @Field(() => String, { nullable: true }) storeName?: string | null;
  @Field(() => [String], { nullable: true, description: 'E-mails, phones, messaging handles the seller shows (at most 20)' }) sellerContacts?: string[] | null;
  @Field(() => [FeedImageInput], { nullable: true, description: 'At most 10' }) images?: FeedImageInput[] | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the crawler first saw it; absent: now. A re-send keeps the earliest' }) firstSeenAt?: Date | null;
}

@InputType()
export class PushListingsInput {
  @Field(() => [FeedListingInput], { description: 'At most 10,000 listings; more through POST /monitoring/listings.ndjson' })
  @IsArray() @ArrayMinSize(1, { message: 'A batch has at least one listing' })
  @ArrayMaxSize(MAX_BATCH_ROWS, { message: 'A batch has at most 10,000 listings; send more batches, or stream them to POST /monitoring/listings.ndjson' })
  listings: FeedListingInput[];
}
