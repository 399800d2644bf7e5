import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { IndustryCategory } from '../categories/industry-category.model.js';
import { Public, Roles } from '../common/auth.decorators.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { uuidOf } from '../common/node.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import { setSessionCookie, type HttpExchange } from '../identity/session-cookie.js';
import { LoginPayload, User } from '../identity/user.model.js';
import { Membership } from '../members/member.models.js';
import { MembershipDecisionInput, MembershipStatusChangeInput } from '../members/dto/member.inputs.js';
import { AcceptInvitationInput, InviteMemberInput } from './dto/onboarding.inputs.js';
import { Invitation, InvitationPreview, InviteMemberPayload } from './invitation.models.js';
import { OnboardingService } from './onboarding.service.js';

const membershipUuid = (id: string) => uuidOf(id, Membership.typename, 'membershipId');

@Resolver()
export class OnboardingResolver {
  constructor(private readonly onboarding: OnboardingService) {}

  @Roles(Role.COORDINATOR)
  @Mutation(() => InviteMemberPayload, { description: 'Creates the organisation and an INVITED membership, and e-mails a single-use invitation' })
  async inviteMember(@Ctx() ctx: RequestContext, @Args('input') input: InviteMemberInput): Promise<InviteMemberPayload> {
    const categoryUuids = (input.categoryIds ?? []).map((id, i) => uuidOf(id, IndustryCategory.typename, `categoryIds.${i}`));
    const { invitation, membership } = await this.onboarding.invite(ctx, { ...input, categoryUuids });
    return { invitation: Invitation.from(invitation), membership: Membership.from(membership) };
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Invitation, { description: 'A new invitation for a membership still INVITED; earlier links stop working' })
  async resendInvitation(@Ctx() ctx: RequestContext, @Args('input') input: MembershipStatusChangeInput): Promise<Invitation> {
    return Invitation.from(await this.onboarding.resend(ctx, membershipUuid(input.membershipId)));
  }

  @Public()
  @Query(() => InvitationPreview, { description: 'What an invitation link is for; no credentials needed' })
  async invitation(@Args('token') token: string): Promise<InvitationPreview> {
    return this.onboarding.preview(token);
  }

  @Public()
  @Mutation(() => LoginPayload, { description: 'Sets the invitee’s password (the token works once) and signs them in, as login does (the session cookie too)' })
  async acceptInvitation(@Args('input') input: AcceptInvitationInput, @Context() http: HttpExchange & { req?: { ip?: string } }): Promise<LoginPayload> {
    const { token, expiresAt, user } = await this.onboarding.accept(input.token, input.displayName, input.password, http.req?.ip ?? 'unknown');
    setSessionCookie(http, token, expiresAt);
    return { token, expiresAt, user: User.from(user) };
  }

  @Roles(Role.MEMBER_ADMIN)
  @Mutation(() => Membership, { description: 'INVITED → APPLIED: the applicant hands in its organisation, categories, brands and trademarks' })
  async submitApplication(@Ctx() ctx: RequestContext): Promise<Membership> {
    return Membership.from(await this.onboarding.submit(ctx));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Membership, { description: 'APPLIED → UNDER_REVIEW' })
  async startApplicationReview(@Ctx() ctx: RequestContext, @Args('input') input: MembershipStatusChangeInput): Promise<Membership> {
    return Membership.from(await this.onboarding.startReview(ctx, membershipUuid(input.membershipId)));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Membership, { description: 'UNDER_REVIEW → ACTIVE, once every trademark is decided and one is verified' })
  async approveApplication(@Ctx() ctx: RequestContext, @Args('input') input: MembershipStatusChangeInput): Promise<Membership> {
    return Membership.from(await this.onboarding.approve(ctx, membershipUuid(input.membershipId), input.reason ?? null));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Membership, { description: 'INVITED, APPLIED or UNDER_REVIEW → REJECTED, with the reason the applicant will read' })
  async rejectApplication(@Ctx() ctx: RequestContext, @Args('input') input: MembershipDecisionInput): Promise<Membership> {
    return Membership.from(await this.onboarding.reject(ctx, membershipUuid(input.membershipId), input.reason));
  }
}

@Resolver(() => Membership)
export class MembershipInvitationsResolver {
  constructor(private readonly onboarding: OnboardingService) {}

  @ResolveField(() => [Invitation], { description: 'Coordinators only; newest first' })
  async invitations(@Parent() m: Membership, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Invitation[]> {
    const rows = await loaders.get('invitationsByMembership', (ids: readonly string[]) => this.onboarding.invitationsByMembershipIds(ctx, ids), []).load(m.uuid);
    return rows.map(Invitation.from);
  }
}
