import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLISODateTime } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { Node, toGlobalId } from '../common/node.js';
import type { UserEntity } from './user.entity.js';

registerEnumType(Role, { name: 'Role' });

@ObjectType('User', { implements: () => [Node] })
export class User implements Node {
  static readonly typename = 'User';
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field() displayName: string;
  @Field(() => Role) role: Role;
  @Field() status: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) lastLoginAt: Date | null;
  /** Raw ids for nested resolvers; not in the schema. */
  organisationUuid: string | null;

  static from(e: UserEntity): User {
    return Object.assign(new User(), {
      id: toGlobalId(User.typename, e.id),
      email: e.email,
      displayName: e.displayName,
      role: e.role,
      status: e.status,
      createdAt: e.createdAt,
      lastLoginAt: e.lastLoginAt,
      organisationUuid: e.organisationId,
    });
  }
}

@ObjectType()
export class LoginPayload {
  @Field() token: string;
  @Field(() => GraphQLISODateTime) expiresAt: Date;
  @Field(() => User) user: User;
}

@ObjectType('Viewer', { description: 'Who the credentials belong to' })
export class Viewer {
  @Field(() => Role) role: Role;
  @Field(() => [String]) scopes: string[];
  @Field(() => User, { nullable: true, description: 'Null when the caller is an API key' }) user: User | null;
  @Field(() => String, { nullable: true }) apiKeyName: string | null;
  allianceUuid: string;
  organisationUuid: string | null;
}
