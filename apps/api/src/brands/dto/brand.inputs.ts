import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsISO8601, IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { EvidenceKind, NICE_CLASS_MAX, NICE_CLASS_MIN, TrademarkOffice } from '../../../../../libs/domain/src/index.js';

const NOT_BLANK = /\S/;
const DATE = { strict: true, strictSeparator: true };

@InputType()
export class CreateBrandInput {
  @Field(() => ID, { nullable: true, description: 'Defaults to the caller’s organisation' }) @IsOptional() @IsString() @MaxLength(200)
  organisationId?: string;

  @Field() @IsString() @MinLength(1) @MaxLength(120) @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name: string;

  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(4000)
  description?: string;

  @Field({ nullable: true }) @IsOptional() @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { message: 'Not a web address (https://…)' }) @MaxLength(500)
  website?: string;
}

@InputType()
export class UpdateBrandInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  brandId: string;

  @Field({ nullable: true }) @IsOptional() @IsString() @MinLength(1) @MaxLength(120) @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;

  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(4000)
  description?: string;

  @Field({ nullable: true }) @IsOptional() @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { message: 'Not a web address (https://…)' }) @MaxLength(500)
  website?: string;
}

@InputType()
export class EvidenceInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  fileId: string;

  @Field(() => EvidenceKind) @IsEnum(EvidenceKind)
  kind: EvidenceKind;
}

@InputType()
export class TrademarkFields {
  @Field(() => TrademarkOffice) @IsEnum(TrademarkOffice)
  office: TrademarkOffice;

  @Field() @IsString() @MinLength(1) @MaxLength(60) @Matches(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, { message: 'registrationNumber may hold letters, digits, spaces, dots, slashes and dashes' })
  registrationNumber: string;

  @Field(() => [Int]) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(45) @ArrayUnique()
  @IsInt({ each: true }) @Min(NICE_CLASS_MIN, { each: true, message: 'Nice classes run from 1 to 45' }) @Max(NICE_CLASS_MAX, { each: true, message: 'Nice classes run from 1 to 45' })
  niceClasses: number[];

  @Field() @IsString() @MinLength(2) @MaxLength(300) @Matches(NOT_BLANK, { message: 'ownerName must not be blank' })
  ownerName: string;

  @Field({ nullable: true, description: 'YYYY-MM-DD' }) @IsOptional() @IsISO8601(DATE, { message: 'registeredOn must be a date (YYYY-MM-DD)' }) @MaxLength(10)
  registeredOn?: string;

  @Field({ nullable: true, description: 'YYYY-MM-DD' }) @IsOptional() @IsISO8601(DATE, { message: 'expiresOn must be a date (YYYY-MM-DD)' }) @MaxLength(10)
  expiresOn?: string;

  @Field(() => [EvidenceInput], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => EvidenceInput)
  evidence?: EvidenceInput[];
}

@InputType()
export class AddTrademarkInput extends TrademarkFields {
  @Field(() => ID) @IsString() @MaxLength(200)
  brandId: string;
}

@InputType()
export class UpdateTrademarkInput extends TrademarkFields {
  @Field(() => ID) @IsString() @MaxLength(200)
  trademarkId: string;
}

@InputType()
export class TrademarkReviewInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  trademarkId: string;

  @Field({ nullable: true, description: 'Required when rejecting' }) @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}
