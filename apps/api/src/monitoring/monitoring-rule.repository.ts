import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export type MonitoringRuleKind = 'KEYWORD' | 'PRICE_FLOOR' | 'IMAGE';

export interface MonitoringRuleRow {
  id: string;
  allianceId: string;
  brandId: string;
  organisationId: string;
  kind: MonitoringRuleKind;
  name: string;
  terms: string[];
  excludedTerms: string[];
  floorMinor: string | null;
  currency: string | null;
  /** IMAGE: the reference pictures' perceptual hashes (signed 64-bit, as text) and the most bits a match may differ in. */
  imageHashes: string[] | null;
  maxDistance: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface MonitoringRuleValues {
  kind: MonitoringRuleKind;
  name: string;
  terms: string[];
  excludedTerms: string[];
  floorMinor: bigint | null;
  currency: string | null;
  imageHashes: bigint[] | null;
  maxDistance: number | null;
}

const COLUMNS = `id, alliance_id AS "allianceId", brand_id AS "brandId", organisation_id AS "organisationId", kind, name, terms, excluded_terms AS "excludedTerms",
  floor_minor::text AS "floorMinor", currency, image_hashes::text[] AS "imageHashes", max_distance AS "maxDistance", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Every statement on monitoring_rule but matching's (listing-match.repository.ts). */
@Injectable()
export class MonitoringRuleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The brand's rules, oldest first. */
  byBrand(allianceId: string, brandId: string): Promise<MonitoringRuleRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM monitoring_rule WHERE alliance_id = $1 AND brand_id = $2 ORDER BY created_at, id`, [allianceId, brandId]);
  }

  /** Of these rules, the organisation's. */
  ofOrganisation(allianceId: string, organisationId: string, ids: readonly string[]): Promise<MonitoringRuleRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM monitoring_rule WHERE alliance_id = $1 AND organisation_id = $2 AND id = ANY($3::uuid[])`, [allianceId, organisationId, ids]);
  }

  async byId(em: EntityManager, allianceId: string, id: string): Promise<MonitoringRuleRow | null> {
    const [row] = await em.query(`SELECT ${COLUMNS} FROM monitoring_rule WHERE alliance_id = $1 AND id = $2 FOR UPDATE`, [allianceId, id]);
    return row ?? null;
  }

  countOfBrand(em: EntityManager, allianceId: string, brandId: string): Promise<number> {
    return em.query(`SELECT count(*)::int AS n FROM monitoring_rule WHERE alliance_id = $1 AND brand_id = $2`, [allianceId, brandId]).then((r: { n: number }[]) => r[0].n);
  }

  async insert(em: EntityManager, allianceId: string, brandId: string, organisationId: string, createdBy: string, v: MonitoringRuleValues): Promise<MonitoringRuleRow> {
    const [row] = await em.query(
      `INSERT INTO monitoring_rule (alliance_id, brand_id, organisation_id, kind, name, terms, excluded_terms, floor_minor, currency, image_hashes, max_distance, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::bigint[], $11, $12) RETURNING ${COLUMNS}`,
      [allianceId, brandId, organisationId, v.kind, v.name, v.terms, v.excludedTerms, v.floorMinor?.toString() ?? null, v.currency, v.imageHashes?.map(String) ?? null, v.maxDistance, createdBy],
    );
    return row;
  }

  async update(em: EntityManager, allianceId: string, id: string, v: MonitoringRuleValues): Promise<MonitoringRuleRow> {
    const [[row]] = await em.query(
      `UPDATE monitoring_rule SET kind = $3, name = $4, terms = $5, excluded_terms = $6, floor_minor = $7, currency = $8, image_hashes = $9::bigint[], max_distance = $10, updated_at = now()
        WHERE alliance_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [allianceId, id, v.kind, v.name, v.terms, v.excludedTerms, v.floorMinor?.toString() ?? null, v.currency, v.imageHashes?.map(String) ?? null, v.maxDistance],
    );
    return row;
  }

  async remove(em: EntityManager, allianceId: string, id: string): Promise<void> {
    await em.query(`DELETE FROM monitoring_rule WHERE alliance_id = $1 AND id = $2`, [allianceId, id]);
  }
}
