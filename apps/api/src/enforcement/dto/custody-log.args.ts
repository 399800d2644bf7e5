import { ArgsType, Field } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';
import { CUSTODY_KINDS, type CustodyKind } from '../../../../../libs/custody/src/index.js';
import { ConnectionArgs } from '../../common/pagination.js';
import { CustodyEventKind } from '../../files/custody-event.model.js';

@ArgsType()
export class CustodyLogArgs extends ConnectionArgs {
  @Field(() => [CustodyEventKind], { nullable: true, description: 'Only events of these kinds (absent or empty: every kind)' })
  @IsOptional() @IsArray() @ArrayMaxSize(CUSTODY_KINDS.length) @IsIn(CUSTODY_KINDS, { each: true })
  kinds?: CustodyKind[] | null;
}
