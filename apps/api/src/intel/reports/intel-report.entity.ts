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

@Entity('indicator')
export class IndicatorEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') reportId: string;
  @Column('text') type: string;
  @Column('text') rawValue: string;
  @Column('text') key: string;
  @Column('text', { nullable: true }) note: string | null;
  /** Marketplace of a bare store or listing id, messenger of a bare handle, as entered. */
  @Column('text', { nullable: true }) qualifier: string | null;
  /** Order as entered in the report. */
  @Column('int') position: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('counterfeiter_network')
export class CounterfeiterNetworkEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid', { nullable: true }) mergedIntoId: string | null;
  @Column('int') reportCount: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

@Entity('network_event')
export class NetworkEventEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', insert: false }) id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') networkId: string;
  @Column('text') kind: string;
  @Column('text') cause: string;
  @Column('jsonb') detail: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz', insert: false }) createdAt: Date;
}

@Entity('correlation_key')
export class CorrelationKeyEntity {
  @PrimaryColumn('uuid') allianceId: string;
  @PrimaryColumn('text') type: string;
  @PrimaryColumn('text') key: string;
  @Column('int') reportCount: number;
  @Column('text', { nullable: true }) decision: 'EXCLUDED' | 'CONFIRMED' | null;
  @Column('text', { nullable: true }) decisionReason: string | null;
  @Column('uuid', { nullable: true }) decidedBy: string | null;
  @Column('timestamptz', { nullable: true }) decidedAt: Date | null;
}

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
