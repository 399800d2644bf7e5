import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AllianceRepository } from '../../alliances/alliance.repository.js';
import type { RequestContext } from '../../common/request-context.js';
import { CorrelationRepository } from './correlation.repository.js';

/** A key a report holds: its indicator's own, or one derived from it (`via`), which links only while the alliance's switch is on. */
export interface HeldKey {
  type: string;
  key: string;
  via?: string | null;
}

/**
 * Correlation: published reports that share a linking indicator key belong to one counterfeiter
 * network. A report's keys are its indicators' own and, while the alliance's derived-keys switch is
 * on, those derived from them (`reportKeys`): both count, link, and obey exclusions and the limit alike. Networks keep their identity: when several merge, the largest keeps its id and the
 * others point to it; when one splits, its largest part keeps the id. Every change is a network
 * event. All of it runs inside the caller's transaction under a per-alliance advisory lock, so
 * concurrent publications cannot build two networks out of one.
 */
@Injectable()
export class CorrelationService {
  constructor(
    private readonly alliances: AllianceRepository,
    private readonly repository: CorrelationRepository,
  ) {}

  lock(em: EntityManager, allianceId: string): Promise<void> {
    return this.repository.lock(em, allianceId);
  }

  /** The alliance's over-correlation limit, as `em`'s transaction sees it. */
  async limitOf(em: EntityManager, allianceId: string): Promise<number> {
    return (await this.settingsOf(em, allianceId)).limit;
  }

  /** The limit and whether derived keys link, as `em`'s transaction sees them (read under the lock: a switch waits for it). */
  async settingsOf(em: EntityManager, allianceId: string): Promise<{ limit: number; derived: boolean }> {
    const alliance = (await this.alliances.findById(allianceId, em))!;
    return { limit: alliance.correlationLimit, derived: alliance.derivedKeys };
  }

  /**
   * Before the lock (an import batch writing its rows while the batch before it commits): the
   * networks the reports will most likely form, one per group of reports sharing a key within the
   * batch, created empty (report_count 0), so that the reports can be written with a network at
   * once. `attach` with `proposed` keeps each one that comes true (its reports form exactly that
   * new network) and moves the others' reports, then deletes what it did not keep; so a batch that
   * joins no existing network is placed without updating a single report. Keys that will not link
   * are left out of the guess: derived keys while the alliance's switch is off, and a key more of
   * the batch's reports hold than the alliance's limit (unless a coordinator confirmed it, it is
   * over the limit once counted: a shared domain or service number would otherwise propose the
   * whole batch as one network, and every report would be moved, each move as dear as writing the
   * report again).
   */
  async propose(em: EntityManager, ctx: RequestContext, reports: { id: string; keys: HeldKey[] }[]): Promise<Map<string, string>> {
    const { limit, derived } = await this.settingsOf(em, ctx.allianceId);
    const links: [string, string][] = [];
    const holders = new Map<string, number>();
    for (const r of reports) {
      const seen = new Set<string>();
      for (const k of r.keys) {
        if (k.via && !derived) continue;
        const id = `${k.type}\u0000${k.key}`;
        if (seen.has(id)) continue;
        seen.add(id);
        links.push([r.id, id]);
        holders.set(id, (holders.get(id) ?? 0) + 1);
      }
    }
    const groups = components(reports.map((r) => r.id), links.filter(([, id]) => holders.get(id)! <= limit));
    const proposed = new Map<string, string>();
    const ids = groups.map(() => randomUUID());
    groups.forEach((group, i) => group.forEach((reportId) => proposed.set(reportId, ids[i])));
    if (ids.length) await this.repository.createEmpty(em, ctx.allianceId, ids);
    return proposed;
  }

