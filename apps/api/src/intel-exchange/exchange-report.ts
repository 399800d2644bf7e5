import { IndicatorType, normaliseIndicator, type NormaliseOptions } from '../../../../libs/indicators/src/index.js';
import type { ReportStatus } from '../../../../libs/domain/src/index.js';
import type { IntelReportEntity } from '../intel/reports/intel-report.entity.js';

/**
 * What the exchange formats need of one report: its fields, who reported it and its indicators.
 * The caller has already applied visibility; everything given here is written out.
 */
export interface ExportReport {
  report: Pick<
    IntelReportEntity,
    | 'id' | 'title' | 'summary' | 'kind' | 'confidence' | 'sharingLevel' | 'publishedAt' | 'createdAt' | 'updatedAt'
    | 'firstObservedOn' | 'lastObservedOn' | 'countries' | 'version'
  > & {
    country?: string | null;
    marketplaces?: string[];
    /** A retracted report is exported as revoked. */
    status?: ReportStatus;
  };
  /** The reporting organisation's name, or null where it must not be shown. */
  reporterName: string | null;
  indicators: ExportIndicator[];
}

export interface ExportIndicator {
  type: IndicatorType | string;
  rawValue: string;
  key: string;
  note?: string | null;
}

/**
 * The limits of ReportFields (intel/reports/dto/intel-report.inputs.ts), checked here too so that an import
 * names the row or object at fault instead of failing a whole report in the service.
 */
export const REPORT_LIMITS = {
  titleMin: 3,
  titleMax: 300,
  summaryMax: 20_000,
  valueMax: 2048,
  qualifierMax: 40,
  noteMax: 2000,
  indicatorsMax: 10_000,
  countriesMax: 50,
  marketplacesMax: 20,
  sourceRefMax: 200,
} as const;

const INDICATOR_TYPES = new Set<string>(Object.values(IndicatorType));
export const isIndicatorType = (value: unknown): value is IndicatorType => typeof value === 'string' && INDICATOR_TYPES.has(value);

/**
 * A value that normalises back to `key` on its own, with no report country and no qualifier: what
 * a file carries so that any reader gets the same key. Keys are already such values except for
 * marketplace ids, whose key (`taobao:store:123`) is read back from `taobao:123`.
 */
export function exchangeValue(type: IndicatorType, key: string): string {
  if (type === IndicatorType.MARKETPLACE_STORE || type === IndicatorType.MARKETPLACE_LISTING) {
    const m = /^([a-z0-9]+):(?:store|listing):(.+)$/.exec(key);
    if (m) return `${m[1]}:${m[2]}`;
  }
  return key;
}

/** The key of a value, or null when it does not normalise. */
export function keyOf(type: IndicatorType, value: string, options: NormaliseOptions = {}): string | null {
  const r = normaliseIndicator(type, value, options);
  return r.ok ? r.key : null;
}

// Only these types read a value differently with a report country or a qualifier.
const CONTEXT_DEPENDENT = new Set<string>([IndicatorType.PHONE, IndicatorType.MARKETPLACE_STORE, IndicatorType.MARKETPLACE_LISTING, IndicatorType.MESSAGING_HANDLE]);

/**
 * The value and qualifier to write for an indicator so that reading them back (with the report's
 * country) gives its key: the value as entered where it does, else with the qualifier its key
 * implies (a bare store id and its marketplace), else the key-derived exchange value.
 */
export function portableValue(indicator: ExportIndicator, country: string | null | undefined): { value: string; qualifier: string } {
  const type = indicator.type as IndicatorType;
  if (!CONTEXT_DEPENDENT.has(type)) return { value: indicator.rawValue, qualifier: '' };
  const options: NormaliseOptions = { defaultCountry: country ?? undefined };
  if (keyOf(type, indicator.rawValue, options) === indicator.key) return { value: indicator.rawValue, qualifier: '' };
  const qualifier = impliedQualifier(type, indicator.key);
  if (qualifier && keyOf(type, indicator.rawValue, { ...options, qualifier }) === indicator.key) return { value: indicator.rawValue, qualifier };
  return { value: exchangeValue(type, indicator.key), qualifier: '' };
}

function impliedQualifier(type: IndicatorType, key: string): string | null {
  if (type === IndicatorType.MARKETPLACE_STORE || type === IndicatorType.MARKETPLACE_LISTING) return /^([a-z0-9]+):/.exec(key)?.[1] ?? null;
  if (type === IndicatorType.MESSAGING_HANDLE) return /^([A-Z]+):/.exec(key)?.[1]?.toLowerCase() ?? null;
  return null;
}

const checkedDates = new Map<string, boolean>(); // imports repeat a few dates on many rows

/** YYYY-MM-DD that is a real calendar date. */
export function isIsoDate(value: string): boolean {
  const known = checkedDates.get(value);
  if (known !== undefined) return known;
  let valid = false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00.000Z`);
    valid = !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
  }
  if (checkedDates.size >= 10_000) checkedDates.clear();
  checkedDates.set(value, valid);
  return valid;
}
