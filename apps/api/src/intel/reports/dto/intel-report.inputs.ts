import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsISO31661Alpha2, IsISO8601, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { IndicatorType } from '../../../../../../libs/indicators/src/index.js';
import { ReportKind, ReportStatus, SharingLevel } from '../../../../../../libs/domain/src/index.js';
import { ConnectionArgs } from '../../../common/pagination.js';

export const MAX_INDICATORS_PER_REPORT = 10_000;
/** A calendar date, YYYY-MM-DD, as every date filter and field of intelligence takes it. */
export const DATE = { strict: true, strictSeparator: true };

@InputType()
export class IndicatorInput {
  @Field(() => IndicatorType) @IsEnum(IndicatorType)
  type: IndicatorType;

  @Field({ description: 'As observed; the normalised key is derived from it' }) @IsString() @MinLength(1) @MaxLength(2048)
  value: string;

  @Field({ nullable: true, description: 'Marketplace name for bare store/listing ids, messenger for bare handles' }) @IsOptional() @IsString() @MaxLength(40)
  qualifier?: string;

  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}

@InputType()
export class ReportFields {
  @Field(() => ReportKind) @IsEnum(ReportKind)
  kind: ReportKind;

  @Field() @IsString() @MinLength(3) @MaxLength(300) @Matches(/\S/, { message: 'title must not be blank' })
  title: string;

  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(20_000)
  summary?: string;

  @Field(() => Int, { description: '0–100' }) @IsInt() @Min(0) @Max(100)
  confidence: number;

  @Field(() => SharingLevel, { nullable: true, description: 'TLP 2.0; default from the alliance' }) @IsOptional() @IsEnum(SharingLevel)
  sharingLevel?: SharingLevel;

  @Field({ nullable: true, description: 'Where the counterfeiter operates; phones without a country code are read in it' })
  @IsOptional() @IsISO31661Alpha2({ message: 'Not an ISO 3166-1 alpha-2 country code' })
  country?: string;

  @Field(() => [String], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsISO31661Alpha2({ each: true, message: 'Not an ISO 3166-1 alpha-2 country code' })
  countries?: string[];

  @Field(() => [String], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(40, { each: true })
  marketplaces?: string[];

  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true })
  brandIds?: string[];

  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(12) @IsString({ each: true })
  categoryIds?: string[];

  @Field({ nullable: true, description: 'YYYY-MM-DD' }) @IsOptional() @IsISO8601(DATE, { message: 'firstObservedOn must be a date (YYYY-MM-DD)' })
  firstObservedOn?: string;

  @Field({ nullable: true, description: 'YYYY-MM-DD' }) @IsOptional() @IsISO8601(DATE, { message: 'lastObservedOn must be a date (YYYY-MM-DD)' })
  lastObservedOn?: string;

  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true })
  evidenceFileIds?: string[];

  @Field(() => [IndicatorInput], { description: `At most ${MAX_INDICATORS_PER_REPORT}` })
  @IsArray() @ArrayMaxSize(MAX_INDICATORS_PER_REPORT, { message: `A report holds at most ${MAX_INDICATORS_PER_REPORT} indicators` })
  @ValidateNested({ each: true }) @Type(() => IndicatorInput)
  indicators: IndicatorInput[];
}

@InputType()
export class CreateReportInput extends ReportFields {
  @Field({ nullable: true, description: 'Publish at once instead of keeping a draft' }) @IsOptional() @IsBoolean()
  publish?: boolean;
}

@InputType()
export class UpdateReportInput extends ReportFields {
  @Field(() => ID) @IsString() @MaxLength(200)
  reportId: string;
}

@InputType()
export class RetractReportInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  reportId: string;

  @Field() @IsString() @MinLength(3) @MaxLength(2000) @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}

@InputType()
export class ReportFilter {
  @Field(() => [ReportStatus], { nullable: true }) @IsOptional() @IsArray() @IsEnum(ReportStatus, { each: true })
  statuses?: ReportStatus[];

  @Field(() => [SharingLevel], { nullable: true }) @IsOptional() @IsArray() @IsEnum(SharingLevel, { each: true })
  sharingLevels?: SharingLevel[];

  @Field({ nullable: true, description: 'Only the caller’s organisation’s reports' }) @IsOptional() @IsBoolean()
  mine?: boolean;
}

@ArgsType()
export class ReportsArgs extends ConnectionArgs {
  @Field(() => ReportFilter, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => ReportFilter)
  filter?: ReportFilter;
}
