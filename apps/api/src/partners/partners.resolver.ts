import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { Roles } from '../common/auth.decorators.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { uuidOf } from '../common/node.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import { Organisation } from '../members/member.models.js';
import { MemberService } from '../members/member.service.js';
import { CreateApiKeyInput, CreatePartnerInput, UpdatePartnershipInput } from './dto/partner.inputs.js';
import { ApiKey, CreateApiKeyPayload, Partnership, PartnershipConnection } from './partner.models.js';
import { type Connection, ConnectionArgs, mapConnection } from '../common/pagination.js';
import { PartnerService } from './partner.service.js';

const partnershipUuid = (id: string) => uuidOf(id, Partnership.typename, 'partnershipId');

@Resolver(() => Partnership)
export class PartnershipResolver {
  constructor(
    private readonly partnerService: PartnerService,
    private readonly memberService: MemberService,
  ) {}

  @Query(() => PartnershipConnection, { description: 'The alliance’s partners, oldest first (coordinators also see ended ones)' })
  async partners(@Ctx() ctx: RequestContext, @Args() args: ConnectionArgs): Promise<Connection<Partnership>> {
    const page = await this.partnerService.list(ctx, args.first, args.after);
    return mapConnection(page, Partnership.from);
  }

  @ResolveField(() => Organisation)
  async organisation(@Parent() p: Partnership, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Organisation> {
    const e = await loaders.get('organisationById', (ids: readonly string[]) => this.memberService.organisationsByIds(ctx, ids), null).load(p.organisationUuid);
    return Organisation.from(e!);
  }

  @ResolveField(() => [ApiKey], { description: 'Coordinators only' })
  async apiKeys(@Parent() p: Partnership, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<ApiKey[]> {
    const rows = await loaders.get('apiKeysByOrganisation', (ids: readonly string[]) => this.partnerService.apiKeysByOrganisationIds(ctx, ids), []).load(p.organisationUuid);
    return rows.map(ApiKey.from);
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Partnership)
  async createPartner(@Ctx() ctx: RequestContext, @Args('input') input: CreatePartnerInput): Promise<Partnership> {
    return Partnership.from(await this.partnerService.create(ctx, input));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Partnership)
  async updatePartnership(@Ctx() ctx: RequestContext, @Args('input') input: UpdatePartnershipInput): Promise<Partnership> {
    return Partnership.from(await this.partnerService.updateScopes(ctx, partnershipUuid(input.partnershipId), input.scopes));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Partnership, { description: 'Ends the partnership and revokes its API keys' })
  async endPartnership(@Ctx() ctx: RequestContext, @Args('partnershipId', { type: () => ID }) partnershipId: string): Promise<Partnership> {
    return Partnership.from(await this.partnerService.end(ctx, partnershipUuid(partnershipId)));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => CreateApiKeyPayload, { description: 'The secret is in this answer only; it is stored hashed' })
  async createApiKey(@Ctx() ctx: RequestContext, @Args('input') input: CreateApiKeyInput): Promise<CreateApiKeyPayload> {
    const { key, secret } = await this.partnerService.createApiKey(ctx, partnershipUuid(input.partnershipId), input.name, input.scopes);
    return { apiKey: ApiKey.from(key), secret };
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => ApiKey)
  async revokeApiKey(@Ctx() ctx: RequestContext, @Args('apiKeyId', { type: () => ID }) apiKeyId: string): Promise<ApiKey> {
    return ApiKey.from(await this.partnerService.revokeApiKey(ctx, uuidOf(apiKeyId, ApiKey.typename, 'apiKeyId')));
  }
}
