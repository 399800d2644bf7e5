import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { MoneyInput } from '../../common/money.model.js';

export enum MonitoringRuleKind {
  KEYWORD = 'KEYWORD',
  PRICE_FLOOR = 'PRICE_FLOOR',
}
registerEnumType(MonitoringRuleKind, {
  name: 'MonitoringRuleKind',
  description: 'KEYWORD: the brand’s name and its variants, none of the excluded words (a listing concerns the brand when one matches); PRICE_FLOOR: a product line (its words) and the price below which it is too cheap to be real',
});

/** Caps of a rule's lists and texts. */
export const MAX_RULE_TERMS = 50;
export const MAX_TERM_LENGTH = 100;

@InputType()
export class MonitoringRuleFields {
  @Field(() => MonitoringRuleKind) @IsEnum(MonitoringRuleKind)
  kind: MonitoringRuleKind;

  @Field({ description: 'What the rule is (“Brand names”, “Handbags”)' }) @IsString() @MinLength(1) @MaxLength(120) @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @Field(() => [String], { description: 'Words or phrases, matched as whole words, case and punctuation ignored (no regular expressions): the brand’s name variants, or the product line’s words' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_RULE_TERMS) @IsString({ each: true }) @MaxLength(MAX_TERM_LENGTH, { each: true })
  terms: string[];

  @Field(() => [String], { nullable: true, description: 'Words or phrases that keep a listing out (“case for”, “compatible with”)' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_RULE_TERMS) @IsString({ each: true }) @MaxLength(MAX_TERM_LENGTH, { each: true })
  excludedTerms?: string[] | null;

  @Field(() => MoneyInput, { nullable: true, description: 'PRICE_FLOOR: listings in this currency priced below this are too cheap to be real' })
  @IsOptional() @ValidateNested() @Type(() => MoneyInput)
  floor?: MoneyInput | null;
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
