import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsEnum, IsISO31661Alpha2, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength, ValidateIf, ValidateNested,
} from 'class-validator';
import { ConnectionArgs } from '../../common/pagination.js';
import { MembershipStatus, MembershipTier } from '../../../../../libs/domain/src/index.js';

const NOT_BLANK = /\S/;

@InputType()
export class MemberFilter {
  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true })
  categoryIds?: string[];

  @Field(() => [String], { nullable: true, description: 'ISO 3166-1 alpha-2 codes' }) @IsOptional() @IsArray() @ArrayMaxSize(250)
  @IsISO31661Alpha2({ each: true, message: 'Not an ISO 3166-1 alpha-2 country code' })
  countries?: string[];

  @Field(() => [MembershipStatus], { nullable: true }) @IsOptional() @IsArray() @IsEnum(MembershipStatus, { each: true })
  statuses?: MembershipStatus[];

  @Field({ nullable: true, description: 'Part of an organisation or brand name' }) @IsOptional() @IsString() @MaxLength(200)
  search?: string;
}

@ArgsType()
export class MembersArgs extends ConnectionArgs {
  @Field(() => MemberFilter, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => MemberFilter)
  filter?: MemberFilter;
}

@InputType()
export class UpdateOrganisationInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  organisationId: string;

  @Field({ nullable: true }) @IsOptional() @IsString() @MinLength(2) @MaxLength(200) @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;

  @Field({ nullable: true, description: 'As registered; trademarks’ owner names are checked against it. "" clears it' })
  @IsOptional() @ValidateIf((o: UpdateOrganisationInput) => o.legalName !== '') @IsString() @MinLength(2) @MaxLength(300) @Matches(NOT_BLANK, { message: 'legalName must not be blank' })
  legalName?: string;

  @Field({ nullable: true }) @IsOptional() @IsISO31661Alpha2({ message: 'Not an ISO 3166-1 alpha-2 country code' })
  country?: string;

  @Field({ nullable: true, description: '"" clears it' }) @IsOptional() @ValidateIf((o: UpdateOrganisationInput) => o.website !== '')
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { message: 'Not a web address (https://…)' }) @MaxLength(500)
  website?: string;

  @Field({ nullable: true, description: '"" clears it' }) @IsOptional() @IsString() @MaxLength(4000)
  description?: string;
}

@InputType()
export class SetMembershipCategoriesInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  membershipId: string;

  @Field(() => [ID]) @IsArray() @ArrayMaxSize(12) @IsString({ each: true })
  categoryIds: string[];
}

@InputType()
export class SetMembershipTierInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  membershipId: string;

  @Field(() => MembershipTier) @IsEnum(MembershipTier)
  tier: MembershipTier;
}

@InputType()
export class MembershipStatusChangeInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  membershipId: string;

  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(2000)
  reason?: string;
}

@InputType()
export class MembershipDecisionInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  membershipId: string;

  @Field({ description: 'Required: recorded and shown to the member' }) @IsString() @MinLength(3) @MaxLength(2000) @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason: string;
}
