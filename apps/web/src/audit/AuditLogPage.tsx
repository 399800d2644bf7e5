import { useQuery } from '@apollo/client/react';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { graphql } from '../gql';
import type { AuditFilterInput } from '../gql/graphql';
import { DataTable } from '../ui/DataTable';
import { Page } from '../ui/Page';
import { AUDIT_EVENT_COLUMNS } from './AuditEventRow';
import { AuditFilters, type AuditFilterValues } from './AuditFilters';

const PAGE_SIZE = 50;
const DAY_MS = 24 * 3600_000;

const AuditLogQuery = graphql(`
  query AuditLog($first: Int, $after: String, $filter: AuditFilterInput) {
    auditEvents(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...AuditEventRow } }
    }
  }
`);

const PARAMS: Record<keyof AuditFilterValues, string> = { action: 'action', targetType: 'type', since: 'from', until: 'to' };

/** A UTC day (YYYY-MM-DD) as the instant it starts, or undefined when it is not a date. */
function dayStart(day: string, plusDays = 0): string | undefined {
  const time = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(time) ? undefined : new Date(time + plusDays * DAY_MS).toISOString();
}

/** The alliance's audit log, newest first; its filters live in the address, like the directory's. */
export function AuditLogPage() {
  const [params, setParams] = useSearchParams();
  const values: AuditFilterValues = {
    action: params.get(PARAMS.action) ?? '',
    targetType: params.get(PARAMS.targetType) ?? '',
    since: params.get(PARAMS.since) ?? '',
    until: params.get(PARAMS.until) ?? '',
  };
  const since = values.since ? dayStart(values.since) : undefined;
  // the API's `until` is exclusive: the end of the chosen day is the start of the next
  const until = values.until ? dayStart(values.until, 1) : undefined;
  const filter: AuditFilterInput = {
    ...(values.action ? { action: values.action } : {}),
    ...(values.targetType ? { targetType: values.targetType } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  };
  const { data, loading, error, fetchMore } = useQuery(AuditLogQuery, {
    variables: { first: PAGE_SIZE, filter },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });

  const onChange = useCallback(
    (next: Partial<AuditFilterValues>) =>
      setParams((prev) => {
        const out = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(next) as [keyof AuditFilterValues, string][]) {
          if (value) out.set(PARAMS[key], value);
          else out.delete(PARAMS[key]);
        }
        return out;
      }, { replace: true }),
    [setParams],
  );

  const events = data?.auditEvents;
  return (
    <Page title="Audit log" intro="Every change in the alliance, newest first: who changed what, when, and how it was before and after.">
      <AuditFilters values={values} onChange={onChange} />
      {events && (
        <p className="count" aria-live="polite">
          {events.totalCount === 1 ? '1 event' : `${events.totalCount} events`}
          {events.edges.length < events.totalCount && `, ${events.edges.length} shown`}
        </p>
      )}
      <DataTable label="Audit events" columns={AUDIT_EVENT_COLUMNS} rows={events?.edges.map((e) => e.node)} rowKey={(e) => e.id}
        loading={loading} error={error} empty={<p>No event matches.</p>}
        loadMore={events && {
          hasNextPage: events.pageInfo.hasNextPage,
          loading,
          onLoadMore: () => fetchMore({ variables: { after: events.pageInfo.endCursor } }),
        }} />
    </Page>
  );
}
