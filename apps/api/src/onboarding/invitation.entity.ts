import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('invitation')
export class InvitationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') membershipId: string;
  @Column('citext') email: string;
  /** SHA-256 of the token sent by e-mail; the token itself is never stored. */
  @Column('char', { length: 64, select: false }) tokenHash: string;
  @Column('uuid') invitedBy: string;
  @Column('timestamptz') expiresAt: Date;
  @Column('timestamptz', { nullable: true }) acceptedAt: Date | null;
  @Column('uuid', { nullable: true }) acceptedUserId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
