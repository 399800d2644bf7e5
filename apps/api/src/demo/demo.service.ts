import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PartnerKind, Role, TrademarkVerificationStatus } from '../../../../libs/domain/src/index.js';
import { AllianceService } from '../alliances/alliance.service.js';
import { AuditService } from '../audit/audit.service.js';
import { BrandRepository } from '../brands/brand.repository.js';
import { IndustryCategoryRepository } from '../categories/industry-category.repository.js';
import { RequestContext } from '../common/request-context.js';
import { hashPassword } from '../identity/password.js';
import { UserRepository } from '../identity/user.repository.js';
import { MembershipRepository } from '../members/membership.repository.js';
import { OrganisationRepository } from '../members/organisation.repository.js';
import { PartnerService } from '../partners/partner.service.js';
import { DEMO_MEMBERS, DEMO_PARTNERS } from './demo-data.js';
import { DEMO_INTEL } from './demo-intel.js';
import { DemoIntelService } from './demo-intel.service.js';
import { DemoEnforcementService } from './demo-enforcement.service.js';
import { DemoMonitoringService } from './demo-monitoring.service.js';
import { DemoTakedownService } from './demo-takedown.service.js';
import { slug } from './demo-random.js';

export const DEMO_PASSWORD = 'countermark-demo';
export const DEMO_SLUG = 'demo';

/** The demo users, one per role; the README lists them. */
export const DEMO_USERS = {
  coordinator: 'coordinator@demo.countermark.test',
  memberAdmin: 'admin@zhenlan.demo.countermark.test',
  memberAnalyst: 'analyst@zhenlan.demo.countermark.test',
  platformReviewer: 'reviewer@marketplace.demo.countermark.test',
  partner: 'officer@police.demo.countermark.test',
} as const;

/** `admin@stem.demo.countermark.test` for a member named "Stem Electronics". */
const memberEmail = (role: 'admin' | 'analyst', member: string) => `${role}@${slug(member.split(' ')[0])}.demo.countermark.test`;

/**
 * The people of the demo's members, to share intelligence between members: an admin and an
 * analyst in each of the sharing members (the first is Zhenlan: DEMO_USERS.memberAdmin and
 * memberAnalyst), and an analyst in each other reporting member. The README lists them.
 */
export const DEMO_MEMBER_PEOPLE: { email: string; displayName: string; role: Role.MEMBER_ADMIN | Role.MEMBER_ANALYST; member: string }[] = DEMO_INTEL.reportingMembers.flatMap((member) => {
  const sharing = DEMO_INTEL.sharingMembers.indexOf(member);
  const stem = member.split(' ')[0];
  return sharing >= 0
    ? [
      { email: memberEmail('admin', member), displayName: `${stem} Admin`, role: Role.MEMBER_ADMIN as const, member },
      { email: memberEmail('analyst', member), displayName: `${stem} Analyst`, role: Role.MEMBER_ANALYST as const, member },
    ]
    : [{ email: memberEmail('analyst', member), displayName: `${stem} Analyst`, role: Role.MEMBER_ANALYST as const, member }];
});

export interface DemoLoadOptions {
  /** The year of intelligence (reports, networks, blind matches, contact requests, an import); default true. */
  intel?: boolean;
}

