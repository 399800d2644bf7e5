import type { ImpactReport } from './impact.models.js';

/** The CSV's columns, in order: the same names as the GraphQL fields they come from. */
export const IMPACT_CSV_COLUMNS = [
  'period', 'members', 'brands', 'takedownsReceived', 'takedownsProcessed', 'takedownsProcessedWithinSla',
  'listingsRemoved', 'listingsRemovedProactively', 'listingsRemovedOnNotice', 'alerts', 'casesOpened', 'casesReferred', 'arrests',
  'sitesClosedManufacturing', 'sitesClosedWarehouse', 'sitesClosedDistribution', 'sitesClosedRetail', 'sitesClosedTotal',
  'unitsSeized', 'valueSeizedMinor', 'valueSeizedCurrency', 'valueSeized', 'valueUnconverted',
] as const;

/**
 * The report as CSV (RFC 4180, CRLF): a row per quarter and one for the year, exactly the figures
 * `impactReport` answers. Money as minor units and code (exact) plus the major amount for reading;
 * unconverted values as "EUR 1234.50; GBP 3.00" in one column. No cell starts with = + - @ (a
 * spreadsheet would run it as a formula): every cell is a number, a code or a period we write.
 */
export function impactReportCsv(report: ImpactReport): string {
  const rows = [...report.quarters, report.total].map((f) => [
    f.period, f.members, f.brands, f.takedownsReceived, f.takedownsProcessed, f.takedownsProcessedWithinSla,
    f.listingsRemoved, f.listingsRemovedProactively, f.listingsRemovedOnNotice, f.alerts, f.casesOpened, f.casesReferred, f.arrests,
    f.sitesClosed.manufacturing, f.sitesClosed.warehouse, f.sitesClosed.distribution, f.sitesClosed.retail, f.sitesClosed.total,
    f.unitsSeized, f.valueSeized?.amountMinor ?? '', f.valueSeized?.currency ?? '', f.valueSeized?.amount ?? '',
    f.valueUnconverted.map((m) => `${m.currency} ${m.amount}`).join('; '),
  ].map((cell) => quote(String(cell))).join(','));
  return [IMPACT_CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
