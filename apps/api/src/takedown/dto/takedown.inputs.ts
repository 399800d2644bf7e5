import { ArgsType, Field, Float, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEmail, IsEnum, IsInt, IsNumber, IsOptional, IsString, IsUrl, Length, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ListingOutcome, TakedownAction, TakedownStatus } from '../../../../../libs/takedown/src/index.js';
import { ConnectionArgs } from '../../common/pagination.js';
import { MAX_LISTINGS, MAX_SCREENSHOTS, TakedownReason } from '../takedown.service.js';

const NOT_BLANK = /\S/;

/** The channels a caller of the GraphQL API files through; the others (CSV, PDF, e-mail) have their own intake. */
export enum FilingChannel {
  PORTAL = 'PORTAL',
  API = 'API',
}
registerEnumType(FilingChannel, { name: 'FilingChannel', description: 'PORTAL: the web client’s form; API: members’ and agents’ own tools' });

@InputType()
export class MarketplaceInput {
  @Field() @IsString() @MinLength(1) @MaxLength(100) @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name: string;

  @Field(() => String, { nullable: true, description: 'A built-in URL rule (taobao, amazon, …); without one, give domains and templates' })
  @IsOptional() @IsString() @MaxLength(40)
  rule?: string | null;

  @Field(() => [String], { nullable: true, description: 'Registrable domains of a marketplace without a built-in rule' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(253, { each: true })
  domains?: string[];

  @Field(() => String, { nullable: true, description: 'Where a listing id stands: /item/{id}.html or ?id={id}' })
  @IsOptional() @IsString() @MaxLength(200)
  listingTemplate?: string | null;

  @Field(() => String, { nullable: true, description: 'Where a store id stands: /shop/{id} or ?shop={id}' })
  @IsOptional() @IsString() @MaxLength(200)
  storeTemplate?: string | null;

  @Field({ description: 'Country (ISO 3166-1 alpha-2, optionally -region) whose business days count for counter-notices' })
  @IsString() @Length(2, 10)
  jurisdiction: string;

  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail({}, { message: 'Not an e-mail address' }) @MaxLength(320)
  abuseEmail?: string | null;

  @Field(() => String, { nullable: true, description: 'Accepted requests are POSTed here, signed (https)' }) @IsOptional() @IsString() @MaxLength(2048)
  webhookUrl?: string | null;

  @Field(() => ID, { nullable: true, description: 'The marketplace organisation whose reviewers decide inside Countermark' })
  @IsOptional() @IsString() @MaxLength(200)
  reviewerOrganisationId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Business days a seller has to counter-notify after a removal (default 3)' })
  @IsOptional() @IsInt() @Min(1) @Max(30)
  counterNoticeDays?: number | null;

  @Field(() => Int, { nullable: true, description: 'Business days the rights holder has to answer a counter-notice (default 10)' })
  @IsOptional() @IsInt() @Min(1) @Max(60)
  answerDays?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Trusted complainants’ requests skip its queue (accepted at once, audited by sampling); default false' })
  @IsOptional() @IsBoolean()
  allowsTrusted?: boolean | null;
}

@InputType()
export class UpdateMarketplaceInput extends MarketplaceInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  id: string;
}

@InputType()
export class ListingInput {
  @Field({ description: 'The listing’s address; its ids are read from it' }) @IsString() @MinLength(1) @MaxLength(2048)
  url: string;

  @Field(() => String, { nullable: true, description: 'When the address does not carry it' }) @IsOptional() @IsString() @MaxLength(120)
  listingId?: string | null;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(120)
  storeId?: string | null;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200)
  storeName?: string | null;

  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0)
  price?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217' }) @IsOptional() @IsString() @Length(3, 3)
  currency?: string | null;

  @Field(() => [ID], { nullable: true, description: `Screenshots of the listing: pictures uploaded through POST /files, at most ${MAX_SCREENSHOTS}` })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_SCREENSHOTS) @IsString({ each: true }) @MaxLength(200, { each: true })
  screenshotFileIds?: string[] | null;
}

