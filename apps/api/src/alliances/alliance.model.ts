import { Field, ID, GraphQLISODateTime, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { SharingLevel } from '../../../../libs/domain/src/index.js';
import { Node, toGlobalId } from '../common/node.js';
import type { AllianceEntity } from './alliance.entity.js';

registerEnumType(SharingLevel, { name: 'SharingLevel', description: 'TLP 2.0' });

@ObjectType('Alliance', { implements: () => [Node] })
export class Alliance implements Node {
  static readonly typename = 'Alliance';
  @Field(() => ID) id: string;
  @Field() slug: string;
  @Field() name: string;
  @Field({ description: 'ISO 3166-1 alpha-2' }) homeCountry: string;
  @Field(() => Int) takedownSlaHours: number;
  @Field(() => SharingLevel) defaultSharingLevel: SharingLevel;
  @Field(() => Int, { description: 'A correlation key linking more reports than this stops linking until a coordinator confirms it' }) correlationLimit: number;
  @Field(() => [String], { description: 'Marketplaces whose store and listing addresses indicators are read from' }) marketplaces: string[];
  @Field({ description: 'Whether keys derived from indicators link reports: a URL through its domain, a chat link through its phone, a payment account through its e-mail, a listing through its store' }) derivedKeys: boolean;
  @Field(() => Int, { description: 'Strikes (upheld removals on a store, its own and its networks’) within the window that warn' }) strikeWarningAt: number;
  @Field(() => Int, { description: 'Strikes within the window that flag a store as a repeat infringer' }) strikeFlagAt: number;
  @Field(() => Int, { description: 'Days a strike counts on the ladder' }) strikeWindowDays: number;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  uuid: string;

  static from(e: AllianceEntity): Alliance {
    return Object.assign(new Alliance(), {
      id: toGlobalId(Alliance.typename, e.id),
      uuid: e.id,
      slug: e.slug,
      name: e.name,
      homeCountry: e.homeCountry,
      takedownSlaHours: e.takedownSlaHours,
      defaultSharingLevel: e.defaultSharingLevel,
      correlationLimit: e.correlationLimit,
      marketplaces: e.marketplaces,
      derivedKeys: e.derivedKeys,
      strikeWarningAt: e.strikeWarningAt,
      strikeFlagAt: e.strikeFlagAt,
      strikeWindowDays: e.strikeWindowDays,
      createdAt: e.createdAt,
    });
  }
}
