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

@Entity('watchlist_entry')
export class WatchlistEntryEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') organisationId: string;
  @Column('text') kind: 'BRAND' | 'CATEGORY' | 'INDICATOR';
  @Column('uuid', { nullable: true }) brandId: string | null;
  @Column('uuid', { nullable: true }) categoryId: string | null;
  @Column('text', { nullable: true }) indicatorType: string | null;
  @Column('text', { nullable: true }) indicatorKey: string | null;
  @Column('uuid') createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
