import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Role } from '../../../../libs/domain/src/index.js';
import { NotificationRecipients } from '../notifications/notification-recipients.js';
import { UserEntity } from './user.entity.js';

export type NewUser = Pick<UserEntity, 'allianceId' | 'organisationId' | 'email' | 'displayName' | 'role' | 'status'> & { passwordHash: string | null };

/**
 * Statements on app_user that other contexts need: onboarding's invitees, the demo's people,
 * notifications' recipients, a contact answer's e-mail. (AuthService keeps the sign-in and
 * session reads it had.) Methods take the caller's EntityManager: they run in its transaction.
 */
@Injectable()
export class UserRepository implements NotificationRecipients {
  /** Inserts the person and answers the id. */
  async insert(em: EntityManager, user: NewUser): Promise<string> {
    return (await em.getRepository(UserEntity).insert(user)).identifiers[0].id;
  }

  /** Whoever signs in with this e-mail, in any alliance. */
  findByEmail(em: EntityManager, email: string): Promise<UserEntity | null> {
    return em.getRepository(UserEntity).findOneBy({ email });
  }

  findByEmailInAlliance(em: EntityManager, allianceId: string, email: string): Promise<UserEntity | null> {
    return em.getRepository(UserEntity).findOneBy({ email, allianceId });
  }

  async update(em: EntityManager, id: string, changes: Partial<Pick<UserEntity, 'passwordHash' | 'displayName'>>): Promise<void> {
    await em.getRepository(UserEntity).update(id, changes);
  }

  /** The organisation's admins (any status). */
  adminsOf(em: EntityManager, allianceId: string, organisationId: string): Promise<UserEntity[]> {
    return em.getRepository(UserEntity).findBy({ organisationId, role: Role.MEMBER_ADMIN, allianceId });
  }

  async emailOf(em: EntityManager, id: string): Promise<string | undefined> {
    const [row] = await em.query(`SELECT email FROM app_user WHERE id = $1`, [id]);
    return row?.email;
  }

  async reviewerIds(em: EntityManager, allianceId: string, organisationIds: string[]): Promise<string[]> {
    const users: { id: string }[] = await em.query(
      `SELECT id FROM app_user WHERE alliance_id = $1 AND organisation_id = ANY($2::uuid[]) AND status = 'ACTIVE' AND role = 'PLATFORM_REVIEWER'`,
      [allianceId, organisationIds],
    );
    return users.map((u) => u.id);
  }

  async memberPeople(em: EntityManager, allianceId: string, organisationIds: string[]): Promise<{ id: string; organisationId: string }[]> {
    const users: { id: string; organisation_id: string }[] = await em.query(
      `SELECT id, organisation_id FROM app_user WHERE alliance_id = $1 AND organisation_id = ANY($2::uuid[]) AND status = 'ACTIVE' AND password_hash IS NOT NULL AND role IN ('MEMBER_ADMIN', 'MEMBER_ANALYST')`,
      [allianceId, organisationIds],
    );
    return users.map((u) => ({ id: u.id, organisationId: u.organisation_id }));
  }

  async coordinatorIds(em: EntityManager, allianceId: string): Promise<string[]> {
    const users: { id: string }[] = await em.query(`SELECT id FROM app_user WHERE alliance_id = $1 AND role = 'COORDINATOR' AND status = 'ACTIVE'`, [allianceId]);
    return users.map((u) => u.id);
  }
}
