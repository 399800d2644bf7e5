import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

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