  /**
   * Reports are being published (one from the API, a batch from an import): count their keys, then
   * join, create or merge networks. Reports of the batch that share a key end up together. The
   * keys come from the caller, so an import plans its networks before it writes its reports
   * (`place: false`: the caller writes each report's network as it inserts it); otherwise the
   * reports already exist and their network is set here. A constant number of statements whatever
   * the batch size, plus one merge per group that bridges networks.
   */
  async attach(
    em: EntityManager,
    ctx: RequestContext,
    reports: { id: string; keys: HeldKey[] }[],
    cause: string,
    options: { limit?: number; place?: boolean; proposed?: Map<string, string> } = {},
  ): Promise<Map<string, string>> {
    const assigned = new Map<string, string>();
    if (reports.length === 0) return assigned;
    const reportIds = reports.map((r) => r.id);
    await this.lock(em, ctx.allianceId);
    const settings = await this.settingsOf(em, ctx.allianceId);
    const limit = options.limit ?? settings.limit;
    const held = { reports: [] as string[], types: [] as string[], keys: [] as string[] }; // one row per report and distinct key
    for (const r of reports) {
      const seen = new Set<string>();
      for (const k of r.keys) {
        if (k.via && !settings.derived) continue;
        const id = `${k.type}\u0000${k.key}`;
        if (seen.has(id)) continue;
        seen.add(id);
        held.reports.push(r.id);
        held.types.push(k.type);
        held.keys.push(k.key);
      }
    }
    // count the keys; each comes back with what it is now: linking or not, new or held before
    const counted = held.keys.length === 0 ? [] : await this.repository.countKeys(em, ctx.allianceId, held.types, held.keys);
    const linking = new Set<string>();
    const heldBefore = new Set<string>();
    const crossed: { type: string; key: string }[] = [];
    for (const c of counted) {
      const id = `${c.type}\u0000${c.key}`;
      if (c.decision === 'CONFIRMED' || (c.decision === null && c.report_count <= limit)) linking.add(id);
      if (c.report_count > c.n) heldBefore.add(id);
      if (c.decision === null && c.report_count > limit && c.report_count - c.n <= limit) crossed.push({ type: c.type, key: c.key });
    }
    // keys that just went over the limit stop linking: the networks they held together may split
    // (the batch's own reports may be written already, in their proposed networks: they are not yet in the graph)
    if (crossed.length) await this.recomputeHolding(em, ctx, crossed, limit, 'over_correlation_limit', reportIds);

    // what links each new report: the networks of other published reports holding one of its
    // linking keys (only keys held before can have such holders), and linking keys shared inside
    // the batch.
    const probe = { reports: [] as string[], types: [] as string[], keys: [] as string[] };
    const edges: [string, string][] = [];
    held.reports.forEach((reportId, i) => {
      const id = `${held.types[i]}\u0000${held.keys[i]}`;
      if (!linking.has(id)) return;
      edges.push([reportId, `key:${id}`]);
      if (heldBefore.has(id)) {
        probe.reports.push(reportId);
        probe.types.push(held.types[i]);
        probe.keys.push(held.keys[i]);
      }
    });
    const links = probe.keys.length === 0 ? [] : await this.repository.networksLinking(em, ctx.allianceId, probe, reportIds, settings.derived);

    // groups: the new reports joined through shared keys and through the networks they touch
    const networks = new Map<string, { size: number; createdAt: Date }>();
    for (const l of links) {
      networks.set(l.network_id, { size: l.report_count, createdAt: new Date(l.created_at) });
      edges.push([l.report_id, l.network_id]);
    }
    const groups = components(reportIds, edges, [...networks.keys()]);

    const fresh: { id: string; reports: string[] }[] = [];
    const grown: { id: string; reports: string[]; merged: boolean }[] = [];
    const proposed = options.proposed ?? new Map<string, string>();
    const kept = new Set<string>(); // proposed networks that came true
    const proposedSize = new Map<string, number>();
    for (const id of proposed.values()) proposedSize.set(id, (proposedSize.get(id) ?? 0) + 1);
    for (const group of groups) {
      const touched = group.filter((x) => networks.has(x));
      const reports = group.filter((x) => !networks.has(x));
      if (touched.length === 0) {
        // a new network: the proposed one when exactly these reports were proposed together
        const candidate = proposed.get(reports[0]);
        const comesTrue = candidate !== undefined && !kept.has(candidate) && proposedSize.get(candidate) === reports.length && reports.every((r) => proposed.get(r) === candidate);
        if (comesTrue) kept.add(candidate);
        fresh.push({ id: comesTrue ? candidate : randomUUID(), reports });
        continue;
      }
      // largest first, then oldest: the survivor keeps its id
      touched.sort((a, b) => networks.get(b)!.size - networks.get(a)!.size || networks.get(a)!.createdAt.getTime() - networks.get(b)!.createdAt.getTime() || (a < b ? -1 : 1));
      const survivor = await this.merge(em, ctx.allianceId, touched, cause, reports.length === 1 ? { bridgingReportId: reports[0] } : { bridgingReportIds: reports });
      grown.push({ id: survivor, reports, merged: touched.length > 1 });
    }
    const detail = (reports: string[]) => JSON.stringify(reports.length === 1 ? { reportId: reports[0] } : { reportIds: reports });
    const events = [
      ...fresh.map((f) => ({ network: f.id, kind: 'CREATED', detail: detail(f.reports) })),
      ...grown.filter((g) => !g.merged).map((g) => ({ network: g.id, kind: 'GREW', detail: detail(g.reports) })),
    ];
    const all = [...fresh, ...grown];
    for (const g of all) for (const r of g.reports) assigned.set(r, g.id);
    // one statement: new networks (a proposed one that came true exists already, with 0 reports:
    // it is counted like a grown one), the reports' network, grown networks' counts and the events
    const place = options.place ?? true;
    const created = fresh.filter((f) => !kept.has(f.id));
    const recounted = [...grown, ...fresh.filter((f) => kept.has(f.id))];
    const moved = [...assigned].filter(([reportId, networkId]) => proposed.get(reportId) !== networkId);
    await this.repository.place(em, ctx.allianceId, {
      created: created.map((f) => ({ id: f.id, reports: f.reports.length })),
      moved,
      recounted: recounted.map((g) => ({ id: g.id, reports: g.reports.length })),
      cause,
      events,
      place,
    });
    // the proposed networks that did not come true: their reports have moved, nothing else knows them
    const dropped = [...new Set(proposed.values())].filter((id) => !kept.has(id));
    if (dropped.length) await this.repository.deleteNetworks(em, ctx.allianceId, dropped);
    return assigned;
  }

