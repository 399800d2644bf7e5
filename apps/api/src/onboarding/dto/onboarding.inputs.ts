import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEmail, IsEnum, IsISO31661Alpha2, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MembershipTier } from '../../../../../libs/domain/src/index.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../identity/password.js';

const NOT_BLANK = /\S/;

@InputType()
export class InviteMemberInput {
  @Field({ description: 'Where the invitation goes; becomes the member admin’s sign-in' }) @IsEmail({}, { message: 'Not a valid e-mail address' }) @MaxLength(320)
  email: string;

  @Field() @IsString() @MinLength(2) @MaxLength(200) @Matches(NOT_BLANK, { message: 'organisationName must not be blank' })
  organisationName: string;

  @Field({ nullable: true }) @IsOptional() @IsString() @MinLength(2) @MaxLength(120)
  contactName?: string;

  @Field({ nullable: true }) @IsOptional() @IsISO31661Alpha2({ message: 'Not an ISO 3166-1 alpha-2 country code' })
  country?: string;

  @Field(() => MembershipTier, { nullable: true }) @IsOptional() @IsEnum(MembershipTier)
  tier?: MembershipTier;

  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(12) @IsString({ each: true })
  categoryIds?: string[];
}

@InputType()
export class AcceptInvitationInput {
  @Field() @IsString() @MinLength(10) @MaxLength(200)
  token: string;

  @Field() @IsString() @MinLength(2) @MaxLength(120) @Matches(NOT_BLANK, { message: 'displayName must not be blank' })
  displayName: string;

  @Field({ description: `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters` })
  @IsString() @MinLength(PASSWORD_MIN_LENGTH, { message: `password must be at least ${PASSWORD_MIN_LENGTH} characters` }) @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}
