import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PartnerKind } from '../../../../libs/domain/src/index.js';
import { Node, toGlobalId } from '../common/node.js';
import { ConnectionType } from '../common/pagination.js';
import type { ApiKeyEntity } from '../identity/api-key.entity.js';
import type { PartnershipEntity } from './partnership.entity.js';

registerEnumType(PartnerKind, { name: 'PartnerKind' });

@ObjectType('Partnership', { implements: () => [Node], description: 'A non-member organisation’s role in the alliance and the scopes its users and keys get' })
export class Partnership implements Node {
  static readonly typename = 'Partnership';
  @Field(() => ID) id: string;
  @Field(() => PartnerKind) kind: PartnerKind;
  @Field(() => [String]) scopes: string[];
  @Field() status: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) endedAt: Date | null;
  uuid: string;
  organisationUuid: string;

  static from(e: PartnershipEntity): Partnership {
    return Object.assign(new Partnership(), {
      id: toGlobalId(Partnership.typename, e.id),
      uuid: e.id,
      kind: e.kind,
      scopes: e.scopes,
      status: e.status,
      createdAt: e.createdAt,
      endedAt: e.endedAt,
      organisationUuid: e.organisationId,
    });
  }
}

@ObjectType('ApiKey', { implements: () => [Node], description: 'A partner’s key; the secret is shown once, at creation' })
export class ApiKey implements Node {
  static readonly typename = 'ApiKey';
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'The public start of the key, to recognise it' }) prefix: string;
  @Field(() => [String]) scopes: string[];
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Minute precision' }) lastUsedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) revokedAt: Date | null;

  static from(e: ApiKeyEntity): ApiKey {
    return Object.assign(new ApiKey(), {
      id: toGlobalId(ApiKey.typename, e.id),
      name: e.name,
      prefix: `cmk_${e.prefix}`,
      scopes: e.scopes,
      createdAt: e.createdAt,
      lastUsedAt: e.lastUsedAt,
      revokedAt: e.revokedAt,
    });
  }
}

@ObjectType()
export class CreateApiKeyPayload {
  @Field(() => ApiKey) apiKey: ApiKey;
  @Field({ description: 'The whole key: store it now, it is never shown again' }) secret: string;
}

@ObjectType()
export class PartnershipConnection extends ConnectionType(Partnership, 'Partnership') {}
