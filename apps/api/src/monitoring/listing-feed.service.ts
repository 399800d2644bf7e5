import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PartnerScope, Role } from '../../../../libs/domain/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { ErrorCode, forbidden } from '../common/errors.js';
import { parseGlobalId } from '../common/node.js';
import type { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import type { MarketplaceRow } from '../takedown/marketplace.repository.js';
import { MarketplaceService } from '../takedown/marketplace.service.js';
import { readFeedListing, type FeedListing, type RowProblem } from './feed-listing.js';
import { keepListingImage } from './listing-images.js';
import { ListingMatcher } from './listing-matcher.service.js';
import { ListingRepository, type ListingWrite } from './listing.repository.js';
import { listingMatchText } from './rule-matching.js';

/** Rows written per statement (and per transaction). */
const CHUNK_ROWS = 1000;
/**
 * Chunks being written (each its own transaction) while the next one is read. One write at a time
 * left the database waiting on each commit and the feed on each write: with two, one commits while
 * the next is written.
 */
export const WRITES_IN_FLIGHT = 2;
/** Refused rows whose problems the answer lists (every refused row is counted). */
export const MAX_PROBLEMS_LISTED = 1000;
/** What one listing costs from its caller's per-minute budget (COST_BUDGET_PER_MINUTE): 10 million a minute is a million listings. */
export const LISTING_COST = 10;

/** A row as it arrived: its number (a batch's position from 1, a stream's line) and its value, or why it could not be read at all. */
export type IncomingRow = { row: number; value: unknown } | { row: number; reason: string };

export interface FeedProblem extends RowProblem {
  row: number;
  listingId: string | null;
}

export interface FeedSummary {
  /** Listings new to the alliance. */
  accepted: number;
  /** Listings the alliance had (same marketplace and listing id), updated with what was sent. */
  updated: number;
  refused: number;
  /** Each problem of the first MAX_PROBLEMS_LISTED refused rows. */
  problems: FeedProblem[];
  problemsTruncated: boolean;
  /** The stream stopped before its end (budget spent): rows from this one on were not read; send them again. */
  stoppedAtRow: number | null;
  stoppedReason: string | null;
  retryAfterSeconds: number | null;
}

/** Spends a chunk's cost before it is written; throws (RATE_LIMITED) when the caller's budget is spent. */
export type Charge = (listings: number) => Promise<void>;

/**
 * The listing feed (issue 17, outcome 1): marketplace partners (an API key or person with
 * `listings:write`) and active members' people (their crawlers) push listings of the marketplaces
 * the alliance keeps. Each row is read alone (feed-listing.ts): good rows are written a chunk at a
 * time by an upsert on (alliance, marketplace, listing id), bad rows are counted and explained.
 * One audit event per batch or stream, not per listing.
 */
@Injectable()
export class ListingFeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly listings: ListingRepository,
    private readonly marketplaces: MarketplaceService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly matcher: ListingMatcher,
  ) {}

  /**
   * Who may push: a key or person with listings:write (a marketplace partner's, or a member's feed
   * key while its membership is active), or the people of an active member organisation.
   */
  assertMayPush(ctx: RequestContext): void {
    if (ctx.role === Role.PARTNER) {
      if (ctx.activeMember === false) throw forbidden('Your organisation is not an active member of the alliance');
      if (!ctx.hasScope(PartnerScope.LISTINGS_WRITE)) throw forbidden(`Needs scope ${PartnerScope.LISTINGS_WRITE}`);
      return;
    }
    if (ctx.role === Role.MEMBER_ADMIN || ctx.role === Role.MEMBER_ANALYST) {
      if (ctx.activeMember !== true) throw forbidden('Your organisation is not an active member of the alliance');
      return;
    }
    throw forbidden('Listings are pushed by marketplace partners’ keys and members’ crawlers');
  }

  /**
   * Reads and writes rows as they come (a batch, or a stream read line by line): memory holds the
   * chunk being read and at most WRITES_IN_FLIGHT being written. Each chunk is its own transaction,
   * so a broken stream keeps what it wrote, and sending it again updates rather than duplicates.
   */
  async push(ctx: RequestContext, rows: AsyncIterable<IncomingRow> | Iterable<IncomingRow>, charge: Charge, channel: 'GRAPHQL' | 'NDJSON'): Promise<FeedSummary> {
    this.assertMayPush(ctx);
    const active = await this.marketplaces.list(ctx);
    const byName = new Map<string, MarketplaceRow>();
    for (const m of active) {
      byName.set(m.name.toLowerCase(), m);
      if (m.rule) byName.set(m.rule, m);
      byName.set(m.id, m);
    }
    const named = (text: string) => byName.get(text.toLowerCase()) ?? byName.get(parseGlobalId(text)?.type === 'Marketplace' ? parseGlobalId(text)!.uuid : '');

    const summary: FeedSummary = { accepted: 0, updated: 0, refused: 0, problems: [], problemsTruncated: false, stoppedAtRow: null, stoppedReason: null, retryAfterSeconds: null };
    let problemRows = 0;
    const refuse = (row: number, listingId: string | null, problems: RowProblem[]) => {
      summary.refused += 1;
      if (problemRows >= MAX_PROBLEMS_LISTED) {
        summary.problemsTruncated = true;
        return;
      }
      problemRows += 1;
      for (const p of problems) summary.problems.push({ row, listingId, ...p });
    };

    let chunk: { row: number; write: ListingWrite }[] = [];
    let keys = new Set<string>();
    /** The writes not yet waited for, oldest first, each with its chunk's listings. */
    const inFlight: { done: Promise<void>; keys: Set<string> }[] = [];
    const source = { organisationId: ctx.organisationId, actorId: ctx.actorId };
    const flush = async (): Promise<boolean> => {
      if (!chunk.length) return true;
      try {
        await charge(chunk.length);
      } catch (error) {
        const extensions = (error as { extensions?: { code?: string; retryAfterSeconds?: number } }).extensions;
        if (extensions?.code !== ErrorCode.RATE_LIMITED) throw error;
        summary.stoppedAtRow = chunk[0].row;
        summary.stoppedReason = (error as Error).message;
        summary.retryAfterSeconds = extensions.retryAfterSeconds ?? null;
        return false;
      }
      // new and changed listings are matched by a job queued with the chunk (unchanged ones alert nobody again).
      // The chunk is written while the next one is read, up to WRITES_IN_FLIGHT at once; a chunk holding a
      // listing that an earlier chunk still being written holds waits for that one (and is not written if
      // it failed), so a listing sent again later is written after itself.
      // at most WRITES_IN_FLIGHT: the oldest is waited for first (its failure ends the push here)
      while (inFlight.length >= WRITES_IN_FLIGHT) await inFlight.shift()!.done;
      const writes = chunk.map((c) => c.write);
      const chunkKeys = keys;
      const earlier = inFlight.filter((w) => sharesAny(w.keys, chunkKeys)).map((w) => w.done);
      const write = (async () => {
        await Promise.all(earlier);
        const written = await this.dataSource.transaction(async (em) => {
          const result = await this.listings.upsert(em, ctx.allianceId, source, writes);
          await this.matcher.queue(em, ctx.allianceId, result.fresh);
          return result;
        });
        summary.accepted += written.inserted;
        summary.updated += written.updated;
      })();
      write.catch(() => undefined); // awaited below (a later chunk, or the end): a failure is not unhandled meanwhile
      inFlight.push({ done: write, keys: chunkKeys });
      chunk = [];
      keys = new Set();
      return true;
    };

    let rowsRead = 0;
    for await (const incoming of rows) {
      rowsRead += 1;
      if ('reason' in incoming) {
        refuse(incoming.row, null, [{ field: null, reason: incoming.reason }]);
        continue;
      }
      const read = readFeedListing(incoming.value, active, named);
      if (!read.ok) {
        refuse(incoming.row, read.listingId, read.problems);
        continue;
      }
      const key = `${read.listing.marketplace.id}\u0000${read.listing.listingId}`;
      // the same listing twice in a chunk: the earlier goes in first, the later updates it
      if (keys.has(key) && !(await flush())) break;
      chunk.push({ row: incoming.row, write: await this.toWrite(ctx, read.listing) });
      keys.add(key);
      if (chunk.length >= CHUNK_ROWS && !(await flush())) break;
    }
    if (summary.stoppedAtRow === null) await flush();
    for (const w of inFlight) await w.done;

    await this.dataSource.transaction((em) =>
      this.audit.record(em, ctx, {
        // one event per call, with its counts (the listings themselves carry who sent them last)
        action: 'listing.feed_pushed', targetType: 'ListingFeed', targetId: null,
        after: { channel, rowsRead, accepted: summary.accepted, updated: summary.updated, refused: summary.refused, stoppedAtRow: summary.stoppedAtRow },
      }),
    );
    return summary;
  }

  /** Pictures sent as bytes are kept (content-addressed) before their listing is written. */
  private async toWrite(ctx: RequestContext, l: FeedListing<MarketplaceRow>): Promise<ListingWrite> {
    const images: ListingWrite['images'] = [];
    for (const image of l.images) {
      if ('url' in image) images.push({ url: image.url });
      else images.push({ sha256: await keepListingImage(this.config.filesDir, ctx.allianceId, image.bytes), contentType: image.contentType, sizeBytes: image.bytes.length });
    }
    return {
      marketplaceId: l.marketplace.id, listingId: l.listingId, url: l.url, title: l.title, description: l.description, priceMinor: l.priceMinor, currency: l.currency,
      unitsSold: l.unitsSold, storeId: l.storeId, storeName: l.storeName, sellerContacts: l.sellerContacts, images, firstSeenAt: l.firstSeenAt,
      matchText: listingMatchText(l.title, l.description),
    };
  }
}

/** Whether two sets of listing keys share one. */
function sharesAny(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const k of small) if (large.has(k)) return true;
  return false;
}
