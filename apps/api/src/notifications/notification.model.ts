import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Node, toGlobalId } from '../common/node.js';
import { ConnectionType } from '../common/pagination.js';
import type { NotificationEntity } from './notification.entity.js';

@ObjectType('Notification', { implements: () => [Node] })
export class Notification implements Node {
  static readonly typename = 'Notification';
  @Field(() => ID) id: string;
  @Field({ description: 'watchlist_match, contact_request, contact_answer, …' }) kind: string;
  @Field() title: string;
  @Field() body: string;
  @Field(() => ID, { nullable: true, description: 'What it is about (fetch it with `node`)' }) targetId: string | null;
  @Field(() => String, { nullable: true, description: 'The type of the target: IntelReport, ContactRequest, …' }) targetType: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) readAt: Date | null;
  userUuid: string;

  static from(e: NotificationEntity): Notification {
    return Object.assign(new Notification(), {
      id: toGlobalId(Notification.typename, e.id),
      kind: e.kind,
      title: e.title,
      body: e.body,
      targetId: e.targetType && e.targetId ? toGlobalId(e.targetType, e.targetId) : null,
      targetType: e.targetType,
      createdAt: e.createdAt,
      readAt: e.readAt,
      userUuid: e.userId,
    });
  }
}

@ObjectType()
export class NotificationConnection extends ConnectionType(Notification, 'Notification') {}
