import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('counterfeiter_network')
export class CounterfeiterNetworkEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid', { nullable: true }) mergedIntoId: string | null;
  @Column('int') reportCount: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

@Entity('network_event')
export class NetworkEventEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', insert: false }) id: string;
  @Column('uuid') allianceId: string;
  @Column('uuid') networkId: string;
  @Column('text') kind: string;
  @Column('text') cause: string;
  @Column('jsonb') detail: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz', insert: false }) createdAt: Date;
}
