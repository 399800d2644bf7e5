import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('sighting')
export class SightingEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') indicatorId: string;
  @Column('uuid') organisationId: string;
  @Column('uuid', { nullable: true }) userId: string | null;
  @Column('timestamptz') seenAt: Date;
  @Column('text', { nullable: true }) note: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
