import { ArgsType, Field } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination.js';
import { TakedownMailStatus } from '../takedown-email.model.js';

@ArgsType()
export class TakedownInboundMailArgs extends ConnectionArgs {
  @Field(() => TakedownMailStatus, { nullable: true }) @IsOptional() @IsEnum(TakedownMailStatus)
  status?: TakedownMailStatus;
}
