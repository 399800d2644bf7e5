import { Field, Float, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { Money } from '../common/money.model.js';
import { SitesClosed } from '../enforcement/enforcement-case.models.js';

@ObjectType('ImpactFigures', { description: 'The alliance’s figures over one quarter or one year (issue 17, outcome 6)' })
export class ImpactFigures {
  @Field({ description: '2026-Q1 … 2026-Q4, or 2026 for the year' }) period: string;
  @Field(() => GraphQLISODateTime, { description: 'Start of the period (UTC)' }) from: Date;
  @Field(() => GraphQLISODateTime, { description: 'End of the period (UTC, exclusive)' }) to: Date;
  @Field(() => Int, { description: 'Active members at the end of the period (or now, if sooner)' }) members: number;
  @Field(() => Int, { description: 'Brands those members held, registered by then' }) brands: number;
  @Field(() => Int, { description: 'Takedown requests submitted in the period' }) takedownsReceived: number;
  @Field(() => Int, { description: 'Of those, decided' }) takedownsProcessed: number;
  @Field(() => Int, { description: 'Of those, decided by their SLA due time' }) takedownsProcessedWithinSla: number;
  @Field(() => Int, { description: 'Listings removed: proactively plus on notice' }) listingsRemoved: number;
  @Field(() => Int, { description: 'Listings removed through takedowns filed from monitoring alerts raised in the period' }) listingsRemovedProactively: number;
  @Field(() => Int, { description: 'Listings removed on notice (the rest)' }) listingsRemovedOnNotice: number;
  @Field(() => Int, { description: 'Monitoring alerts first raised in the period' }) alerts: number;
  @Field(() => Int, { description: 'Enforcement cases opened in the period' }) casesOpened: number;
  @Field(() => Int, { description: 'Enforcement cases referred to law enforcement in the period' }) casesReferred: number;
  @Field(() => Int, { description: 'Arrests, of the cases whose action was first taken in the period' }) arrests: number;
  @Field(() => SitesClosed, { description: 'Sites closed, of those cases' }) sitesClosed: SitesClosed;
  @Field({ description: 'Units of goods seized, of those cases, as a string of digits (a year’s sum may pass 32 bits)' }) unitsSeized: string;
  @Field(() => Money, { nullable: true, description: 'Value seized, converted to the reporting currency at the rate valid on the day action was first taken (null: no reporting currency set)' })
  valueSeized: Money | null;
  @Field(() => [Money], { description: 'Value seized in currencies without a rate on or before that day, per currency (not converted, not dropped)' })
  valueUnconverted: Money[];
}

@ObjectType('ImpactMonth', { description: 'The alliance’s takedown and monitoring figures over one month (UTC) of the report’s year: a quarter’s are the sums of its months' })
export class ImpactMonth {
  @Field({ description: 'YYYY-MM' }) month: string;
  @Field(() => Int, { description: 'Takedown requests submitted in the month' }) takedownsReceived: number;
  @Field(() => Int, { description: 'Of those, decided' }) takedownsProcessed: number;
  @Field(() => Int, { description: 'Of those, decided by their SLA due time' }) takedownsProcessedWithinSla: number;
  @Field(() => Float, { nullable: true, description: 'takedownsProcessedWithinSla / takedownsProcessed (null: none processed)' }) withinSlaShare: number | null;
  @Field(() => Int, { description: 'Listings removed: proactively plus on notice' }) listingsRemoved: number;
  @Field(() => Int, { description: 'Listings removed through takedowns filed from monitoring alerts first raised in the month' }) listingsRemovedProactively: number;
  @Field(() => Int, { description: 'Listings removed on notice (the rest)' }) listingsRemovedOnNotice: number;
  @Field(() => Int, { description: 'Monitoring alerts first raised in the month' }) alerts: number;
}

@ObjectType('ImpactMemberCount', { description: 'Active members in one industry category, country or region' })
export class ImpactMemberCount {
  @Field(() => String, { nullable: true, description: 'The IndustryCategory’s id, the ISO 3166-1 alpha-2 code, or null (a region, or members without a category or country)' }) code: string | null;
  @Field({ description: 'The category’s name, the country’s or region’s English name, or what stands for none' }) name: string;
  @Field(() => Int) members: number;
}

@ObjectType('ImpactReport', { description: 'The alliance’s impact report for a year: per quarter and the year’s totals' })
export class ImpactReport {
  @Field(() => Int) year: number;
  @Field(() => String, { nullable: true, description: 'ISO 4217 code values are converted to (set by coordinators)' }) reportingCurrency: string | null;
  @Field(() => [ImpactFigures], { description: 'Q1 to Q4' }) quarters: ImpactFigures[];
  @Field(() => ImpactFigures, { description: 'The year: counts are the quarters’ sums; members and brands are the last quarter’s; the converted value is the sum of the quarters’ (each rounded once)' })
  total: ImpactFigures;
  @Field(() => [ImpactMonth], { description: 'January to December: the takedown and monitoring figures of each month (months still to come: zeros); each quarter’s are its three months’ sums' })
  months: ImpactMonth[];
  @Field(() => GraphQLISODateTime, { description: 'When the members by category, country and region are counted: the year’s end, or now if sooner (the year’s `members`)' })
  membersAt: Date;
  @Field(() => [ImpactMemberCount], { description: 'Active members at membersAt per industry category (their categories today), most first; a member of several categories counts in each, so these may add up to more than `members`' })
  membersByCategory: ImpactMemberCount[];
  @Field(() => [ImpactMemberCount], { description: 'Active members at membersAt per country of the organisation (as it is today), most first; they add up to the year’s `members`' })
  membersByCountry: ImpactMemberCount[];
  @Field(() => [ImpactMemberCount], { description: 'The same per world region (UN M49; the Americas in two), most first; they add up to the year’s `members`' })
  membersByRegion: ImpactMemberCount[];
}

@ObjectType('ExchangeRate', { description: 'Units of the reporting currency one unit of a currency is worth, from a day until the currency’s next rate' })
export class ExchangeRate {
  @Field({ description: 'ISO 4217 code' }) currency: string;
  @Field({ description: 'YYYY-MM-DD' }) validFrom: string;
  @Field({ description: 'An exact decimal, as a string (7.8123)' }) rate: string;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
}

@ObjectType('ExchangeRates', { description: 'The alliance’s reporting currency and the rates its coordinators keep' })
export class ExchangeRates {
  @Field(() => String, { nullable: true }) reportingCurrency: string | null;
  @Field(() => [ExchangeRate], { description: 'By currency, then valid-from' }) rates: ExchangeRate[];
}