  /**
   * Merges networks into the first (the caller orders them largest first): its id survives, the
   * others point to it, and both sides record the merge.
   */
  async merge(em: EntityManager, allianceId: string, ordered: string[], cause: string, detail: Record<string, unknown>): Promise<string> {
    const [survivor, ...absorbed] = ordered;
    if (absorbed.length === 0) return survivor;
    await this.repository.absorb(em, survivor, absorbed); // earlier merges into an absorbed network point at the survivor too
    await this.repository.event(em, allianceId, survivor, 'MERGED', cause, { ...detail, absorbed });
    for (const id of absorbed) await this.repository.event(em, allianceId, id, 'MERGED_INTO', cause, { ...detail, into: survivor });
    await this.repository.refreshCount(em, survivor);
    return survivor;
  }

  /**
   * Keys that link again (un-excluded, confirmed, under a raised limit, derived keys switched on):
   * the networks of their holders become one. One read for all the keys, then one merge per group
   * of networks they join (largest first, then oldest: the survivor keeps its id).
   */
  async mergeHolding(em: EntityManager, ctx: RequestContext, keys: { type: string; key: string }[], cause: string): Promise<void> {
    if (keys.length === 0) return;
    await this.lock(em, ctx.allianceId);
    const { limit, derived } = await this.settingsOf(em, ctx.allianceId);
    const held = await this.repository.networksHoldingLinking(em, ctx.allianceId, limit, keys, derived);
    const networks = new Map(held.map((h) => [h.id, { size: h.report_count, createdAt: new Date(h.created_at).getTime() }]));
    const keysOf = new Map<string, Set<string>>(); // network → the keys joining it to others
    for (const h of held) keysOf.set(h.id, (keysOf.get(h.id) ?? new Set()).add(h.k));
    for (const group of components([...networks.keys()], held.map((h) => [h.id, h.k]))) {
      if (group.length < 2) continue;
      group.sort((a, b) => networks.get(b)!.size - networks.get(a)!.size || networks.get(a)!.createdAt - networks.get(b)!.createdAt || (a < b ? -1 : 1));
      const shared = [...new Set(group.flatMap((id) => [...keysOf.get(id)!]))].filter((k) => group.filter((id) => keysOf.get(id)!.has(k)).length > 1);
      await this.merge(em, ctx.allianceId, group, cause, shared.length === 1 ? { key: shared[0] } : { keys: shared.slice(0, 20) });
    }
  }

