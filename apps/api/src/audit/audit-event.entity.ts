import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('audit_event')
export class AuditEventEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', insert: false }) id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('text') actorKind: string;
  @Column('text') action: string;
  @Column('text') targetType: string;
  @Column('uuid', { nullable: true }) targetId: string | null;
  @Column('jsonb', { nullable: true }) before: unknown;
  @Column('jsonb', { nullable: true }) after: unknown;
  /** The actor is kept for the record but not shown (nor searchable) through the API. */
  @Column('boolean') actorSealed: boolean;
  @CreateDateColumn({ type: 'timestamptz', insert: false }) createdAt: Date;
}
