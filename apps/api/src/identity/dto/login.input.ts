import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

@InputType()
export class LoginInput {
  @Field() @IsEmail({}, { message: 'Not a valid e-mail address' }) @MaxLength(320)
  email: string;

  @Field() @IsString() @MinLength(1) @MaxLength(200)
  password: string;
}
