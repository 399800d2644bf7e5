import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { MembershipStatus, MembershipTier, OrganisationKind, Role, TrademarkVerificationStatus } from '../../../../libs/domain/src/index.js';
import { AllianceRepository } from '../alliances/alliance.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { BrandRepository } from '../brands/brand.repository.js';
import { IndustryCategoryService } from '../categories/industry-category.service.js';
import { badInput, conflict, forbidden, notFound } from '../common/errors.js';
import { groupBy } from '../common/loaders.js';
import { NodeRegistry } from '../common/node-registry.js';
import { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { actAs, asSystem } from '../database/tenancy.js';
import { AuthService } from '../identity/auth.service.js';
import { LoginThrottle } from '../identity/login-throttle.js';
import { hashPassword } from '../identity/password.js';
import type { UserEntity } from '../identity/user.entity.js';
import { UserRepository } from '../identity/user.repository.js';
import { MailService } from '../mail/mail.service.js';
import type { MembershipEntity } from '../members/membership.entity.js';
import { MembershipService } from '../members/membership.service.js';
import { OrganisationRepository } from '../members/organisation.repository.js';
import type { InvitationEntity } from './invitation.entity.js';
import { InvitationRepository } from './invitation.repository.js';
import { Invitation } from './invitation.models.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface InviteValues {
  email: string;
  organisationName: string;
  contactName?: string;
  country?: string;
  tier?: MembershipTier;
  categoryUuids: string[];
}

/**
 * Onboarding, as coordinators do it: invite → the invitee accepts and drafts the application
 * (organisation, brands, trademarks, evidence) → submits → a coordinator reviews each trademark
 * and approves or rejects the application with a reason. Every step is audited.
 */
/** Memberships whose invitations no longer let anyone in. */
const STOPPED = new Set<string>([MembershipStatus.REJECTED, MembershipStatus.LEFT]);

