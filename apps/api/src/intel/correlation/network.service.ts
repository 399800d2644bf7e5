import { Injectable, type OnModuleInit } from '@nestjs/common';
import { NodeRegistry } from '../../common/node-registry.js';
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from '../../common/pagination.js';
import type { RequestContext } from '../../common/request-context.js';
import { IntelAccess } from '../intel-access.js';
import type { CounterfeiterNetworkEntity, NetworkEventEntity } from './counterfeiter-network.entity.js';
import { NetworkRepository } from './network.repository.js';
import type { AllianceEntity } from '../../alliances/alliance.entity.js';
import { AllianceRepository } from '../../alliances/alliance.repository.js';
import { CounterfeiterNetwork, type NetworkIndicator } from './network.models.js';
import { IntelReport } from '../reports/intel-report.models.js';

/** What correlation reads of the alliance's row. */
export type AllianceSettings = Pick<AllianceEntity, 'derivedKeys' | 'correlationLimit'>;

/**
 * Counterfeiter networks as a caller sees them: a network exists for the caller when it holds at
 * least one report the caller may see, and everything shown of it (reports, counts, indicators,
 * brands, reporters, dates) comes from those reports only.
 */
@Injectable()
export class NetworkService implements OnModuleInit {
  constructor(
    private readonly networks: NetworkRepository,
    private readonly access: IntelAccess,
    private readonly nodes: NodeRegistry,
    private readonly alliances: AllianceRepository,
  ) {}

  onModuleInit() {
    this.nodes.registerBatch(CounterfeiterNetwork.typename, (ctx, uuids) => this.byIds(ctx, uuids), CounterfeiterNetwork.from);
  }

  /** A merged network stays reachable by its old id while the network it merged into is visible. */
  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, CounterfeiterNetworkEntity>> {
    if (ids.length === 0) return new Map();
    const rows = await this.networks.byIds(ctx.allianceId, ids, await this.access.reportCondition(ctx, 'r'));
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * The stores sharing a network with each of these stores (MARKETPLACE_STORE keys), per key: a
   * fact of the alliance's intelligence that the takedown ladder counts whoever asks (a strike on a
   * store is a strike on its network's stores). `visible` says whether the caller may see the
   * network; callers show a hidden one's store and network as a count only, never its content.
   */
  async storeNeighbours(ctx: RequestContext, keys: readonly string[], read?: AllianceSettings): Promise<Map<string, { networkId: string; storeKey: string; visible: boolean }[]>> {
    const map = new Map<string, { networkId: string; storeKey: string; visible: boolean }[]>();
    if (!keys.length) return map;
    const alliance = read ?? await this.alliances.findById(ctx.allianceId);
    const { named, members } = await this.networks.storeNeighbours(ctx.allianceId, keys, alliance?.derivedKeys ?? false);
    const visible = await this.byIds(ctx, [...members.keys()]);
    for (const n of named) {
      const list = map.get(n.key) ?? [];
      map.set(n.key, list);
      const seen = visible.has(n.networkId);
      for (const related of members.get(n.networkId) ?? []) if (related !== n.key) list.push({ networkId: n.networkId, storeKey: related, visible: seen });
    }
    return map;
  }

  /**
   * The networks holding each of these stores (MARKETPLACE_STORE keys), by key and network, without
   * their other stores (`storeNeighbours` reads those too): a fact of the alliance's intelligence,
   * whoever asks; `byIds` with the caller's context says which the caller may see.
   */
  async storeNetworks(ctx: RequestContext, keys: readonly string[], read?: AllianceSettings): Promise<{ key: string; networkId: string }[]> {
    if (!keys.length) return [];
    const alliance = read ?? await this.alliances.findById(ctx.allianceId);
    return this.networks.storeNetworks(ctx.allianceId, keys, alliance?.derivedKeys ?? false);
  }

  /**
   * Which of these normalised (type, key) pairs published intelligence holds, and in which networks
   * (NULL: reports in no network), in one statement: facts for monitoring's matching, which runs
   * for the whole alliance. Keys the alliance keeps from linking (excluded, over its limit) are
   * left out. Callers name a network only to a reader who may see it (`byIds` with their context).
   * (`read`: the alliance's row, when the caller has it: matching reads it once a chunk.)
   */
  async keyHolders(allianceId: string, keys: readonly { type: string; key: string }[], read?: AllianceSettings): Promise<{ type: string; key: string; networkId: string | null; reports: number }[]> {
    if (!keys.length) return [];
    const alliance = read ?? await this.alliances.findById(allianceId);
    return this.networks.keyHolders(allianceId, keys.map((k) => k.type), keys.map((k) => k.key), alliance?.derivedKeys ?? false, alliance?.correlationLimit ?? 100);
  }

  /** The same for pictures: reports whose perceptual-hash IMAGE_HASH indicators are within `maxDistance` bits of these hashes (signed 64-bit, as text). */
  async imageHolders(allianceId: string, hashes: readonly string[], maxDistance: number, read?: AllianceSettings): Promise<{ hash: string; networkId: string | null; reports: number; distance: number }[]> {
    if (!hashes.length) return [];
    const alliance = read ?? await this.alliances.findById(allianceId);
    return this.networks.imageHolders(allianceId, hashes, maxDistance, alliance?.correlationLimit ?? 100);
  }

  async reports(ctx: RequestContext, networkId: string, first?: number, after?: string): Promise<Connection<IntelReport>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const { totalCount, rows } = await this.networks.reports(networkId, await this.access.reportCondition(ctx, 'r'), cursor ? cursor[1] : undefined, size + 1);
    return toConnection(rows, size, totalCount, (r) => encodeCursor([r.publishedAt!.toISOString(), r.id]), IntelReport.from);
  }

