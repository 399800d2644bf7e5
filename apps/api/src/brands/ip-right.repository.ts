import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export type IpRightKind = 'COPYRIGHT' | 'DESIGN' | 'PATENT';
export type VerificationStatus = 'PENDING' | 'VERIFIED' | 'REJECTED';

export interface IpRightRow {
  allianceId: string;
  id: string;
  brandId: string;
  kind: IpRightKind;
  office: string;
  number: string;
  title: string | null;
  holder: string;
  classes: string[];
  territories: string[];
  registeredOn: string | null;
  expiresOn: string | null;
  certificateFileId: string | null;
  verificationStatus: VerificationStatus;
  verificationNote: string | null;
  verifiedAt: Date | null;
  createdAt: Date;
}

export type IpRightValues = Pick<IpRightRow, 'kind' | 'office' | 'number' | 'title' | 'holder' | 'classes' | 'territories' | 'registeredOn' | 'expiresOn' | 'certificateFileId'>;

export interface AuthorisationRow {
  allianceId: string;
  id: string;
  principalOrganisationId: string;
  agentOrganisationId: string;
  brandIds: string[];
  expiresOn: string;
  letterFileId: string;
  status: 'ACTIVE' | 'REVOKED';
  createdAt: Date;
  revokedAt: Date | null;
}

const RIGHT = `alliance_id AS "allianceId", id, brand_id AS "brandId", kind, office, number, title, holder, classes, territories,
  to_char(registered_on, 'YYYY-MM-DD') AS "registeredOn", to_char(expires_on, 'YYYY-MM-DD') AS "expiresOn", certificate_file_id AS "certificateFileId",
  verification_status AS "verificationStatus", verification_note AS "verificationNote", verified_at AS "verifiedAt", created_at AS "createdAt"`;
const AUTH = `a.alliance_id AS "allianceId", a.id, a.principal_organisation_id AS "principalOrganisationId", a.agent_organisation_id AS "agentOrganisationId",
  ARRAY(SELECT brand_id FROM agent_authorisation_brand b WHERE b.alliance_id = a.alliance_id AND b.authorisation_id = a.id ORDER BY brand_id) AS "brandIds",
  to_char(a.expires_on, 'YYYY-MM-DD') AS "expiresOn", a.letter_file_id AS "letterFileId", a.status, a.created_at AS "createdAt", a.revoked_at AS "revokedAt"`;

/** Every SQL statement on ip_right, agent_authorisation and agent_authorisation_brand. */
@Injectable()
export class IpRightRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  byIds(allianceId: string, ids: readonly string[], em: EntityManager = this.dataSource.manager): Promise<IpRightRow[]> {
    return em.query(`SELECT ${RIGHT} FROM ip_right WHERE alliance_id = $1 AND id = ANY ($2)`, [allianceId, ids]);
  }

  byBrandIds(allianceId: string, brandIds: readonly string[]): Promise<IpRightRow[]> {
    return this.dataSource.query(`SELECT ${RIGHT} FROM ip_right WHERE alliance_id = $1 AND brand_id = ANY ($2) ORDER BY kind, office, number`, [allianceId, brandIds]);
  }

  async registrationTaken(em: EntityManager, allianceId: string, v: Pick<IpRightValues, 'kind' | 'office' | 'number'>): Promise<boolean> {
    const rows = await em.query(`SELECT 1 FROM ip_right WHERE alliance_id = $1 AND kind = $2 AND upper(office) = upper($3) AND upper(number) = upper($4)`, [allianceId, v.kind, v.office, v.number]);
    return rows.length > 0;
  }

  async insert(em: EntityManager, allianceId: string, brandId: string, v: IpRightValues): Promise<IpRightRow> {
    const [row] = await em.query(
      `INSERT INTO ip_right (alliance_id, brand_id, kind, office, number, title, holder, classes, territories, registered_on, expires_on, certificate_file_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${RIGHT}`,
      [allianceId, brandId, v.kind, v.office, v.number, v.title, v.holder, v.classes, v.territories, v.registeredOn, v.expiresOn, v.certificateFileId],
    );
    return row;
  }

  /** A decision on a right still in the status the reviewer saw; null when someone decided first. */
  async review(em: EntityManager, allianceId: string, id: string, status: VerificationStatus, note: string | null, by: string): Promise<IpRightRow | null> {
    const [rows] = await em.query(
      `UPDATE ip_right SET verification_status = $3, verification_note = $4, verified_by = $5, verified_at = now(), updated_at = now()
        WHERE alliance_id = $1 AND id = $2 AND verification_status = 'PENDING' RETURNING ${RIGHT}`,
      [allianceId, id, status, note, by],
    );
    return rows[0] ?? null;
  }

  async insertAuthorisation(em: EntityManager, allianceId: string, a: Pick<AuthorisationRow, 'principalOrganisationId' | 'agentOrganisationId' | 'brandIds' | 'expiresOn' | 'letterFileId'>, grantedBy: string): Promise<string> {
    const [{ id }] = await em.query(
      `INSERT INTO agent_authorisation (alliance_id, principal_organisation_id, agent_organisation_id, expires_on, letter_file_id, granted_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [allianceId, a.principalOrganisationId, a.agentOrganisationId, a.expiresOn, a.letterFileId, grantedBy],
    );
    await em.query(`INSERT INTO agent_authorisation_brand (alliance_id, authorisation_id, brand_id) SELECT $1, $2, unnest($3::uuid[])`, [allianceId, id, a.brandIds]);
    return id;
  }

  authorisationsWhere(allianceId: string, filter: { organisationId?: string; ids?: readonly string[] }, em: EntityManager = this.dataSource.manager): Promise<AuthorisationRow[]> {
    return em.query(
      `SELECT ${AUTH} FROM agent_authorisation a
        WHERE a.alliance_id = $1 AND ($2::uuid IS NULL OR $2 IN (a.principal_organisation_id, a.agent_organisation_id)) AND ($3::uuid[] IS NULL OR a.id = ANY ($3))
        ORDER BY a.created_at DESC`,
      [allianceId, filter.organisationId ?? null, filter.ids ?? null],
    );
  }

  async revoke(em: EntityManager, allianceId: string, id: string): Promise<boolean> {
    const [, count] = await em.query(`UPDATE agent_authorisation SET status = 'REVOKED', revoked_at = now() WHERE alliance_id = $1 AND id = $2 AND status = 'ACTIVE'`, [allianceId, id]);
    return count > 0;
  }

  /** Whether an active, unexpired authorisation lets the agent file for the principal's brand today. */
  async authorises(allianceId: string, agentOrganisationId: string, brandId: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM agent_authorisation a JOIN agent_authorisation_brand b ON b.alliance_id = a.alliance_id AND b.authorisation_id = a.id
        WHERE a.alliance_id = $1 AND a.agent_organisation_id = $2 AND b.brand_id = $3 AND a.status = 'ACTIVE' AND a.expires_on >= current_date`,
      [allianceId, agentOrganisationId, brandId],
    );
    return rows.length > 0;
  }
}
