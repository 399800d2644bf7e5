import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEnum, IsIn, IsISO31661Alpha2, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ALL_PARTNER_SCOPES, PartnerKind } from '../../../../../libs/domain/src/index.js';

const SCOPES_MESSAGE = `scopes must be among ${ALL_PARTNER_SCOPES.join(', ')}`;

@InputType()
export class CreatePartnerInput {
  @Field() @IsString() @MinLength(2) @MaxLength(200) @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @Field(() => PartnerKind) @IsEnum(PartnerKind)
  kind: PartnerKind;

  @Field({ nullable: true }) @IsOptional() @IsISO31661Alpha2({ message: 'Not an ISO 3166-1 alpha-2 country code' })
  country?: string;

  @Field(() => [String], { description: ALL_PARTNER_SCOPES.join(', ') }) @IsArray() @ArrayUnique() @ArrayMaxSize(20) @IsIn(ALL_PARTNER_SCOPES, { each: true, message: SCOPES_MESSAGE })
  scopes: string[];
}

@InputType()
export class UpdatePartnershipInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  partnershipId: string;

  @Field(() => [String]) @IsArray() @ArrayUnique() @ArrayMaxSize(20) @IsIn(ALL_PARTNER_SCOPES, { each: true, message: SCOPES_MESSAGE })
  scopes: string[];
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  partnershipId: string;

  @Field() @IsString() @MinLength(2) @MaxLength(100) @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @Field(() => [String], { description: 'A subset of the partnership’s scopes' }) @IsArray() @ArrayUnique() @ArrayMaxSize(20) @IsIn(ALL_PARTNER_SCOPES, { each: true, message: SCOPES_MESSAGE })
  scopes: string[];
}
