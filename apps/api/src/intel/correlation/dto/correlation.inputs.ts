import { Field, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IndicatorType } from '../../../../../../libs/indicators/src/index.js';

@InputType()
export class ExcludeCorrelationKeyInput {
  @Field(() => IndicatorType) @IsEnum(IndicatorType) type: IndicatorType;
  @Field({ description: 'As typed; normalised like indicators' }) @IsString() @MinLength(1) @MaxLength(2048) value: string;
  @Field() @IsString() @MinLength(3) @MaxLength(2000) @Matches(/\S/, { message: 'reason must not be blank' }) reason: string;
}

@InputType()
export class CorrelationKeyDecisionInput {
  @Field(() => IndicatorType) @IsEnum(IndicatorType) type: IndicatorType;
  @Field({ description: 'The normalised key' }) @IsString() @MinLength(1) @MaxLength(2048) key: string;
  @Field() @IsString() @MinLength(3) @MaxLength(2000) @Matches(/\S/, { message: 'reason must not be blank' }) reason: string;
}

@InputType()
export class SetCorrelationLimitInput {
  @Field(() => Int, { description: '2 to 100,000' }) @IsInt() @Min(2, { message: 'The limit is at least 2' }) @Max(100_000, { message: 'The limit is at most 100000' }) limit: number;
}
