import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination.js';
import { JobState } from '../job.model.js';

@ArgsType()
export class JobsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only this queue' })
  @IsOptional() @IsString() @MaxLength(100)
  queue?: string;

  @Field(() => JobState, { nullable: true, description: 'Only jobs in this state, e.g. DEAD' })
  @IsOptional() @IsEnum(JobState)
  state?: JobState;
}

@ArgsType()
export class RetryJobArgs {
  @Field(() => ID)
  @IsString() @MaxLength(200)
  id: string;
}
