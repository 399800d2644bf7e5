import { Args, ArgsType, Field, ID, Int, Mutation, ObjectType, Query, Resolver, Subscription } from '@nestjs/graphql';
import { IsArray, IsBoolean, IsOptional, IsString, MaxLength, ArrayMaxSize } from 'class-validator';
import { uuidOf } from '../common/node.js';
import { ConnectionArgs } from '../common/pagination.js';
import { callerOf, Ctx, RequestContext, type GraphQLRequestContext } from '../common/request-context.js';
import { Notification, NotificationConnection } from './notification.model.js';
import { NOTIFICATION_ADDED, NotificationService } from './notification.service.js';

@ArgsType()
class NotificationsArgs extends ConnectionArgs {
  @Field({ defaultValue: false }) @IsOptional() @IsBoolean()
  unreadOnly: boolean;
}

@ObjectType()
class NotificationPage extends NotificationConnection {
  @Field(() => Int) unreadCount: number;
}

@ArgsType()
class MarkReadArgs {
  @Field(() => [ID], { nullable: true, description: 'Omit to mark every notification read' }) @IsOptional() @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) @MaxLength(200, { each: true })
  ids?: string[];
}

@Resolver(() => Notification)
export class NotificationsResolver {
  constructor(private readonly notificationService: NotificationService) {}

  @Query(() => NotificationPage, { description: 'The caller’s notifications, newest first' })
  async notifications(@Ctx() ctx: RequestContext, @Args() { first, after, unreadOnly }: NotificationsArgs) {
    return this.notificationService.list(ctx, unreadOnly, first, after);
  }

  @Mutation(() => Int, { description: 'Answers how many notifications were marked read' })
  async markNotificationsRead(@Ctx() ctx: RequestContext, @Args() { ids }: MarkReadArgs): Promise<number> {
    return this.notificationService.markRead(ctx, ids ? ids.map((id, i) => uuidOf(id, Notification.typename, `ids.${i}`)) : null);
  }

  @Subscription(() => Notification, {
    description: 'Pushed over graphql-ws (connection parameter `authorization: "Bearer …"`, or the web client’s session cookie from an allowed Origin)',
    filter: (payload: { notificationAdded: Notification }, _args: unknown, context: Partial<GraphQLRequestContext>) =>
      payload.notificationAdded.userUuid === callerOf(context)?.actorId,
  })
  notificationAdded(@Ctx() _ctx: RequestContext) {
    return this.notificationService.pubsub.asyncIterableIterator(NOTIFICATION_ADDED);
  }
}
