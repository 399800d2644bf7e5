import { useQuery } from '@apollo/client/react';
import { formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { CaseCustodyLogQuery, CustodyEventKind } from '../gql/graphql';
import { DataTable, type Column } from '../ui/DataTable';

const CaseCustodyLog = graphql(`
  query CaseCustodyLog($id: ID!, $first: Int, $after: String) {
    enforcementCase(id: $id) {
      id
      custodyLog(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { seq kind occurredAt hash fileSha256 file { id fileName } } }
      }
    }
  }
`);

type CustodyRow = NonNullable<CaseCustodyLogQuery['enforcementCase']>['custodyLog']['edges'][number]['node'];

export const CUSTODY_KIND_LABELS: Record<CustodyEventKind, string> = {
  COLLECTED: 'Collected (uploaded)',
  ATTACHED: 'Attached to the case',
  VIEWED: 'Viewed (downloaded)',
  EXPORTED: 'Exported in an evidence pack',
  HANDED_OVER: 'Handed to the partner',
};

const short = (hash: string) => <code title={hash}>{hash.slice(0, 12)}…</code>;

const COLUMNS: Column<CustodyRow>[] = [
  { id: 'seq', header: '#', className: 'num', cell: (e) => e.seq },
  { id: 'kind', header: 'Event', cell: (e) => CUSTODY_KIND_LABELS[e.kind] },
  { id: 'at', header: 'When', className: 'nowrap', cell: (e) => formatDateTime(e.occurredAt) },
  { id: 'file', header: 'File', cell: (e) => e.file?.fileName ?? (e.fileSha256 ? 'a file you may not open' : '—') },
  { id: 'sha', header: 'File SHA-256', cell: (e) => (e.fileSha256 ? short(e.fileSha256) : '—') },
  { id: 'hash', header: 'Entry hash', cell: (e) => short(e.hash) },
];

/** The case's chain of custody, oldest first, a page at a time (each entry linked to the one before by its hash). */
export function CustodyLog({ caseId }: { caseId: string }) {
  const { data, loading, error, fetchMore } = useQuery(CaseCustodyLog, { variables: { id: caseId, first: 50 }, fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: true });
  const log = data?.enforcementCase?.custodyLog;
  return (
    <DataTable label="Chain of custody" columns={COLUMNS} rows={log?.edges.map((e) => e.node)} rowKey={(e) => String(e.seq)} loading={loading} error={error}
      empty={<p>No custody event yet.</p>}
      loadMore={log && { hasNextPage: log.pageInfo.hasNextPage, loading, onLoadMore: () => fetchMore({ variables: { after: log.pageInfo.endCursor } }) }} />
  );
}
