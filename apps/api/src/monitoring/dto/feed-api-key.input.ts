import { Field, InputType } from '@nestjs/graphql';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

@InputType()
export class CreateFeedApiKeyInput {
  @Field({ description: 'What the key is for (“Nightly crawler”)' }) @IsString() @MinLength(2) @MaxLength(100) @Matches(/\S/, { message: 'name must not be blank' })
  name: string;
}
