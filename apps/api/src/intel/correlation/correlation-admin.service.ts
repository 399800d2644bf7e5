import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DERIVATION_WORDING, DERIVING_TYPES, derivedKeys, IndicatorType, normaliseIndicator, type KeyDerivation } from '../../../../../libs/indicators/src/index.js';
import { AllianceEvents } from '../../alliances/alliance-events.js';
import { AllianceRepository } from '../../alliances/alliance.repository.js';
import { IntelSearchService } from '../search/intel-search.service.js';
import { AuditService } from '../../audit/audit.service.js';
import { badInput, conflict, notFound } from '../../common/errors.js';
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from '../../common/pagination.js';
import type { RequestContext } from '../../common/request-context.js';
import { SEEDED_EXCLUSIONS } from './correlation-exclusions.js';
import { CorrelationService } from './correlation.service.js';
import { IntelAccess } from '../intel-access.js';
import { IntelSettings } from '../intel-settings.js';
import type { CorrelationKeyEntity } from './correlation-key.entity.js';
import { CorrelationKeyRepository } from './correlation-key.repository.js';
import { DerivedKeyRepository, type DerivedKeyRow } from './derived-key.repository.js';

export type LinkStatus = 'LINKING' | 'EXCLUDED' | 'OVER_LIMIT' | 'CONFIRMED';

/** A value on one side of a link: the indicator as written, and how the linking key comes from it (null: it is the indicator's own key). */
export interface LinkValue {
  value: string;
  indicatorType: string;
  derivation: KeyDerivation | null;
  explanation: string;
}

/** A key an indicator also holds, derived from its value. */
export interface DerivedKeyView {
  type: string;
  key: string;
  derivation: KeyDerivation;
  explanation: string;
}

export interface OverCorrelatingKey {
  type: string;
  key: string;
  reports: number;
  organisations: number;
  networks: number;
}

/** The seeded exclusions of a new alliance, read with its marketplaces, each key once. */
function seededExclusions(marketplaces: readonly string[]): { type: string; key: string; reason: string }[] {
  const rows = SEEDED_EXCLUSIONS.flatMap((group) =>
    group.values.flatMap((value) => {
      const r = normaliseIndicator(group.type, value, { marketplaces });
      return r.ok ? [{ type: group.type as string, key: r.key, reason: `Seeded: ${group.source}` }] : [];
    }),
  );
  return [...new Map(rows.map((r) => [`${r.type}:${r.key}`, r])).values()];
}

/**
 * The coordinators' controls over correlation: the exclusion list, the over-correlation limit and
 * the keys over it. Every change re-links the networks it affects, inside one transaction.
 */
