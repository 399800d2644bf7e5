import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { EvidenceKind, TrademarkOffice, TrademarkVerificationStatus } from '../../../../libs/domain/src/index.js';

@Entity('brand')
export class BrandEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') organisationId: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { nullable: true }) website: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

@Entity('trademark')
export class TrademarkEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') brandId: string;
  @Column('text') office: TrademarkOffice;
  @Column('text') registrationNumber: string;
  @Column('int', { array: true }) niceClasses: number[];
  @Column('text') ownerName: string;
  @Column('date', { nullable: true }) registeredOn: string | null;
  @Column('date', { nullable: true }) expiresOn: string | null;
  @Column('text') verificationStatus: TrademarkVerificationStatus;
  @Column('text', { nullable: true }) verificationNote: string | null;
  @Column('uuid', { nullable: true }) verifiedBy: string | null;
  @Column('timestamptz', { nullable: true }) verifiedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

@Entity('trademark_evidence')
export class TrademarkEvidenceEntity {
  @Column('uuid') allianceId: string;
  @PrimaryColumn('uuid') trademarkId: string;
  @PrimaryColumn('uuid') fileId: string;
  @Column('text') kind: EvidenceKind;
}
