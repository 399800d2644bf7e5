import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CounterfeiterNetworkEntity, NetworkEventEntity } from './counterfeiter-network.entity.js';
import { reportKeys } from './derived-key.repository.js';

/** A (type, key) links reports unless excluded, and unless it links more reports than the limit ($2) without being confirmed. */
const LINKING = `(ck.decision = 'CONFIRMED' OR (ck.decision IS NULL AND ck.report_count <= $2))`;

/** A key as `countKeys` answers it: what it is now (counted, decided) and how many of the batch's reports added to it (`n`). */
export interface CountedKey {
  type: string;
  key: string;
  report_count: number;
  decision: string | null;
  n: number;
}

/** What `place` writes in its one statement. */
export interface Placement {
  /** new networks and how many reports each starts with */
  created: { id: string; reports: number }[];
  /** reports and the network each now belongs to */
  moved: [reportId: string, networkId: string][];
  /** networks that gained reports, and how many */
  recounted: { id: string; reports: number }[];
  cause: string;
  events: { network: string; kind: string; detail: string }[];
  /** false: the caller writes the reports' network itself (an import writing its rows after) */
  place: boolean;
}

/**
 * Correlation's statements, all in the caller's transaction (`em`): counting keys in
 * correlation_key, creating, merging, splitting and counting counterfeiter_network, placing
 * reports in networks (intel_report.network_id) and recording network_event. The graph's rules
 * stay with CorrelationService; each method here is one statement unless it says otherwise.
 */
