import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { SqlCondition } from '../../common/sql-condition.js';
import { ContactRequestEntity, ContactRequestRecipientEntity } from './contact-request.entity.js';

type RecipientStatus = ContactRequestRecipientEntity['status'];

/**
 * Every SQL statement on contact_request and contact_request_recipient, and the blind-match read
 * that finds a value's holders in reports the caller may not see.
 */
@Injectable()
export class ContactRequestRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * For each (type, key): the organisations other than `organisationId` holding it in published
   * reports of the alliance that `visible` (on alias r, its parameters named as IntelAccess names
   * them) does not let through.
   */
  async invisibleHolders(visible: SqlCondition, pairs: { type: string; key: string }[]): Promise<{ type: string; key: string; orgs: string[] }[]> {
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT i.type, i.key, array_agg(DISTINCT r.organisation_id) AS orgs
         FROM indicator i JOIN intel_report r ON r.id = i.report_id
        WHERE i.alliance_id = :intelAlliance AND r.status = 'PUBLISHED'
          AND (i.type, i.key) IN (SELECT * FROM unnest(:types::text[], :keys::text[]))
          AND r.organisation_id IS DISTINCT FROM :intelOrg
          AND NOT ${visible.sql}
        GROUP BY i.type, i.key`,
      { ...visible.params, types: pairs.map((p) => p.type), keys: pairs.map((p) => p.key) },
      {},
    );
    return this.dataSource.query(sql, params);
  }

  /** Inserts the request with one WAITING row per holder; answers it as stored. */
  async insert(
    em: EntityManager,
    values: Pick<ContactRequestEntity, 'allianceId' | 'requesterOrganisationId' | 'requesterUserId' | 'indicatorType' | 'indicatorKey' | 'message' | 'status'>,
    holders: string[],
  ): Promise<ContactRequestEntity> {
    const repo = em.getRepository(ContactRequestEntity);
    const request = repo.create(values);
    await repo.insert(request);
    await em.insert(ContactRequestRecipientEntity, holders.map((organisationId) => ({ allianceId: values.allianceId, requestId: request.id, organisationId, status: 'WAITING' as const })));
    return repo.findOneByOrFail({ id: request.id });
  }

  findForUpdate(em: EntityManager, allianceId: string, id: string): Promise<ContactRequestEntity | null> {
    return em.getRepository(ContactRequestEntity).findOne({ where: { id, allianceId }, lock: { mode: 'pessimistic_write' } });
  }

  findApproved(em: EntityManager, allianceId: string, id: string): Promise<ContactRequestEntity | null> {
    return em.getRepository(ContactRequestEntity).findOneBy({ id, allianceId, status: 'APPROVED' });
  }

  /** Records the coordinators' review; answers the request as it is now. */
  async review(em: EntityManager, id: string, review: Pick<ContactRequestEntity, 'status' | 'coordinatorNote' | 'reviewedBy' | 'reviewedAt'>): Promise<ContactRequestEntity> {
    await em.getRepository(ContactRequestEntity).update(id, review);
    return em.getRepository(ContactRequestEntity).findOneByOrFail({ id });
  }

  recipientsOf(em: EntityManager, requestId: string): Promise<ContactRequestRecipientEntity[]> {
    return em.getRepository(ContactRequestRecipientEntity).findBy({ requestId });
  }

  recipientForUpdate(em: EntityManager, requestId: string, organisationId: string): Promise<ContactRequestRecipientEntity | null> {
    return em.getRepository(ContactRequestRecipientEntity).findOne({ where: { requestId, organisationId }, lock: { mode: 'pessimistic_write' } });
  }

  async answer(em: EntityManager, requestId: string, organisationId: string, answer: { status: RecipientStatus; decidedBy: string; decidedAt: Date }): Promise<void> {
    await em.getRepository(ContactRequestRecipientEntity).update({ requestId, organisationId }, answer);
  }

  /** The alliance's requests, newest first (200 at most); of `organisationId`'s sending or approved and addressed to it, unless it is undefined (coordinators). */
  async requests(allianceId: string, organisationId: string | undefined): Promise<ContactRequestEntity[]> {
    const qb = this.dataSource.getRepository(ContactRequestEntity).createQueryBuilder('c').where('c.alliance_id = :a', { a: allianceId });
    if (organisationId !== undefined) {
      qb.andWhere(
        `(c.requester_organisation_id = :org OR (c.status = 'APPROVED' AND EXISTS (SELECT 1 FROM contact_request_recipient x WHERE x.request_id = c.id AND x.organisation_id = :org)))`,
        { org: organisationId },
      );
    }
    return qb.orderBy('c.created_at', 'DESC').limit(200).getMany();
  }

  recipientsOfRequests(requestIds: readonly string[]): Promise<ContactRequestRecipientEntity[]> {
    return this.dataSource.getRepository(ContactRequestRecipientEntity).findBy({ requestId: In([...requestIds]) });
  }
}
