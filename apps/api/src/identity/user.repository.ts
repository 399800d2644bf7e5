import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { membershipStatusOf } from '../members/member-access.js';
import { RevokedSessionRepository } from './revoked-session.repository.js';
import { Role } from '../../../../libs/domain/src/index.js';
import { NotificationRecipients } from '../notifications/notification-recipients.js';
import { UserEntity } from './user.entity.js';

export type NewUser = Pick<UserEntity, 'allianceId' | 'organisationId' | 'email' | 'displayName' | 'role' | 'status'> & { passwordHash: string | null };

/**
 * Every SQL statement on app_user: sign-in and sessions (AuthService), onboarding's invitees, the
 * demo's people, notifications' recipients, a contact answer's e-mail. Methods that write, and
 * reads that must see a transaction's writes, take its EntityManager.
 */
@Injectable()
export class UserRepository implements NotificationRecipients {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ── sign-in and sessions ───────────────────────────────────────────────────────────────────

  /** The person signing in with this e-mail, with the password hash (not read otherwise). */
  withPasswordHash(email: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email }).getOne();
  }

  async signedIn(em: EntityManager, id: string): Promise<void> {
    await em.getRepository(UserEntity).update(id, { lastLoginAt: new Date() });
  }

  /** Moves the person's session epoch: every session issued before stops working. */
  async nextSessionEpoch(em: EntityManager, id: string): Promise<void> {
    await em.query(`UPDATE app_user SET session_epoch = session_epoch + 1 WHERE id = $1`, [id]);
  }

  /**
   * The person, their organisation's membership status and, given a session id, whether that
   * session was ended: one query (every authenticated request makes it).
   */
  async forSession(userId: string, sessionId?: string): Promise<{ user: UserEntity | undefined; membershipStatus: string | null; revoked: boolean }> {
    const qb = this.dataSource.getRepository(UserEntity).createQueryBuilder('u')
      .addSelect(membershipStatusOf('u.alliance_id', 'u.organisation_id'), 'membership_status')
      .where('u.id = :id', { id: userId });
    if (sessionId) qb.addSelect(RevokedSessionRepository.revokedCondition(), 'revoked').setParameter('sid', sessionId);
    const { entities: [user], raw: [row] } = await qb.getRawAndEntities();
    return { user, membershipStatus: row?.membership_status ?? null, revoked: !!row?.revoked };
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ id });
  }

  // ── for the contexts above ─────────────────────────────────────────────────────────────────
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
