import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { CaseAction, CaseStatus } from '../../../../../libs/enforcement/src/index.js';
import { MoneyInput } from '../../common/money.model.js';
import { ConnectionArgs } from '../../common/pagination.js';
import { CaseActionKind, CaseTargetKind, CourtResultType } from '../enforcement-case.models.js';

const NOT_BLANK = /\S/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Caps of a case's inputs (and of its lists' cost, query-limits.ts). */
export const MAX_CASE_TARGETS = 50;
export const MAX_CASE_BRANDS = 50;
export const MAX_CASE_MEMBERS = 50;
export const MAX_CASE_LINKS = 50;
export const MAX_CASE_FILES = 20;

@InputType()
export class EnforcementTargetInput {
  @Field(() => CaseTargetKind) @IsEnum(CaseTargetKind)
  kind: CaseTargetKind;

  @Field({ description: 'A name, a company’s registered name, an address or a site’s description' })
  @IsString() @MinLength(1) @MaxLength(500) @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name: string;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000)
  detail?: string | null;
}

@InputType()
export class OpenEnforcementCaseInput {
  @Field() @IsString() @MinLength(1) @MaxLength(200) @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title: string;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(5000)
  summary?: string | null;

  @Field(() => ID, { nullable: true, description: 'The member organisation leading the case: a member’s own (the default for members); coordinators name one' })
  @IsOptional() @IsString() @MaxLength(200)
  leadOrganisationId?: string | null;

  @Field(() => [ID], { nullable: true, description: `Other active members taking part (at most ${MAX_CASE_MEMBERS})` })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_CASE_MEMBERS) @IsString({ each: true }) @MaxLength(200, { each: true })
  participantOrganisationIds?: string[];

  @Field(() => [EnforcementTargetInput], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(MAX_CASE_TARGETS) @ValidateNested({ each: true }) @Type(() => EnforcementTargetInput)
  targets?: EnforcementTargetInput[];

  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(MAX_CASE_BRANDS) @IsString({ each: true }) @MaxLength(200, { each: true })
  brandIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Counterfeiter networks the opener may see' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_CASE_LINKS) @IsString({ each: true }) @MaxLength(200, { each: true })
  networkIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Intelligence reports the opener may see' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_CASE_LINKS) @IsString({ each: true }) @MaxLength(200, { each: true })
  reportIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Takedown requests the opener may see' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_CASE_LINKS) @IsString({ each: true }) @MaxLength(200, { each: true })
  takedownIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Monitoring alerts the opener may read (its own brands’ alerts: a coordinator reads none)' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_CASE_LINKS) @IsString({ each: true }) @MaxLength(200, { each: true })
  alertIds?: string[];
}

@InputType()
export class LinkEnforcementCaseInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  caseId: string;

  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(MAX_CASE_LINKS) @IsString({ each: true }) @MaxLength(200, { each: true })
  networkIds?: string[];

  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(MAX_CASE_LINKS) @IsString({ each: true }) @MaxLength(200, { each: true })
  reportIds?: string[];

  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(MAX_CASE_LINKS) @IsString({ each: true }) @MaxLength(200, { each: true })
  takedownIds?: string[];

  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(MAX_CASE_LINKS) @IsString({ each: true }) @MaxLength(200, { each: true })
  alertIds?: string[];
}

@InputType()
export class EnforcementReferralInput {
  @Field(() => ID, { description: 'An active law-enforcement partnership of the alliance' }) @IsString() @MaxLength(200)
  partnershipId: string;

  @Field({ description: 'The agency or unit the case goes to' }) @IsString() @MinLength(1) @MaxLength(300) @Matches(NOT_BLANK, { message: 'agency must not be blank' })
  agency: string;

  @Field({ description: 'ISO 3166-1 alpha-2 country, optionally -region (CN-GD)' }) @IsString() @Matches(/^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/, { message: 'jurisdiction is a country code, optionally -region (CN-GD)' })
  jurisdiction: string;

