/**
 * An enforcement case's outcomes and their bounds. The figures are counts of what one case
 * achieved; a negative one is an error and one beyond these bounds is a typing error (the AACA's
 * members together made 4,125 arrests in their best year), so both are refused, not stored.
 */
export enum SiteKind {
  MANUFACTURING = 'MANUFACTURING',
  WAREHOUSE = 'WAREHOUSE',
  DISTRIBUTION = 'DISTRIBUTION',
  RETAIL = 'RETAIL',
}

export const OUTCOME_LIMITS = {
  arrests: 10_000,
  sitesClosed: 10_000,
  /** units of goods seized in one case */
  unitsSeized: 1_000_000_000,
} as const;

export interface OutcomeFigures {
  arrests: number;
  sitesClosed: Record<SiteKind, number>;
  unitsSeized: number;
}

/** The first figure out of bounds, with its input path (`sitesClosed.WAREHOUSE`), or null. */
export function outcomeProblem(o: OutcomeFigures): { field: string; message: string } | null {
  const check = (field: string, value: number, max: number) => {
    if (!Number.isSafeInteger(value) || value < 0) return { field, message: `${field} is a whole number, 0 or more` };
    if (value > max) return { field, message: `${field} above ${max.toLocaleString('en')} for one case: check the figure` };
    return null;
  };
  return (
    check('arrests', o.arrests, OUTCOME_LIMITS.arrests) ??
    Object.values(SiteKind).map((k) => check(`sitesClosed.${k}`, o.sitesClosed[k] ?? 0, OUTCOME_LIMITS.sitesClosed)).find((p) => p) ??
    check('unitsSeized', o.unitsSeized, OUTCOME_LIMITS.unitsSeized)
  );
}
