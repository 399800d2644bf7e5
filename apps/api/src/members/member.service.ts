import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CategoryStatus, MembershipStatus, Role } from '../../../../libs/domain/src/index.js';
import { AllianceRepository } from '../alliances/alliance.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { CategoryEvents } from '../categories/category-events.js';
import type { IndustryCategoryEntity } from '../categories/industry-category.entity.js';
import { IndustryCategoryRepository } from '../categories/industry-category.repository.js';
import { IndustryCategoryService } from '../categories/industry-category.service.js';
import { conflict, forbidden, notFound } from '../common/errors.js';
import { NodeRegistry } from '../common/node-registry.js';
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from '../common/pagination.js';
import type { RequestContext } from '../common/request-context.js';
import { MemberAccess } from './member-access.js';
import { Membership, Organisation, type AllianceFigures } from './member.models.js';
import { MembershipEntity, type MembershipTransitionEntity } from './membership.entity.js';
import { MembershipRepository } from './membership.repository.js';
import { OrganisationEntity } from './organisation.entity.js';
import { OrganisationRepository } from './organisation.repository.js';

export interface MemberFilterValues {
  categoryUuids?: string[];
  countries?: string[];
  statuses?: MembershipStatus[];
  search?: string;
}

export interface OrganisationChanges {
  name?: string;
  legalName?: string;
  country?: string;
  website?: string;
  description?: string;
}

const likePattern = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** SQL: the organisation on `organisationAlias` owns something whose name is LIKE the parameter `patternParam`. */
export type DirectorySearch = (organisationAlias: string, patternParam: string) => string;

/** What the active members hold, counted by the context that owns it. */
export type HoldingsCount = (allianceId: string) => Promise<{ brands: number; trademarks: number }>;

