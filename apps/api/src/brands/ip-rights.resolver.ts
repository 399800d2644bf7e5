import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { Roles } from '../common/auth.decorators.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { uuidOf } from '../common/node.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import { EvidenceFile } from '../files/evidence-file.model.js';
import { FileStorageService } from '../files/file-storage.service.js';
import { Organisation } from '../members/member.models.js';
import { MemberService } from '../members/member.service.js';
import { Brand } from './brand.models.js';
import { BrandService } from './brand.service.js';
import { AddIpRightInput, AuthoriseAgentInput, ReviewIpRightInput } from './dto/ip-right.inputs.js';
import { AgentAuthorisation, IpRight } from './ip-right.models.js';
import { IpRightService } from './ip-right.service.js';

@Resolver(() => IpRight)
export class IpRightResolver {
  constructor(
    private readonly rights: IpRightService,
    private readonly files: FileStorageService,
  ) {}

  @Mutation(() => IpRight, { description: 'A copyright, design or patent of a brand; PENDING until a coordinator verifies it' })
  async addIpRight(@Ctx() ctx: RequestContext, @Args('input') input: AddIpRightInput): Promise<IpRight> {
    return IpRight.from(
      await this.rights.add(ctx, uuidOf(input.brandId, Brand.typename, 'brandId'), {
        kind: input.kind, office: input.office.trim(), number: input.number.trim(), title: input.title?.trim() || null, holder: input.holder.trim(),
        classes: input.classes ?? [], territories: input.territories ?? [], registeredOn: input.registeredOn ?? null, expiresOn: input.expiresOn ?? null,
        certificateFileId: input.certificateFileId ? uuidOf(input.certificateFileId, EvidenceFile.typename, 'certificateFileId') : null,
      }),
    );
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => IpRight)
  async verifyIpRight(@Ctx() ctx: RequestContext, @Args('input') input: ReviewIpRightInput): Promise<IpRight> {
    return IpRight.from(await this.rights.review(ctx, uuidOf(input.id, IpRight.typename), 'VERIFIED', input.note ?? null));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => IpRight)
  async rejectIpRight(@Ctx() ctx: RequestContext, @Args('input') input: ReviewIpRightInput): Promise<IpRight> {
    return IpRight.from(await this.rights.review(ctx, uuidOf(input.id, IpRight.typename), 'REJECTED', input.note ?? null));
  }

  @ResolveField(() => EvidenceFile, { nullable: true, description: 'Null when the caller may not open it' })
  async certificate(@Parent() r: IpRight, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<EvidenceFile | null> {
    if (!r.certificateFileUuid) return null;
    const f = await loaders.get('fileById', (ids: readonly string[]) => this.files.byIds(ctx, ids), null).load(r.certificateFileUuid);
    return f ? EvidenceFile.from(f) : null;
  }
}

@Resolver(() => Brand)
export class BrandIpRightsResolver {
  constructor(private readonly rights: IpRightService) {}

  @ResolveField(() => [IpRight], { description: 'Copyrights, designs and patents of the brand' })
  async ipRights(@Parent() b: Brand, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<IpRight[]> {
    const rows = await loaders.get('ipRightsByBrand', (ids: readonly string[]) => this.rights.byBrandIds(ctx, ids), []).load(b.uuid);
    return rows.map(IpRight.from);
  }
}

@Resolver(() => AgentAuthorisation)
export class AgentAuthorisationResolver {
  constructor(
    private readonly rights: IpRightService,
    private readonly members: MemberService,
    private readonly brandService: BrandService,
  ) {}

  @Query(() => [AgentAuthorisation], { description: 'Authorisations your organisation gave or received (coordinators: all)' })
  async agentAuthorisations(@Ctx() ctx: RequestContext): Promise<AgentAuthorisation[]> {
    return (await this.rights.authorisations(ctx)).map(AgentAuthorisation.from);
  }

  @Roles(Role.MEMBER_ADMIN)
  @Mutation(() => AgentAuthorisation, { description: 'Authorises an agent organisation to file takedowns for some of your brands until expiresOn' })
  async authoriseAgent(@Ctx() ctx: RequestContext, @Args('input') input: AuthoriseAgentInput): Promise<AgentAuthorisation> {
    return AgentAuthorisation.from(
      await this.rights.authorise(ctx, {
        agentOrganisationId: uuidOf(input.agentOrganisationId, Organisation.typename, 'agentOrganisationId'),
        brandIds: input.brandIds.map((id, i) => uuidOf(id, Brand.typename, `brandIds.${i}`)),
        expiresOn: input.expiresOn,
        letterFileId: uuidOf(input.letterFileId, EvidenceFile.typename, 'letterFileId'),
      }),
    );
  }

  @Mutation(() => AgentAuthorisation)
  async revokeAgentAuthorisation(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<AgentAuthorisation> {
    return AgentAuthorisation.from(await this.rights.revoke(ctx, uuidOf(id, AgentAuthorisation.typename)));
  }

  @ResolveField(() => Organisation, { nullable: true })
  async principal(@Parent() a: AgentAuthorisation, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Organisation | null> {
    const e = await loaders.get('organisationById', (ids: readonly string[]) => this.members.organisationsByIds(ctx, ids), null).load(a.row.principalOrganisationId);
    return e ? Organisation.from(e) : null;
  }

  @ResolveField(() => Organisation, { nullable: true })
  async agent(@Parent() a: AgentAuthorisation, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Organisation | null> {
    const e = await loaders.get('organisationById', (ids: readonly string[]) => this.members.organisationsByIds(ctx, ids), null).load(a.row.agentOrganisationId);
    return e ? Organisation.from(e) : null;
  }

  @ResolveField(() => [Brand])
  async brands(@Parent() a: AgentAuthorisation, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Brand[]> {
    const found = await loaders.get('brandById', (ids: readonly string[]) => this.brandService.brandsByIds(ctx, ids), null).loadMany(a.row.brandIds);
    return found.flatMap((b) => (b && !(b instanceof Error) ? [Brand.from(b)] : []));
  }
}