@Injectable()
export class CorrelationAdminService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly correlation: CorrelationService,
    private readonly access: IntelAccess,
    private readonly settings: IntelSettings,
    private readonly audit: AuditService,
    private readonly alliances: AllianceEvents,
    private readonly search: IntelSearchService,
    private readonly keys: CorrelationKeyRepository,
    private readonly allianceRows: AllianceRepository,
    private readonly derived: DerivedKeyRepository,
  ) {}

  onModuleInit() {
    // a new alliance gets the seeded exclusions in its creating transaction
    this.alliances.onCreated((em, alliance) => this.keys.seedExclusions(em, alliance.id, seededExclusions(alliance.marketplaces)));
    // the coordinator's switch (alliance settings): relinked in the settings' transaction, whose
    // correlation lock comes before the alliance row's (as in setLimit: no deadlock between them)
    this.alliances.onSettingsChanging(async (em, ctx, given) => {
      if (given.derivedKeys !== undefined) await this.correlation.lock(em, ctx.allianceId);
    });
    this.alliances.onSettingsChanged(async (em, ctx, before, after) => {
      if (before.derivedKeys !== after.derivedKeys) await this.switchDerivedKeys(em, ctx, after.derivedKeys);
    });
  }

  /**
   * Derived keys start or stop linking (the alliance row says which already): switching on derives
   * the keys of every stored indicator afresh (reports filed before derived keys existed, rules that
   * changed since); then every key derived anywhere is counted again, the networks its holders are
   * in split where it no longer links, and merge where it now does. Under the correlation lock.
   */
  private async switchDerivedKeys(em: EntityManager, ctx: RequestContext, on: boolean): Promise<void> {
    await this.correlation.lock(em, ctx.allianceId);
    const affected = new Map<string, { type: string; key: string }>();
    const note = (keys: { type: string; key: string }[]) => keys.forEach((k) => affected.set(`${k.type}\u0000${k.key}`, k));
    note(await this.derived.keysOfPublished(em, ctx.allianceId));
    if (on) {
      await this.deriveStored(em, ctx);
      note(await this.derived.keysOfPublished(em, ctx.allianceId));
    }
    const keys = [...affected.values()];
    await this.keys.recount(em, ctx.allianceId, on, keys);
    const cause = on ? 'derived_keys_on' : 'derived_keys_off';
    const limit = await this.correlation.limitOf(em, ctx.allianceId);
    // off: every network a derived key may have held together is split where it must be; on: only
    // keys that the derived rows took over the limit stop linking (the others only add links)
    const splitting = on ? (await this.keys.statuses(ctx.allianceId, limit, keys.map((k) => k.type), keys.map((k) => k.key), em)).filter((s) => s.status === 'OVER_LIMIT') : keys;
    await this.correlation.recomputeHolding(em, ctx, splitting, limit, cause);
    await this.correlation.mergeHolding(em, ctx, keys, cause);
    await this.audit.record(em, ctx, { action: 'correlation.derived_keys_switched', targetType: 'Alliance', targetId: ctx.allianceId, before: { derivedKeys: !on }, after: { derivedKeys: on, keysRecounted: keys.length } });
  }

  /** Derives the keys of every stored indicator again, a page at a time, read as its report was. */
  private async deriveStored(em: EntityManager, ctx: RequestContext): Promise<void> {
    const reading = await this.settings.of(ctx, em);
    await this.derived.deleteAll(em, ctx.allianceId);
    for (let after: string | null = null; ; ) {
      const page = await this.derived.indicators(em, ctx.allianceId, [...DERIVING_TYPES], after, 5000);
      if (page.length === 0) return;
      const rows: DerivedKeyRow[] = page.flatMap((i) =>
        derivedKeys(i.type as IndicatorType, i.raw_value, { defaultCountry: i.country ?? reading.homeCountry, marketplaces: reading.marketplaces, extraMarketplaces: reading.extraMarketplaces, qualifier: i.qualifier ?? undefined })
          .map((d) => ({ indicatorId: i.id, reportId: i.report_id, type: d.type, key: d.key, via: d.via })),
      );
      await this.derived.insert(em, ctx.allianceId, rows);
      after = page.at(-1)!.id;
    }
  }

  private async keyOf(ctx: RequestContext, type: IndicatorType, value: string): Promise<string> {
    const r = normaliseIndicator(type, value, await this.settings.reading(ctx));
    if (!r.ok) throw badInput('value', r.reason);
    return r.key;
  }

  /** The exclusion list, by type and key. */
  async exclusions(ctx: RequestContext, first?: number, after?: string): Promise<Connection<CorrelationKeyEntity>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const { totalCount, rows } = await this.keys.exclusions(ctx.allianceId, cursor ? [cursor[0], cursor[1]] : null, size + 1);
    return toConnection(rows, size, totalCount, (r) => encodeCursor([r.type, r.key]), (r) => r);
  }

  async exclude(ctx: RequestContext, type: IndicatorType, value: string, reason: string): Promise<CorrelationKeyEntity> {
    const key = await this.keyOf(ctx, type, value);
    return this.relinking(async (em) => {
      await this.correlation.lock(em, ctx.allianceId);
      const before = await this.keys.find(em, ctx.allianceId, type, key);
      if (!before || before.reportCount === 0) throw notFound(`No report holds ${type} ${key}`, 'value');
      if (before.decision === 'EXCLUDED') throw conflict(`${type} ${key} is excluded already`, { currentStatus: 'EXCLUDED' }, 'value');
      await this.keys.decide(em, ctx.allianceId, type, key, { decision: 'EXCLUDED', decisionReason: reason, decidedBy: ctx.actorId, decidedAt: new Date() });
      await this.correlation.recomputeHolding(em, ctx, [{ type, key }], await this.correlation.limitOf(em, ctx.allianceId), 'exclusion');
      const after = await this.keys.findOrFail(em, ctx.allianceId, type, key);
      await this.audit.record(em, ctx, { action: 'correlation.excluded', targetType: 'CorrelationKey', targetId: null, before, after });
      return after;
    });
  }

  async removeExclusion(ctx: RequestContext, type: IndicatorType, key: string, reason: string): Promise<CorrelationKeyEntity> {
    return this.relinking(async (em) => {
      await this.correlation.lock(em, ctx.allianceId);
      const before = await this.keys.find(em, ctx.allianceId, type, key);
      if (!before || before.decision !== 'EXCLUDED') throw notFound(`${type} ${key} is not on the exclusion list`, 'key');
      await this.keys.decide(em, ctx.allianceId, type, key, { decision: null, decisionReason: reason, decidedBy: ctx.actorId, decidedAt: new Date() });
      await this.correlation.mergeHolding(em, ctx, [{ type, key }], 'exclusion_removed');
      const after = await this.keys.findOrFail(em, ctx.allianceId, type, key);
      await this.audit.record(em, ctx, { action: 'correlation.exclusion_removed', targetType: 'CorrelationKey', targetId: null, before, after });
      return after;
    });
  }

  /** Keys over the limit that nobody has decided, most reports first, with what they would link (holders and networks counted for the page only). */
  async overCorrelating(ctx: RequestContext, first?: number, after?: string): Promise<Connection<OverCorrelatingKey>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 3);
    const alliance = (await this.allianceRows.findById(ctx.allianceId))!;
    const { n, rows } = await this.keys.overCorrelating(ctx.allianceId, alliance.correlationLimit, alliance.derivedKeys, cursor ? [cursor[0], cursor[1], cursor[2]] : null, size + 1);
    return toConnection(rows, size, n, (r) => encodeCursor([r.reports, r.type, r.key]), (r) => r);
  }

  async confirm(ctx: RequestContext, type: IndicatorType, key: string, reason: string): Promise<CorrelationKeyEntity> {
    return this.relinking(async (em) => {
      await this.correlation.lock(em, ctx.allianceId);
      const limit = await this.correlation.limitOf(em, ctx.allianceId);
      const before = await this.keys.find(em, ctx.allianceId, type, key);
      if (!before || before.decision !== null || before.reportCount <= limit) {
        throw conflict(`${type} ${key} is not over-correlating`, { currentStatus: before?.decision ?? 'LINKING' }, 'key');
      }
      await this.keys.decide(em, ctx.allianceId, type, key, { decision: 'CONFIRMED', decisionReason: reason, decidedBy: ctx.actorId, decidedAt: new Date() });
      await this.correlation.mergeHolding(em, ctx, [{ type, key }], 'key_confirmed');
      const after = await this.keys.findOrFail(em, ctx.allianceId, type, key);
      await this.audit.record(em, ctx, { action: 'correlation.confirmed', targetType: 'CorrelationKey', targetId: null, before, after });
      return after;
    });
  }

  /** A change of links in its transaction; the reports it moved wait in the search indexes' pending lists after it. */
  private async relinking<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.search.settleSoon();
    return result;
  }

  /** A new limit: keys that cross it either way are split off or merged in. */
  async setLimit(ctx: RequestContext, limit: number): Promise<number> {
    return this.relinking(async (em) => {
      await this.correlation.lock(em, ctx.allianceId);
      const old = await this.correlation.limitOf(em, ctx.allianceId);
      if (old === limit) return limit;
      const crossing = await this.keys.crossing(em, ctx.allianceId, old, limit);
      await this.allianceRows.setCorrelationLimit(em, ctx.allianceId, limit);
      if (limit < old) await this.correlation.recomputeHolding(em, ctx, crossing, limit, 'limit_lowered');
      else await this.correlation.mergeHolding(em, ctx, crossing, 'limit_raised');
      await this.audit.record(em, ctx, { action: 'correlation.limit_set', targetType: 'Alliance', targetId: ctx.allianceId, before: { correlationLimit: old }, after: { correlationLimit: limit, keysCrossing: crossing.length } });
      return limit;
    });
  }

  /**
   * The keys derived from these indicators (the caller has seen the indicators): none while the
   * alliance's switch is off, since then they link nothing.
   */
  async derivedKeysOf(ctx: RequestContext, indicatorIds: readonly string[]): Promise<Map<string, DerivedKeyView[]>> {
    const alliance = (await this.allianceRows.findById(ctx.allianceId))!;
    if (!alliance.derivedKeys || indicatorIds.length === 0) return new Map();
    const rows = await this.derived.byIndicatorIds(ctx.allianceId, indicatorIds, this.dataSource.manager);
    const byIndicator = new Map<string, DerivedKeyView[]>();
    for (const r of rows) {
      const via = r.via as KeyDerivation;
      byIndicator.set(r.indicator_id, [...(byIndicator.get(r.indicator_id) ?? []), { type: r.type, key: r.key, derivation: via, explanation: DERIVATION_WORDING[via] }]);
    }
    return byIndicator;
  }

  /** How each (type, key) stands: members see that a key over-correlates, never who else holds it. */
  async statuses(ctx: RequestContext, pairs: readonly string[]): Promise<Map<string, LinkStatus>> {
    if (pairs.length === 0) return new Map();
    const split = pairs.map((p) => p.split('\u001f'));
    const limit = (await this.allianceRows.findById(ctx.allianceId))!.correlationLimit;
    const rows = await this.keys.statuses(ctx.allianceId, limit, split.map((s) => s[0]), split.map((s) => s[1]));
    return new Map(rows.map((r) => [`${r.type}\u001f${r.key}`, r.status]));
  }

  /**
   * Why two reports are in one network: the shortest chain of reports between them and the keys
   * that join each pair. Reports the caller may not see appear as hidden steps, and a side's raw
   * value shows only when the caller may see that side.
   */
  async explain(ctx: RequestContext, fromId: string, toId: string): Promise<{ steps: { reportId: string | null; viaType: string | null; viaKey: string | null; values: string[]; linkValues: LinkValue[] }[] } | null> {
    const v = await this.access.reportCondition(ctx, 'r');
    const visible = await this.keys.visibleReports([fromId, toId], v);
    if (visible.length !== (fromId === toId ? 1 : 2)) throw notFound('Report', visible.some((x) => x.id === fromId) ? 'toReportId' : 'fromReportId');
    const network = visible[0].network_id;
    if (!network || visible.some((x) => x.network_id !== network)) return null;
    const alliance = (await this.allianceRows.findById(ctx.allianceId))!;
    const links = await this.keys.links(network, alliance.correlationLimit, alliance.derivedKeys);
    // breadth-first over reports, stepping through shared keys
    const byKey = new Map<string, string[]>();
    const keysOf = new Map<string, string[]>();
    for (const l of links) {
      const k = `${l.type}\u001f${l.key}`;
      byKey.set(k, [...(byKey.get(k) ?? []), l.report_id]);
      keysOf.set(l.report_id, [...(keysOf.get(l.report_id) ?? []), k]);
    }
    const previous = new Map<string, { from: string; via: string }>([[fromId, { from: '', via: '' }]]);
    const queue = [fromId];
    while (queue.length && !previous.has(toId)) {
      const at = queue.shift()!;
      for (const k of keysOf.get(at) ?? []) {
        for (const next of byKey.get(k) ?? []) {
          if (!previous.has(next)) {
            previous.set(next, { from: at, via: k });
            queue.push(next);
          }
        }
      }
    }
    if (!previous.has(toId)) return null;
    const chain: { id: string; via: string }[] = [];
    for (let at = toId; at !== fromId; at = previous.get(at)!.from) chain.unshift({ id: at, via: previous.get(at)!.via });
    const ids = [fromId, ...chain.map((c) => c.id)];
    const seen = new Set(
      (await this.keys.visibleReports(ids, v)).map((r) => r.id),
    );
    const holding = (reportId: string, k: string) => links.filter((l) => l.report_id === reportId && `${l.type}\u001f${l.key}` === k);
    const rawOf = (reportId: string, k: string) => holding(reportId, k).map((l) => l.raw_value);
    const valuesOf = (reportId: string, k: string): LinkValue[] =>
      holding(reportId, k).map((l) => ({
        value: l.raw_value,
        indicatorType: l.source_type,
        derivation: l.via as KeyDerivation | null,
        explanation: l.via ? DERIVATION_WORDING[l.via as KeyDerivation] : `the same ${l.type}`,
      }));
    return {
      steps: ids.map((id, i) => {
        if (i === 0) return { reportId: id, viaType: null, viaKey: null, values: [], linkValues: [] };
        const { via } = chain[i - 1];
        const [type, key] = via.split('\u001f');
        const prev = ids[i - 1];
        const showKey = seen.has(id) || seen.has(prev);
        return {
          reportId: seen.has(id) ? id : null,
          viaType: showKey ? type : null,
          viaKey: showKey ? key : null,
          values: [...(seen.has(prev) ? rawOf(prev, via) : []), ...(seen.has(id) ? rawOf(id, via) : [])],
          linkValues: [...(seen.has(prev) ? valuesOf(prev, via) : []), ...(seen.has(id) ? valuesOf(id, via) : [])],
        };
      }),
    };
  }
}
