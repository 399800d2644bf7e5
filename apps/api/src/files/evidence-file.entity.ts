import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('evidence_file')
export class EvidenceFileEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid', { nullable: true }) organisationId: string | null;
  @Column('uuid') uploadedBy: string;
  @Column('text') fileName: string;
  @Column('text') contentType: string;
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) sizeBytes: number;
  @Column('char', { length: 64 }) sha256: string;
  @Column('text') storageKey: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
