import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../common/request-context.js';
import { CounterfeiterNetworkEntity, NetworkEventEntity } from './intel-report.entity.js';

/** A (type, key) links reports unless excluded, and unless it links more reports than the limit without being confirmed. */
const LINKING = `(ck.decision = 'CONFIRMED' OR (ck.decision IS NULL AND ck.report_count <= $2))`;

/**
 * Correlation: published reports that share a linking indicator key belong to one counterfeiter
 * network. Networks keep their identity: when several merge, the largest keeps its id and the
 * others point to it; when one splits, its largest part keeps the id. Every change is a network
 * event. All of it runs inside the caller's transaction under a per-alliance advisory lock, so
 * concurrent publications cannot build two networks out of one.
 */
@Injectable()
export class CorrelationService {
  async lock(em: EntityManager, allianceId: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`correlation:${allianceId}`]);
  }

  async limitOf(em: EntityManager, allianceId: string): Promise<number> {
    const [{ correlation_limit }] = await em.query(`SELECT correlation_limit FROM alliance WHERE id = $1`, [allianceId]);
    return correlation_limit;
  }

  /** A report has just been published: count its keys, then join, create or merge networks. */
  async attach(em: EntityManager, ctx: RequestContext, reportId: string, cause: string): Promise<string> {
    await this.lock(em, ctx.allianceId);
    const limit = await this.limitOf(em, ctx.allianceId);
    const crossed: { type: string; key: string }[] = await em.query(
      `INSERT INTO correlation_key AS ck (alliance_id, type, key, report_count)
         SELECT DISTINCT alliance_id, type, key, 1 FROM indicator WHERE report_id = $1
       ON CONFLICT (alliance_id, type, key) DO UPDATE SET report_count = ck.report_count + 1
       RETURNING type, key, report_count = $2 + 1 AND decision IS NULL AS crossed`,
      [reportId, limit],
    ).then((rows: { type: string; key: string; crossed: boolean }[]) => rows.filter((r) => r.crossed));

    // keys that just went over the limit stop linking: the networks they held together may split
    if (crossed.length) await this.recomputeHolding(em, ctx, crossed, limit, 'over_correlation_limit');

    const neighbours: { network_id: string; report_count: number; created_at: Date }[] = await em.query(
      `SELECT n.id AS network_id, n.report_count, n.created_at
         FROM counterfeiter_network n
        WHERE n.id IN (
          SELECT r2.network_id FROM indicator i
            JOIN correlation_key ck ON ck.alliance_id = i.alliance_id AND ck.type = i.type AND ck.key = i.key AND ${LINKING}
            JOIN indicator i2 ON i2.alliance_id = i.alliance_id AND i2.type = i.type AND i2.key = i.key AND i2.report_id <> i.report_id
            JOIN intel_report r2 ON r2.id = i2.report_id AND r2.status = 'PUBLISHED' AND r2.network_id IS NOT NULL
           WHERE i.report_id = $1)
        ORDER BY n.report_count DESC, n.created_at ASC, n.id ASC`,
      [reportId, limit],
    );

    if (neighbours.length === 0) {
      const network = await this.createNetwork(em, ctx.allianceId, [reportId]);
      await this.event(em, ctx.allianceId, network, 'CREATED', cause, { reportId });
      return network;
    }
    const survivor = await this.merge(em, ctx.allianceId, neighbours.map((n) => n.network_id), cause, { bridgingReportId: reportId });
    if (neighbours.length === 1) await this.event(em, ctx.allianceId, survivor, 'GREW', cause, { reportId });
    await em.query(`UPDATE intel_report SET network_id = $1 WHERE id = $2`, [survivor, reportId]);
    await this.refreshCount(em, survivor);
    return survivor;
  }

  /**
   * Merges networks into the first (the caller orders them largest first): its id survives, the
   * others point to it, and both sides record the merge.
   */
  async merge(em: EntityManager, allianceId: string, ordered: string[], cause: string, detail: Record<string, unknown>): Promise<string> {
    const [survivor, ...absorbed] = ordered;
    if (absorbed.length === 0) return survivor;
    await em.query(`UPDATE intel_report SET network_id = $1 WHERE network_id = ANY($2::uuid[])`, [survivor, absorbed]);
    await em.query(`UPDATE counterfeiter_network SET merged_into_id = $1, report_count = 0, updated_at = now() WHERE id = ANY($2::uuid[])`, [survivor, absorbed]);
    // earlier merges into an absorbed network now point at the survivor too
    await em.query(`UPDATE counterfeiter_network SET merged_into_id = $1 WHERE merged_into_id = ANY($2::uuid[])`, [survivor, absorbed]);
    await this.event(em, allianceId, survivor, 'MERGED', cause, { ...detail, absorbed });
    for (const id of absorbed) await this.event(em, allianceId, id, 'MERGED_INTO', cause, { ...detail, into: survivor });
    await this.refreshCount(em, survivor);
    return survivor;
  }

  /** Keys that link again (un-excluded, confirmed, under a raised limit): the networks of their holders become one. */
  async mergeHolding(em: EntityManager, ctx: RequestContext, keys: { type: string; key: string }[], cause: string): Promise<void> {
    if (keys.length === 0) return;
    await this.lock(em, ctx.allianceId);
    const limit = await this.limitOf(em, ctx.allianceId);
    for (const k of keys) {
      const networks: { id: string }[] = await em.query(
        `SELECT n.id FROM counterfeiter_network n
          WHERE n.id IN (SELECT r.network_id FROM indicator i JOIN intel_report r ON r.id = i.report_id AND r.status = 'PUBLISHED'
                          JOIN correlation_key ck ON ck.alliance_id = i.alliance_id AND ck.type = i.type AND ck.key = i.key AND ${LINKING}
                         WHERE i.alliance_id = $1 AND i.type = $3 AND i.key = $4)
          ORDER BY n.report_count DESC, n.created_at ASC, n.id ASC`,
        [ctx.allianceId, limit, k.type, k.key],
      );
      if (networks.length > 1) await this.merge(em, ctx.allianceId, networks.map((n) => n.id), cause, { key: `${k.type}:${k.key}` });
    }
  }

  /** A report is leaving the graph (retracted, or about to be amended): uncount it and split what it held together. */
  async detach(em: EntityManager, ctx: RequestContext, reportId: string, cause: string): Promise<void> {
    await this.lock(em, ctx.allianceId);
    const limit = await this.limitOf(em, ctx.allianceId);
    const [report] = await em.query(`SELECT network_id FROM intel_report WHERE id = $1`, [reportId]);
    await em.query(
      `UPDATE correlation_key ck SET report_count = ck.report_count - 1
         FROM (SELECT DISTINCT alliance_id, type, key FROM indicator WHERE report_id = $1) i
        WHERE ck.alliance_id = i.alliance_id AND ck.type = i.type AND ck.key = i.key`,
      [reportId],
    );
    await em.query(`UPDATE intel_report SET network_id = NULL WHERE id = $1`, [reportId]);
    if (report?.network_id) {
      await this.event(em, ctx.allianceId, report.network_id, 'LOST_REPORT', cause, { reportId });
      await this.recompute(em, ctx, report.network_id, limit, cause);
    }
  }

  /** Recomputes the networks of every report holding one of these keys. */
  async recomputeHolding(em: EntityManager, ctx: RequestContext, keys: { type: string; key: string }[], limit: number, cause: string): Promise<void> {
    const networks: { network_id: string }[] = await em.query(
      `SELECT DISTINCT r.network_id FROM indicator i JOIN intel_report r ON r.id = i.report_id
        WHERE i.alliance_id = $1 AND (i.type, i.key) IN (SELECT * FROM unnest($2::text[], $3::text[])) AND r.network_id IS NOT NULL`,
      [ctx.allianceId, keys.map((k) => k.type), keys.map((k) => k.key)],
    );
    for (const n of networks) await this.recompute(em, ctx, n.network_id, limit, cause);
  }

  /**
   * Splits a network into its connected parts. The largest part keeps the id; every other part
   * becomes a new network, recorded as a SPLIT event on the old one and CREATED on the new.
   */
  async recompute(em: EntityManager, ctx: RequestContext, networkId: string, limit: number, cause: string): Promise<void> {
    const reports: { id: string }[] = await em.query(`SELECT id FROM intel_report WHERE network_id = $1 AND status = 'PUBLISHED'`, [networkId]);
    if (reports.length === 0) {
      await em.query(`UPDATE counterfeiter_network SET report_count = 0, updated_at = now() WHERE id = $1`, [networkId]);
      await this.event(em, ctx.allianceId, networkId, 'EMPTIED', cause, {});
      return;
    }
    const links: { report_id: string; k: string }[] = await em.query(
      `SELECT i.report_id, i.type || ':' || i.key AS k FROM indicator i
         JOIN intel_report r ON r.id = i.report_id AND r.network_id = $1 AND r.status = 'PUBLISHED'
         JOIN correlation_key ck ON ck.alliance_id = i.alliance_id AND ck.type = i.type AND ck.key = i.key AND ${LINKING}`,
      [networkId, limit],
    );
    const parts = components(reports.map((r) => r.id), links.map((l) => [l.report_id, l.k]));
    if (parts.length === 1) {
      await this.refreshCount(em, networkId);
      return;
    }
    const [kept, ...split] = parts; // largest first
    const created: string[] = [];
    for (const part of split) {
      const id = await this.createNetwork(em, ctx.allianceId, part);
      await this.event(em, ctx.allianceId, id, 'CREATED', cause, { splitFrom: networkId, reports: part.length });
      created.push(id);
    }
    await this.refreshCount(em, networkId);
    await this.event(em, ctx.allianceId, networkId, 'SPLIT', cause, { kept: kept.length, newNetworks: created });
  }

  private async createNetwork(em: EntityManager, allianceId: string, reportIds: string[]): Promise<string> {
    const network = await em.getRepository(CounterfeiterNetworkEntity).save(em.getRepository(CounterfeiterNetworkEntity).create({ allianceId, reportCount: reportIds.length }));
    await em.query(`UPDATE intel_report SET network_id = $1 WHERE id = ANY($2::uuid[])`, [network.id, reportIds]);
    return network.id;
  }

  private async refreshCount(em: EntityManager, networkId: string): Promise<void> {
    await em.query(
      `UPDATE counterfeiter_network SET report_count = (SELECT count(*) FROM intel_report WHERE network_id = $1 AND status = 'PUBLISHED'), updated_at = now() WHERE id = $1`,
      [networkId],
    );
  }

  private async event(em: EntityManager, allianceId: string, networkId: string, kind: string, cause: string, detail: Record<string, unknown>) {
    await em.insert(NetworkEventEntity, { allianceId, networkId, kind, cause, detail: detail as object });
  }
}

/** Connected components of reports linked through shared keys, largest first (union-find). */
export function components(reportIds: string[], links: [reportId: string, key: string][]): string[][] {
  const parent = new Map(reportIds.map((id) => [id, id]));
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let y = x; parent.get(y) !== root; ) {
      const next = parent.get(y)!;
      parent.set(y, root);
      y = next;
    }
    return root;
  };
  const firstHolder = new Map<string, string>();
  for (const [reportId, key] of links) {
    if (!parent.has(reportId)) continue;
    const other = firstHolder.get(key);
    if (other === undefined) firstHolder.set(key, reportId);
    else parent.set(find(reportId), find(other));
  }
  const groups = new Map<string, string[]>();
  for (const id of reportIds) {
    const root = find(id);
    groups.set(root, [...(groups.get(root) ?? []), id]);
  }
  return [...groups.values()].sort((a, b) => b.length - a.length || (a[0] < b[0] ? -1 : 1));
}