  @Field(() => String, { nullable: true, description: 'The agency’s own reference' }) @IsOptional() @IsString() @MaxLength(200)
  reference?: string | null;
}

@InputType()
export class MoveEnforcementCaseInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  id: string;

  @Field(() => CaseAction) @IsEnum(CaseAction)
  action: CaseAction;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000)
  note?: string | null;

  @Field(() => EnforcementReferralInput, { nullable: true, description: 'With REFER, and only then' })
  @IsOptional() @ValidateNested() @Type(() => EnforcementReferralInput)
  referral?: EnforcementReferralInput | null;
}

@InputType()
export class SitesClosedInput {
  @Field(() => Int, { defaultValue: 0 }) @IsInt() manufacturing: number;
  @Field(() => Int, { defaultValue: 0 }) @IsInt() warehouse: number;
  @Field(() => Int, { defaultValue: 0 }) @IsInt() distribution: number;
  @Field(() => Int, { defaultValue: 0 }) @IsInt() retail: number;
}

@InputType({ description: 'The outcome figures as they stand now (they replace those recorded before); bounds in libs/enforcement/src/outcomes.ts' })
export class RecordEnforcementOutcomesInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  id: string;

  @Field(() => Int) @IsInt()
  arrests: number;

  @Field(() => SitesClosedInput) @ValidateNested() @Type(() => SitesClosedInput)
  sitesClosed: SitesClosedInput;

  @Field(() => Int) @IsInt()
  unitsSeized: number;

  @Field(() => MoneyInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => MoneyInput)
  valueSeized?: MoneyInput | null;
}

@InputType()
export class LogEnforcementActionInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  caseId: string;

  @Field(() => CaseActionKind) @IsEnum(CaseActionKind)
  kind: CaseActionKind;

  @Field({ description: 'YYYY-MM-DD, not in the future' }) @IsString() @Matches(DAY, { message: 'occurredOn is a day, YYYY-MM-DD' })
  occurredOn: string;

  @Field() @IsString() @MinLength(1) @MaxLength(5000) @Matches(NOT_BLANK, { message: 'summary must not be blank' })
  summary: string;
}

@InputType()
export class AddCourtResultInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  caseId: string;

  @Field({ description: 'YYYY-MM-DD, not in the future' }) @IsString() @Matches(DAY, { message: 'decidedOn is a day, YYYY-MM-DD' })
  decidedOn: string;

  @Field() @IsString() @MinLength(1) @MaxLength(300) @Matches(NOT_BLANK, { message: 'court must not be blank' })
  court: string;

  @Field(() => CourtResultType) @IsEnum(CourtResultType)
  result: CourtResultType;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(500)
  defendant?: string | null;

  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(1200)
  sentenceMonths?: number | null;

  @Field(() => MoneyInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => MoneyInput)
  fine?: MoneyInput | null;

  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(5000)
  detail?: string | null;
}

@InputType()
export class AttachCaseEvidenceInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  caseId: string;

  @Field(() => [ID], { description: `Evidence files the caller may open (at most ${MAX_CASE_FILES} a call)` })
  @IsArray() @ArrayMaxSize(MAX_CASE_FILES) @IsString({ each: true }) @MaxLength(200, { each: true })
  fileIds: string[];
}

@InputType()
export class ReferralThresholdsInput {
  @Field(() => Int) @IsInt() @Min(0) @Max(100000) minReports: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(10000) minMembers: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(10000) minBrands: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(100000) minUpheldTakedowns: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(100000) minRecentReports: number;
  @Field(() => Int) @IsInt() @Min(1) @Max(3650) recentDays: number;
}

@ArgsType()
export class EnforcementCasePageArgs extends ConnectionArgs {
  @Field(() => CaseStatus, { nullable: true }) @IsOptional() @IsEnum(CaseStatus)
  status?: CaseStatus;

  @Field(() => ID, { nullable: true, description: 'Cases linking this network' }) @IsOptional() @IsString() @Length(1, 200)
  networkId?: string;
}
