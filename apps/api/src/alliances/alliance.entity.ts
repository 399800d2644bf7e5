import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SharingLevel } from '../../../../libs/domain/src/index.js';

@Entity('alliance')
export class AllianceEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') slug: string;
  @Column('text') name: string;
  @Column('char', { length: 2 }) homeCountry: string;
  @Column('int') takedownSlaHours: number;
  @Column('text') defaultSharingLevel: SharingLevel;
  /** A correlation key that links more published reports than this stops linking. */
  @Column('int') correlationLimit: number;
  /** Marketplaces whose store and listing addresses indicators are read from. */
  @Column('text', { array: true }) marketplaces: string[];
  /** Whether keys derived from indicators (a URL's domain, a chat link's phone, …) link reports. */
  @Column('boolean') derivedKeys: boolean;
  /** The repeat-infringer ladder: upheld removals within the window that warn, and that flag a store. */
  @Column('int') strikeWarningAt: number;
  @Column('int') strikeFlagAt: number;
  @Column('int') strikeWindowDays: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
