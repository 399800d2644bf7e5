import { Field, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsISO31661Alpha2, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
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
}
