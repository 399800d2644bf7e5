import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { OrganisationKind } from '../../../../libs/domain/src/index.js';

@Entity('organisation')
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) legalName: string | null;
  @Column('text') kind: OrganisationKind;
  @Column('char', { length: 2, nullable: true }) country: string | null;
  @Column('text', { nullable: true }) website: string | null;
  @Column('text', { nullable: true }) description: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
