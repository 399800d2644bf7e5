import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface DeliveryRow {
  allianceId: string;
  id: string;
  requestId: string;
  channel: 'EMAIL' | 'WEBHOOK';
  target: string;
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  createdAt: Date;
  deliveredAt: Date | null;
}

export interface AttemptRow {
  deliveryId: string;
  at: Date;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

const COLUMNS = `alliance_id AS "allianceId", id, request_id AS "requestId", channel, target, status, created_at AS "createdAt", delivered_at AS "deliveredAt"`;

/** Every SQL statement on takedown_delivery and takedown_delivery_attempt. */
@Injectable()
export class TakedownDeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, allianceId: string, requestId: string, channel: DeliveryRow['channel'], target: string): Promise<string> {
    const [{ id }] = await em.query(`INSERT INTO takedown_delivery (alliance_id, request_id, channel, target) VALUES ($1, $2, $3, $4) RETURNING id`, [allianceId, requestId, channel, target]);
    return id;
  }

  async byId(allianceId: string, id: string): Promise<DeliveryRow | null> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM takedown_delivery WHERE alliance_id = $1 AND id = $2`, [allianceId, id]);
    return row ?? null;
  }

  async recordAttempt(allianceId: string, deliveryId: string, a: { ok: boolean; statusCode: number | null; error: string | null }, status: DeliveryRow['status'], em: EntityManager = this.dataSource.manager): Promise<void> {
    await em.query(`INSERT INTO takedown_delivery_attempt (alliance_id, delivery_id, ok, status_code, error) VALUES ($1, $2, $3, $4, $5)`, [allianceId, deliveryId, a.ok, a.statusCode, a.error]);
    await em.query(
      `UPDATE takedown_delivery SET status = $3, delivered_at = CASE WHEN $3 = 'DELIVERED' THEN now() ELSE delivered_at END WHERE alliance_id = $1 AND id = $2`,
      [allianceId, deliveryId, status],
    );
  }

  byRequestIds(allianceId: string, requestIds: readonly string[]): Promise<DeliveryRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM takedown_delivery WHERE alliance_id = $1 AND request_id = ANY ($2) ORDER BY created_at, channel`, [allianceId, requestIds]);
  }

  attemptsOf(allianceId: string, deliveryIds: readonly string[]): Promise<AttemptRow[]> {
    return this.dataSource.query(
      `SELECT delivery_id AS "deliveryId", at, ok, status_code AS "statusCode", error FROM takedown_delivery_attempt WHERE alliance_id = $1 AND delivery_id = ANY ($2) ORDER BY at, id`,
      [allianceId, deliveryIds],
    );
  }
}
