import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('contact_request')
export class ContactRequestEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') requesterOrganisationId: string;
  @Column('uuid') requesterUserId: string;
  @Column('text') indicatorType: string;
  @Column('text') indicatorKey: string;
  @Column('text') message: string;
  @Column('text') status: 'PENDING_REVIEW' | 'APPROVED' | 'REJECTED';
  @Column('text', { nullable: true }) coordinatorNote: string | null;
  @Column('uuid', { nullable: true }) reviewedBy: string | null;
  @Column('timestamptz', { nullable: true }) reviewedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('contact_request_recipient')
export class ContactRequestRecipientEntity {
  @Column('uuid') allianceId: string;
  @PrimaryColumn('uuid') requestId: string;
  @PrimaryColumn('uuid') organisationId: string;
  @Column('text') status: 'WAITING' | 'ACCEPTED' | 'DECLINED';
  @Column('uuid', { nullable: true }) decidedBy: string | null;
  @Column('timestamptz', { nullable: true }) decidedAt: Date | null;
}
