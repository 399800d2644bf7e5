import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { IndicatorType } from '../../../../../libs/indicators/src/index.js';
import { Node, toGlobalId } from '../../common/node.js';
import type { CounterfeiterNetworkEntity, NetworkEventEntity } from './counterfeiter-network.entity.js';

@ObjectType('CounterfeiterNetwork', { implements: () => [Node], description: 'Reports linked by shared indicators: one counterfeiting operation. Everything in it is limited to what the caller may see.' })
export class CounterfeiterNetwork implements Node {
  static readonly typename = 'CounterfeiterNetwork';
  @Field(() => ID) id: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  uuid: string;
  mergedIntoUuid: string | null;

  /** The network a visible report belongs to (visible through that report). */
  static ref(uuid: string): CounterfeiterNetwork {
    return Object.assign(new CounterfeiterNetwork(), { id: toGlobalId(CounterfeiterNetwork.typename, uuid), uuid, mergedIntoUuid: null });
  }

  static from(e: CounterfeiterNetworkEntity): CounterfeiterNetwork {
    return Object.assign(new CounterfeiterNetwork(), {
      id: toGlobalId(CounterfeiterNetwork.typename, e.id),
      uuid: e.id,
      createdAt: e.createdAt,
      mergedIntoUuid: e.mergedIntoId,
    });
  }
}

@ObjectType('NetworkEvent', { description: 'A change of a network: created, grew, merged, split, …' })
export class NetworkEvent {
  @Field() kind: string;
  @Field({ description: 'What caused it: publication, retraction, amendment, over_correlation_limit, …' }) cause: string;
  @Field(() => GraphQLISODateTime) at: Date;
  @Field(() => [ID], { description: 'Networks absorbed into this one, or split from it' }) relatedNetworkIds: string[];

  static from(e: NetworkEventEntity): NetworkEvent {
    const d = e.detail as { absorbed?: string[]; newNetworks?: string[]; into?: string; splitFrom?: string };
    const related = [...(d.absorbed ?? []), ...(d.newNetworks ?? []), ...(d.into ? [d.into] : []), ...(d.splitFrom ? [d.splitFrom] : [])];
    return Object.assign(new NetworkEvent(), { kind: e.kind, cause: e.cause, at: e.createdAt, relatedNetworkIds: related.map((id) => toGlobalId(CounterfeiterNetwork.typename, id)) });
  }
}

@ObjectType()
export class NetworkIndicator {
  @Field(() => IndicatorType) type: IndicatorType;
  @Field() key: string;
  @Field(() => [String], { description: 'The values as reporters entered them' }) values: string[];
  @Field(() => Int, { description: 'Visible reports holding it' }) reports: number;
}

@ObjectType()
export class NetworkSummary {
  @Field(() => Int) reportCount: number;
  @Field(() => GraphQLISODateTime, { nullable: true }) firstSeen: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) lastSeen: Date | null;
}
