import { Type } from 'class-transformer';
import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { IsDate, IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination.js';
import { TakedownReason } from '../../takedown/takedown.service.js';

export enum AlertStatus {
  NEW = 'NEW',
  WATCHING = 'WATCHING',
  DISMISSED = 'DISMISSED',
  FILED = 'FILED',
}
registerEnumType(AlertStatus, { name: 'AlertStatus', description: 'NEW: to triage (again, for a watched listing that changed); WATCHING: alerts again when the listing changes; DISMISSED: the seller stops alerting for these reasons; FILED: a takedown request was filed from it' });

export enum TriageAction {
  DISMISS = 'DISMISS',
  WATCH = 'WATCH',
}
registerEnumType(TriageAction, { name: 'TriageAction' });

@ArgsType()
export class AlertsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(200)
  brandId?: string;

  @Field(() => AlertStatus, { nullable: true }) @IsOptional() @IsEnum(AlertStatus)
  status?: AlertStatus;

  @Field(() => Int, { nullable: true, description: 'Only alerts scoring at least this (0–100)' }) @IsOptional() @IsInt() @Min(0) @Max(100)
  minScore?: number;
}

@InputType()
export class TriageAlertInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  alertId: string;

  @Field(() => TriageAction) @IsEnum(TriageAction)
  action: TriageAction;

  @Field(() => String, { nullable: true, description: 'DISMISS: why (required), e.g. “authorised reseller”' })
  @ValidateIf((o: TriageAlertInput) => o.action === TriageAction.DISMISS || o.reason != null)
  @IsString() @MinLength(1) @MaxLength(500) @Matches(/\S/, { message: 'reason must not be blank' })
  reason?: string | null;
}

@InputType()
export class FileTakedownFromAlertInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  alertId: string;

  @Field(() => ID, { nullable: true, description: 'The right cited: a verified, unexpired trademark of the alert’s brand, or give ipRightId' }) @IsOptional() @IsString() @MaxLength(200)
  trademarkId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The right cited: a verified, unexpired copyright, design or patent of the brand' }) @IsOptional() @IsString() @MaxLength(200)
  ipRightId?: string | null;

  @Field(() => TakedownReason, { defaultValue: TakedownReason.COUNTERFEIT }) @IsEnum(TakedownReason)
  reason: TakedownReason;

  @Field(() => String, { nullable: true, description: 'Default: the alert’s reasons' }) @IsOptional() @IsString() @MaxLength(5000)
  statement?: string | null;
}

@ArgsType()
export class AlertFiguresArgs {
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Default: twelve months before `to`' }) @IsOptional() @Type(() => Date) @IsDate()
  from?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Default: now' }) @IsOptional() @Type(() => Date) @IsDate()
  to?: Date | null;
}
