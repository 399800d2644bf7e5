import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ReportKind, ReportStatus, SharingLevel } from '../../../../../libs/domain/src/index.js';

@Entity('intel_report')
export class IntelReportEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') organisationId: string;
  @Column('uuid') authorId: string;
  @Column('text') kind: ReportKind;
  @Column('text') title: string;
  @Column('text') summary: string;
  @Column('int') confidence: number;
  @Column('text') sharingLevel: SharingLevel;
  @Column('text') status: ReportStatus;
  @Column('char', { length: 2, nullable: true }) country: string | null;
  @Column('text', { array: true }) countries: string[];
  @Column('text', { array: true }) marketplaces: string[];
  @Column('date', { nullable: true }) firstObservedOn: string | null;
  @Column('date', { nullable: true }) lastObservedOn: string | null;
  @Column('uuid', { nullable: true }) networkId: string | null;
  @Column('int') version: number;
  @Column('text', { nullable: true }) sourceRef: string | null;
  @Column('timestamptz', { nullable: true }) publishedAt: Date | null;
  @Column('timestamptz', { nullable: true }) retractedAt: Date | null;
  @Column('text', { nullable: true }) retractionReason: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

@Entity('intel_report_version')
export class IntelReportVersionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') reportId: string;
  @Column('int') version: number;
  @Column('jsonb') snapshot: Record<string, unknown>;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('intel_report_brand')
export class IntelReportBrandEntity {
  @Column('uuid') allianceId: string;
  @PrimaryColumn('uuid') reportId: string;
  @PrimaryColumn('uuid') brandId: string;
}

@Entity('intel_report_category')
export class IntelReportCategoryEntity {
  @Column('uuid') allianceId: string;
  @PrimaryColumn('uuid') reportId: string;
  @PrimaryColumn('uuid') categoryId: string;
}

@Entity('intel_report_evidence')
export class IntelReportEvidenceEntity {
  @Column('uuid') allianceId: string;
  @PrimaryColumn('uuid') reportId: string;
  @PrimaryColumn('uuid') fileId: string;
}
