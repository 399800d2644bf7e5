import { TakedownStatus } from '../../../../libs/takedown/src/index.js';

/** Statuses of a request whose listings came down (a counter-notice may still bring them back; REINSTATED did). */
export const REMOVED_STATUSES: ReadonlySet<string> = new Set([TakedownStatus.ACCEPTED, TakedownStatus.COUNTER_NOTICED, TakedownStatus.UPHELD]);

export interface BrandAlertCounts {
  brandId: string;
  alerts: number;
  newAlerts: number;
  watching: number;
  dismissed: number;
  filed: number;
}

/** A takedown filed from an alert: when its listing was first seen, its units sold as last sent, and what became of the request. */
export interface FiledAlert {
  firstSeenAt: Date;
  unitsSold: number | null;
  status: string | null;
  decidedAt: Date | null;
}

export interface AlertFigures {
  brands: (BrandAlertCounts & { actedOnShare: number | null })[];
  alerts: number;
  actedOnShare: number | null;
  removedFromAlerts: number;
  /** Listings the same requesters' takedowns removed in the period, from alerts or on notice. */
  listingsRemoved: number;
  proactiveShare: number | null;
  medianHoursToRemoval: number | null;
  removedWithUnitsKnown: number;
  removedBeforeSale: number;
  removedBeforeSaleShare: number | null;
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/**
 * Outcome 3's figures from the counts (pure: alert.service reads them, a test checks the sums):
 * acted on = dismissed + filed; removed = filed and the request's listings came down; time to
 * removal from the listing's first sighting to the decision (median, nearest rank); proactive =
 * removed from alerts over every listing the requesters' takedowns removed; before a sale = units
 * sold 0 as the feed last said, of the removed listings whose units are known.
 */
export function alertFigures(brands: readonly BrandAlertCounts[], filed: readonly FiledAlert[], listingsRemoved: number): AlertFigures {
  const alerts = brands.reduce((n, b) => n + b.alerts, 0);
  const acted = brands.reduce((n, b) => n + b.dismissed + b.filed, 0);
  const removed = filed.filter((f) => f.status !== null && REMOVED_STATUSES.has(f.status) && f.decidedAt);
  const hours = removed.map((f) => Math.max(0, (f.decidedAt!.getTime() - f.firstSeenAt.getTime()) / 3_600_000)).sort((a, b) => a - b);
  const known = removed.filter((f) => f.unitsSold !== null);
  const beforeSale = known.filter((f) => f.unitsSold === 0).length;
  const total = Math.max(listingsRemoved, removed.length);
  return {
    brands: brands.map((b) => ({ ...b, actedOnShare: share(b.dismissed + b.filed, b.alerts) })),
    alerts,
    actedOnShare: share(acted, alerts),
    removedFromAlerts: removed.length,
    listingsRemoved: total,
    proactiveShare: share(removed.length, total),
    medianHoursToRemoval: hours.length ? hours[Math.ceil(hours.length / 2) - 1] : null,
    removedWithUnitsKnown: known.length,
    removedBeforeSale: beforeSale,
    removedBeforeSaleShare: share(beforeSale, known.length),
  };
}