/** Loads the demo alliance (fictional members, brands, trademarks, partners, people, a year of intelligence) into an empty database. */
@Injectable()
export class DemoService {
  private readonly logger = new Logger('Demo');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly alliances: AllianceService,
    private readonly partners: PartnerService,
    private readonly audit: AuditService,
    private readonly intel: DemoIntelService,
    private readonly takedowns: DemoTakedownService,
    private readonly monitoring: DemoMonitoringService,
    private readonly enforcement: DemoEnforcementService,
    private readonly categoryRows: IndustryCategoryRepository,
    private readonly organisations: OrganisationRepository,
    private readonly memberships: MembershipRepository,
    private readonly brands: BrandRepository,
    private readonly users: UserRepository,
  ) {}

  /** `intel: false` only for tests that must start from the bare alliance. */
  async loadIfEmpty(options: DemoLoadOptions = {}): Promise<boolean> {
    if (await this.alliances.any()) return false;
    await this.load(options);
    return true;
  }

  async load(options: DemoLoadOptions = {}): Promise<void> {
    const started = Date.now();
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const people = new Map<string, string[]>(); // member name → user ids, admin first
    let coordinatorId = '';
    const memberAdminIds: string[] = [];
    const names = { brands: new Map<string, string>(), categories: new Map<string, string>() }; // name → id, for the intelligence
    const allianceId = await this.dataSource.transaction(async (em) => {
      const alliance = await this.alliances.create(em, { slug: DEMO_SLUG, name: 'Demo Anti-Counterfeiting Alliance', homeCountry: 'CN' });
      const ctx = RequestContext.system(alliance.id);
      const categories = new Map((await this.categoryRows.list(alliance.id, true, em)).map((c) => [c.name, c.id]));
      names.categories = categories;
      const orgIds = new Map<string, string>();
      for (const member of DEMO_MEMBERS) {
        orgIds.set(member.name, await this.loadMember(em, alliance.id, member, categories, names.brands));
      }
      const user = async (email: string, displayName: string, role: Role, organisationId: string | null): Promise<string> =>
        this.users.insert(em, { email, displayName, role, organisationId, allianceId: alliance.id, passwordHash, status: 'ACTIVE' });
      coordinatorId = await user(DEMO_USERS.coordinator, 'Casey Coordinator', Role.COORDINATOR, null);
      // the first demo member (Zhenlan Electronics, ACTIVE) is the members' demo login: DEMO_USERS
      const known = new Map<string, string>([[DEMO_USERS.memberAdmin, 'Ada Admin'], [DEMO_USERS.memberAnalyst, 'Ari Analyst']]);
      for (const p of DEMO_MEMBER_PEOPLE) {
        const userId = await user(p.email, known.get(p.email) ?? p.displayName, p.role, orgIds.get(p.member)!);
        people.set(p.member, [...(people.get(p.member) ?? []), userId]);
        if (p.role === Role.MEMBER_ADMIN) memberAdminIds.push(userId);
      }
      await this.audit.record(em, ctx, { action: 'demo.loaded', targetType: 'Alliance', targetId: alliance.id, after: { members: DEMO_MEMBERS.length } });
      return alliance.id;
    });
    // partners go through their service (own transactions), then get their people
    const ctx = RequestContext.system(allianceId);
    let reviewer: { reviewerId: string; reviewerOrganisationId: string } | null = null;
    let policePartnershipId: string | null = null;
    for (const p of DEMO_PARTNERS) {
      const partnership = await this.partners.create(ctx, { name: p.name, kind: p.kind, country: p.country, scopes: p.scopes });
      if (p.kind === PartnerKind.LAW_ENFORCEMENT) policePartnershipId ??= partnership.id;
      const person =
        p.kind === 'MARKETPLACE' ? { email: DEMO_USERS.platformReviewer, displayName: 'Rui Reviewer', role: Role.PLATFORM_REVIEWER }
        : p.kind === 'LAW_ENFORCEMENT' ? { email: DEMO_USERS.partner, displayName: 'Pat Officer', role: Role.PARTNER }
        : null;
      if (person) {
        const userId = await this.users.insert(this.dataSource.manager, { ...person, organisationId: partnership.organisationId, allianceId, passwordHash, status: 'ACTIVE' });
        if (person.role === Role.PLATFORM_REVIEWER) reviewer = { reviewerId: userId, reviewerOrganisationId: partnership.organisationId };
      }
    }
    if (options.intel ?? true) await this.intel.load({ people, coordinatorId, ...names });
    // the takedown queue and its year of history go with the intelligence (a bare alliance has neither)
    const takedowns = (options.intel ?? true) && reviewer ? await this.takedowns.load({ allianceId, allianceSlug: DEMO_SLUG, ...reviewer, memberAdminIds, memberAdminEmail: DEMO_USERS.memberAdmin }) : 0;
    // a feed of listings naming members' brands, matched by its job into alerts to triage; beside it (neither reads
    // what the other writes), enforcement cases at every status from the planted networks and the repeat store's
    // takedowns, some referred to the police partner
    const [listings, cases] = await Promise.all([
      (options.intel ?? true) ? this.monitoring.load({ coordinatorId, memberAdminIds }) : 0,
      (options.intel ?? true) && policePartnershipId ? this.enforcement.load({ allianceId, coordinatorId, people, policePartnershipId }) : 0,
    ]);
    const intel = options.intel ?? true ? `, ${DEMO_INTEL.reports.length + DEMO_INTEL.importFile.reports} intelligence reports, ${takedowns} takedown requests, ${listings} monitored listings, ${cases} enforcement cases` : '';
    this.logger.log(`Demo alliance "${DEMO_SLUG}" loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${DEMO_MEMBERS.length} members, ${DEMO_PARTNERS.length} partners${intel}; password for every demo user: ${DEMO_PASSWORD}`);
  }

  /** Answers the organisation's id; adds its brands' ids to `brandIds`. */
  private async loadMember(em: EntityManager, allianceId: string, member: (typeof DEMO_MEMBERS)[number], categories: Map<string, string>, brandIds: Map<string, string>): Promise<string> {
    const org = await this.organisations.create(em, {
      allianceId, name: member.name, legalName: member.legalName, kind: member.kind, country: member.country, website: member.website, description: member.description,
    });
    // the membership as it stands (a demo member joined years ago): its one transition says so
    const membership = await this.memberships.create(em, { allianceId, organisationId: org.id, tier: member.tier, status: member.status, joinedOn: member.joinedOn });
    await this.memberships.insertTransition(em, { allianceId, membershipId: membership.id, fromStatus: null, toStatus: member.status, reason: 'Demo data', actorId: null });
    const categoryIds = member.categories.map((name) => categories.get(name)).filter((id): id is string => Boolean(id));
    await this.memberships.addCategories(em, allianceId, membership.id, categoryIds);
    for (const brand of member.brands) {
      const saved = await this.brands.insertBrand(em, {
        allianceId, organisationId: org.id, name: brand.name, description: brand.description, website: brand.website,
      });
      brandIds.set(brand.name, saved.id);
      if (brand.trademarks.length) {
        await this.brands.insertTrademarks(em, brand.trademarks.map((t) => ({
          allianceId,
          brandId: saved.id,
          office: t.office,
          registrationNumber: t.registrationNumber,
          niceClasses: t.niceClasses,
          ownerName: t.ownerName,
          registeredOn: t.registeredOn,
          expiresOn: t.expiresOn,
          verificationStatus: t.verified ? TrademarkVerificationStatus.VERIFIED : TrademarkVerificationStatus.PENDING,
          verifiedAt: t.verified ? new Date() : null,
        })));
      }
    }
    return org.id;
  }
}

