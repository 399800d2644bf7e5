import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

const NAME = /\S/;

@InputType()
export class CreateCategoryInput {
  @Field() @IsString() @MinLength(2) @MaxLength(80) @Matches(NAME, { message: 'name must not be blank' })
  name: string;
}

@InputType()
export class RenameCategoryInput {
  @Field(() => ID) @IsString() @MaxLength(200)
  id: string;

  @Field() @IsString() @MinLength(2) @MaxLength(80) @Matches(NAME, { message: 'name must not be blank' })
  name: string;
}

@InputType()
export class MergeCategoriesInput {
  @Field(() => ID, { description: 'Retired into the target' }) @IsString() @MaxLength(200)
  sourceId: string;

  @Field(() => ID) @IsString() @MaxLength(200)
  targetId: string;
}
