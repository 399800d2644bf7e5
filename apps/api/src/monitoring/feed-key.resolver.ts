import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { Roles } from '../common/auth.decorators.js';
import { uuidOf } from '../common/node.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { ApiKey, CreateApiKeyPayload } from '../partners/partner.models.js';
import { CreateFeedApiKeyInput } from './dto/feed-api-key.input.js';
import { FeedKeyService } from './feed-key.service.js';

@Resolver()
export class FeedKeyResolver {
  constructor(private readonly keys: FeedKeyService) {}

  @Roles(Role.MEMBER_ADMIN)
  @Query(() => [ApiKey], { description: 'Your organisation’s feed keys (its crawlers’), newest first' })
  async feedApiKeys(@Ctx() ctx: RequestContext): Promise<ApiKey[]> {
    return (await this.keys.list(ctx)).map(ApiKey.from);
  }

  @Roles(Role.MEMBER_ADMIN)
  @Mutation(() => CreateApiKeyPayload, { description: 'A key for your organisation’s crawler: it may push listings (listings:write) and nothing else, while your membership is active. The secret is in this answer only' })
  async createFeedApiKey(@Ctx() ctx: RequestContext, @Args('input') input: CreateFeedApiKeyInput): Promise<CreateApiKeyPayload> {
    const { key, secret } = await this.keys.create(ctx, input.name);
    return Object.assign(new CreateApiKeyPayload(), { apiKey: ApiKey.from(key), secret });
  }

  @Roles(Role.MEMBER_ADMIN)
  @Mutation(() => ApiKey)
  async revokeFeedApiKey(@Ctx() ctx: RequestContext, @Args('apiKeyId', { type: () => ID }) apiKeyId: string): Promise<ApiKey> {
    return ApiKey.from(await this.keys.revoke(ctx, uuidOf(apiKeyId, ApiKey.typename, 'apiKeyId')));
  }
}
