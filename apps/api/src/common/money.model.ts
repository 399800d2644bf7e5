import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IsString, Matches, MaxLength } from 'class-validator';

/**
 * Money as CONTRACT.md has it: a whole number of the currency's minor units (fen, cents; JPY has
 * none) and its ISO 4217 code. The amount travels as a string of digits: it may exceed GraphQL's
 * 32-bit Int, and a float would round it.
 */
@ObjectType('Money')
export class Money {
  @Field({ description: 'Whole minor units, as a string of digits (123450 for 1,234.50 CNY)' }) amountMinor: string;
  @Field({ description: 'ISO 4217 code' }) currency: string;
  @Field({ description: 'The same amount in major units, exact, for display (1234.50)' }) amount: string;
}

@InputType('MoneyInput')
export class MoneyInput {
  @Field({ description: 'Whole minor units, as a string of digits (123450 for 1,234.50 CNY); no sign, no decimal point' })
  @IsString() @MaxLength(24)
  amountMinor: string;

  @Field({ description: 'ISO 4217 code (CNY, USD, EUR)' })
  @IsString() @Matches(/^[A-Za-z]{3}$/, { message: 'currency is a three-letter ISO 4217 code' })
  currency: string;
}
