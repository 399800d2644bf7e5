import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('notification')
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') userId: string;
  @Column('text') kind: string;
  @Column('text') title: string;
  @Column('text') body: string;
  @Column('text', { nullable: true }) targetType: string | null;
  @Column('uuid', { nullable: true }) targetId: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) readAt: Date | null;
}
