import { derivedKeys, normaliseIndicator, type DerivedKey, type IndicatorType } from '../../../../../libs/indicators/src/index.js';
import type { ReportKind, SharingLevel } from '../../../../../libs/domain/src/index.js';
import type { HeldKey } from '../correlation/correlation.service.js';
import type { ReportSettings } from '../intel-settings.js';

export interface ReportValues {
  kind: ReportKind;
  title: string;
  summary?: string;
  confidence: number;
  sharingLevel?: SharingLevel;
  country?: string;
  countries?: string[];
  marketplaces?: string[];
  brandUuids?: string[];
  categoryUuids?: string[];
  firstObservedOn?: string;
  lastObservedOn?: string;
  evidenceFileUuids?: string[];
  /**
   * `key`: set only by a reader that has already normalised the value with the report's country
   * and the alliance's marketplaces (the CSV import), so that a million rows are not read twice;
   * `derived` likewise, by a check that has derived its other keys (a CSV part's thread, which
   * spools them for the writing phase).
   */
  indicators: { type: IndicatorType; value: string; qualifier?: string; note?: string; key?: string; derived?: DerivedKey[] }[];
  sourceRef?: string;
}

export interface PreparedIndicator {
  type: string;
  rawValue: string;
  key: string;
  note: string | null;
  qualifier: string | null;
  /** The keys the value holds besides its own (a URL's domain, …): they link while the alliance's switch is on. */
  derived: DerivedKey[];
}

/**
 * The checks of a report's values that need no database (dates, marketplaces, indicators) and the
 * values normalised: the first problem (field and message), or what they read as. Pure, so an
 * import checks its reports wherever it reads them (a parsing thread); `IntelReportService`
 * adds the checks of what only the database knows (brands, categories, evidence files).
 */
export function readReportValues(values: ReportValues, alliance: ReportSettings) {
  const problem = (field: string, message: string) => ({ problem: { field, message } }) as const;
  const country = values.country?.toUpperCase() ?? alliance.homeCountry;
  if (values.firstObservedOn && values.lastObservedOn && values.lastObservedOn < values.firstObservedOn) {
    return problem('lastObservedOn', 'lastObservedOn must not be before firstObservedOn');
  }
  const marketplaces = [...new Set((values.marketplaces ?? []).map((m) => m.trim().toLowerCase()).filter(Boolean))];
  const unknownMarketplace = marketplaces.find((m) => !alliance.marketplaces.includes(m));
  if (unknownMarketplace) return problem('marketplaces', `The alliance does not list the marketplace "${unknownMarketplace}" (${alliance.marketplaces.join(', ')})`);

  const indicators: PreparedIndicator[] = [];
  const seen = new Map<string, number>();
  const reading = { defaultCountry: country, marketplaces: alliance.marketplaces, extraMarketplaces: alliance.extraMarketplaces };
  for (const [i, input] of values.indicators.entries()) {
    const result = input.key !== undefined ? { ok: true as const, key: input.key } : normaliseIndicator(input.type, input.value, { ...reading, qualifier: input.qualifier });
    if (!result.ok) return problem(`indicators.${i}.value`, `Indicator ${i + 1} (${input.type}): ${result.reason}`);
    const id = `${input.type}\u0000${result.key}`;
    const earlier = seen.get(id);
    if (earlier !== undefined) return problem(`indicators.${i}.value`, `Indicator ${i + 1} is the same ${input.type} as indicator ${earlier + 1} (${result.key})`);
    seen.set(id, i);
    const derived = input.derived ?? derivedKeys(input.type, input.value, { ...reading, qualifier: input.qualifier }, result.key);
    indicators.push({ type: input.type, rawValue: input.value.trim(), key: result.key, note: input.note?.trim() || null, qualifier: input.qualifier?.trim() || null, derived });
  }
  // what the report links through: each value's own key and those derived from it (correlation drops the derived ones while the alliance's switch is off)
  const keys: HeldKey[] = indicators.flatMap((i) => [{ type: i.type, key: i.key }, ...i.derived]);
  return {
    // the row's fields; the brands, categories and evidence files cited, not yet checked (only the database knows them)
    read: {
      fields: {
        kind: values.kind,
        title: values.title.trim(),
        summary: values.summary?.trim() ?? '',
        confidence: values.confidence,
        sharingLevel: values.sharingLevel ?? alliance.defaultSharingLevel,
        country,
        countries: [...new Set((values.countries ?? []).map((c) => c.toUpperCase()))],
        marketplaces,
        firstObservedOn: values.firstObservedOn ?? null,
        lastObservedOn: values.lastObservedOn ?? null,
      },
      correlationLimit: alliance.correlationLimit,
      indicators,
      keys,
      brandUuids: [...new Set(values.brandUuids ?? [])],
      categoryUuids: [...new Set(values.categoryUuids ?? [])],
      evidence: [...new Set(values.evidenceFileUuids ?? [])],
    },
  };
}

/** A report's values as checked and normalised without the database: its row's fields, its indicators and the keys it links through. */
export type ReadValues = Extract<ReturnType<typeof readReportValues>, { read: unknown }>['read'];
