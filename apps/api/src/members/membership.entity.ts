import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { MembershipStatus, MembershipTier } from '../../../../libs/domain/src/index.js';

@Entity('membership')
export class MembershipEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') organisationId: string;
  @Column('text') tier: MembershipTier;
  @Column('text') status: MembershipStatus;
  @Column('text', { nullable: true }) statusReason: string | null;
  @Column('date', { nullable: true }) joinedOn: string | null;
  @Column('int') version: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

@Entity('membership_transition')
export class MembershipTransitionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') membershipId: string;
  @Column('text', { nullable: true }) fromStatus: MembershipStatus | null;
  @Column('text') toStatus: MembershipStatus;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('membership_category')
export class MembershipCategoryEntity {
  @Column('uuid') allianceId: string;
  @PrimaryColumn('uuid') membershipId: string;
  @PrimaryColumn('uuid') categoryId: string;
}
