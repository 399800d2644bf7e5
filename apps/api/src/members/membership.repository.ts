import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { MembershipStatus, type MembershipTier } from '../../../../libs/domain/src/index.js';
import { groupBy } from '../common/loaders.js';
import type { SqlCondition } from '../common/sql-condition.js';
import { MembershipCategoryEntity, MembershipEntity, MembershipTransitionEntity } from './membership.entity.js';

export interface DirectoryQuery {
  statuses?: MembershipStatus[];
  countries?: string[];
  categoryUuids?: string[];
  /** lower-case LIKE pattern over organisation names and legal names, and whatever `searchAlso` adds */
  searchPattern?: string;
  /** SQL over the organisation (alias o) and the pattern (`:search`), from the contexts above (brands: a brand's name) */
  searchAlso?: string[];
  /** (lower(organisation name), membership id) of the last row of the previous page */
  after?: [unknown, unknown];
  limit: number;
}

/** A directory row: the membership's columns and the organisation's, prefixed `o_`. */
export type DirectoryRow = Record<string, any>;

export interface StatusChange {
  allianceId: string;
  membershipId: string;
  from: MembershipStatus;
  to: MembershipStatus;
  reason: string | null;
}

/** Each membership's status at `instant` (an SQL expression): the target of its latest transition before it; parameter $1 is the alliance. */
function statusAt(instant: string): string {
  return `SELECT DISTINCT ON (t.membership_id) t.membership_id, t.to_status
            FROM membership_transition t
           WHERE t.alliance_id = $1 AND t.created_at < ${instant}
           ORDER BY t.membership_id, t.created_at DESC`;
}

/**
 * Every SQL statement on membership, membership_transition and membership_category. Other
 * contexts reach these tables through MembershipService and MemberService, or, inside a query of
 * their own, through MemberAccess's conditions. Methods that write, and reads that must see a
 * transaction's writes, take its EntityManager.
 */
