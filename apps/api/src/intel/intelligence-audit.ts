/**
 * What the audit log keeps of intelligence: ids, the state a coordinator needs to follow a report's
 * life (status, sharing level, version, network) and the names of the fields that changed — never
 * the content itself (titles, summaries, indicator values, notes), which the log's readers may not
 * be allowed to see (a RED report is for its organisation alone).
 */
export interface ReportState {
  id: string;
  organisationId?: string;
  status?: string;
  sharingLevel?: string;
  version?: number;
  networkId?: string | null;
}

/** Fields that are bookkeeping, not content: their changes are not listed. */
const BOOKKEEPING = new Set(['updatedAt', 'createdAt']);

const stateOf = (r: ReportState & Record<string, unknown>): ReportState => ({
  id: r.id,
  ...(r.organisationId ? { organisationId: r.organisationId } : {}),
  ...(r.status ? { status: r.status } : {}),
  ...(r.sharingLevel ? { sharingLevel: r.sharingLevel } : {}),
  ...(r.version !== undefined ? { version: r.version } : {}),
  ...(r.networkId !== undefined ? { networkId: r.networkId } : {}),
});

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The names of the fields that differ (all that are set, when there is no before). */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown>): string[] {
  const names = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  return [...names].filter((n) => !BOOKKEEPING.has(n) && (before ? !same(before[n], after[n]) : after[n] !== null && after[n] !== undefined)).sort();
}

/** before/after of an intelligence report's audit event: states and changed field names, no content. */
export function reportAudit(
  before: (ReportState & Record<string, unknown>) | null,
  after: ReportState & Record<string, unknown>,
  extra: Record<string, unknown> = {},
): { before: ReportState | null; after: ReportState & { changed: string[] } } {
  return { before: before && stateOf(before), after: { ...stateOf(after), changed: changedFields(before, after), ...extra } };
}
