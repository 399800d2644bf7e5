import { Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { MoneyInput } from '../../common/money.model.js';

export enum MonitoringRuleKind {
  KEYWORD = 'KEYWORD',
  PRICE_FLOOR = 'PRICE_FLOOR',
  IMAGE = 'IMAGE',
}
registerEnumType(MonitoringRuleKind, {
  name: 'MonitoringRuleKind',
  description: 'KEYWORD: the brand’s name and its variants, none of the excluded words (a listing concerns the brand when one matches); PRICE_FLOOR: a product line (its words) and the price below which it is too cheap to be real; IMAGE: the brand’s product or logo pictures, matched by perceptual hash (a listing showing one concerns the brand too)',
});

/** Caps of a rule's lists and texts. */
export const MAX_RULE_TERMS = 50;
export const MAX_TERM_LENGTH = 100;
export const MAX_REFERENCE_IMAGES = 10;
/** Bits two 64-bit perceptual hashes may differ in and still match, by default. */
export const DEFAULT_MAX_DISTANCE = 10;

@InputType()
export class MonitoringRuleFields {
  @Field(() => MonitoringRuleKind) @IsEnum(MonitoringRuleKind)
  kind: MonitoringRuleKind;

  @Field({ description: 'What the rule is (“Brand names”, “Handbags”)' }) @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @Field(() => [String], { description: 'Words or phrases, matched as whole words, case and punctuation ignored (no regular expressions): the brand’s name variants, or the product line’s words (none for IMAGE)' })
  @IsArray() @ArrayMaxSize(MAX_RULE_TERMS) @IsString({ each: true }) @MaxLength(MAX_TERM_LENGTH, { each: true })
  terms: string[];

  @Field(() => [String], { nullable: true, description: 'Words or phrases that keep a listing out (“case for”, “compatible with”)' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_RULE_TERMS) @IsString({ each: true }) @MaxLength(MAX_TERM_LENGTH, { each: true })
  excludedTerms?: string[] | null;

  @Field(() => MoneyInput, { nullable: true, description: 'PRICE_FLOOR: listings in this currency priced below this are too cheap to be real' })
  @IsOptional() @ValidateNested() @Type(() => MoneyInput)
  floor?: MoneyInput | null;

  @Field(() => [String], { nullable: true, description: `IMAGE: the reference pictures (PNG, JPEG, WebP or GIF, base64, 2 MiB each, at most ${MAX_REFERENCE_IMAGES}); only their perceptual hashes are kept` })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_REFERENCE_IMAGES) @IsString({ each: true }) @MaxLength(2_900_000, { each: true })
  images?: string[] | null;

  @Field(() => Int, { nullable: true, description: `IMAGE: the most bits (of 64) a listing’s picture may differ in and match; default ${DEFAULT_MAX_DISTANCE}` })
  @IsOptional() @IsInt() @Min(0) @Max(20)
  maxDistance?: number | null;
}

@InputType()
export class CreateMonitoringRuleInput extends MonitoringRuleFields {
  @Field(() => ID) @IsString() @MaxLength(200)
  brandId: string;
}

@InputType()
export class UpdateMonitoringRuleInput extends MonitoringRuleFields {
  @Field(() => ID) @IsString() @MaxLength(200)
  ruleId: string;
}
