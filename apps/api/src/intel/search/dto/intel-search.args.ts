import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsArray, IsEnum, IsISO31661Alpha2, IsISO8601, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IndicatorType } from '../../../../../../libs/indicators/src/index.js';
import { SharingLevel } from '../../../../../../libs/domain/src/index.js';
import { ConnectionArgs } from '../../../common/pagination.js';
import { DATE } from '../../reports/dto/intel-report.inputs.js';

@InputType()
export class IntelSearchFilter {
  @Field(() => [IndicatorType], { nullable: true }) @IsOptional() @IsArray() @IsEnum(IndicatorType, { each: true })
  types?: IndicatorType[];

  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(200)
  brandId?: string;

  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(200)
  categoryId?: string;

  @Field({ nullable: true }) @IsOptional() @IsISO31661Alpha2({ message: 'Not an ISO 3166-1 alpha-2 country code' })
  country?: string;

  @Field({ nullable: true, description: 'Published on or after (YYYY-MM-DD)' }) @IsOptional() @IsISO8601(DATE, { message: 'since must be a date (YYYY-MM-DD)' })
  since?: string;

  @Field({ nullable: true, description: 'Published before (YYYY-MM-DD)' }) @IsOptional() @IsISO8601(DATE, { message: 'until must be a date (YYYY-MM-DD)' })
  until?: string;

  @Field(() => [SharingLevel], { nullable: true }) @IsOptional() @IsArray() @IsEnum(SharingLevel, { each: true })
  sharingLevels?: SharingLevel[];
}

@ArgsType()
export class IntelSearchArgs extends ConnectionArgs {
  @Field({ description: 'At least 3 characters; matched fuzzily against indicator values and report titles' })
  @IsString() @MinLength(3, { message: 'Search for at least 3 characters' }) @MaxLength(200)
  query: string;

  @Field(() => IntelSearchFilter, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => IntelSearchFilter)
  filter?: IntelSearchFilter;
}
