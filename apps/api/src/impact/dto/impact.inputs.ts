import { Field, InputType } from '@nestjs/graphql';
import { IsString, Matches, MaxLength } from 'class-validator';

const CURRENCY = { message: 'currency is a three-letter ISO 4217 code' };
const DAY = /^\d{4}-\d{2}-\d{2}$/;

@InputType()
export class SetExchangeRateInput {
  @Field({ description: 'ISO 4217 code of the currency converted from' })
  @IsString() @Matches(/^[A-Za-z]{3}$/, CURRENCY)
  currency: string;

  @Field({ description: 'YYYY-MM-DD: the rate holds from this day until the currency’s next rate' })
  @IsString() @Matches(DAY, { message: 'validFrom is a day, YYYY-MM-DD' })
  validFrom: string;

  @Field({ description: 'Units of the reporting currency per unit of the currency, as an exact decimal (7.8123; more than 0; up to 12 digits each side of the point)' })
  @IsString() @MaxLength(40)
  rate: string;
}

@InputType()
export class RemoveExchangeRateInput {
  @Field() @IsString() @Matches(/^[A-Za-z]{3}$/, CURRENCY)
  currency: string;

  @Field() @IsString() @Matches(DAY, { message: 'validFrom is a day, YYYY-MM-DD' })
  validFrom: string;
}

@InputType()
export class SetReportingCurrencyInput {
  @Field({ description: 'ISO 4217 code seized values are reported in' })
  @IsString() @Matches(/^[A-Za-z]{3}$/, CURRENCY)
  currency: string;
}
