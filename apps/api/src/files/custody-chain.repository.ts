import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface CustodyHeadRow {
  publicKey: string;
  privateKeySealed: Buffer;
  headSeq: number;
  headHash: string;
}

export interface CustodyEventRow {
  seq: number;
  kind: string;
  caseId: string | null;
  fileId: string | null;
  actorId: string | null;
  occurredAt: Date;
  entry: string;
  hash: string;
  prevHash: string;
  signature: string;
}

const EVENT_COLUMNS = `seq::float8 AS seq, kind, case_id AS "caseId", file_id AS "fileId", actor_id AS "actorId", occurred_at AS "occurredAt",
  entry, hash, prev_hash AS "prevHash", signature`;

/**
 * Every SQL statement on custody_chain and custody_event. There is deliberately no statement that
 * updates or deletes a custody_event (the table's trigger refuses them too): the log only grows.
 */
@Injectable()
export class CustodyChainRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The alliance's chain head, locked until `em`'s transaction ends: appends queue here, so the chain never forks. */
  async lockHead(em: EntityManager, allianceId: string): Promise<CustodyHeadRow | null> {
    const [row] = await em.query(
      `SELECT public_key AS "publicKey", private_key_sealed AS "privateKeySealed", head_seq::float8 AS "headSeq", head_hash AS "headHash"
         FROM custody_chain WHERE alliance_id = $1 FOR UPDATE`,
      [allianceId],
    );
    return (row as CustodyHeadRow | undefined) ?? null;
  }

  /** Starts the alliance's chain with its key pair, unless a concurrent call just did. */
  async createHead(em: EntityManager, allianceId: string, publicKey: string, privateKeySealed: Buffer): Promise<void> {
    await em.query(`INSERT INTO custody_chain (alliance_id, public_key, private_key_sealed) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [allianceId, publicKey, privateKeySealed]);
  }

  /** Appends one event and moves the head to it (the head row is locked by the caller). */
  async append(em: EntityManager, allianceId: string, e: Omit<CustodyEventRow, 'occurredAt'> & { occurredAt: string }): Promise<void> {
    await em.query(
      `INSERT INTO custody_event (alliance_id, seq, kind, case_id, file_id, actor_id, occurred_at, entry, hash, prev_hash, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [allianceId, e.seq, e.kind, e.caseId, e.fileId, e.actorId, e.occurredAt, e.entry, e.hash, e.prevHash, e.signature],
    );
    await em.query(`UPDATE custody_chain SET head_seq = $2, head_hash = $3 WHERE alliance_id = $1`, [allianceId, e.seq, e.hash]);
  }

  async publicKey(allianceId: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT public_key AS "publicKey" FROM custody_chain WHERE alliance_id = $1`, [allianceId]);
    return (row as { publicKey: string } | undefined)?.publicKey ?? null;
  }

  /**
   * Condition of an event belonging to a case: recorded for it, or for one of its files outside
   * any case (collected, viewed) — another case's events of a shared file stay that case's.
   */
  private static readonly OF_CASE = `(case_id = $2 OR (case_id IS NULL AND file_id = ANY ($3::uuid[])))`;

  /** A page of a case's events, oldest first, after position `afterSeq`, with their count; only events of `kinds` when given. */
  async pageOfCase(allianceId: string, caseId: string, fileIds: readonly string[], afterSeq: number, limit: number, kinds: readonly string[] | null = null): Promise<{ totalCount: number; rows: CustodyEventRow[] }> {
    const ofKinds = `($4::text[] IS NULL OR kind = ANY ($4::text[]))`;
    const rows: CustodyEventRow[] = await this.dataSource.query(
      `SELECT ${EVENT_COLUMNS} FROM custody_event WHERE alliance_id = $1 AND ${CustodyChainRepository.OF_CASE} AND ${ofKinds} AND seq > $5 ORDER BY seq LIMIT $6`,
      [allianceId, caseId, fileIds, kinds, afterSeq, limit],
    );
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM custody_event WHERE alliance_id = $1 AND ${CustodyChainRepository.OF_CASE} AND ${ofKinds}`,
      [allianceId, caseId, fileIds, kinds],
    );
    return { totalCount: count as number, rows };
  }

  /** The position of a case's first event, up to `uptoSeq` (null: none). */
  async firstSeqOfCase(em: EntityManager, allianceId: string, caseId: string, fileIds: readonly string[], uptoSeq: number): Promise<number | null> {
    const [row] = await em.query(
      `SELECT min(seq)::float8 AS seq FROM custody_event WHERE alliance_id = $1 AND ${CustodyChainRepository.OF_CASE} AND seq <= $4`,
      [allianceId, caseId, fileIds, uptoSeq],
    );
    return (row as { seq: number | null }).seq;
  }

  /**
   * The chain from `fromSeq` to `toSeq`, `limit` events from `fromSeq`: the case's events whole,
   * the others as positions and hashes only (`entry` null).
   */
  stretch(allianceId: string, caseId: string, fileIds: readonly string[], fromSeq: number, toSeq: number, limit: number): Promise<{ seq: number; hash: string; prevHash: string; entry: string | null }[]> {
    return this.dataSource.query(
      `SELECT seq::float8 AS seq, hash, prev_hash AS "prevHash", CASE WHEN ${CustodyChainRepository.OF_CASE} THEN entry END AS entry
         FROM custody_event WHERE alliance_id = $1 AND seq >= $4 AND seq <= $5 ORDER BY seq LIMIT $6`,
      [allianceId, caseId, fileIds, fromSeq, toSeq, limit],
    );
  }
}
