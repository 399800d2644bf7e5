import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface BulkRow {
  allianceId: string;
  id: string;
  organisationId: string;
  userId: string;
  fileName: string;
  storageKey: string;
  sizeBytes: number;
  sha256: string;
  status: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  error: string | null;
  rowsRead: number;
  rowsFiled: number;
  rowsRefused: number;
  requestsFiled: number;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface BulkLine {
  line: number;
  status: 'FILED' | 'REFUSED';
  field: string | null;
  message: string | null;
  requestId: string | null;
}

const COLUMNS = `alliance_id AS "allianceId", id, organisation_id AS "organisationId", user_id AS "userId", file_name AS "fileName", storage_key AS "storageKey",
  size_bytes::float8 AS "sizeBytes", sha256, status, error, rows_read AS "rowsRead", rows_filed AS "rowsFiled", rows_refused AS "rowsRefused",
  requests_filed AS "requestsFiled", created_at AS "createdAt", finished_at AS "finishedAt"`;

/** Every SQL statement on takedown_bulk and takedown_bulk_row. */
@Injectable()
export class TakedownBulkRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, b: Pick<BulkRow, 'allianceId' | 'id' | 'organisationId' | 'userId' | 'fileName' | 'storageKey' | 'sizeBytes' | 'sha256'>): Promise<void> {
    await em.query(
      `INSERT INTO takedown_bulk (alliance_id, id, organisation_id, user_id, file_name, storage_key, size_bytes, sha256, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'QUEUED')`,
      [b.allianceId, b.id, b.organisationId, b.userId, b.fileName, b.storageKey, b.sizeBytes, b.sha256],
    );
  }

  async byIds(allianceId: string, ids: readonly string[], organisationId: string | null): Promise<BulkRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM takedown_bulk WHERE alliance_id = $1 AND id = ANY ($2) AND ($3::uuid IS NULL OR organisation_id = $3)`, [allianceId, ids, organisationId]);
  }

  list(allianceId: string, organisationId: string | null, limit: number): Promise<BulkRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM takedown_bulk WHERE alliance_id = $1 AND ($2::uuid IS NULL OR organisation_id = $2) ORDER BY created_at DESC LIMIT $3`, [allianceId, organisationId, limit]);
  }

  /** A (re)started run begins from nothing: its row results are written again. */
  async begin(allianceId: string, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.query(`DELETE FROM takedown_bulk_row WHERE alliance_id = $1 AND bulk_id = $2`, [allianceId, id]);
      await em.query(`UPDATE takedown_bulk SET status = 'RUNNING', error = NULL, rows_read = 0, rows_filed = 0, rows_refused = 0, requests_filed = 0 WHERE alliance_id = $1 AND id = $2`, [allianceId, id]);
    });
  }

  async addLines(allianceId: string, id: string, lines: readonly BulkLine[], requestsFiled: number): Promise<void> {
    if (!lines.length && !requestsFiled) return;
    await this.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO takedown_bulk_row (alliance_id, bulk_id, line, status, field, message, request_id)
         SELECT $1, $2, * FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::uuid[])`,
        [allianceId, id, lines.map((l) => l.line), lines.map((l) => l.status), lines.map((l) => l.field), lines.map((l) => l.message), lines.map((l) => l.requestId)],
      );
      await em.query(
        `UPDATE takedown_bulk SET rows_read = rows_read + $3, rows_filed = rows_filed + $4, rows_refused = rows_refused + $5, requests_filed = requests_filed + $6 WHERE alliance_id = $1 AND id = $2`,
        [allianceId, id, lines.length, lines.filter((l) => l.status === 'FILED').length, lines.filter((l) => l.status === 'REFUSED').length, requestsFiled],
      );
    });
  }

  async finish(allianceId: string, id: string, status: 'DONE' | 'FAILED', error: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE takedown_bulk SET status = $3, error = $4, finished_at = now() WHERE alliance_id = $1 AND id = $2`, [allianceId, id, status, error]);
  }

  lines(allianceId: string, id: string, q: { status?: BulkLine['status']; afterLine: number; limit: number }): Promise<BulkLine[]> {
    return this.dataSource.query(
      `SELECT line, status, field, message, request_id AS "requestId" FROM takedown_bulk_row
        WHERE alliance_id = $1 AND bulk_id = $2 AND ($3::text IS NULL OR status = $3) AND line > $4 ORDER BY line LIMIT $5`,
      [allianceId, id, q.status ?? null, q.afterLine, q.limit],
    );
  }
}
