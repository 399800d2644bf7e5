import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { toGlobalId } from '../common/node.js';

/** At most this many related stores are named on a standing; the others are counted only. */
export const MAX_RELATED_SHOWN = 20;

@ObjectType('RelatedStoreStrikes', { description: 'A store sharing an intelligence network with a struck store, in a network the caller may see: its strikes count on the ladder as related' })
export class RelatedStoreStrikes {
  @Field({ description: 'The store as intelligence keys it (`taobao:store:123`)' }) storeKey: string;
  @Field(() => ID, { description: 'The CounterfeiterNetwork they share' }) networkId: string;
  @Field(() => Int, { description: 'Its upheld removals inside the window' }) strikes: number;

  static from(r: { storeKey: string; networkId: string; strikes: number }): RelatedStoreStrikes {
    return Object.assign(new RelatedStoreStrikes(), { storeKey: r.storeKey, networkId: toGlobalId('CounterfeiterNetwork', r.networkId), strikes: r.strikes });
  }
}
