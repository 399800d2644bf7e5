import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { MembershipStatus, Role } from '../../../../libs/domain/src/index.js';
import { Alliance } from '../alliances/alliance.model.js';
import { IndustryCategory } from '../categories/industry-category.model.js';
import { Roles, Scopes } from '../common/auth.decorators.js';
import { forbidden } from '../common/errors.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { uuidOf } from '../common/node.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import {
  MembersArgs, MembershipDecisionInput, MembershipStatusChangeInput, SetMembershipCategoriesInput, SetMembershipTierInput, UpdateOrganisationInput,
} from './dto/member.inputs.js';
import { MemberAccess } from './member-access.js';
import { AllianceFigures, Membership, MembershipConnection, MembershipTransition, Organisation } from './member.models.js';
import { MemberService } from './member.service.js';
import { MembershipService } from './membership.service.js';

@Resolver(() => Membership)
export class MembershipResolver {
  constructor(
    private readonly memberService: MemberService,
    private readonly memberships: MembershipService,
    private readonly access: MemberAccess,
  ) {}

  @Scopes('directory:read')
  @Query(() => MembershipConnection, { description: 'The member directory: members the caller may see, by organisation name' })
  async members(
    @Ctx() ctx: RequestContext,
    @Args() { first, after, filter }: MembersArgs,
  ) {
    return this.memberService.directory(
      ctx,
      {
        ...filter,
        categoryUuids: filter?.categoryIds?.map((id, i) => uuidOf(id, IndustryCategory.typename, `filter.categoryIds.${i}`)),
      },
      first,
      after,
    );
  }

  @ResolveField(() => Organisation)
  async organisation(@Parent() m: Membership, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Organisation> {
    if (m.organisationEntity) return Organisation.from(m.organisationEntity);
    const e = await loaders.get('organisationById', (ids: readonly string[]) => this.memberService.organisationsByIds(ctx, ids), null).load(m.organisationUuid);
    return Organisation.from(e!);
  }

  @ResolveField(() => [IndustryCategory])
  async categories(@Parent() m: Membership, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<IndustryCategory[]> {
    const rows = await loaders.get('categoriesByMembership', (ids: readonly string[]) => this.memberService.categoriesByMembershipIds(ctx, ids), []).load(m.uuid);
    return rows.map(IndustryCategory.from);
  }

  @ResolveField(() => [MembershipTransition], { description: 'The lifecycle so far, oldest first' })
  async history(@Parent() m: Membership, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<MembershipTransition[]> {
    if (!ctx.isCoordinator && ctx.organisationId !== m.organisationUuid) return [];
    const rows = await loaders.get('transitionsByMembership', (ids: readonly string[]) => this.memberService.transitionsByMembershipIds(ctx, ids), []).load(m.uuid);
    return rows.map(MembershipTransition.from);
  }

  @Mutation(() => Membership, { description: 'Coordinators, or the member’s admins for their own membership' })
  async setMembershipCategories(@Ctx() ctx: RequestContext, @Args('input') input: SetMembershipCategoriesInput): Promise<Membership> {
    const categoryUuids = input.categoryIds.map((id, i) => uuidOf(id, IndustryCategory.typename, `categoryIds.${i}`));
    return Membership.from(await this.memberService.setCategories(ctx, uuidOf(input.membershipId, Membership.typename, 'membershipId'), categoryUuids));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Membership)
  async setMembershipTier(@Ctx() ctx: RequestContext, @Args('input') input: SetMembershipTierInput): Promise<Membership> {
    return Membership.from(await this.memberService.setTier(ctx, uuidOf(input.membershipId, Membership.typename, 'membershipId'), input.tier));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Membership, { description: 'ACTIVE → SUSPENDED' })
  async suspendMembership(@Ctx() ctx: RequestContext, @Args('input') input: MembershipDecisionInput): Promise<Membership> {
    return this.change(ctx, input.membershipId, MembershipStatus.SUSPENDED, input.reason);
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Membership, { description: 'SUSPENDED → ACTIVE' })
  async reinstateMembership(@Ctx() ctx: RequestContext, @Args('input') input: MembershipStatusChangeInput): Promise<Membership> {
    return this.change(ctx, input.membershipId, MembershipStatus.ACTIVE, input.reason ?? null);
  }

  @Mutation(() => Membership, { description: 'ACTIVE or SUSPENDED → LEFT; coordinators, or the member’s admins for their own' })
  async endMembership(@Ctx() ctx: RequestContext, @Args('input') input: MembershipStatusChangeInput): Promise<Membership> {
    const id = uuidOf(input.membershipId, Membership.typename, 'membershipId');
    const membership = await this.memberService.requireMembership(ctx, id);
    if (!this.access.canManageOrganisation(ctx, membership.organisationId)) throw forbidden();
    return Membership.from(await this.memberships.change(ctx, id, MembershipStatus.LEFT, input.reason ?? null));
  }

  private async change(ctx: RequestContext, membershipId: string, to: MembershipStatus, reason: string | null): Promise<Membership> {
    return Membership.from(await this.memberships.change(ctx, uuidOf(membershipId, Membership.typename, 'membershipId'), to, reason));
  }
}

@Resolver(() => Organisation)
export class OrganisationResolver {
  constructor(private readonly memberService: MemberService) {}

  @ResolveField(() => Membership, { nullable: true, description: 'Null for partners and for memberships the caller may not see' })
  async membership(@Parent() o: Organisation, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Membership | null> {
    const e = await loaders.get('membershipByOrganisation', (ids: readonly string[]) => this.memberService.membershipsByOrganisationIds(ctx, ids), null).load(o.uuid);
    return e ? Membership.from(e) : null;
  }

  @Mutation(() => Organisation, { description: 'Coordinators, or the organisation’s own admins' })
  async updateOrganisation(@Ctx() ctx: RequestContext, @Args('input') input: UpdateOrganisationInput): Promise<Organisation> {
    const { organisationId, ...changes } = input;
    return Organisation.from(await this.memberService.updateOrganisation(ctx, uuidOf(organisationId, Organisation.typename, 'organisationId'), changes));
  }
}

@Resolver(() => Alliance)
export class AllianceFiguresResolver {
  constructor(private readonly memberService: MemberService) {}

  @Scopes('stats:read')
  @ResolveField(() => AllianceFigures)
  async figures(@Ctx() ctx: RequestContext): Promise<AllianceFigures> {
    return this.memberService.figures(ctx);
  }
}
