import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { MembershipStatus, Role } from '../../../../libs/domain/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { CategoryEvents } from '../categories/category-events.js';
import { IndustryCategoryEntity } from '../categories/industry-category.entity.js';
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

/** The member directory, organisations and memberships, and the alliance's figures. */
@Injectable()
export class MemberService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: MemberAccess,
    private readonly memberships: MembershipRepository,
    private readonly audit: AuditService,
    private readonly categories: IndustryCategoryService,
    private readonly categoryEvents: CategoryEvents,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit() {
    this.nodes.registerBatch(Organisation.typename, (ctx, uuids) => this.organisationsByIds(ctx, uuids), Organisation.from);
    this.nodes.registerBatch(Membership.typename, (ctx, uuids) => this.membershipsByIds(ctx, uuids), Membership.from);
    // a merged category's memberships move to the category it was merged into
    this.categoryEvents.onMerged(async (em, ctx, { sourceId, targetId }) => ({
      membershipsMoved: await this.memberships.moveCategory(em, ctx.allianceId, sourceId, targetId),
    }));
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
    const visible = await this.access.visibleOrganisationIds(ctx, ids);
    if (visible.size === 0) return new Map();
    const rows = await this.dataSource.getRepository(OrganisationEntity).findBy({ allianceId: ctx.allianceId, id: In([...visible]) });
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Categories of memberships the caller has already been allowed to load. */
  async categoriesByMembershipIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, IndustryCategoryEntity[]>> {
    if (ids.length === 0) return new Map();
    return this.memberships.categoriesByMembershipIds(ctx.allianceId, ids);
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
      const repo = em.getRepository(OrganisationEntity);
      const before = await repo.findOneOrFail({ where: { id: organisationId, allianceId: ctx.allianceId }, lock: { mode: 'pessimistic_write' } });
      await this.assertEditable(em, ctx, organisationId);
      // "" clears an optional field; absent leaves it as it is
      const cleared = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v === '' ? null : typeof v === 'string' ? v.trim() : v]));
      const after = { ...before, ...cleared, ...(changes.country ? { country: changes.country.toUpperCase() } : {}) } as OrganisationEntity;
      await repo.update(organisationId, { name: after.name, legalName: after.legalName, country: after.country, website: after.website, description: after.description });
      await this.audit.record(em, ctx, { action: 'organisation.updated', targetType: 'Organisation', targetId: organisationId, before, after });
      return repo.findOneByOrFail({ id: organisationId });
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

  async figures(ctx: RequestContext): Promise<AllianceFigures> {
    const byStatus = await this.memberships.countsByStatus(this.access.membershipCondition(ctx, 'm'));
    const totals = await this.memberships.activeTotals(ctx.allianceId);
    const joined = await this.memberships.joinedPerYear(ctx.allianceId);
    return {
      membersByStatus: byStatus,
      activeMembers: totals.active,
      brands: totals.brands,
      trademarks: totals.trademarks,
      categories: totals.categories,
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
