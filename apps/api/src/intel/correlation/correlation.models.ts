import { Field, GraphQLISODateTime, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IndicatorType, KeyDerivation } from '../../../../../libs/indicators/src/index.js';
import { ConnectionType } from '../../common/pagination.js';
import { IntelReport } from '../reports/intel-report.models.js';
import type { CorrelationKeyEntity } from './correlation-key.entity.js';

@ObjectType('CorrelationKey', { description: 'A normalised indicator key and the coordinators’ decision on it' })
export class CorrelationKey {
  @Field(() => IndicatorType) type: string;
  @Field() key: string;
  @Field(() => Int, { description: 'Published reports holding it' }) reportCount: number;
  @Field(() => String, { nullable: true }) decision: string | null;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) decidedAt: Date | null;

  static from(e: CorrelationKeyEntity): CorrelationKey {
    return Object.assign(new CorrelationKey(), { type: e.type, key: e.key, reportCount: e.reportCount, decision: e.decision, reason: e.decisionReason, decidedAt: e.decidedAt });
  }
}

@ObjectType('OverCorrelatingKey', { description: 'A key over the limit: it links nothing until excluded or confirmed' })
export class OverCorrelatingKey {
  @Field(() => IndicatorType) type: string;
  @Field() key: string;
  @Field(() => Int) reports: number;
  @Field(() => Int, { description: 'Organisations reporting it' }) organisations: number;
  @Field(() => Int, { description: 'Networks it would merge if confirmed' }) networks: number;
}

@ObjectType()
export class CorrelationKeyConnection extends ConnectionType(CorrelationKey, 'CorrelationKey') {}

@ObjectType()
export class OverCorrelatingKeyConnection extends ConnectionType(OverCorrelatingKey, 'OverCorrelatingKey') {}

registerEnumType(KeyDerivation, {
  name: 'KeyDerivation',
  description: 'How a key comes from a value of another type: a URL’s domain, a chat link’s phone, a payment account’s e-mail, a marketplace address’s store',
});

@ObjectType('LinkValue', { description: 'A value on one side of a link, and whether the linking key is its own or derived from it' })
export class LinkValue {
  @Field({ description: 'As written in the report' }) value: string;
  @Field(() => IndicatorType, { description: 'The type it was reported as (URL for a URL whose domain links)' }) indicatorType: string;
  @Field(() => KeyDerivation, { nullable: true, description: 'Null: the key is the value’s own' }) derivation: KeyDerivation | null;
  @Field({ description: 'In words: “linked through the domain of this URL”, “the same PHONE”' }) explanation: string;
}

@ObjectType('DerivedIndicatorKey', { description: 'A key an indicator also links through, derived from its value (a URL’s domain, a chat link’s phone, …)' })
export class DerivedIndicatorKey {
  @Field(() => IndicatorType) type: string;
  @Field() key: string;
  @Field(() => KeyDerivation) derivation: KeyDerivation;
  @Field({ description: 'In words: “linked through the domain of this URL”' }) explanation: string;
}

@ObjectType('LinkStep')
export class LinkStep {
  @Field(() => IntelReport, { nullable: true, description: 'Null for a report the caller may not see' }) report: IntelReport | null;
  @Field(() => IndicatorType, { nullable: true, description: 'The key joining this report to the previous one' }) viaType: string | null;
  @Field(() => String, { nullable: true }) viaKey: string | null;
  @Field(() => [String], { description: 'Raw values of that key on the sides the caller may see' }) values: string[];
  @Field(() => [LinkValue], { description: 'The same values, each saying whether the key is its own or derived from it' }) linkValues: LinkValue[];
}

@ObjectType('LinkExplanation')
export class LinkExplanation {
  @Field(() => [LinkStep], { description: 'From the first report to the second; one step means they are the same report' }) steps: LinkStep[];
}
