import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A store on a marketplace, its id as the listings carry it (compared without case). */
export interface StoreRef {
  marketplaceId: string;
  storeId: string;
}

/** One strike: an upheld request that removed a listing of the store. */
export interface StrikeRow {
  marketplaceId: string;
  /** The store id in lower case. */
  store: string;
  requestId: string;
  at: Date;
}

/** The reads of the takedown tables that the repeat-infringer ladder needs. */
@Injectable()
export class RepeatInfringerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The strikes on these stores upheld after `since`, one row per store and request. */
  strikes(allianceId: string, stores: readonly StoreRef[], since: Date): Promise<StrikeRow[]> {
    if (!stores.length) return Promise.resolve([]);
    return this.dataSource.query(
      // store by store through takedown_listing_removed_store, then request by request through its
      // key (OFFSET 0 keeps the lookups apart): filing 300 listings against 3,000,000 on file reads
      // their stores' listings and requests, not a hash of every listing or request; the listings
      // through their lookup view (migration 1767300000000): under row-level security `lower(…) =`
      // (not leakproof) could not use takedown_listing_removed_store
      `SELECT DISTINCT r.marketplace_id AS "marketplaceId", lower(l.store_id) AS store, r.id AS "requestId", t.at
         FROM (SELECT DISTINCT m, lower(s) AS s FROM unnest($2::uuid[], $3::text[]) AS x(m, s)) x
        CROSS JOIN LATERAL (SELECT l.request_id, l.store_id FROM takedown_listing_lookup l
                             WHERE l.alliance_id = $1 AND lower(l.store_id) = x.s AND l.outcome = 'REMOVED' OFFSET 0) l
        CROSS JOIN LATERAL (SELECT r.alliance_id, r.id, r.marketplace_id FROM takedown_request r
                             WHERE r.alliance_id = $1 AND r.id = l.request_id AND r.status = 'UPHELD' AND r.marketplace_id = x.m OFFSET 0) r
         JOIN takedown_transition t ON t.alliance_id = r.alliance_id AND t.request_id = r.id AND t.to_status = 'UPHELD'
        WHERE t.at > $4`,
      [allianceId, stores.map((s) => s.marketplaceId), stores.map((s) => s.storeId), since],
    );
  }

  /**
   * Every strike of the alliance upheld after `since`, one row per store and request, when the
   * upheld requests since then are at most `limit.requests` and their removed listings with a store
   * at most `limit.listings`; otherwise null (the caller asks store by store), having read no more
   * than that. Through the upheld transitions' own index (migration 1767610000000), request by request.
   */
  async strikesSince(allianceId: string, since: Date, limit: { requests: number; listings: number }): Promise<StrikeRow[] | null> {
    const [row]: { upheld: number; removed: number; strikes: StrikeRow[] }[] = await this.dataSource.query(
      `WITH t AS MATERIALIZED (SELECT t.request_id, t.at FROM takedown_transition t WHERE t.alliance_id = $1 AND t.to_status = 'UPHELD' AND t.at > $2 LIMIT $3),
            s AS MATERIALIZED (SELECT r.marketplace_id, lower(l.store_id) AS store, r.id, t.at
                                 FROM t JOIN takedown_request r ON r.alliance_id = $1 AND r.id = t.request_id AND r.status = 'UPHELD'
                                 JOIN takedown_listing l ON l.alliance_id = $1 AND l.request_id = r.id AND l.outcome = 'REMOVED' AND l.store_id IS NOT NULL
                                LIMIT $4)
       SELECT (SELECT count(*)::int FROM t) AS upheld, (SELECT count(*)::int FROM s) AS removed,
              coalesce((SELECT json_agg(x) FROM (SELECT DISTINCT s.marketplace_id AS "marketplaceId", s.store, s.id AS "requestId", s.at FROM s) x), '[]') AS strikes`,
      [allianceId, since, limit.requests + 1, limit.listings + 1],
    );
    if (row.upheld > limit.requests || row.removed > limit.listings) return null;
    return row.strikes.map((s) => ({ ...s, at: new Date(s.at) }));
  }

  /** The stores an upheld request removed listings of, with the name a listing gave each (if any). */
  removedStores(allianceId: string, requestId: string): Promise<(StoreRef & { storeName: string | null })[]> {
    return this.dataSource.query(
      `SELECT r.marketplace_id AS "marketplaceId", min(l.store_id) AS "storeId", max(l.store_name) AS "storeName"
         FROM takedown_listing l JOIN takedown_request r ON r.alliance_id = l.alliance_id AND r.id = l.request_id
        WHERE l.alliance_id = $1 AND l.request_id = $2 AND l.outcome = 'REMOVED' AND l.store_id IS NOT NULL
        GROUP BY r.marketplace_id, lower(l.store_id)`,
      [allianceId, requestId],
    );
  }
}
