import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ImportFormat = 'STIX' | 'CSV';
export type ImportStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED';

@Entity('import_job')
export class ImportJobEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') organisationId: string;
  @Column('uuid') userId: string;
  @Column('text') format: ImportFormat;
  @Column('text') fileName: string;
  @Column('text') storageKey: string;
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) sizeBytes: number;
  @Column('char', { length: 64 }) sha256: string;
  @Column('text') status: ImportStatus;
  /** VALIDATE reads the whole file first; APPLY writes it, report by report, from `reportsDone` on. */
  @Column('text', { nullable: true }) phase: 'VALIDATE' | 'APPLY' | null;
  @Column('int') rowsRead: number;
  @Column('int', { nullable: true }) reportsTotal: number | null;
  @Column('int') reportsDone: number;
  @Column('int') reportsCreated: number;
  @Column('int') reportsAlreadyImported: number;
  @Column('int') indicatorsCreated: number;
  @Column('jsonb') skipped: { id: string; type: string; reason: string }[];
  @Column('jsonb') errors: { where: string; message: string }[];
  @Column('int') errorCount: number;
  @Column('text', { nullable: true }) worker: string | null;
  @Column('timestamptz', { nullable: true }) heartbeatAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) startedAt: Date | null;
  @Column('timestamptz', { nullable: true }) finishedAt: Date | null;
  /** The uploaded file is deleted when the import ends, or IMPORT_FILE_RETENTION_DAYS later. */
  @Column('timestamptz', { nullable: true }) fileDeletedAt: Date | null;
}
