import { Field, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsEnum, IsIn, IsISO31661Alpha2, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DEFAULT_MARKETPLACES } from '../../../../../libs/indicators/src/index.js';
import { SharingLevel } from '../../../../../libs/domain/src/index.js';

@InputType()
export class UpdateAllianceSettingsInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @MinLength(2) @MaxLength(200)
  name?: string;

  @Field({ nullable: true, description: 'ISO 3166-1 alpha-2' }) @IsOptional() @IsISO31661Alpha2({ message: 'Not an ISO 3166-1 alpha-2 country code' })
  homeCountry?: string;

  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(720)
  takedownSlaHours?: number;

  @Field(() => SharingLevel, { nullable: true }) @IsOptional() @IsEnum(SharingLevel)
  defaultSharingLevel?: SharingLevel;

  @Field(() => [String], { nullable: true, description: `Marketplaces indicators are read from; any of ${DEFAULT_MARKETPLACES.join(', ')}` })
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(50) @IsIn(DEFAULT_MARKETPLACES, { each: true, message: `marketplaces must be among ${DEFAULT_MARKETPLACES.join(', ')}` })
  marketplaces?: string[];

  @Field({ nullable: true, description: 'Whether keys derived from indicators (a URL’s domain, a chat link’s phone, a payment account’s e-mail, a listing’s store) link reports; a change relinks the networks' })
  @IsOptional() @IsBoolean()
  derivedKeys?: boolean;

  @Field(() => Int, { nullable: true, description: 'Strikes within the window that warn; fewer than strikeFlagAt' }) @IsOptional() @IsInt() @Min(1) @Max(1000)
  strikeWarningAt?: number;

  @Field(() => Int, { nullable: true, description: 'Strikes within the window that flag a repeat infringer; more than strikeWarningAt' }) @IsOptional() @IsInt() @Min(2) @Max(1000)
  strikeFlagAt?: number;

  @Field(() => Int, { nullable: true, description: 'Days a strike counts, 1 to 3650' }) @IsOptional() @IsInt() @Min(1) @Max(3650)
  strikeWindowDays?: number;
}