@Injectable()
export class CorrelationRepository {
  /** The alliance's correlation lock, held until `em`'s transaction ends. */
  async lock(em: EntityManager, allianceId: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`correlation:${allianceId}`]);
  }

  /** Empty networks (report_count 0) with these ids. */
  async createEmpty(em: EntityManager, allianceId: string, ids: string[]): Promise<void> {
    await em.query(`INSERT INTO counterfeiter_network (id, alliance_id, report_count) SELECT id, $1, 0 FROM unnest($2::uuid[]) AS x(id)`, [allianceId, ids]);
  }

  /** Adds one report per row to each (type, key)'s count; each comes back with what it is now. */
  countKeys(em: EntityManager, allianceId: string, types: string[], keys: string[]): Promise<CountedKey[]> {
    return em.query(
      `WITH added AS (SELECT t AS type, k AS key, count(*)::int AS n FROM unnest($2::text[], $3::text[]) AS x(t, k) GROUP BY t, k),
            counted AS (
              INSERT INTO correlation_key AS ck (alliance_id, type, key, report_count) SELECT $1, type, key, n FROM added
              ON CONFLICT (alliance_id, type, key) DO UPDATE SET report_count = ck.report_count + EXCLUDED.report_count
              RETURNING ck.type, ck.key, ck.report_count, ck.decision)
       SELECT c.type, c.key, c.report_count, c.decision, a.n FROM counted c JOIN added a USING (type, key)`,
      [allianceId, types, keys],
    );
  }

  /**
   * For each (report, type, key) of `probe`: the networks of other published reports (not among
   * `except`) holding that key. OFFSET 0 keeps each key's lookup an index probe whatever the
   * statistics say.
   */
  networksLinking(
    em: EntityManager,
    allianceId: string,
    probe: { reports: string[]; types: string[]; keys: string[] },
    except: string[],
    derived: boolean,
  ): Promise<{ report_id: string; network_id: string; report_count: number; created_at: Date }[]> {
    return em.query(
      `SELECT DISTINCT m.report_id, n.id AS network_id, n.report_count, n.created_at
         FROM unnest($2::uuid[], $3::text[], $4::text[]) AS m(report_id, type, key)
         CROSS JOIN LATERAL (SELECT i2.report_id FROM ${reportKeys(derived)} i2 WHERE i2.alliance_id = $1 AND i2.type = m.type AND i2.key = m.key AND i2.report_id <> ALL($5::uuid[]) OFFSET 0) o
         JOIN intel_report r2 ON r2.id = o.report_id AND r2.status = 'PUBLISHED'
         JOIN counterfeiter_network n ON n.id = r2.network_id`,
      [allianceId, probe.reports, probe.types, probe.keys, except],
    );
  }

  /** One statement: new networks, the reports' network (when `place`), grown networks' counts and the events. */
  async place(em: EntityManager, allianceId: string, p: Placement): Promise<void> {
    await em.query(
      `WITH created AS (
         INSERT INTO counterfeiter_network (id, alliance_id, report_count) SELECT id, $1, n FROM unnest($2::uuid[], $3::int[]) AS x(id, n)),
       placed AS (
         UPDATE intel_report r SET network_id = x.network_id FROM unnest($4::uuid[], $5::uuid[]) AS x(report_id, network_id) WHERE r.id = x.report_id AND $12),
       counted AS (
         UPDATE counterfeiter_network n SET report_count = n.report_count + x.n, updated_at = now() FROM unnest($6::uuid[], $7::int[]) AS x(id, n) WHERE n.id = x.id),
       recorded AS (
         INSERT INTO network_event (alliance_id, network_id, kind, cause, detail) SELECT $1, network_id, kind, $8, detail::jsonb FROM unnest($9::uuid[], $10::text[], $11::text[]) AS x(network_id, kind, detail))
       SELECT 1`,
      [
        allianceId, p.created.map((c) => c.id), p.created.map((c) => c.reports),
        p.moved.map(([reportId]) => reportId), p.moved.map(([, networkId]) => networkId),
        p.recounted.map((g) => g.id), p.recounted.map((g) => g.reports),
        p.cause, p.events.map((e) => e.network), p.events.map((e) => e.kind), p.events.map((e) => e.detail), p.place,
      ],
    );
  }

  async deleteNetworks(em: EntityManager, allianceId: string, ids: string[]): Promise<void> {
    await em.query(`DELETE FROM counterfeiter_network WHERE alliance_id = $1 AND id = ANY($2::uuid[])`, [allianceId, ids]);
  }

  /**
   * Three statements: the absorbed networks' reports move to the survivor, the absorbed point to
   * it (emptied), and so do earlier merges into an absorbed network.
   */
  async absorb(em: EntityManager, survivor: string, absorbed: string[]): Promise<void> {
    await em.query(`UPDATE intel_report SET network_id = $1 WHERE network_id = ANY($2::uuid[])`, [survivor, absorbed]);
    await em.query(`UPDATE counterfeiter_network SET merged_into_id = $1, report_count = 0, updated_at = now() WHERE id = ANY($2::uuid[])`, [survivor, absorbed]);
    await em.query(`UPDATE counterfeiter_network SET merged_into_id = $1 WHERE merged_into_id = ANY($2::uuid[])`, [survivor, absorbed]);
  }

  /** The networks of published reports holding one of these keys while it links under `limit`, each with the keys ('type:key') that join it. */
  networksHoldingLinking(
    em: EntityManager,
    allianceId: string,
    limit: number,
    keys: { type: string; key: string }[],
    derived: boolean,
  ): Promise<{ id: string; k: string; report_count: number; created_at: Date }[]> {
    return em.query(
      `SELECT DISTINCT n.id, i.type || ':' || i.key AS k, n.report_count, n.created_at
         FROM ${reportKeys(derived)} i JOIN intel_report r ON r.id = i.report_id AND r.status = 'PUBLISHED'
         JOIN correlation_key ck ON ck.alliance_id = i.alliance_id AND ck.type = i.type AND ck.key = i.key AND ${LINKING}
         JOIN counterfeiter_network n ON n.id = r.network_id
        WHERE i.alliance_id = $1 AND (i.type, i.key) IN (SELECT * FROM unnest($3::text[], $4::text[]))`,
      [allianceId, limit, keys.map((k) => k.type), keys.map((k) => k.key)],
    );
  }

  /** The report's network, if it has one. */
  async networkOf(em: EntityManager, reportId: string): Promise<string | null> {
    const [report] = await em.query(`SELECT network_id FROM intel_report WHERE id = $1`, [reportId]);
    return report?.network_id ?? null;
  }

  /** Takes one report off the count of each distinct key the report holds. */
  async uncountKeysOf(em: EntityManager, reportId: string, derived: boolean): Promise<void> {
    await em.query(
      `UPDATE correlation_key ck SET report_count = ck.report_count - 1
         FROM (SELECT DISTINCT alliance_id, type, key FROM ${reportKeys(derived)} rk WHERE report_id = $1) i
        WHERE ck.alliance_id = i.alliance_id AND ck.type = i.type AND ck.key = i.key`,
      [reportId],
    );
  }

  async unplace(em: EntityManager, reportId: string): Promise<void> {
    await em.query(`UPDATE intel_report SET network_id = NULL WHERE id = $1`, [reportId]);
  }

  /** The networks of reports (not among `except`) holding one of these keys, through derived keys too whatever the switch. */
  networksHolding(em: EntityManager, allianceId: string, keys: { type: string; key: string }[], except: string[]): Promise<{ network_id: string }[]> {
    return em.query(
      `SELECT DISTINCT r.network_id FROM ${reportKeys(true)} i JOIN intel_report r ON r.id = i.report_id
        WHERE i.alliance_id = $1 AND (i.type, i.key) IN (SELECT * FROM unnest($2::text[], $3::text[])) AND r.network_id IS NOT NULL AND r.id <> ALL($4::uuid[])`,
      [allianceId, keys.map((k) => k.type), keys.map((k) => k.key), except],
    );
  }

  /** The network's published reports. */
  publishedReportsOf(em: EntityManager, networkId: string): Promise<{ id: string }[]> {
    return em.query(`SELECT id FROM intel_report WHERE network_id = $1 AND status = 'PUBLISHED'`, [networkId]);
  }

  async markEmpty(em: EntityManager, networkId: string): Promise<void> {
    await em.query(`UPDATE counterfeiter_network SET report_count = 0, updated_at = now() WHERE id = $1`, [networkId]);
  }

  /** The linking keys ('type:key', under `limit`) each of the network's published reports holds. */
  linksWithin(em: EntityManager, networkId: string, limit: number, derived: boolean): Promise<{ report_id: string; k: string }[]> {
    return em.query(
      `SELECT i.report_id, i.type || ':' || i.key AS k FROM ${reportKeys(derived)} i
         JOIN intel_report r ON r.id = i.report_id AND r.network_id = $1 AND r.status = 'PUBLISHED'
         JOIN correlation_key ck ON ck.alliance_id = i.alliance_id AND ck.type = i.type AND ck.key = i.key AND ${LINKING}`,
      [networkId, limit],
    );
  }

  /** Two statements: a new network of these reports, and the reports moved into it. */
  async createNetwork(em: EntityManager, allianceId: string, reportIds: string[]): Promise<string> {
    const network = await em.getRepository(CounterfeiterNetworkEntity).save(em.getRepository(CounterfeiterNetworkEntity).create({ allianceId, reportCount: reportIds.length }));
    await em.query(`UPDATE intel_report SET network_id = $1 WHERE id = ANY($2::uuid[])`, [network.id, reportIds]);
    return network.id;
  }

  /** Counts the network's published reports again. */
  async refreshCount(em: EntityManager, networkId: string): Promise<void> {
    await em.query(
      `UPDATE counterfeiter_network SET report_count = (SELECT count(*) FROM intel_report WHERE network_id = $1 AND status = 'PUBLISHED'), updated_at = now() WHERE id = $1`,
      [networkId],
    );
  }

  async event(em: EntityManager, allianceId: string, networkId: string, kind: string, cause: string, detail: Record<string, unknown>): Promise<void> {
    await em.insert(NetworkEventEntity, { allianceId, networkId, kind, cause, detail: detail as object });
  }
}