  /** A report is leaving the graph (retracted, or about to be amended): uncount it and split what it held together. */
  async detach(em: EntityManager, ctx: RequestContext, reportId: string, cause: string): Promise<void> {
    await this.lock(em, ctx.allianceId);
    const { limit, derived } = await this.settingsOf(em, ctx.allianceId);
    const networkId = await this.repository.networkOf(em, reportId);
    await this.repository.uncountKeysOf(em, reportId, derived);
    await this.repository.unplace(em, reportId);
    if (networkId) {
      await this.repository.event(em, ctx.allianceId, networkId, 'LOST_REPORT', cause, { reportId });
      await this.recompute(em, ctx, networkId, limit, cause, derived);
    }
  }

  /** Recomputes the networks of every report holding one of these keys. */
  async recomputeHolding(em: EntityManager, ctx: RequestContext, keys: { type: string; key: string }[], limit: number, cause: string, except: string[] = []): Promise<void> {
    const { derived } = await this.settingsOf(em, ctx.allianceId);
    // holders through derived keys too, whatever the switch: a switch turned off must reach the networks they held together
    const networks = await this.repository.networksHolding(em, ctx.allianceId, keys, except);
    for (const n of networks) await this.recompute(em, ctx, n.network_id, limit, cause, derived);
  }

  /**
   * Splits a network into its connected parts. The largest part keeps the id; every other part
   * becomes a new network, recorded as a SPLIT event on the old one and CREATED on the new.
   */
  async recompute(em: EntityManager, ctx: RequestContext, networkId: string, limit: number, cause: string, derived: boolean): Promise<void> {
    const reports = await this.repository.publishedReportsOf(em, networkId);
    if (reports.length === 0) {
      await this.repository.markEmpty(em, networkId);
      await this.repository.event(em, ctx.allianceId, networkId, 'EMPTIED', cause, {});
      return;
    }
    const links = await this.repository.linksWithin(em, networkId, limit, derived);
    const parts = components(reports.map((r) => r.id), links.map((l) => [l.report_id, l.k]));
    if (parts.length === 1) {
      await this.repository.refreshCount(em, networkId);
      return;
    }
    const [kept, ...split] = parts; // largest first
    const created: string[] = [];
    for (const part of split) {
      const id = await this.repository.createNetwork(em, ctx.allianceId, part);
      await this.repository.event(em, ctx.allianceId, id, 'CREATED', cause, { splitFrom: networkId, reports: part.length });
      created.push(id);
    }
    await this.repository.refreshCount(em, networkId);
    await this.repository.event(em, ctx.allianceId, networkId, 'SPLIT', cause, { kept: kept.length, newNetworks: created });
  }
}

/**
 * Connected components of reports linked through shared keys, largest first (union-find). `nodes`
 * adds members that are not reports (networks a batch touches): they join the components too.
 */
export function components(reportIds: string[], links: [reportId: string, key: string][], nodes: string[] = []): string[][] {
  const parent = new Map([...reportIds, ...nodes].map((id) => [id, id]));
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
    const other = parent.has(key) ? key : firstHolder.get(key); // a link to a node joins it directly
    if (other === undefined) firstHolder.set(key, reportId);
    else parent.set(find(reportId), find(other));
  }
  const groups = new Map<string, string[]>();
  for (const id of [...reportIds, ...nodes]) {
    const root = find(id);
    const group = groups.get(root);
    if (group) group.push(id);
    else groups.set(root, [id]);
  }
  return [...groups.values()].sort((a, b) => b.length - a.length || (a[0] < b[0] ? -1 : 1));
}
