import { Column, Entity, PrimaryColumn } from 'typeorm';

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