@InputType()
export class FileTakedownInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  brandId: string;

  @Field(() => ID, { nullable: true, description: 'The right cited: a verified, unexpired trademark of the brand, or give ipRightId' }) @IsOptional() @IsString() @MaxLength(200)
  trademarkId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The right cited: a verified, unexpired copyright, design or patent of the brand' }) @IsOptional() @IsString() @MaxLength(200)
  ipRightId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Read from the listings when absent' }) @IsOptional() @IsString() @MaxLength(200)
  marketplaceId?: string | null;

  @Field(() => TakedownReason) @IsEnum(TakedownReason)
  reason: TakedownReason;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(5000)
  statement?: string | null;

  @Field(() => [ListingInput], { description: `1 to ${MAX_LISTINGS} listings of one marketplace` })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_LISTINGS) @ValidateNested({ each: true }) @Type(() => ListingInput)
  listings: ListingInput[];

  @Field(() => FilingChannel, { defaultValue: FilingChannel.API }) @IsEnum(FilingChannel)
  channel: FilingChannel;

  @Field(() => String, { nullable: true, description: 'Filing twice with the same key files once (your tool’s own id for the request)' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  clientKey?: string | null;
}

@InputType()
export class ListingOutcomeInput {
  @Field(() => Int) @IsInt() @Min(1)
  position: number;

  @Field(() => ListingOutcome) @IsEnum(ListingOutcome)
  outcome: ListingOutcome;
}

@InputType()
export class ActOnTakedownInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  id: string;

  @Field(() => TakedownAction) @IsEnum(TakedownAction)
  action: TakedownAction;

  @Field(() => String, { nullable: true, description: 'Why (required when asking for information)' }) @IsOptional() @IsString() @MaxLength(5000)
  note?: string | null;

  @Field(() => [ListingOutcomeInput], { nullable: true, description: 'With ACCEPT: each listing’s outcome (default REMOVED)' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_LISTINGS) @ValidateNested({ each: true }) @Type(() => ListingOutcomeInput)
  listingOutcomes?: ListingOutcomeInput[];
}

@ArgsType()
export class TakedownPageArgs extends ConnectionArgs {
  @Field(() => TakedownStatus, { nullable: true }) @IsOptional() @IsEnum(TakedownStatus)
  status?: TakedownStatus;

  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(200)
  marketplaceId?: string;

  @Field(() => ID, { nullable: true, description: 'The rights holder’s organisation (the member whose rights the requests cite, whoever filed them): within what the caller may see' })
  @IsOptional() @IsString() @MaxLength(200)
  rightsHolderId?: string;
}

@ArgsType()
export class TakedownQueueArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(200)
  marketplaceId?: string;
}

export enum CounterNoticeReason {
  AUTHORISED = 'AUTHORISED',
  GENUINE_GOODS = 'GENUINE_GOODS',
  NO_RIGHT = 'NO_RIGHT',
  OTHER = 'OTHER',
}
registerEnumType(CounterNoticeReason, { name: 'CounterNoticeReason', description: 'Authorised by the rights holder; genuine goods; the right does not cover them; other' });

@InputType()
export class FileCounterNoticeInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  requestId: string;

  @Field({ description: 'From the removal notice’s link' }) @IsString() @MinLength(20) @MaxLength(200)
  token: string;

  @Field(() => CounterNoticeReason) @IsEnum(CounterNoticeReason)
  reason: CounterNoticeReason;

  @Field() @IsString() @MinLength(20) @MaxLength(10_000) @Matches(NOT_BLANK, { message: 'statement must not be blank' })
  statement: string;

  @Field() @IsString() @MinLength(2) @MaxLength(200)
  contactName: string;

  @Field() @IsEmail({}, { message: 'Not an e-mail address' }) @MaxLength(320)
  contactEmail: string;

  @Field(() => [String], { nullable: true, description: 'Links to invoices, authorisations, photographs' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUrl({ require_protocol: true, protocols: ['https', 'http'] }, { each: true, message: 'Each evidence link is a web address (https://…)' })
  evidenceUrls?: string[];
}

@InputType()
export class AnswerCounterNoticeInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  id: string;

  @Field() @IsString() @MinLength(10) @MaxLength(10_000) @Matches(NOT_BLANK, { message: 'answer must not be blank' })
  answer: string;

  @Field({ description: 'Whether the rights holder has started legal action against the seller' }) @IsBoolean()
  legalAction: boolean;
}

@InputType()
export class AuditTakedownInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  id: string;

  @Field({ description: 'Whether the audit agrees the listings infringed' }) @IsBoolean()
  agreed: boolean;
}
