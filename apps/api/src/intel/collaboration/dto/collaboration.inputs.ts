import { Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsEnum, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IndicatorType } from '../../../../../../libs/indicators/src/index.js';

@InputType()
export class ReportSightingInput {
  @Field(() => ID) @IsString() @MaxLength(200) indicatorId: string;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Default: now' }) @IsOptional() @Type(() => Date) @IsDate() seenAt?: Date;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

@InputType()
export class RequestContactInput {
  @Field(() => IndicatorType) @IsEnum(IndicatorType) type: IndicatorType;
  @Field({ description: 'The value as you hold it' }) @IsString() @MinLength(1) @MaxLength(2048) value: string;
  @Field() @IsString() @MinLength(10, { message: 'Tell the holders in a sentence why you want to connect (10 characters at least)' }) @MaxLength(2000) message: string;
}

@InputType()
export class ReviewContactRequestInput {
  @Field(() => ID) @IsString() @MaxLength(200) requestId: string;
  @Field() @IsBoolean() approve: boolean;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

@InputType()
export class AnswerContactRequestInput {
  @Field(() => ID) @IsString() @MaxLength(200) requestId: string;
  @Field() @IsBoolean() accept: boolean;
}

@InputType()
export class AddToWatchlistInput {
  @Field({ description: 'BRAND, CATEGORY or INDICATOR' }) @IsIn(['BRAND', 'CATEGORY', 'INDICATOR'], { message: 'kind must be BRAND, CATEGORY or INDICATOR' }) kind: 'BRAND' | 'CATEGORY' | 'INDICATOR';
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) brandId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) categoryId?: string;
  @Field(() => IndicatorType, { nullable: true }) @IsOptional() @IsEnum(IndicatorType) indicatorType?: IndicatorType;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(2048) @Matches(/\S/, { message: 'value must not be blank' }) value?: string;
}