  /** Counts, dates, brands and reporters over the visible reports, in one statement. */
  async summary(ctx: RequestContext, networkId: string): Promise<{ reportCount: number; firstSeen: Date | null; lastSeen: Date | null; brandIds: string[]; organisationIds: string[] }> {
    const row = await this.networks.summary(networkId, await this.access.reportCondition(ctx, 'r'));
    return {
      reportCount: row?.report_count ?? 0,
      firstSeen: row?.first_seen ?? null,
      lastSeen: row?.last_seen ?? null,
      brandIds: row?.brand_ids ?? [],
      organisationIds: row?.organisation_ids ?? [],
    };
  }

  /**
   * Every network the caller may see with its figures over the reports the caller may see
   * (reports, reporting members, brands, reports since `recentSince`) and the marketplace store
   * keys they name: what the enforcement context weighs for referral.
   */
  async referralFigures(ctx: RequestContext, recentSince: Date): Promise<{ networkId: string; reports: number; members: number; brands: number; recentReports: number; storeKeys: string[] }[]> {
    return this.networks.referralFigures(await this.access.reportCondition(ctx, 'r'), recentSince);
  }

  /** The network's indicators grouped by key, most shared first. */
  async indicators(ctx: RequestContext, networkId: string, limit: number): Promise<NetworkIndicator[]> {
    const rows = await this.networks.indicators(ctx.allianceId, networkId, await this.access.reportCondition(ctx, 'r'), limit);
    return rows.map((r) => ({ type: r.type as NetworkIndicator['type'], key: r.key, values: r.values, reports: r.reports }));
  }

  /**
   * The network's history as the caller may know it: an event caused by reports (created, grew)
   * shows only when one of them is a report the caller may see, so nobody can count changes made
   * by reports hidden from them; events without reports (merges, splits, exclusions) show.
   */
  async events(ctx: RequestContext, networkId: string): Promise<NetworkEventEntity[]> {
    return this.networks.events(ctx.allianceId, networkId, await this.access.reportCondition(ctx, 'er'));
  }
}
