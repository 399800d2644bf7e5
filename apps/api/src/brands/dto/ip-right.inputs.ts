import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IpRightKind } from '../ip-right.models.js';

const DATE = { strict: true, strictSeparator: true };
const NOT_BLANK = /\S/;

@InputType()
export class AddIpRightInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  brandId: string;

  @Field(() => IpRightKind) @IsEnum(IpRightKind)
  kind: IpRightKind;

  @Field() @IsString() @MinLength(1) @MaxLength(100) @Matches(NOT_BLANK, { message: 'office must not be blank' })
  office: string;

  @Field() @IsString() @MinLength(1) @MaxLength(100) @Matches(/^[\p{L}\p{N}][\p{L}\p{N} ./()-]*$/u, { message: 'number may hold letters, digits, spaces, dots, slashes, dashes and brackets' })
  number: string;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(300)
  title?: string | null;

  @Field() @IsString() @MinLength(2) @MaxLength(300) @Matches(NOT_BLANK, { message: 'holder must not be blank' })
  holder: string;

  @Field(() => [String], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(50) @ArrayUnique() @IsString({ each: true }) @MaxLength(40, { each: true })
  classes?: string[];

  @Field(() => [String], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(60) @ArrayUnique() @Matches(/^[A-Z]{2}$/, { each: true, message: 'territories are two-letter codes (CN, US, EU, WO)' })
  territories?: string[];

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @IsOptional() @IsISO8601(DATE, { message: 'registeredOn must be a date (YYYY-MM-DD)' }) @MaxLength(10)
  registeredOn?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @IsOptional() @IsISO8601(DATE, { message: 'expiresOn must be a date (YYYY-MM-DD)' }) @MaxLength(10)
  expiresOn?: string | null;

  @Field(() => ID, { nullable: true, description: 'The registration certificate, uploaded first' }) @IsOptional() @IsString() @MaxLength(200)
  certificateFileId?: string | null;
}

@InputType()
export class ReviewIpRightInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  id: string;

  @Field(() => String, { nullable: true, description: 'Required to reject' }) @IsOptional() @IsString() @MaxLength(2000)
  note?: string | null;
}

@InputType()
export class AuthoriseAgentInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  agentOrganisationId: string;

  @Field(() => [ID]) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ArrayUnique() @IsString({ each: true })
  brandIds: string[];

  @Field({ description: 'YYYY-MM-DD: the last day it holds' }) @IsISO8601(DATE, { message: 'expiresOn must be a date (YYYY-MM-DD)' }) @MaxLength(10)
  expiresOn: string;

  @Field(() => ID, { description: 'The signed letter, uploaded first' }) @IsString() @MaxLength(200)
  letterFileId: string;
}
