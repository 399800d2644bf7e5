import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MembershipStatus, MembershipTier, OrganisationKind } from '../../../../libs/domain/src/index.js';
import { Node, toGlobalId } from '../common/node.js';
import { ConnectionType } from '../common/pagination.js';
import type { MembershipEntity, MembershipTransitionEntity } from './membership.entity.js';
import type { OrganisationEntity } from './organisation.entity.js';

registerEnumType(MembershipStatus, { name: 'MembershipStatus' });
registerEnumType(MembershipTier, { name: 'MembershipTier' });
registerEnumType(OrganisationKind, { name: 'OrganisationKind' });

@ObjectType('Organisation', { implements: () => [Node], description: 'A legal entity: brand owner, agent, marketplace, agency, association, university' })
export class Organisation implements Node {
  static readonly typename = 'Organisation';
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) legalName: string | null;
  @Field(() => OrganisationKind) kind: OrganisationKind;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2' }) country: string | null;
  @Field(() => String, { nullable: true }) website: string | null;
  @Field(() => String, { nullable: true }) description: string | null;
  uuid: string;

  static from(e: OrganisationEntity): Organisation {
    return Object.assign(new Organisation(), {
      id: toGlobalId(Organisation.typename, e.id),
      uuid: e.id,
      name: e.name,
      legalName: e.legalName,
      kind: e.kind,
      country: e.country,
      website: e.website,
      description: e.description,
    });
  }
}

@ObjectType('Membership', { implements: () => [Node], description: 'An organisation inside the alliance' })
export class Membership implements Node {
  static readonly typename = 'Membership';
  @Field(() => ID) id: string;
  @Field(() => MembershipStatus) status: MembershipStatus;
  @Field(() => MembershipTier) tier: MembershipTier;
  @Field(() => String, { nullable: true, description: 'Why the last status change happened' }) statusReason: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; set when first approved' }) joinedOn: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  uuid: string;
  organisationUuid: string;
  /** Filled when the query joined the organisation already (the directory). */
  organisationEntity?: OrganisationEntity;

  static from(e: MembershipEntity, organisation?: OrganisationEntity): Membership {
    return Object.assign(new Membership(), {
      id: toGlobalId(Membership.typename, e.id),
      uuid: e.id,
      status: e.status,
      tier: e.tier,
      statusReason: e.statusReason,
      joinedOn: e.joinedOn,
      createdAt: e.createdAt,
      organisationUuid: e.organisationId,
      organisationEntity: organisation,
    });
  }
}

@ObjectType('MembershipTransition', { description: 'One step of a membership’s lifecycle' })
export class MembershipTransition {
  @Field(() => MembershipStatus, { nullable: true }) from: MembershipStatus | null;
  @Field(() => MembershipStatus) to: MembershipStatus;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => GraphQLISODateTime) at: Date;

  static from(e: MembershipTransitionEntity): MembershipTransition {
    return Object.assign(new MembershipTransition(), { from: e.fromStatus, to: e.toStatus, reason: e.reason, at: e.createdAt });
  }
}

@ObjectType()
export class MembershipConnection extends ConnectionType(Membership, 'Membership') {}

@ObjectType()
export class StatusCount {
  @Field(() => MembershipStatus) status: MembershipStatus;
  @Field(() => Int) count: number;
}

@ObjectType()
export class YearCount {
  @Field(() => Int) year: number;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'The alliance at a glance, within what the caller may see' })
export class AllianceFigures {
  @Field(() => [StatusCount]) membersByStatus: StatusCount[];
  @Field(() => Int, { description: 'Active members' }) activeMembers: number;
  @Field(() => Int, { description: 'Brands of active members' }) brands: number;
  @Field(() => Int, { description: 'Trademarks of active members' }) trademarks: number;
  @Field(() => Int, { description: 'Active industry categories' }) categories: number;
  @Field(() => Float, { description: 'Share (0–1) of active members based outside the home country' }) outsideHomeCountryShare: number;
  @Field(() => [YearCount], { description: 'Members joined per year (by joinedOn)' }) joinedPerYear: YearCount[];
}