@Injectable()
export class MembershipRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ── memberships ────────────────────────────────────────────────────────────────────────────

  find(em: EntityManager, allianceId: string, id: string, options: { lock?: boolean } = {}): Promise<MembershipEntity | null> {
    return em.getRepository(MembershipEntity).findOne({ where: { id, allianceId }, ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** After a change: the row as it is now, whichever alliance asks. */
  findById(em: EntityManager, id: string): Promise<MembershipEntity | null> {
    return em.getRepository(MembershipEntity).findOneBy({ id });
  }

  findByOrganisation(em: EntityManager, allianceId: string, organisationId: string): Promise<MembershipEntity | null> {
    return em.getRepository(MembershipEntity).findOneBy({ allianceId, organisationId });
  }

  async create(em: EntityManager, values: { allianceId: string; organisationId: string; tier: MembershipTier; status: MembershipStatus; joinedOn?: string | null }): Promise<MembershipEntity> {
    const repo = em.getRepository(MembershipEntity);
    return repo.save(repo.create({ ...values, version: 1 }));
  }

  /**
   * The conditional UPDATE of the lifecycle: only while the status is still `from`, so of two
   * concurrent changes one finds nothing to update. True when this one won.
   */
  async changeStatus(em: EntityManager, change: StatusChange, setJoinedOn: boolean): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .update(MembershipEntity)
      .set({
        status: change.to,
        statusReason: change.reason,
        version: () => 'version + 1',
        ...(setJoinedOn ? { joinedOn: () => 'current_date' } : {}),
      })
      .where('id = :id AND alliance_id = :alliance AND status = :from', { id: change.membershipId, alliance: change.allianceId, from: change.from })
      .returning('*')
      .execute();
    return result.affected === 1;
  }

  async setTier(em: EntityManager, allianceId: string, id: string, tier: MembershipTier): Promise<void> {
    await em.getRepository(MembershipEntity).update({ id, allianceId }, { tier });
  }

  /**
   * The organisations that were active members at each instant (the impact report's quarter ends):
   * a membership's status at a time is the target of its latest transition before it, so one pass
   * over the alliance's transitions answers every instant.
   */
  async activeOrganisationsAt(allianceId: string, instants: readonly Date[]): Promise<{ at: number; organisationIds: string[] }[]> {
    const rows: { at: number; organisationIds: string[] | null }[] = await this.dataSource.query(
      `SELECT e.at::int AS at, array_agg(m.organisation_id) FILTER (WHERE m.organisation_id IS NOT NULL) AS "organisationIds"
         FROM unnest($2::timestamptz[]) WITH ORDINALITY AS e(instant, at)
         LEFT JOIN LATERAL (${statusAt('e.instant')}) s ON s.to_status = 'ACTIVE'
         LEFT JOIN membership m ON m.alliance_id = $1 AND m.id = s.membership_id
        GROUP BY e.at ORDER BY e.at`,
      [allianceId, instants],
    );
    return rows.map((r) => ({ at: r.at - 1, organisationIds: r.organisationIds ?? [] }));
  }

  /**
   * The active members at an instant (as `activeOrganisationsAt` counts them) by their organisation's
   * country and by industry category (their categories and country as they are now: neither keeps
   * a history); a member without a category counts under a null category, one without a country
   * under a null country. A member of several categories counts in each.
   */
  async activeMembersByGroupAt(allianceId: string, instant: Date): Promise<{ kind: 'COUNTRY' | 'CATEGORY'; key: string | null; members: number }[]> {
    return this.dataSource.query(
      `WITH active AS (
         SELECT m.id, m.organisation_id FROM (${statusAt('$2::timestamptz')}) s
           JOIN membership m ON m.alliance_id = $1 AND m.id = s.membership_id
          WHERE s.to_status = 'ACTIVE')
       SELECT 'COUNTRY' AS kind, o.country::text AS key, count(*)::int AS members
         FROM active a JOIN organisation o ON o.alliance_id = $1 AND o.id = a.organisation_id
        GROUP BY o.country
       UNION ALL
       SELECT 'CATEGORY', c.category_id::text, count(*)::int
         FROM active a LEFT JOIN membership_category c ON c.alliance_id = $1 AND c.membership_id = a.id
        GROUP BY c.category_id`,
      [allianceId, instant],
    );
  }

  async isActiveMember(allianceId: string, organisationId: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM membership WHERE alliance_id = $1 AND organisation_id = $2 AND status = 'ACTIVE'`, [allianceId, organisationId]);
    return rows.length > 0;
  }

  /** The organisation's name and the alliance of a membership (an invitation shows them before anyone signs in). */
  async organisationNameAndAlliance(membershipId: string): Promise<{ organisationName: string; allianceId: string }> {
    const [row] = await this.dataSource.query(
      `SELECT o.name AS organisation_name, m.alliance_id FROM membership m JOIN organisation o ON o.id = m.organisation_id WHERE m.id = $1`,
      [membershipId],
    );
    return { organisationName: row.organisation_name, allianceId: row.alliance_id };
  }

  /** Those of these organisations of the alliance that `visible` (on alias o) lets through. */
  async organisationIdsWhere(allianceId: string, ids: readonly string[], visible: SqlCondition): Promise<Set<string>> {
    const rows: { id: string }[] = await this.dataSource
      .createQueryBuilder()
      .select('o.id', 'id')
      .from('organisation', 'o')
      .where('o.alliance_id = :alliance AND o.id IN (:...ids)', { alliance: allianceId, ids })
      .andWhere(visible.sql, visible.params)
      .getRawMany();
    return new Set(rows.map((r) => r.id));
  }

  // ── reads within a visibility condition (MemberAccess.membershipCondition on alias m) ────────

  byIds(visible: SqlCondition, ids: readonly string[]): Promise<MembershipEntity[]> {
    return this.dataSource.getRepository(MembershipEntity).createQueryBuilder('m').where(visible.sql, visible.params).andWhere('m.id IN (:...ids)', { ids }).getMany();
  }

  byOrganisationIds(visible: SqlCondition, orgIds: readonly string[]): Promise<MembershipEntity[]> {
    return this.dataSource
      .getRepository(MembershipEntity)
      .createQueryBuilder('m')
      .where(visible.sql, visible.params)
      .andWhere('m.organisation_id IN (:...orgIds)', { orgIds })
      .getMany();
  }

  /** One page of the directory and the count of every row the filter lets through: two statements. */
  async directory(visible: SqlCondition, query: DirectoryQuery): Promise<{ totalCount: number; rows: DirectoryRow[] }> {
    const qb = this.dataSource
      .createQueryBuilder()
      .from('membership', 'm')
      .innerJoin('organisation', 'o', 'o.id = m.organisation_id AND o.alliance_id = m.alliance_id')
      .where(visible.sql, visible.params);
    if (query.statuses?.length) qb.andWhere('m.status IN (:...statuses)', { statuses: query.statuses });
    if (query.countries?.length) qb.andWhere('o.country IN (:...countries)', { countries: query.countries });
    if (query.categoryUuids?.length) {
      qb.andWhere('EXISTS (SELECT 1 FROM membership_category mc WHERE mc.membership_id = m.id AND mc.category_id IN (:...categories))', {
        categories: query.categoryUuids,
      });
    }
    if (query.searchPattern) {
      const matches = [`lower(o.name) LIKE :search`, `lower(coalesce(o.legal_name, '')) LIKE :search`, ...(query.searchAlso ?? [])];
      qb.andWhere(`(${matches.join(' OR ')})`, { search: query.searchPattern });
    }
    const totalCount = Number((await qb.clone().select('count(*)', 'count').getRawOne<{ count: string }>())?.count ?? 0);
    if (query.after) qb.andWhere('(lower(o.name), m.id) > (:cName, :cId)', { cName: query.after[0], cId: query.after[1] });
    const rows = await qb
      .select(['m.*', 'o.id AS o_id', 'o.alliance_id AS o_alliance_id', 'o.name AS o_name', 'o.legal_name AS o_legal_name', 'o.kind AS o_kind',
        'o.country AS o_country', 'o.website AS o_website', 'o.description AS o_description', 'o.created_at AS o_created_at', 'o.updated_at AS o_updated_at'])
      .orderBy('lower(o.name)', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(query.limit)
      .getRawMany<DirectoryRow>();
    return { totalCount, rows };
  }

  countsByStatus(visible: SqlCondition): Promise<{ status: MembershipStatus; count: number }[]> {
    return this.dataSource
      .createQueryBuilder()
      .from('membership', 'm')
      .select('m.status', 'status')
      .addSelect('count(*)::int', 'count')
      .where(visible.sql, visible.params)
      .groupBy('m.status')
      .orderBy('m.status')
      .getRawMany<{ status: MembershipStatus; count: number }>();
  }

  /** The alliance's active members and how many of them are based outside `homeCountry`. */
  async activeTotals(allianceId: string, homeCountry: string): Promise<{ active: number; outside: number }> {
    const [totals] = await this.dataSource.query(
      `SELECT
         (SELECT count(*)::int FROM membership m WHERE m.alliance_id = $1 AND m.status = 'ACTIVE') AS active,
         (SELECT count(*)::int FROM membership m JOIN organisation o ON o.id = m.organisation_id
            WHERE m.alliance_id = $1 AND m.status = 'ACTIVE' AND o.country IS DISTINCT FROM $2) AS outside`,
      [allianceId, homeCountry],
    );
    return totals;
  }

  joinedPerYear(allianceId: string): Promise<{ year: number; count: number }[]> {
    return this.dataSource.query(
      `SELECT extract(year FROM m.joined_on)::int AS year, count(*)::int AS count FROM membership m
        WHERE m.alliance_id = $1 AND m.joined_on IS NOT NULL GROUP BY 1 ORDER BY 1`,
      [allianceId],
    );
  }

  // ── transitions ────────────────────────────────────────────────────────────────────────────

  async insertTransition(
    em: EntityManager,
    row: { allianceId: string; membershipId: string; fromStatus: MembershipStatus | null; toStatus: MembershipStatus; reason?: string | null; actorId: string | null },
  ): Promise<void> {
    await em.insert(MembershipTransitionEntity, row);
  }

  async transitionsByMembershipIds(allianceId: string, ids: readonly string[]): Promise<Map<string, MembershipTransitionEntity[]>> {
    const rows = await this.dataSource.getRepository(MembershipTransitionEntity).find({
      where: { allianceId, membershipId: In([...ids]) },
      order: { createdAt: 'ASC' },
    });
    return groupBy(rows, (r) => r.membershipId);
  }

  // ── categories ─────────────────────────────────────────────────────────────────────────────

  async categoryIds(em: EntityManager, membershipId: string): Promise<string[]> {
    return (await em.getRepository(MembershipCategoryEntity).findBy({ membershipId })).map((r) => r.categoryId);
  }

  countCategories(em: EntityManager, membershipId: string): Promise<number> {
    return em.getRepository(MembershipCategoryEntity).countBy({ membershipId });
  }

  async addCategories(em: EntityManager, allianceId: string, membershipId: string, categoryIds: readonly string[]): Promise<void> {
    if (categoryIds.length === 0) return;
    await em.insert(MembershipCategoryEntity, [...new Set(categoryIds)].map((categoryId) => ({ allianceId, membershipId, categoryId })));
  }

  async removeCategories(em: EntityManager, membershipId: string): Promise<void> {
    await em.delete(MembershipCategoryEntity, { membershipId });
  }

  /** A merge of categories: every membership of `sourceId` gets `targetId` instead. Returns how many memberships moved. */
  async moveCategory(em: EntityManager, allianceId: string, sourceId: string, targetId: string): Promise<number> {
    const moved: { membership_id: string }[] = await em.query(
      `INSERT INTO membership_category (alliance_id, membership_id, category_id)
       SELECT alliance_id, membership_id, $2 FROM membership_category WHERE category_id = $1 AND alliance_id = $3
       ON CONFLICT DO NOTHING RETURNING membership_id`,
      [sourceId, targetId, allianceId],
    );
    await em.query(`DELETE FROM membership_category WHERE category_id = $1 AND alliance_id = $2`, [sourceId, allianceId]);
    return moved.length;
  }

  /** (membership, category) of these memberships. */
  async categoryPairs(allianceId: string, ids: readonly string[]): Promise<{ membershipId: string; categoryId: string }[]> {
    const rows = await this.dataSource.getRepository(MembershipCategoryEntity).find({ where: { allianceId, membershipId: In([...ids]) } });
    return rows.map((r) => ({ membershipId: r.membershipId, categoryId: r.categoryId }));
  }
}
