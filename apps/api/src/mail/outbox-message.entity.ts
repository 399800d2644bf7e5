import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxStatus = 'PENDING' | 'SENT' | 'LOGGED' | 'FAILED';

@Entity('outbox_message')
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('text') kind: string;
  @Column('text') toAddress: string;
  @Column('text') subject: string;
  @Column('text') body: string;
  @Column('text') status: OutboxStatus;
  @Column('int') attempts: number;
  @Column('text', { nullable: true }) lastError: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) sentAt: Date | null;
  /** base64 content */
  @Column('jsonb') attachments: { filename: string; contentType: string; content: string }[];
}
