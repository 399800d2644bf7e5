import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { InvitationEntity } from './invitation.entity.js';

/** Every SQL statement on invitation. */
@Injectable()
export class InvitationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  byIds(allianceId: string, ids: readonly string[]): Promise<InvitationEntity[]> {
    return this.dataSource.getRepository(InvitationEntity).findBy({ allianceId, id: In([...ids]) });
  }

  /** Newest first. */
  byMembershipIds(allianceId: string, ids: readonly string[]): Promise<InvitationEntity[]> {
    return this.dataSource.getRepository(InvitationEntity).find({ where: { allianceId, membershipId: In([...ids]) }, order: { createdAt: 'DESC' } });
  }

  latestOfMembership(em: EntityManager, membershipId: string): Promise<InvitationEntity | null> {
    return em.getRepository(InvitationEntity).findOne({ where: { membershipId }, order: { createdAt: 'DESC' } });
  }

  byTokenHash(em: EntityManager, tokenHash: string): Promise<InvitationEntity | null> {
    return em.getRepository(InvitationEntity).findOneBy({ tokenHash });
  }

  async insert(em: EntityManager, values: Pick<InvitationEntity, 'allianceId' | 'membershipId' | 'email' | 'tokenHash' | 'invitedBy' | 'expiresAt'>): Promise<InvitationEntity> {
    const repo = em.getRepository(InvitationEntity);
    return repo.save(repo.create(values));
  }

  /** Ends the membership's open invitations now. */
  async expireOpen(em: EntityManager, membershipId: string): Promise<void> {
    await em.query(`UPDATE invitation SET expires_at = now() WHERE membership_id = $1 AND accepted_at IS NULL AND expires_at > now()`, [membershipId]);
  }

  /** The conditional UPDATE that lets one acceptance of an invitation win: true when this one did. */
  async claim(em: EntityManager, id: string, userId: string): Promise<boolean> {
    const claimed = await em
      .createQueryBuilder()
      .update(InvitationEntity)
      .set({ acceptedAt: () => 'now()', acceptedUserId: userId })
      .where('id = :id AND accepted_at IS NULL AND expires_at > now()', { id })
      .execute();
    return claimed.affected === 1;
  }
}
