import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CategoryStatus } from '../../../../libs/domain/src/index.js';

@Entity('industry_category')
export class IndustryCategoryEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('text') name: string;
  @Column('text') status: CategoryStatus;
  @Column('uuid', { nullable: true }) mergedIntoId: string | null;
  @Column('int') position: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) retiredAt: Date | null;
}