/** The member directory, organisations and memberships, and the alliance's figures. */
@Injectable()
export class MemberService implements OnModuleInit {
  private readonly searchAlso: DirectorySearch[] = [];
  private holdings: HoldingsCount = async () => ({ brands: 0, trademarks: 0 });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: MemberAccess,
    private readonly memberships: MembershipRepository,
    private readonly audit: AuditService,
    private readonly categories: IndustryCategoryService,
    private readonly categoryEvents: CategoryEvents,
    private readonly nodes: NodeRegistry,
    private readonly organisations: OrganisationRepository,
    private readonly categoryRows: IndustryCategoryRepository,
    private readonly alliances: AllianceRepository,
  ) {}

  onModuleInit() {
    this.nodes.registerBatch(Organisation.typename, (ctx, uuids) => this.organisationsByIds(ctx, uuids), Organisation.from);
    this.nodes.registerBatch(Membership.typename, (ctx, uuids) => this.membershipsByIds(ctx, uuids), Membership.from);
    // a merged category's memberships move to the category it was merged into
    this.categoryEvents.onMerged(async (em, ctx, { sourceId, targetId }) => ({
      membershipsMoved: await this.memberships.moveCategory(em, ctx.allianceId, sourceId, targetId),
    }));
  }

  /**
   * The contexts above add to what members have (brands: the directory's search finds a member by
   * a brand's name, and the figures count brands and trademarks); the SQL stays theirs.
   */
  searchDirectoryAlso(condition: DirectorySearch): void {
    this.searchAlso.push(condition);
  }

  countHoldings(count: HoldingsCount): void {
    this.holdings = count;
  }

  /** One page of the directory: one count and one page query, whatever the page size. */
  async directory(ctx: RequestContext, filter: MemberFilterValues, first?: number, after?: string): Promise<Connection<Membership>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const search = filter.search?.trim();
    const { totalCount, rows } = await this.memberships.directory(this.access.membershipCondition(ctx, 'm'), {
      statuses: filter.statuses,
      countries: filter.countries?.map((c) => c.toUpperCase()),
      categoryUuids: filter.categoryUuids,
      searchPattern: search ? likePattern(search) : undefined,
      searchAlso: this.searchAlso.map((condition) => condition('o', 'search')),
      after: cursor ? [cursor[0], cursor[1]] : undefined,
      limit: size + 1,
    });
    return toConnection(
      rows,
      size,
      totalCount,
      (r) => encodeCursor([String(r.o_name).toLowerCase(), r.id]),
      (r) => Membership.from(membershipFromRow(r), organisationFromRow(r)),
    );
  }

  async membershipsByIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, MembershipEntity>> {
    if (ids.length === 0) return new Map();
    const rows = await this.memberships.byIds(this.access.membershipCondition(ctx, 'm'), ids);
    return new Map(rows.map((r) => [r.id, r]));
  }

  async membershipsByOrganisationIds(ctx: RequestContext, orgIds: readonly string[]): Promise<Map<string, MembershipEntity>> {
    if (orgIds.length === 0) return new Map();
    const rows = await this.memberships.byOrganisationIds(this.access.membershipCondition(ctx, 'm'), orgIds);
    return new Map(rows.map((r) => [r.organisationId, r]));
  }

  async organisationsByIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, OrganisationEntity>> {
    if (ids.length === 0) return new Map();
    return this.organisations.visibleByIds(ctx.allianceId, ids, this.access.organisationCondition(ctx, 'o'));
  }

  /** Categories of memberships the caller has already been allowed to load. */
  async categoriesByMembershipIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, IndustryCategoryEntity[]>> {
    if (ids.length === 0) return new Map();
    const pairs = await this.memberships.categoryPairs(ctx.allianceId, ids);
    const categories = await this.categoryRows.byIds(ctx.allianceId, [...new Set(pairs.map((p) => p.categoryId))]);
    // in the alliance's order of categories
    const byPosition = [...categories.values()].sort((a, b) => a.position - b.position);
    const result = new Map<string, IndustryCategoryEntity[]>();
    for (const category of byPosition) {
      for (const pair of pairs) {
        if (pair.categoryId !== category.id) continue;
        result.set(pair.membershipId, [...(result.get(pair.membershipId) ?? []), category]);
      }
    }
    return result;
  }

  async transitionsByMembershipIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, MembershipTransitionEntity[]>> {
    if (ids.length === 0) return new Map();
    return this.memberships.transitionsByMembershipIds(ctx.allianceId, ids);
  }

  async requireMembership(ctx: RequestContext, id: string, field = 'membershipId'): Promise<MembershipEntity> {
    const found = (await this.membershipsByIds(ctx, [id])).get(id);
    if (!found) throw notFound('Membership', field);
    return found;
  }

  async updateOrganisation(ctx: RequestContext, organisationId: string, changes: OrganisationChanges): Promise<OrganisationEntity> {
    const visible = await this.access.visibleOrganisationIds(ctx, [organisationId]);
    if (!visible.has(organisationId)) throw notFound('Organisation', 'organisationId');
    if (!this.access.canManageOrganisation(ctx, organisationId)) throw forbidden('Only the organisation’s admins and the coordinators may change it');
    return this.dataSource.transaction(async (em) => {
      const before = await this.organisations.findForUpdate(em, ctx.allianceId, organisationId);
      await this.assertEditable(em, ctx, organisationId);
      // "" clears an optional field; absent leaves it as it is
      const cleared = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v === '' ? null : typeof v === 'string' ? v.trim() : v]));
      const after = { ...before, ...cleared, ...(changes.country ? { country: changes.country.toUpperCase() } : {}) } as OrganisationEntity;
      await this.organisations.update(em, organisationId, { name: after.name, legalName: after.legalName, country: after.country, website: after.website, description: after.description });
      await this.audit.record(em, ctx, { action: 'organisation.updated', targetType: 'Organisation', targetId: organisationId, before, after });
      return this.organisations.findByIdOrFail(em, organisationId);
    });
  }

  async setCategories(ctx: RequestContext, membershipId: string, categoryUuids: string[]): Promise<MembershipEntity> {
    const membership = await this.requireMembership(ctx, membershipId);
    if (!this.access.canManageOrganisation(ctx, membership.organisationId)) throw forbidden();
    return this.dataSource.transaction(async (em) => {
      await this.assertEditable(em, ctx, membership.organisationId);
      await this.categories.requireActive(em, ctx, categoryUuids, 'categoryIds');
      const before = await this.memberships.categoryIds(em, membershipId);
      await this.memberships.removeCategories(em, membershipId);
      await this.memberships.addCategories(em, ctx.allianceId, membershipId, categoryUuids);
      await this.audit.record(em, ctx, {
        action: 'membership.categories_set',
        targetType: 'Membership',
        targetId: membershipId,
        before,
        after: categoryUuids,
      });
      return membership;
    });
  }

  async setTier(ctx: RequestContext, membershipId: string, tier: MembershipEntity['tier']): Promise<MembershipEntity> {
    const before = await this.requireMembership(ctx, membershipId);
    return this.dataSource.transaction(async (em) => {
      await this.memberships.setTier(em, ctx.allianceId, membershipId, tier);
      const after = { ...before, tier };
      await this.audit.record(em, ctx, { action: 'membership.tier_set', targetType: 'Membership', targetId: membershipId, before, after });
      return after;
    });
  }

  /**
   * A member's own data may change while it drafts its application (INVITED) or once it is a
   * member (ACTIVE); not while coordinators review it, and not after it has left or been refused.
   * Coordinators may always correct it.
   */
  async assertEditable(em: EntityManager, ctx: RequestContext, organisationId: string): Promise<void> {
    if (ctx.role === Role.COORDINATOR) return;
    const membership = await this.memberships.findByOrganisation(em, ctx.allianceId, organisationId);
    if (!membership) return;
    if (membership.status !== MembershipStatus.INVITED && membership.status !== MembershipStatus.ACTIVE) {
      throw conflict(`The membership is ${membership.status}; its data cannot change now`, { currentStatus: membership.status });
    }
  }

  /** The organisations that were active members at each instant, in order (the impact report's quarter ends; an aggregate the caller's service authorises). */
  async activeOrganisationsAt(ctx: RequestContext, instants: readonly Date[]): Promise<Set<string>[]> {
    const rows = await this.memberships.activeOrganisationsAt(ctx.allianceId, instants);
    return instants.map((_, i) => new Set(rows.find((r) => r.at === i)?.organisationIds ?? []));
  }

  /**
   * The active members at an instant (the impact report's year end) by country and by industry
   * category, with the categories' names; counts only (an aggregate the caller's service
   * authorises). Categories and countries as they are now; see MembershipRepository.
   */
  async activeMembersByGroupAt(ctx: RequestContext, instant: Date): Promise<{
    byCountry: { country: string | null; members: number }[];
    byCategory: { categoryId: string | null; name: string | null; members: number }[];
  }> {
    const rows = await this.memberships.activeMembersByGroupAt(ctx.allianceId, instant);
    const categoryIds = rows.filter((r) => r.kind === 'CATEGORY' && r.key !== null).map((r) => r.key!);
    const categories = categoryIds.length ? await this.categoryRows.byIds(ctx.allianceId, categoryIds) : new Map<string, IndustryCategoryEntity>();
    return {
      byCountry: rows.filter((r) => r.kind === 'COUNTRY').map((r) => ({ country: r.key, members: r.members })),
      byCategory: rows.filter((r) => r.kind === 'CATEGORY').map((r) => {
        const c = r.key === null ? undefined : categories.get(r.key);
        return { categoryId: r.key, name: c?.name ?? null, members: r.members };
      }),
    };
  }

  async figures(ctx: RequestContext): Promise<AllianceFigures> {
    const byStatus = await this.memberships.countsByStatus(this.access.membershipCondition(ctx, 'm'));
    const alliance = await this.alliances.findById(ctx.allianceId);
    const totals = await this.memberships.activeTotals(ctx.allianceId, alliance!.homeCountry);
    const holdings = await this.holdings(ctx.allianceId);
    const categories = await this.categoryRows.countWithStatus(ctx.allianceId, CategoryStatus.ACTIVE);
    const joined = await this.memberships.joinedPerYear(ctx.allianceId);
    return {
      membersByStatus: byStatus,
      activeMembers: totals.active,
      brands: holdings.brands,
      trademarks: holdings.trademarks,
      categories,
      outsideHomeCountryShare: totals.active === 0 ? 0 : Math.round((totals.outside / totals.active) * 1000) / 1000,
      joinedPerYear: joined,
    };
  }
}

function membershipFromRow(r: Record<string, any>): MembershipEntity {
  return Object.assign(new MembershipEntity(), {
    id: r.id,
    allianceId: r.alliance_id,
    organisationId: r.organisation_id,
    tier: r.tier,
    status: r.status,
    statusReason: r.status_reason,
    joinedOn: r.joined_on,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}

function organisationFromRow(r: Record<string, any>): OrganisationEntity {
  return Object.assign(new OrganisationEntity(), {
    id: r.o_id,
    allianceId: r.o_alliance_id,
    name: r.o_name,
    legalName: r.o_legal_name,
    kind: r.o_kind,
    country: r.o_country,
    website: r.o_website,
    description: r.o_description,
    createdAt: r.o_created_at,
    updatedAt: r.o_updated_at,
  });
}
