import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../../../libs/domain/src/index.js';

export type UserStatus = 'ACTIVE' | 'DISABLED';

@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid', { nullable: true }) organisationId: string | null;
  @Column('citext') email: string;
  @Column('text') displayName: string;
  /** Null until the person sets a password (an invitee before accepting). */
  @Column('text', { nullable: true, select: false }) passwordHash: string | null;
  @Column('text') role: Role;
  @Column('text') status: UserStatus;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) lastLoginAt: Date | null;
  /** A session token is valid only in the epoch it was issued in: signing out everywhere moves it. */
  @Column('int') sessionEpoch: number;
}
