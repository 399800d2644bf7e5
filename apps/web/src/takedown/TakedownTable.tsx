import { Link } from 'react-router-dom';
import { formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { TakedownRowFragment } from '../gql/graphql';
import { DataTable, type Column, type LoadMore } from '../ui/DataTable';
import { STATUS_LABELS } from './labels';
import { SlaState, useNow } from './SlaState';

graphql(`
  fragment TakedownRow on TakedownRequest {
    id status listingCount submittedAt dueAt paused slaBreached decidedAt
    marketplace { id name }
    brand { id name }
    organisation { id name }
  }
`);

export function StatusBadge({ status }: { status: TakedownRowFragment['status'] }) {
  return <span className={`badge takedown-${status.toLowerCase().replace(/_/g, '-')}`}>{STATUS_LABELS[status]}</span>;
}

const link = (r: TakedownRowFragment, text: string) => <Link to={`/takedown/${encodeURIComponent(r.id)}`}>{text}</Link>;

/**
 * Takedown requests as a table: the requests list (newest first) and the reviewers' queue (by due
 * time) show the same row, the queue leading with its countdown. Each row opens the request.
 */
export function TakedownTable({ label, rows, loading, error, loadMore, empty, queue = false, holder = queue }: {
  label: string;
  rows: readonly TakedownRowFragment[] | undefined;
  loading?: boolean;
  error?: { message: string } | null;
  loadMore?: LoadMore;
  empty: string;
  /** the reviewers' queue: the SLA first */
  queue?: boolean;
  /** a column for the rights holder (not for members: every row is theirs) */
  holder?: boolean;
}) {
  const now = useNow();
  const sla: Column<TakedownRowFragment> = { id: 'sla', header: 'SLA', cell: (r) => <SlaState request={r} now={now} />, sortValue: (r) => r.dueAt };
  const columns: Column<TakedownRowFragment>[] = [
    ...(queue ? [sla] : []),
    { id: 'status', header: 'Status', cell: (r) => <StatusBadge status={r.status} />, sortValue: (r) => STATUS_LABELS[r.status] },
    { id: 'marketplace', header: 'Marketplace', cell: (r) => r.marketplace.name, sortValue: (r) => r.marketplace.name },
    { id: 'brand', header: 'Brand', cell: (r) => link(r, r.brand?.name ?? 'Request'), sortValue: (r) => r.brand?.name },
    ...(holder ? [{ id: 'holder', header: 'Rights holder', cell: (r: TakedownRowFragment) => r.organisation?.name ?? '—' }] : []),
    { id: 'listings', header: 'Listings', className: 'num', cell: (r) => r.listingCount, sortValue: (r) => r.listingCount },
    // the queue is about what is due; when a request came in is on its page
    ...(queue ? [] : [{ id: 'submitted', header: 'Submitted', className: 'nowrap', cell: (r: TakedownRowFragment) => formatDateTime(r.submittedAt), sortValue: (r: TakedownRowFragment) => r.submittedAt }]),
    { id: 'due', header: 'Due', className: 'nowrap', cell: (r) => formatDateTime(r.dueAt), sortValue: (r) => r.dueAt },
    ...(queue ? [] : [sla]),
    { id: 'open', header: <span className="sr-only">Open</span>, cell: (r) => link(r, 'Open') },
  ];
  return (
    <DataTable label={label} className="takedowns" columns={columns} rows={rows} rowKey={(r) => r.id} loading={loading} error={error}
      loadMore={loadMore} empty={<p>{empty}</p>}
      rowProps={(r) => ({ className: !r.decidedAt && !r.paused && new Date(r.dueAt).getTime() < now ? 'overdue' : '' })} />
  );
}