@Injectable()
export class OnboardingService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly memberships: MembershipService,
    private readonly categories: IndustryCategoryService,
    private readonly auth: AuthService,
    private readonly throttle: LoginThrottle,
    private readonly nodes: NodeRegistry,
    private readonly invitations: InvitationRepository,
    private readonly organisations: OrganisationRepository,
    private readonly alliances: AllianceRepository,
    private readonly brands: BrandRepository,
    private readonly users: UserRepository,
  ) {}

  onModuleInit() {
    this.nodes.register(Invitation.typename, async (ctx, uuids) => {
      if (!ctx.isCoordinator) return new Map();
      const rows = await this.invitations.byIds(ctx.allianceId, uuids);
      return new Map(rows.map((r) => [r.id, Invitation.from(r)]));
    });
  }

  async invite(ctx: RequestContext, values: InviteValues): Promise<{ invitation: InvitationEntity; membership: MembershipEntity }> {
    return this.dataSource.transaction(async (em) => {
      const taken = await this.users.findByEmail(em, values.email);
      if (taken) throw conflict('Someone already signs in with this e-mail', undefined, 'email');
      await this.categories.requireActive(em, ctx, values.categoryUuids, 'categoryIds');
      const organisation = await this.organisations.create(em, {
        allianceId: ctx.allianceId,
        name: values.organisationName.trim(),
        kind: OrganisationKind.BRAND_OWNER,
        country: values.country?.toUpperCase() ?? null,
      });
      const membership = await this.memberships.invite(em, ctx, organisation.id, values.tier ?? MembershipTier.FULL, values.categoryUuids);
      await this.users.insert(em, {
        allianceId: ctx.allianceId,
        organisationId: organisation.id,
        email: values.email,
        displayName: values.contactName?.trim() || values.email,
        passwordHash: null,
        role: Role.MEMBER_ADMIN,
        status: 'ACTIVE',
      });
      const invitation = await this.issueInvitation(em, ctx, membership.id, values.email, organisation.name);
      await this.audit.record(em, ctx, {
        action: 'membership.invited',
        targetType: 'Membership',
        targetId: membership.id,
        after: { organisation, membership, email: values.email, categories: values.categoryUuids, invitationId: invitation.id },
      });
      return { invitation, membership };
    });
  }

  /** A fresh invitation for a membership still INVITED; earlier ones stop working. */
  async resend(ctx: RequestContext, membershipId: string): Promise<InvitationEntity> {
    return this.dataSource.transaction(async (em) => {
      const membership = await this.memberships.find(em, ctx, membershipId, { lock: true });
      if (!membership) throw notFound('Membership', 'membershipId');
      if (membership.status !== MembershipStatus.INVITED) throw conflict(`The membership is ${membership.status}; there is nothing to resend`, { currentStatus: membership.status }, 'membershipId');
      const last = await this.invitations.latestOfMembership(em, membershipId);
      if (!last) throw notFound('Invitation', 'membershipId');
      await this.invitations.expireOpen(em, membershipId);
      const org = await this.organisations.findByIdOrFail(em, membership.organisationId);
      const invitation = await this.issueInvitation(em, ctx, membershipId, last.email, org.name);
      await this.audit.record(em, ctx, { action: 'invitation.resent', targetType: 'Invitation', targetId: invitation.id, after: { membershipId, email: last.email } });
      return invitation;
    });
  }

  private async issueInvitation(em: EntityManager, ctx: RequestContext, membershipId: string, email: string, organisationName: string): Promise<InvitationEntity> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.INVITATION_TTL_HOURS * 3600_000);
    const saved = await this.invitations.insert(em, {
      allianceId: ctx.allianceId, membershipId, email, tokenHash: sha256(token), invitedBy: ctx.actorId, expiresAt,
    });
    const alliance = (await this.alliances.findById(ctx.allianceId, em))!;
    await this.mail.enqueue(em, {
      allianceId: ctx.allianceId,
      kind: 'invitation',
      to: email,
      subject: `${alliance.name} invites ${organisationName} to join`,
      body: [
        `${alliance.name} invites ${organisationName} to join the alliance on Countermark.`,
        '',
        `Accept the invitation and set your password here (single use, valid until ${expiresAt.toISOString()}):`,
        `${this.config.publicUrl}/invitation/${token}`,
      ].join('\n'),
    });
    return saved;
  }

  async preview(token: string): Promise<{ email: string; organisationName: string; allianceName: string; expiresAt: Date }> {
    const invitation = await this.usableInvitation(this.dataSource.manager, token);
    const { organisationName, allianceName } = await this.memberships.invitationNames(invitation.membershipId);
    return { email: invitation.email, organisationName, allianceName, expiresAt: invitation.expiresAt };
  }

  /**
   * Single use: the conditional UPDATE lets exactly one acceptance of a token succeed. Tries are
   * throttled per client address, and the token is checked before the password is hashed (a
   * deliberately slow hash must not be had for free with made-up tokens).
   */
  async accept(token: string, displayName: string, password: string, address = 'unknown'): Promise<{ token: string; expiresAt: Date; user: UserEntity }> {
    await this.throttle.takeInvitationAttempt(address);
    await this.usableInvitation(this.dataSource.manager, token);
    const passwordHash = await hashPassword(password);
    const user = await this.dataSource.transaction(async (em) => {
      const invitation = await this.usableInvitation(em, token);
      const user = await this.users.findByEmailInAlliance(em, invitation.allianceId, invitation.email);
      if (!user) throw notFound('Invitation', 'token');
      if (!(await this.invitations.claim(em, invitation.id, user.id))) throw conflict('This invitation has already been used', undefined, 'token');
      await this.users.update(em, user.id, { passwordHash, displayName: displayName.trim() });
      const ctx = await this.auth.contextOfUser(user);
      await this.audit.record(em, ctx, { action: 'invitation.accepted', targetType: 'Invitation', targetId: invitation.id, after: { userId: user.id, email: user.email } });
      return { ...user, displayName: displayName.trim() };
    });
    await this.throttle.invitationAccepted(address);
    return { ...(await this.auth.issueSession(user)), user };
  }

  private async usableInvitation(em: EntityManager, token: string): Promise<InvitationEntity> {
    // found by its token, whichever alliance it is of (a transaction's connection is set already);
    // the request then acts in that alliance (database/tenancy.ts)
    const invitation = await asSystem(() => this.invitations.byTokenHash(em, sha256(token)));
    if (!invitation) throw notFound('Invitation', 'token');
    actAs(invitation.allianceId);
    if (invitation.acceptedAt) throw conflict('This invitation has already been used', undefined, 'token');
    if (invitation.expiresAt.getTime() <= Date.now()) throw badInput('token', 'This invitation has expired: ask the coordinator for a new one');
    // an organisation whose application was rejected (or that left) is not let in by an old link
    const membership = await this.memberships.find(em, RequestContext.system(invitation.allianceId), invitation.membershipId);
    if (!membership || STOPPED.has(membership.status)) throw conflict('This invitation no longer works: the membership has ended', { currentStatus: membership?.status ?? null }, 'token');
    return invitation;
  }

  /** The invitee hands in its application: organisation details, categories, brands with trademarks. */
  async submit(ctx: RequestContext): Promise<MembershipEntity> {
    if (ctx.role !== Role.MEMBER_ADMIN || !ctx.organisationId) throw forbidden('Only the applicant’s admin submits its application');
    return this.dataSource.transaction(async (em) => {
      const membership = await this.memberships.ofOrganisation(em, ctx, ctx.organisationId!);
      if (!membership) throw notFound('Membership');
      const org = await this.organisations.findByIdOrFail(em, ctx.organisationId!);
      if (!org.legalName) throw badInput('legalName', 'Give the organisation’s legal name before submitting');
      if (!org.country) throw badInput('country', 'Give the organisation’s country before submitting');
      const categories = await this.memberships.categoryCount(em, membership.id);
      if (categories === 0) throw badInput('categoryIds', 'Choose at least one industry category before submitting');
      const brands = await this.brands.brandsOfOrganisation(em, org.id);
      if (brands.length === 0) throw badInput('brands', 'Add at least one brand before submitting');
      const trademarks = await this.brands.trademarksOfBrands(em, brands.map((b) => b.id));
      const byBrand = groupBy(trademarks, (t) => t.brandId);
      const bare = brands.find((b) => !byBrand.has(b.id));
      if (bare) throw badInput('trademarks', `Add a trademark to the brand "${bare.name}" before submitting`);
      return this.memberships.transition(em, ctx, membership.id, MembershipStatus.APPLIED, null);
    });
  }

  async startReview(ctx: RequestContext, membershipId: string): Promise<MembershipEntity> {
    return this.memberships.change(ctx, membershipId, MembershipStatus.UNDER_REVIEW, null);
  }

  /** Approval needs every trademark decided and at least one verified. */
  async approve(ctx: RequestContext, membershipId: string, note: string | null): Promise<MembershipEntity> {
    return this.dataSource.transaction(async (em) => {
      const membership = await this.memberships.find(em, ctx, membershipId);
      if (!membership) throw notFound('Membership', 'membershipId');
      const counts = await this.brands.trademarkStatusCounts(em, ctx.allianceId, membership.organisationId);
      const count = (s: TrademarkVerificationStatus) => counts.get(s) ?? 0;
      if (membership.status === MembershipStatus.UNDER_REVIEW) {
        if (count(TrademarkVerificationStatus.PENDING) > 0) {
          throw conflict(`${count(TrademarkVerificationStatus.PENDING)} trademark(s) still await verification`, { currentStatus: membership.status }, 'membershipId');
        }
        if (count(TrademarkVerificationStatus.VERIFIED) === 0) {
          throw conflict('No trademark of this applicant is verified: reject the application instead', { currentStatus: membership.status }, 'membershipId');
        }
      }
      const after = await this.memberships.transition(em, ctx, membershipId, MembershipStatus.ACTIVE, note);
      await this.notifyApplicant(em, ctx, after, 'approved', note);
      return after;
    });
  }

  async reject(ctx: RequestContext, membershipId: string, reason: string): Promise<MembershipEntity> {
    return this.dataSource.transaction(async (em) => {
      const after = await this.memberships.transition(em, ctx, membershipId, MembershipStatus.REJECTED, reason);
      await this.notifyApplicant(em, ctx, after, 'rejected', reason);
      return after;
    });
  }

  private async notifyApplicant(em: EntityManager, ctx: RequestContext, membership: MembershipEntity, outcome: 'approved' | 'rejected', reason: string | null) {
    const admins = await this.users.adminsOf(em, ctx.allianceId, membership.organisationId);
    const alliance = (await this.alliances.findById(ctx.allianceId, em))!;
    for (const admin of admins) {
      await this.mail.enqueue(em, {
        allianceId: ctx.allianceId,
        kind: `application_${outcome}`,
        to: admin.email,
        subject: `Your application to ${alliance.name} was ${outcome}`,
        body: [`Your application to ${alliance.name} was ${outcome}.`, ...(reason ? ['', `Reason: ${reason}`] : []), '', this.config.publicUrl].join('\n'),
      });
    }
  }

  async invitationsByMembershipIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, InvitationEntity[]>> {
    if (!ctx.isCoordinator || ids.length === 0) return new Map();
    const rows = await this.invitations.byMembershipIds(ctx.allianceId, ids);
    return groupBy(rows, (r) => r.membershipId);
  }
}
