import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { EvidenceKind, type TrademarkVerificationStatus } from '../../../../libs/domain/src/index.js';
import { activeMemberCondition, type SqlCondition } from '../members/member-access.js';
import { BrandEntity, TrademarkEntity, TrademarkEvidenceEntity } from './brand.entity.js';

export type BrandValues = Pick<BrandEntity, 'allianceId' | 'organisationId' | 'name' | 'description' | 'website'>;
export type TrademarkValues = Pick<
  TrademarkEntity,
  'allianceId' | 'brandId' | 'office' | 'registrationNumber' | 'niceClasses' | 'ownerName' | 'registeredOn' | 'expiresOn' | 'verificationStatus'
>;
export type TrademarkChanges = Partial<Omit<TrademarkEntity, 'id' | 'allianceId' | 'brandId' | 'createdAt' | 'updatedAt'>>;

/**
 * Every SQL statement on brand, trademark and trademark_evidence. Reads that other contexts need
 * inside their own queries are conditions here (`nameMatches`). Methods that write, and reads that
 * must see (or lock within) a transaction, take its EntityManager.
 */
@Injectable()
export class BrandRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ── brands ─────────────────────────────────────────────────────────────────────────────────

  /** The alliance's brands with these ids that `visible` (on `b.organisation_id`) lets through. */
  brandsByIds(allianceId: string, ids: readonly string[], visible: SqlCondition): Promise<BrandEntity[]> {
    return this.dataSource.getRepository(BrandEntity).createQueryBuilder('b')
      .where('b.alliance_id = :alliance AND b.id IN (:...ids)', { alliance: allianceId, ids })
      .andWhere(visible.sql, visible.params).getMany();
  }

  brandsByOrganisationIds(allianceId: string, orgIds: readonly string[], visible: SqlCondition): Promise<BrandEntity[]> {
    return this.dataSource.getRepository(BrandEntity).createQueryBuilder('b')
      .where('b.alliance_id = :alliance AND b.organisation_id IN (:...orgIds)', { alliance: allianceId, orgIds })
      .andWhere(visible.sql, visible.params).orderBy('lower(b.name)').getMany();
  }

  findBrandOrFail(em: EntityManager, id: string): Promise<BrandEntity> {
    return em.getRepository(BrandEntity).findOneByOrFail({ id });
  }

  async insertBrand(em: EntityManager, values: BrandValues): Promise<BrandEntity> {
    const repo = em.getRepository(BrandEntity);
    return repo.save(repo.create(values));
  }

  async updateBrand(em: EntityManager, id: string, changes: Partial<Pick<BrandEntity, 'name' | 'description' | 'website'>>): Promise<void> {
    await em.getRepository(BrandEntity).update(id, changes);
  }

  /** The brand with its trademarks and their evidence; answers the trademarks it removed. */
  async deleteBrand(em: EntityManager, id: string): Promise<TrademarkEntity[]> {
    const trademarks = await em.getRepository(TrademarkEntity).findBy({ brandId: id });
    await em.delete(TrademarkEvidenceEntity, { trademarkId: In(trademarks.map((t) => t.id).concat('00000000-0000-0000-0000-000000000000')) });
    await em.delete(TrademarkEntity, { brandId: id });
    await em.delete(BrandEntity, { id });
    return trademarks;
  }

  brandsOfOrganisation(em: EntityManager, organisationId: string): Promise<BrandEntity[]> {
    return em.getRepository(BrandEntity).findBy({ organisationId });
  }

  trademarksOfBrands(em: EntityManager, brandIds: readonly string[]): Promise<TrademarkEntity[]> {
    return em.getRepository(TrademarkEntity).findBy({ brandId: In([...brandIds]) });
  }

  async organisationHasBrandNamed(em: EntityManager, organisationId: string, name: string): Promise<boolean> {
    const rows = await em.query(`SELECT 1 FROM brand WHERE organisation_id = $1 AND lower(name) = lower($2)`, [organisationId, name]);
    return rows.length > 0;
  }

  /** Whether the alliance has this brand. */
  async brandExists(allianceId: string, id: string): Promise<boolean> {
    return (await this.dataSource.query(`SELECT 1 FROM brand WHERE id = $1 AND alliance_id = $2`, [id, allianceId])).length > 0;
  }

  /** SQL: the organisation on `organisationAlias` has a brand whose lower-case name is LIKE the parameter `patternParam` (the directory's search). */
  static nameMatches(organisationAlias: string, patternParam: string): string {
    return `EXISTS (SELECT 1 FROM brand b WHERE b.organisation_id = ${organisationAlias}.id AND lower(b.name) LIKE :${patternParam})`;
  }

  /** Brands and trademarks of the alliance's active members (the alliance's figures). */
  async activeMemberHoldings(allianceId: string): Promise<{ brands: number; trademarks: number }> {
    const [totals] = await this.dataSource.query(
      `SELECT
         (SELECT count(*)::int FROM brand b WHERE b.alliance_id = $1 AND ${activeMemberCondition('b.alliance_id', 'b.organisation_id')}) AS brands,
         (SELECT count(*)::int FROM trademark t JOIN brand b ON b.id = t.brand_id
            WHERE t.alliance_id = $1 AND ${activeMemberCondition('b.alliance_id', 'b.organisation_id')}) AS trademarks`,
      [allianceId],
    );
    return totals;
  }

  /** Brands per holder registered before each instant (the impact report's quarter ends): `at` is the instant's index. */
  brandsPerHolderBefore(allianceId: string, instants: readonly Date[]): Promise<{ at: number; organisationId: string; brands: number }[]> {
    return this.dataSource.query(
      `SELECT (e.at - 1)::int AS at, b.organisation_id AS "organisationId", count(*)::int AS brands
         FROM unnest($2::timestamptz[]) WITH ORDINALITY AS e(instant, at)
         JOIN brand b ON b.alliance_id = $1 AND b.created_at < e.instant
        GROUP BY e.at, b.organisation_id`,
      [allianceId, instants],
    );
  }

  // ── trademarks ─────────────────────────────────────────────────────────────────────────────

  trademarksByIds(allianceId: string, ids: readonly string[], visible: SqlCondition): Promise<TrademarkEntity[]> {
    return this.dataSource.getRepository(TrademarkEntity).createQueryBuilder('t')
      .innerJoin(BrandEntity, 'b', 'b.id = t.brand_id')
      .where('t.alliance_id = :alliance AND t.id IN (:...ids)', { alliance: allianceId, ids })
      .andWhere(visible.sql, visible.params).getMany();
  }

  trademarksByBrandIds(allianceId: string, brandIds: readonly string[], visible: SqlCondition): Promise<TrademarkEntity[]> {
    return this.dataSource.getRepository(TrademarkEntity).createQueryBuilder('t')
      .innerJoin(BrandEntity, 'b', 'b.id = t.brand_id')
      .where('t.alliance_id = :alliance AND t.brand_id IN (:...brandIds)', { alliance: allianceId, brandIds })
      .andWhere(visible.sql, visible.params).orderBy('t.office').addOrderBy('t.registration_number').getMany();
  }

  findTrademarkForUpdate(em: EntityManager, allianceId: string, id: string): Promise<TrademarkEntity | null> {
    return em.getRepository(TrademarkEntity).findOne({ where: { id, allianceId }, lock: { mode: 'pessimistic_write' } });
  }

  findTrademarkOrFail(em: EntityManager, id: string): Promise<TrademarkEntity> {
    return em.getRepository(TrademarkEntity).findOneByOrFail({ id });
  }

  async insertTrademark(em: EntityManager, values: TrademarkValues): Promise<TrademarkEntity> {
    const repo = em.getRepository(TrademarkEntity);
    return repo.save(repo.create(values));
  }

  /** Many at once, verified or not (the demo's, loaded as they would stand). */
  async insertTrademarks(em: EntityManager, rows: (TrademarkValues & Pick<TrademarkEntity, 'verifiedAt'>)[]): Promise<void> {
    if (rows.length) await em.insert(TrademarkEntity, rows);
  }

  async updateTrademark(em: EntityManager, id: string, changes: TrademarkChanges): Promise<void> {
    await em.getRepository(TrademarkEntity).update(id, changes);
  }

  async deleteTrademark(em: EntityManager, id: string): Promise<void> {
    await em.delete(TrademarkEvidenceEntity, { trademarkId: id });
    await em.delete(TrademarkEntity, { id });
  }

  /** Ids of the alliance's trademarks with this office and registration number (case aside). */
  async trademarkIdsRegistered(em: EntityManager, allianceId: string, office: string, number: string): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `SELECT id FROM trademark WHERE alliance_id = $1 AND office = $2 AND upper(registration_number) = upper($3)`,
      [allianceId, office, number],
    );
    return rows.map((r) => r.id);
  }

  /** How many trademarks of the organisation's brands are in each verification status. */
  async trademarkStatusCounts(em: EntityManager, allianceId: string, organisationId: string): Promise<Map<TrademarkVerificationStatus, number>> {
    const rows: { status: TrademarkVerificationStatus; count: number }[] = await em.query(
      `SELECT t.verification_status AS status, count(*)::int AS count FROM trademark t JOIN brand b ON b.id = t.brand_id
        WHERE b.organisation_id = $1 AND t.alliance_id = $2 GROUP BY 1`,
      [organisationId, allianceId],
    );
    return new Map(rows.map((r) => [r.status, r.count]));
  }

  // ── evidence ───────────────────────────────────────────────────────────────────────────────

  async evidenceByTrademarkIds(allianceId: string, ids: readonly string[]): Promise<TrademarkEvidenceEntity[]> {
    return this.dataSource.getRepository(TrademarkEvidenceEntity).findBy({ allianceId, trademarkId: In([...ids]) });
  }

  countAuthorisationLetters(em: EntityManager, trademarkId: string): Promise<number> {
    return em.getRepository(TrademarkEvidenceEntity).countBy({ trademarkId, kind: EvidenceKind.AUTHORISATION_LETTER });
  }

  async insertEvidence(em: EntityManager, rows: Pick<TrademarkEvidenceEntity, 'allianceId' | 'trademarkId' | 'fileId' | 'kind'>[]): Promise<void> {
    if (rows.length) await em.insert(TrademarkEvidenceEntity, rows);
  }

  async deleteEvidence(em: EntityManager, trademarkId: string): Promise<void> {
    await em.delete(TrademarkEvidenceEntity, { trademarkId });
  }
}
