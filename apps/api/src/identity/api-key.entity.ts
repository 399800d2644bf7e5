import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('api_key')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') organisationId: string;
  @Column('text') name: string;
  /** The public part of the key, used to find it; the secret is stored as a SHA-256 hash only. */
  @Column('text') prefix: string;
  @Column('text', { select: false }) secretHash: string;
  @Column('text', { array: true }) scopes: string[];
  @Column('uuid', { nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) lastUsedAt: Date | null;
  @Column('timestamptz', { nullable: true }) revokedAt: Date | null;
}
