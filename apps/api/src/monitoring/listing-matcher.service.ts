import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { readFile } from 'node:fs/promises';
import { IndicatorType } from '../../../../libs/indicators/src/index.js';
import { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { NetworkService } from '../intel/correlation/network.service.js';
import { IntelSettings } from '../intel/intel-settings.js';
import { AllianceService } from '../alliances/alliance.service.js';
import { urlRuleOf } from '../../../../libs/takedown/src/index.js';
import { JobsService } from '../jobs/jobs.service.js';
import { MarketplaceService } from '../takedown/marketplace.service.js';
import { RepeatInfringerService, storeKeyOf } from '../takedown/repeat-infringer.service.js';
import {
  imageReason, keywordReason, MEDIAN_WINDOW, medianReason, networkReason, ordered, priceFloorReason, relatedStoresReason, repeatOffenderReason, reportsReason, scoreOf, type AlertReason,
} from './alert-reasons.js';
import { ListingMatchRepository, type AlertWrite, type ListingToMatch } from './listing-match.repository.js';
import { listingImagePath } from './listing-images.js';
import { perceptualHash } from './perceptual-hash.js';
import { RuleIndex, type RuleHit } from './rule-matching.js';
import { contactKeys, type SellerKey } from './seller-keys.js';

export const MATCH_QUEUE = 'monitoring.match';
/** Bits a listing's picture may differ in from an IMAGE_HASH indicator's perceptual hash and still match it (of 64). */
export const INTEL_IMAGE_DISTANCE = 6;

/** The seller a dismissal names: the store on its marketplace, or the listing itself when it gives no store. */
export function sellerKeyOf(l: Pick<ListingToMatch, 'id' | 'marketplaceId' | 'storeId'>): string {
  return l.storeId ? `${l.marketplaceId}:${l.storeId.trim().toLowerCase()}` : `listing:${l.id}`;
}

/**
 * Matching (issue 17, outcome 2): the feed queues a job per written chunk with the listings that
 * are new or changed (in the chunk's transaction); the job matches them against the brands' rules,
 * the alliance's intelligence and the takedown record, a fixed number of set-based statements per
 * chunk, and writes one alert per listing and brand the listing names.
 *
 * A listing concerns a brand when one of the brand's KEYWORD or IMAGE rules matches it; only then do price
 * floors, the brand's median, intelligence and history add reasons (a known counterfeiter selling
 * something no brand rule names alerts nobody). Intelligence counts for the whole alliance, like
 * the takedown ladder's strikes: the alert keeps network ids, and a reader sees a network named
 * only when it may see the network (alert.service.ts).
 */
@Injectable()
export class ListingMatcher implements OnModuleInit {
  private readonly indexes = new Map<string, { version: string; index: RuleIndex }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ListingMatchRepository,
    private readonly jobs: JobsService,
    private readonly networks: NetworkService,
    private readonly alliances: AllianceService,
    private readonly marketplaces: MarketplaceService,
    private readonly repeatInfringers: RepeatInfringerService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.jobs.register<{ listingIds: string[] }>({
      // two chunks at once: a chunk runs one database statement at a time, a second one uses the other core
      name: MATCH_QUEUE, retryLimit: 3, retryDelaySeconds: 10, backoff: true, expireInSeconds: 10 * 60, concurrency: 2,
      handle: (job) => this.match(job.allianceId!, job.payload.listingIds),
      describe: (p) => `Match ${p.listingIds.length} listing${p.listingIds.length === 1 ? '' : 's'} against rules and intelligence`,
    });
  }

  /** In the transaction that wrote a chunk: once it commits, a job matches the chunk's new and changed listings. */
  async queue(em: EntityManager, allianceId: string, listingIds: readonly string[]): Promise<void> {
    if (!listingIds.length) return;
    await this.jobs.send(MATCH_QUEUE, { listingIds }, { em, allianceId });
  }

  /** Matches a chunk of listings and writes its alerts; answers how many alerted (new, or again). */
  async match(allianceId: string, listingIds: readonly string[]): Promise<{ alerted: number; updated: number }> {
    // the chunk read once; the rules indexed once, each listing's words looked up in them (a statement
    // per chunk ranked the rules' terms against every word in 70 ms)
    const [all, index] = await Promise.all([this.repository.chunk(allianceId, listingIds), this.ruleIndex(allianceId)]);
    const hits = all.flatMap((l) => index.textHits(l.id, l.text));
    if (index.hasImageRules) hits.push(...index.imageHits(await this.pictureHashes(allianceId, all)));
    const concerned = new Set(hits.filter((h) => h.kind !== 'PRICE_FLOOR').map((h) => h.listingId));
    if (!concerned.size) return { alerted: 0, updated: 0 };
    const listings = all.filter((l) => concerned.has(l.id));
    const [sellerReasons, medians] = await Promise.all([
      this.sellerReasons(allianceId, listings),
      this.repository.medians(allianceId, [...new Set(hits.map((h) => h.brandId))], MEDIAN_WINDOW),
    ]);
    const medianOf = new Map(medians.map((m) => [`${m.brandId}:${m.currency}`, m]));

    // per listing and brand: the brand's rules, its median, then the seller's reasons
    const byPair = new Map<string, RuleHit[]>();
    for (const h of hits) {
      const pair = `${h.listingId}:${h.brandId}`;
      if (!byPair.has(pair)) byPair.set(pair, []);
      byPair.get(pair)!.push(h);
    }
    const listingOf = new Map(listings.map((l) => [l.id, l]));
    const drafts: AlertWrite[] = [];
    for (const pairHits of byPair.values()) {
      const concerning = pairHits.find((h) => h.kind !== 'PRICE_FLOOR');
      const l = listingOf.get(pairHits[0].listingId);
      if (!concerning || !l) continue;
      const reasons: AlertReason[] = pairHits.filter((h) => h.kind === 'KEYWORD').map((h) => keywordReason(h.ruleId, h.name, h.terms));
      for (const h of pairHits.filter((p) => p.kind === 'IMAGE')) reasons.push(imageReason(h.ruleId, h.name, h.distance!, h.maxDistance!));
      if (l.priceMinor !== null && l.currency) {
        for (const h of pairHits.filter((p) => p.kind === 'PRICE_FLOOR' && p.currency === l.currency)) {
          const floor = priceFloorReason(h.ruleId, h.name, h.terms, BigInt(l.priceMinor), BigInt(h.floorMinor!), l.currency);
          if (floor) reasons.push(floor);
        }
        const median = medianOf.get(`${concerning.brandId}:${l.currency}`);
        const below = median ? medianReason(BigInt(l.priceMinor), median.median, median.n, l.currency) : null;
        if (below) reasons.push(below);
      }
      reasons.push(...(sellerReasons.get(l.id) ?? []));
      drafts.push({ listingId: l.id, brandId: concerning.brandId, organisationId: concerning.organisationId, sellerKey: sellerKeyOf(l), score: 0, reasons, changedAt: l.changedAt, priceMinor: l.priceMinor, currency: l.currency });
    }

    // what members dismissed for the seller stays quiet
    const quiet = new Set((await this.repository.suppressed(allianceId, drafts)).map((s) => `${s.brandId}:${s.sellerKey}:${s.ruleKey}`));
    const rows: AlertWrite[] = [];
    for (const d of drafts) {
      const reasons = ordered(d.reasons.filter((r) => !quiet.has(`${d.brandId}:${d.sellerKey}:${r.ruleKey}`)));
      if (reasons.length) rows.push({ ...d, reasons, score: scoreOf(reasons) });
    }
    // one statement, atomic alone: no transaction around it (BEGIN and COMMIT were two round trips more a chunk)
    return this.repository.write(this.dataSource.manager, allianceId, rows);
  }

  /**
   * Each listing's seller reasons, the same for every brand it concerns: its store (as intelligence
   * writes it), contacts (normalised) and pictures in intelligence; upheld takedowns of its store
   * and of stores sharing a network with it. A handful of statements for the whole chunk.
   */
  private async sellerReasons(allianceId: string, listings: readonly ListingToMatch[]): Promise<Map<string, AlertReason[]>> {
    const system = RequestContext.system(allianceId);
    // the alliance's row and marketplaces read once for the chunk (each step below read them again: four times a chunk)
    const [alliance, known] = await Promise.all([this.alliances.get(system), this.marketplaces.list(system, true)]);
    const read = { alliance, marketplaces: known };
    const marketplaces = new Map(known.map((m) => [m.id, m]));
    const reading = IntelSettings.allianceReading(alliance, known.map(urlRuleOf));
    const keysOf = new Map<string, SellerKey[]>();
    for (const l of listings) {
      const keys = contactKeys(l.sellerContacts, reading);
      const marketplace = marketplaces.get(l.marketplaceId);
      if (l.storeId && marketplace) keys.unshift({ type: IndicatorType.MARKETPLACE_STORE, key: storeKeyOf(marketplace, l.storeId), via: 'store' });
      // pictures as intelligence keeps IMAGE_HASH indicators: the file's SHA-256 exactly (perceptual hashes, once hashed, by distance below)
      for (const p of l.pictures) keys.push({ type: IndicatorType.IMAGE_HASH, key: p.sha256.toLowerCase(), via: 'picture' });
      keysOf.set(l.id, [...new Map(keys.map((k) => [`${k.type}\u0000${k.key}`, k])).values()]);
    }
    const allKeys = new Map<string, { type: string; key: string }>();
    for (const keys of keysOf.values()) for (const k of keys) allKeys.set(`${k.type}\u0000${k.key}`, k);
    const storeKeys = [...allKeys.values()].filter((k) => k.type === IndicatorType.MARKETPLACE_STORE).map((k) => k.key);
    const phashes = [...new Set(listings.flatMap((l) => l.pictures.map((p) => p.phash).filter((h): h is string => h !== null)))];

    const [holders, pictured, upheld, standings] = await Promise.all([
      this.networks.keyHolders(allianceId, [...allKeys.values()], alliance),
      this.networks.imageHolders(allianceId, phashes, INTEL_IMAGE_DISTANCE, alliance),
      this.repeatInfringers.upheldByStoreKeys(system, storeKeys, read),
      this.repeatInfringers.relatedStandings(system, listings.filter((l) => l.storeId && marketplaces.has(l.marketplaceId)).map((l) => ({ marketplaceId: l.marketplaceId, storeId: l.storeId! })), read),
    ]);
    type Holding = { networkId: string | null; reports: number };
    const held = new Map<string, Holding[]>();
    const add = <K>(map: Map<K, Holding[]>, key: K, h: Holding) => (map.get(key) ?? map.set(key, []).get(key)!).push(h);
    for (const h of holders) add(held, `${h.type}\u0000${h.key}`, h);
    const picturedBy = new Map<string, Holding[]>();
    for (const h of pictured) add(picturedBy, h.hash, h);

    const out = new Map<string, AlertReason[]>();
    for (const l of listings) {
      const keys = keysOf.get(l.id) ?? [];
      const found: { what: string; holdings: Holding[] }[] = [
        ...keys.map((k) => ({ what: k.via === 'contact' ? `contact (${k.type.toLowerCase().replace('_', ' ')})` : k.via, holdings: held.get(`${k.type}\u0000${k.key}`) ?? [] })),
        ...[...new Set(l.pictures.map((p) => p.phash))].map((h) => ({ what: 'picture', holdings: h === null ? [] : picturedBy.get(h) ?? [] })),
      ];
      const networkIds: string[] = [];
      const networkVia = new Set<string>();
      const reportVia = new Set<string>();
      let reports = 0;
      for (const { what, holdings } of found) {
        for (const h of holdings) {
          if (h.networkId) {
            networkIds.push(h.networkId);
            networkVia.add(what);
          } else {
            reports += h.reports;
            reportVia.add(what);
          }
        }
      }
      const store = keys.find((k) => k.via === 'store');
      const standing = l.storeId ? standings.get(`${l.marketplaceId}:${l.storeId}`) : undefined;
      out.set(l.id, [
        networkIds.length ? networkReason(networkIds, [...networkVia]) : reports ? reportsReason(reports, [...reportVia]) : null,
        repeatOffenderReason(store ? upheld.get(store.key)?.size ?? 0 : 0),
        standing ? relatedStoresReason(standing.relatedStrikes, standing.relatedStores.map((s) => s.networkId)) : null,
      ].filter((r): r is AlertReason => r !== null));
    }
    return out;
  }

  /**
   * The alliance's rules indexed, kept while they stay as they are: a feed's chunks follow each
   * other by the hundred, rules change by the handful (reading and indexing 3,600 rules took about
   * 30 ms a chunk; asking whether they changed takes one).
   */
  private async ruleIndex(allianceId: string): Promise<RuleIndex> {
    const version = await this.repository.rulesVersion(allianceId);
    const kept = this.indexes.get(allianceId);
    if (kept?.version === version) return kept.index;
    const index = new RuleIndex(await this.repository.rules(allianceId));
    this.indexes.set(allianceId, { version, index });
    return index;
  }

  /**
   * The perceptual hash of each picture of the chunk, for the IMAGE rules (`RuleIndex.imageHits`
   * compares them with every reference): a picture the feed kept is hashed the first time a chunk
   * shows it (read from its file; one sharp cannot read is kept as unreadable, and a file that
   * cannot be read now is tried again with a later chunk).
   */
  private async pictureHashes(allianceId: string, listings: ListingToMatch[]): Promise<{ listingId: string; phash: string }[]> {
    const known = new Map<string, string | null>();
    for (const l of listings) for (const p of l.pictures) if (p.hashed) known.set(p.sha256, p.phash);
    const hashed: { sha256: string; phash: bigint | null }[] = [];
    for (const sha256 of new Set(listings.flatMap((l) => l.pictures.filter((p) => !p.hashed).map((p) => p.sha256)))) {
      const bytes = await readFile(listingImagePath(this.config.filesDir, allianceId, sha256)).catch(() => null);
      if (!bytes) continue;
      const phash = await perceptualHash(bytes).catch(() => null);
      hashed.push({ sha256, phash });
      known.set(sha256, phash === null ? null : phash.toString());
    }
    await this.repository.keepImageHashes(allianceId, hashed);
    const pictures: { listingId: string; phash: string }[] = [];
    for (const l of listings) {
      for (const p of l.pictures) {
        // the listing as read before its pictures were hashed takes their hashes (intelligence compares them too)
        if (!p.hashed && known.has(p.sha256)) Object.assign(p, { hashed: true, phash: known.get(p.sha256) });
      }
      for (const sha256 of new Set(l.pictures.map((p) => p.sha256))) {
        const phash = known.get(sha256);
        if (phash) pictures.push({ listingId: l.id, phash });
      }
    }
    return pictures;
  }
}
