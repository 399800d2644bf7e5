import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

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
