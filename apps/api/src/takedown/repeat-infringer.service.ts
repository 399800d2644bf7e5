import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ReportKind, Role } from '../../../../libs/domain/src/index.js';
import { IndicatorType } from '../../../../libs/indicators/src/index.js';
import { ladderOf, StrikeLevel, strikeStanding, TakedownStatus, urlRuleOf, type StrikeStanding } from '../../../../libs/takedown/src/index.js';
import type { AllianceEntity } from '../alliances/alliance.entity.js';
import { AllianceService } from '../alliances/alliance.service.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { RequestContext } from '../common/request-context.js';
import { NetworkService } from '../intel/correlation/network.service.js';
import { ReportIntake, type ReportValues } from '../intel/reports/report-intake.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { MarketplaceRow } from './marketplace.repository.js';
import { MarketplaceService } from './marketplace.service.js';
import { MAX_RELATED_SHOWN } from './repeat-infringer.models.js';
import { RepeatInfringerRepository, type StoreRef } from './repeat-infringer.repository.js';
import { TakedownRepository, type TakedownRow } from './takedown.repository.js';

export const REPEAT_INFRINGER_QUEUE = 'takedown.repeat-infringer';


/** A store sharing an intelligence network the caller may see, and its strikes inside the window. */
export interface RelatedStore {
  storeKey: string;
  networkId: string;
  strikes: number;
}

export interface StoreStandingRow extends StrikeStanding {
  /** Of `strikes`, those only on stores sharing a network with this one. */
  relatedStrikes: number;
  relatedStores: RelatedStore[];
}

/** The store's key as intelligence writes it (`taobao:store:123`): the marketplace's URL rule, the id in lower case. */
export function storeKeyOf(marketplace: MarketplaceRow, storeId: string): string {
  return `${urlRuleOf(marketplace).name}:store:${storeId.trim().toLowerCase()}`;
}

const DAY = 86_400_000;
/** Upheld requests inside the window, and their removed listings, up to which matching reads the alliance's strikes first (`relatedStandings`); past either, store by store. */
export const STRUCK_LOOKUP = { requests: 500, listings: 5_000 };

/** The alliance's row and every marketplace it keeps (retired too), when the caller has read them: matching reads them once a chunk. */
export interface AllianceRead {
  alliance: AllianceEntity;
  marketplaces: MarketplaceRow[];
}

/**
 * Repeat infringers (issue 16, outcome 6). Each upheld removal is a strike on the seller's store
 * and, through the alliance's intelligence, on every store sharing a counterfeiter network with it:
 * a store's standing counts its own strikes and its network's (each upheld request once), on the
 * ladder the coordinators set. A store the ladder flags becomes intelligence of the member whose
 * request flagged it, once.
 */
@Injectable()
export class RepeatInfringerService implements OnModuleInit {
  private readonly logger = new Logger('RepeatInfringers');

