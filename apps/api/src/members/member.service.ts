import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CategoryStatus, MembershipStatus, Role } from '../../../../libs/domain/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { IndustryCategoryEntity } from '../categories/industry-category.entity.js';
import { IndustryCategoryService } from '../categories/industry-category.service.js';
import { conflict, forbidden, notFound } from '../common/errors.js';
import { groupBy } from '../common/loaders.js';
import { NodeRegistry } from '../common/node-registry.js';
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from '../common/pagination.js';
import type { RequestContext } from '../common/request-context.js';
import { MemberAccess } from './member-access.js';
import { Membership, Organisation, type AllianceFigures } from './member.models.js';
import { MembershipCategoryEntity, MembershipEntity, MembershipTransitionEntity } from './membership.entity.js';
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
    private readonly audit: AuditService,
    private readonly categories: IndustryCategoryService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit() {
    this.nodes.registerBatch(Organisation.typename, (ctx, uuids) => this.organisationsByIds(ctx, uuids), Organisation.from);
    this.nodes.registerBatch(Membership.typename, (ctx, uuids) => this.membershipsByIds(ctx, uuids), Membership.from);
  }

  /** One page of the directory: one count and one page query, whatever the page size. */
  async directory(ctx: RequestContext, filter: MemberFilterValues, first?: number, after?: string): Promise<Connection<Membership>> {
    const size = pageSize(first);
    const visible = this.access.membershipCondition(ctx, 'm');
    const qb = this.dataSource
      .createQueryBuilder()
      .from('membership', 'm')
      .innerJoin('organisation', 'o', 'o.id = m.organisation_id AND o.alliance_id = m.alliance_id')
      .where(visible.sql, visible.params);
    if (filter.statuses?.length) qb.andWhere('m.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.countries?.length) qb.andWhere('o.country IN (:...countries)', { countries: filter.countries.map((c) => c.toUpperCase()) });
    if (filter.categoryUuids?.length) {
      qb.andWhere('EXISTS (SELECT 1 FROM membership_category mc WHERE mc.membership_id = m.id AND mc.category_id IN (:...categories))', {
        categories: filter.categoryUuids,
      });
    }
    const search = filter.search?.trim();
    if (search) {
      qb.andWhere(
        `(lower(o.name) LIKE :search OR lower(coalesce(o.legal_name, '')) LIKE :search
          OR EXISTS (SELECT 1 FROM brand b WHERE b.organisation_id = o.id AND lower(b.name) LIKE :search))`,
        { search: likePattern(search) },
      );
    }
    const totalCount = Number((await qb.clone().select('count(*)', 'count').getRawOne<{ count: string }>())?.count ?? 0);
    const cursor = decodeCursor(after, 2);
    if (cursor) qb.andWhere('(lower(o.name), m.id) > (:cName, :cId)', { cName: cursor[0], cId: cursor[1] });
    const rows = await qb
      .select(['m.*', 'o.id AS o_id', 'o.alliance_id AS o_alliance_id', 'o.name AS o_name', 'o.legal_name AS o_legal_name', 'o.kind AS o_kind',
        'o.country AS o_country', 'o.website AS o_website', 'o.description AS o_description', 'o.created_at AS o_created_at', 'o.updated_at AS o_updated_at'])
      .orderBy('lower(o.name)', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(size + 1)
      .getRawMany<Record<string, any>>();
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
    const visible = this.access.membershipCondition(ctx, 'm');
    const rows = await this.dataSource.getRepository(MembershipEntity).createQueryBuilder('m').where(visible.sql, visible.params).andWhere('m.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((r) => [r.id, r]));
  }

  async membershipsByOrganisationIds(ctx: RequestContext, orgIds: readonly string[]): Promise<Map<string, MembershipEntity>> {
    if (orgIds.length === 0) return new Map();
    const visible = this.access.membershipCondition(ctx, 'm');
    const rows = await this.dataSource
      .getRepository(MembershipEntity)
      .createQueryBuilder('m')
      .where(visible.sql, visible.params)
      .andWhere('m.organisation_id IN (:...orgIds)', { orgIds })
      .getMany();
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
    const rows = await this.dataSource
      .getRepository(IndustryCategoryEntity)
      .createQueryBuilder('c')
      .innerJoin('membership_category', 'mc', 'mc.category_id = c.id')
      .addSelect('mc.membership_id', 'membership_id')
      .where('mc.alliance_id = :alliance AND mc.membership_id IN (:...ids)', { alliance: ctx.allianceId, ids })
      .orderBy('c.position')
      .getRawAndEntities();
    const pairs = rows.entities.map((e, i) => ({ membershipId: rows.raw[i].membership_id as string, category: e }));
    return new Map([...groupBy(pairs, (p) => p.membershipId)].map(([k, v]) => [k, v.map((p) => p.category)]));
  }

  async transitionsByMembershipIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, MembershipTransitionEntity[]>> {
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(MembershipTransitionEntity).find({
      where: { allianceId: ctx.allianceId, membershipId: In([...ids]) },
      order: { createdAt: 'ASC' },
    });
    return groupBy(rows, (r) => r.membershipId);
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
      await this.assertEditable(em.getRepository(MembershipEntity), ctx, organisationId);
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
      await this.assertEditable(em.getRepository(MembershipEntity), ctx, membership.organisationId);
      await this.categories.requireActive(em, ctx, categoryUuids, 'categoryIds');
      const before = await em.getRepository(MembershipCategoryEntity).findBy({ membershipId });
      await em.delete(MembershipCategoryEntity, { membershipId });
      if (categoryUuids.length) {
        await em.insert(MembershipCategoryEntity, [...new Set(categoryUuids)].map((categoryId) => ({ allianceId: ctx.allianceId, membershipId, categoryId })));
      }
      await this.audit.record(em, ctx, {
        action: 'membership.categories_set',
        targetType: 'Membership',
        targetId: membershipId,
        before: before.map((b) => b.categoryId),
        after: categoryUuids,
      });
      return membership;
    });
  }

  async setTier(ctx: RequestContext, membershipId: string, tier: MembershipEntity['tier']): Promise<MembershipEntity> {
    const before = await this.requireMembership(ctx, membershipId);
    return this.dataSource.transaction(async (em) => {
      await em.getRepository(MembershipEntity).update({ id: membershipId, allianceId: ctx.allianceId }, { tier });
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
  async assertEditable(repo: { findOneBy: (w: object) => Promise<MembershipEntity | null> }, ctx: RequestContext, organisationId: string): Promise<void> {
    if (ctx.role === Role.COORDINATOR) return;
    const membership = await repo.findOneBy({ allianceId: ctx.allianceId, organisationId });
    if (!membership) return;
    if (membership.status !== MembershipStatus.INVITED && membership.status !== MembershipStatus.ACTIVE) {
      throw conflict(`The membership is ${membership.status}; its data cannot change now`, { currentStatus: membership.status });
    }
  }

  async figures(ctx: RequestContext): Promise<AllianceFigures> {
    const visible = this.access.membershipCondition(ctx, 'm');
    const byStatus = await this.dataSource
      .createQueryBuilder()
      .from('membership', 'm')
      .select('m.status', 'status')
      .addSelect('count(*)::int', 'count')
      .where(visible.sql, visible.params)
      .groupBy('m.status')
      .orderBy('m.status')
      .getRawMany<{ status: MembershipStatus; count: number }>();
    const [totals] = await this.dataSource.query(
      `SELECT
         (SELECT count(*)::int FROM membership m WHERE m.alliance_id = $1 AND m.status = 'ACTIVE') AS active,
         (SELECT count(*)::int FROM brand b JOIN membership m ON m.organisation_id = b.organisation_id AND m.alliance_id = b.alliance_id
            WHERE b.alliance_id = $1 AND m.status = 'ACTIVE') AS brands,
         (SELECT count(*)::int FROM trademark t JOIN brand b ON b.id = t.brand_id JOIN membership m ON m.organisation_id = b.organisation_id AND m.alliance_id = b.alliance_id
            WHERE t.alliance_id = $1 AND m.status = 'ACTIVE') AS trademarks,
         (SELECT count(*)::int FROM industry_category c WHERE c.alliance_id = $1 AND c.status = $2) AS categories,
         (SELECT count(*)::int FROM membership m JOIN organisation o ON o.id = m.organisation_id JOIN alliance a ON a.id = m.alliance_id
            WHERE m.alliance_id = $1 AND m.status = 'ACTIVE' AND o.country IS DISTINCT FROM a.home_country) AS outside`,
      [ctx.allianceId, CategoryStatus.ACTIVE],
    );
    const joined = await this.dataSource.query(
      `SELECT extract(year FROM m.joined_on)::int AS year, count(*)::int AS count FROM membership m
        WHERE m.alliance_id = $1 AND m.joined_on IS NOT NULL GROUP BY 1 ORDER BY 1`,
      [ctx.allianceId],
    );
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
