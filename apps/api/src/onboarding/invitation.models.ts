import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Node, toGlobalId } from '../common/node.js';
import { Membership } from '../members/member.models.js';
import type { InvitationEntity } from './invitation.entity.js';

@ObjectType('Invitation', { implements: () => [Node], description: 'A single-use, expiring invitation e-mailed to a prospective member' })
export class Invitation implements Node {
  static readonly typename = 'Invitation';
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field(() => GraphQLISODateTime) expiresAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) acceptedAt: Date | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  uuid: string;
  membershipUuid: string;

  static from(e: InvitationEntity): Invitation {
    return Object.assign(new Invitation(), {
      id: toGlobalId(Invitation.typename, e.id),
      uuid: e.id,
      email: e.email,
      expiresAt: e.expiresAt,
      acceptedAt: e.acceptedAt,
      createdAt: e.createdAt,
      membershipUuid: e.membershipId,
    });
  }
}

@ObjectType({ description: 'What the invitee sees before accepting' })
export class InvitationPreview {
  @Field() email: string;
  @Field() organisationName: string;
  @Field() allianceName: string;
  @Field(() => GraphQLISODateTime) expiresAt: Date;
}

@ObjectType()
export class InviteMemberPayload {
  @Field(() => Invitation) invitation: Invitation;
  @Field(() => Membership) membership: Membership;
}
