import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FeedListing } from './feed-listing.js';

/** An image as a listing keeps it: its address, or the SHA-256 of the bytes sent (listing-images.ts). */
export type StoredImage = { url: string } | { sha256: string; contentType: string; sizeBytes: number };

/** A listing as the feed writes it: a row read (feed-listing.ts) with its marketplace's id and its images stored. */
export type ListingWrite = Omit<FeedListing<unknown>, 'marketplace' | 'images'> & {
  marketplaceId: string;
  images: StoredImage[];
  /** Title and description as brand rules are matched against them (`listingMatchText`). */
  matchText: string;
};

// what a listing says: when any of it differs from what was kept, the listing changed
const CONTENT = ['url', 'title', 'description', 'price_minor', 'currency', 'units_sold', 'store_id', 'store_name', 'seller_contacts', 'images'];

/** Every SQL statement on `listing`. */
@Injectable()
export class ListingRepository {
  /**
   * Writes a chunk of listings in one statement: new ones are inserted, ones the alliance has
   * (same marketplace and listing id) are updated, keeping the earliest first sighting; `(xmax = 0)`
   * tells the two apart. The chunk holds each key once (the caller splits a chunk at a repeat).
   * The rows travel as one JSON document, so a chunk of any size is one parameter (read as `json`,
   * parsed once as it is consumed: as `jsonb` it was parsed, built and taken apart again, a third
   * more of the time for 1,000 rows; the contacts' JSON array read as `text[]` directly, not by a
   * subquery per row). `fresh`: the ids
   * of the rows new or whose content changed (`changed_at` is the transaction's time), for matching.
   */
  async upsert(em: EntityManager, allianceId: string, source: { organisationId: string | null; actorId: string }, rows: readonly ListingWrite[]): Promise<{ inserted: number; updated: number; fresh: string[] }> {
    if (!rows.length) return { inserted: 0, updated: 0, fresh: [] };
    const changed = CONTENT.map((c) => `l.${c} IS DISTINCT FROM EXCLUDED.${c}`).join(' OR ');
    const result: { id: string; inserted: boolean; fresh: boolean }[] = await em.query(
      `INSERT INTO listing AS l (alliance_id, marketplace_id, listing_id, url, title, description, price_minor, currency, units_sold, store_id, store_name,
                                 seller_contacts, images, first_seen_at, source_organisation_id, pushed_by, match_text)
       SELECT $1::uuid, r."marketplaceId", r."listingId", r.url, r.title, r.description, r."priceMinor", r.currency, r."unitsSold", r."storeId", r."storeName",
              coalesce(r."sellerContacts", '{}'), r.images, r."firstSeenAt", $3::uuid, $4::uuid, r."matchText"
         FROM json_to_recordset($2::json) AS r("marketplaceId" uuid, "listingId" text, url text, title text, description text, "priceMinor" bigint, currency text,
                                                 "unitsSold" integer, "storeId" text, "storeName" text, "sellerContacts" text[], images jsonb, "firstSeenAt" timestamptz, "matchText" text)
       ON CONFLICT (alliance_id, marketplace_id, listing_id) DO UPDATE SET
         url = EXCLUDED.url, title = EXCLUDED.title, description = EXCLUDED.description, price_minor = EXCLUDED.price_minor, currency = EXCLUDED.currency,
         units_sold = EXCLUDED.units_sold, store_id = EXCLUDED.store_id, store_name = EXCLUDED.store_name, seller_contacts = EXCLUDED.seller_contacts,
         images = EXCLUDED.images, match_text = EXCLUDED.match_text, first_seen_at = LEAST(l.first_seen_at, EXCLUDED.first_seen_at), last_seen_at = now(),
         changed_at = CASE WHEN ${changed} THEN now() ELSE l.changed_at END,
         source_organisation_id = EXCLUDED.source_organisation_id, pushed_by = EXCLUDED.pushed_by
       RETURNING l.id, (xmax = 0) AS inserted, (l.changed_at = now()) AS fresh`,
      [allianceId, JSON.stringify(rows), source.organisationId, source.actorId],
    );
    const inserted = result.filter((r) => r.inserted).length;
    return { inserted, updated: result.length - inserted, fresh: result.filter((r) => r.fresh).map((r) => r.id) };
  }
}