  constructor(
    private readonly repository: RepeatInfringerRepository,
    private readonly requests: TakedownRepository,
    private readonly marketplaces: MarketplaceService,
    private readonly alliances: AllianceService,
    private readonly networks: NetworkService,
    private readonly intake: ReportIntake,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit() {
    this.jobs.register<{ requestId: string }>({
      name: REPEAT_INFRINGER_QUEUE, retryLimit: 3, retryDelaySeconds: 30, backoff: true, expireInSeconds: 15 * 60,
      handle: (job) => this.reportFlagged(job.allianceId!, job.payload.requestId),
      describe: (p) => `Whether takedown ${p.requestId} flagged a repeat infringer`,
    });
  }

  /**
   * Each store's standing now on the alliance's ladder, per `marketplaceId:storeId`. Related strikes
   * count whoever asks (they are facts of the takedown record); a related store and its network are
   * named only when the caller may see the network, otherwise only counted.
   */
  async standings(ctx: RequestContext, stores: readonly StoreRef[], now = new Date(), read?: AllianceRead): Promise<Map<string, StoreStandingRow>> {
    if (!stores.length) return new Map();
    const alliance = read?.alliance ?? await this.alliances.get(ctx);
    const ladder = ladderOf(alliance);
    const since = new Date(now.getTime() - ladder.windowDays * DAY);
    const known = read?.marketplaces ?? await this.marketplaces.list(ctx, true);
    const byId = new Map(known.map((m) => [m.id, m]));
    const byRule = new Map(known.map((m) => [urlRuleOf(m).name, m]));
    const keyOf = (s: StoreRef) => (byId.has(s.marketplaceId) ? storeKeyOf(byId.get(s.marketplaceId)!, s.storeId) : null);
    const refOf = (key: string): StoreRef | null => {
      const m = /^(.+?):store:(.+)$/.exec(key);
      const marketplace = m ? byRule.get(m[1]) : undefined;
      return marketplace ? { marketplaceId: marketplace.id, storeId: m![2] } : null;
    };
    const neighbours = await this.networks.storeNeighbours(ctx, [...new Set(stores.map(keyOf).filter((k): k is string => k !== null))], alliance);
    // the stores of the networks named, each once (many stores of a chunk share a network)
    const related = [...new Set([...neighbours.values()].flatMap((list) => list.map((n) => n.storeKey)))].map(refOf).filter((r): r is StoreRef => r !== null);

    const struck = new Map<string, Map<string, Date>>(); // marketplaceId:store (lower case) → request → when upheld
    for (const r of await this.repository.strikes(ctx.allianceId, [...stores, ...related], since)) {
      const key = `${r.marketplaceId}:${r.store}`;
      if (!struck.has(key)) struck.set(key, new Map());
      struck.get(key)!.set(r.requestId, r.at);
    }
    const strikesOf = (s: StoreRef) => struck.get(`${s.marketplaceId}:${s.storeId.trim().toLowerCase()}`) ?? new Map<string, Date>();

    return new Map(stores.map((s) => {
      const own = strikesOf(s);
      const all = new Map(own);
      const relatedStores: RelatedStore[] = [];
      for (const n of neighbours.get(keyOf(s) ?? '') ?? []) {
        const ref = refOf(n.storeKey);
        const theirs = ref ? strikesOf(ref) : new Map<string, Date>();
        for (const [request, at] of theirs) all.set(request, at);
        if (n.visible && theirs.size) relatedStores.push({ storeKey: n.storeKey, networkId: n.networkId, strikes: theirs.size });
      }
      const standing = strikeStanding([...all.values()], now, ladder);
      const relatedStrikes = [...all.keys()].filter((request) => !own.has(request)).length;
      return [`${s.marketplaceId}:${s.storeId}`, { ...standing, relatedStrikes, relatedStores: relatedStores.slice(0, MAX_RELATED_SHOWN) }];
    }));
  }

  /**
   * What `standings` says of each store's network (`relatedStrikes`, `relatedStores`), found from
   * the struck side: the strikes upheld inside the window (at most `limit`'s upheld requests and
   * removed listings, else `standings` answers), then the networks of those stores and of these. Most stores of a feed are
   * in no network with a struck store, and this reads no network's other stores (`standings`
   * read every store of every network named, 3,500 index probes for a chunk of 1,000 listings).
   * Matching asks this for every chunk; `standings` stays the ladder's reading.
   */
  async relatedStandings(ctx: RequestContext, stores: readonly StoreRef[], read: AllianceRead, now = new Date(), limit = STRUCK_LOOKUP): Promise<Map<string, Pick<StoreStandingRow, 'relatedStrikes' | 'relatedStores'>>> {
    if (!stores.length) return new Map();
    const ladder = ladderOf(read.alliance);
    const strikes = await this.repository.strikesSince(ctx.allianceId, new Date(now.getTime() - ladder.windowDays * DAY), limit);
    if (!strikes) return this.standings(ctx, stores, now, read);
    const none = () => new Map(stores.map((s) => [`${s.marketplaceId}:${s.storeId}`, { relatedStrikes: 0, relatedStores: [] }]));
    if (!strikes.length) return none();

    const byId = new Map(read.marketplaces.map((m) => [m.id, m]));
    const byRule = new Map(read.marketplaces.map((m) => [urlRuleOf(m).name, m]));
    // each struck store as intelligence keys it → request → when upheld (a key names the marketplace its rule last names, as `standings` reads it)
    const struck = new Map<string, Map<string, Date>>();
    const ownStrikes = new Map<string, Set<string>>(); // marketplaceId:store (lower case) → request, as `standings` counts a store's own
    for (const r of strikes) {
      const store = `${r.marketplaceId}:${r.store}`;
      (ownStrikes.get(store) ?? ownStrikes.set(store, new Set()).get(store)!).add(r.requestId);
      const marketplace = byId.get(r.marketplaceId);
      if (!marketplace || byRule.get(urlRuleOf(marketplace).name)?.id !== r.marketplaceId) continue;
      const key = `${urlRuleOf(marketplace).name}:store:${r.store}`;
      (struck.get(key) ?? struck.set(key, new Map()).get(key)!).set(r.requestId, r.at);
    }
    const keyOf = (s: StoreRef) => (byId.has(s.marketplaceId) ? storeKeyOf(byId.get(s.marketplaceId)!, s.storeId) : null);
    const own = [...new Set(stores.map(keyOf).filter((k): k is string => k !== null))];
    if (!struck.size || !own.length) return none();

    const named = await this.networks.storeNetworks(ctx, [...new Set([...own, ...struck.keys()])], read.alliance);
    const struckIn = new Map<string, string[]>(); // network → its struck stores
    for (const n of named) if (struck.has(n.key)) (struckIn.get(n.networkId) ?? struckIn.set(n.networkId, []).get(n.networkId)!).push(n.key);
    const networksOf = new Map<string, string[]>(); // store of these → its networks holding a struck store
    for (const n of named) if (struckIn.has(n.networkId)) (networksOf.get(n.key) ?? networksOf.set(n.key, []).get(n.key)!).push(n.networkId);
    const visible = await this.networks.byIds(ctx, [...new Set([...networksOf.values()].flat())]);

    return new Map(stores.map((s) => {
      const key = keyOf(s);
      const mine = ownStrikes.get(`${s.marketplaceId}:${s.storeId.trim().toLowerCase()}`) ?? new Set<string>();
      const related = new Set<string>();
      const relatedStores: RelatedStore[] = [];
      // in the order `standings` lists them: network by network, each one's stores by key
      for (const networkId of (key && networksOf.get(key)) || []) {
        for (const other of [...struckIn.get(networkId)!].sort()) {
          if (other === key) continue;
          const theirs = struck.get(other)!;
          for (const request of theirs.keys()) if (!mine.has(request)) related.add(request);
          if (visible.has(networkId)) relatedStores.push({ storeKey: other, networkId, strikes: theirs.size });
        }
      }
      return [`${s.marketplaceId}:${s.storeId}`, { relatedStrikes: related.size, relatedStores: relatedStores.slice(0, MAX_RELATED_SHOWN) }];
    }));
  }

  /**
   * The upheld requests, ever, that removed listings of these stores (MARKETPLACE_STORE keys as
   * intelligence has them, `taobao:store:123`), per key: facts of the takedown record, like strikes.
   */
  async upheldByStoreKeys(ctx: RequestContext, keys: readonly string[], read?: Pick<AllianceRead, 'marketplaces'>): Promise<Map<string, Set<string>>> {
    const found = new Map<string, Set<string>>();
    if (!keys.length) return found;
    const known = read?.marketplaces ?? await this.marketplaces.list(ctx, true);
    const byRule = new Map(known.map((m) => [urlRuleOf(m).name, m]));
    const keyOfRef = new Map<string, string>(); // marketplaceId:store (lower case) → key
    const refs: StoreRef[] = [];
    for (const key of new Set(keys)) {
      const m = /^(.+?):store:(.+)$/.exec(key);
      const marketplace = m ? byRule.get(m[1]) : undefined;
      if (!marketplace) continue;
      refs.push({ marketplaceId: marketplace.id, storeId: m![2] });
      keyOfRef.set(`${marketplace.id}:${m![2].toLowerCase()}`, key);
    }
    for (const s of await this.repository.strikes(ctx.allianceId, refs, new Date(0))) {
      const key = keyOfRef.get(`${s.marketplaceId}:${s.store}`);
      if (key) found.set(key, (found.get(key) ?? new Set()).add(s.requestId));
    }
    return found;
  }

  /** In the transaction that upholds a request: once it commits, a job looks for the stores it flagged. */
  async upheld(em: EntityManager, row: TakedownRow): Promise<void> {
    await this.jobs.send(REPEAT_INFRINGER_QUEUE, { requestId: row.id }, { em, allianceId: row.allianceId });
  }

  /**
   * The stores an upheld request removed listings of that the ladder now flags, filed as
   * intelligence of the request's organisation (the member whose rights were infringed) at the
   * alliance's default sharing level: an online-seller report with the store (and its name, when a
   * listing gave one). Once per store and organisation (source `takedown-flag:<marketplace>:<store>`).
   * Answers how many reports it filed.
   */
  async reportFlagged(allianceId: string, requestId: string): Promise<number> {
    const request = await this.requests.anyById(requestId);
    if (!request || request.allianceId !== allianceId || request.status !== TakedownStatus.UPHELD) return 0;
    const system = RequestContext.system(allianceId);
    const stores = await this.repository.removedStores(allianceId, requestId);
    const standings = await this.standings(system, stores);
    const flagged = stores.filter((s) => standings.get(`${s.marketplaceId}:${s.storeId}`)?.level === StrikeLevel.FLAGGED);
    if (!flagged.length) return 0;

    // the member files it; the ladder, not a person, is its author
    const member = new RequestContext(system.actorId, 'USER', allianceId, request.organisationId, Role.MEMBER_ANALYST, new Set());
    try {
      const intake = await this.intake.open(member);
      const items: { values: ReportValues; sourceRef: string }[] = [];
      for (const store of flagged) {
        const marketplace = (await this.marketplaces.byIds(system, [store.marketplaceId])).get(store.marketplaceId)!;
        const standing = standings.get(`${store.marketplaceId}:${store.storeId}`)!;
        const rule = urlRuleOf(marketplace).name;
        const values: ReportValues = {
          kind: ReportKind.ONLINE_SELLER,
          title: `Repeat infringer on ${marketplace.name}: store ${store.storeName ?? store.storeId}`,
          summary: `Flagged by the alliance’s takedown ladder: ${standing.strikes} upheld removals within the window` +
            (standing.relatedStrikes ? `, ${standing.relatedStrikes} of them on stores sharing a network with it` : '') + '.',
          confidence: 80,
          marketplaces: intake.settings.marketplaces.includes(rule) ? [rule] : [],
          indicators: [
            { type: IndicatorType.MARKETPLACE_STORE, value: `${rule}:${store.storeId}`, note: 'The store of a flagged repeat infringer' },
            ...(store.storeName ? [{ type: IndicatorType.COMPANY_NAME, value: store.storeName, note: `Its store’s name on ${marketplace.name}` }] : []),
          ],
          sourceRef: `takedown-flag:${store.marketplaceId}:${store.storeId.trim().toLowerCase()}`,
        };
        // a store name that reads as no company name is left out rather than the store
        if (store.storeName && (await intake.check(values))) values.indicators = values.indicators.slice(0, 1);
        const problem = await intake.check(values);
        if (problem) {
          this.logger.warn(`flagged store ${values.sourceRef} not reported: ${problem.message}`);
          continue;
        }
        items.push({ values, sourceRef: values.sourceRef! });
      }
      if (!items.length) return 0;
      const result = await intake.write(items, async () => undefined);
      await intake.finish(result.created, 'repeat-infringer reports');
      return result.created;
    } catch (error) {
      // an organisation no longer an active member reports nothing; the strikes stand
      if (error instanceof DomainError && error.code === ErrorCode.FORBIDDEN) return 0;
      throw error;
    }
  }
}
