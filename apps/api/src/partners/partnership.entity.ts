import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PartnerKind } from '../../../../libs/domain/src/index.js';

@Entity('partnership')
export class PartnershipEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') organisationId: string;
  @Column('text') kind: PartnerKind;
  @Column('text', { array: true }) scopes: string[];
  @Column('text') status: 'ACTIVE' | 'ENDED';
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) endedAt: Date | null;
}
