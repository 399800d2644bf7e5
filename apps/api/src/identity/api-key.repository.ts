import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { membershipStatusOf } from '../members/member-access.js';
import { ApiKeyEntity } from './api-key.entity.js';

export type NewApiKey = Pick<ApiKeyEntity, 'allianceId' | 'organisationId' | 'name' | 'prefix' | 'secretHash' | 'scopes' | 'createdBy'>;

/** Every SQL statement on api_key: authentication's lookup, and partners' issuing and revoking of keys. */
@Injectable()
export class ApiKeyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The key with this prefix, with its secret's hash (not read otherwise) and the membership status
   * of its organisation (null: not a member, a partner's key).
   */
  async withSecretHash(prefix: string): Promise<{ key: ApiKeyEntity | undefined; membershipStatus: string | null }> {
    const { entities: [key], raw: [row] } = await this.dataSource.getRepository(ApiKeyEntity).createQueryBuilder('k').addSelect('k.secretHash')
      .addSelect(membershipStatusOf('k.alliance_id', 'k.organisation_id'), 'membership_status')
      .where('k.prefix = :prefix', { prefix }).getRawAndEntities();
    return { key, membershipStatus: row?.membership_status ?? null };
  }

  /** last_used_at at minute precision: one write per key per minute, not per request. */
  async used(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE api_key SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [id]);
  }

  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.dataSource.getRepository(ApiKeyEntity).findOneBy({ id });
  }

  byIds(allianceId: string, ids: readonly string[]): Promise<ApiKeyEntity[]> {
    return this.dataSource.getRepository(ApiKeyEntity).findBy({ allianceId, id: In([...ids]) });
  }

  /** Newest first. */
  byOrganisationIds(allianceId: string, organisationIds: readonly string[]): Promise<ApiKeyEntity[]> {
    return this.dataSource.getRepository(ApiKeyEntity).find({ where: { allianceId, organisationId: In([...organisationIds]) }, order: { createdAt: 'DESC' } });
  }

  find(em: EntityManager, allianceId: string, id: string): Promise<ApiKeyEntity | null> {
    return em.getRepository(ApiKeyEntity).findOneBy({ id, allianceId });
  }

  /** Inserts the key and answers it as stored. */
  async insert(em: EntityManager, values: NewApiKey): Promise<ApiKeyEntity> {
    const key = em.getRepository(ApiKeyEntity).create(values);
    await em.getRepository(ApiKeyEntity).insert(key);
    return em.getRepository(ApiKeyEntity).findOneByOrFail({ id: key.id });
  }

  /** Revokes the key now; answers it as it is now. */
  async revoke(em: EntityManager, id: string): Promise<ApiKeyEntity> {
    await em.getRepository(ApiKeyEntity).update(id, { revokedAt: new Date() });
    return em.getRepository(ApiKeyEntity).findOneByOrFail({ id });
  }

  /** Revokes every live key of the organisation; answers them (id, name, prefix). */
  async revokeAllOf(em: EntityManager, allianceId: string, organisationId: string): Promise<Pick<ApiKeyEntity, 'id' | 'name' | 'prefix'>[]> {
    const result: [ApiKeyEntity[], number] | ApiKeyEntity[] = await em.query(
      `UPDATE api_key SET revoked_at = now() WHERE organisation_id = $1 AND alliance_id = $2 AND revoked_at IS NULL RETURNING id, name, prefix`,
      [organisationId, allianceId],
    );
    return Array.isArray(result[0]) ? (result[0] as ApiKeyEntity[]) : (result as ApiKeyEntity[]);
  }
}
