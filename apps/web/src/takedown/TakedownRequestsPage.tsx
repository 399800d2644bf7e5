import { useQuery } from '@apollo/client/react';
import { Link, useSearchParams } from 'react-router-dom';
import { graphql } from '../gql';
import type { TakedownStatus } from '../gql/graphql';
import { Field } from '../ui/Field';
import { Page } from '../ui/Page';
import { useViewer } from '../viewer/useViewer';
import { STATUS_LABELS, TAKEDOWN_STATUSES } from './labels';
import { TakedownTable } from './TakedownTable';

const PAGE_SIZE = 50;

const TakedownRequestsQuery = graphql(`
  query TakedownRequests($first: Int, $after: String, $status: TakedownStatus) {
    takedownRequests(first: $first, after: $after, status: $status) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...TakedownRow } }
    }
  }
`);

const INTRO: Record<string, string> = {
  COORDINATOR: 'Every request filed in the alliance, newest first.',
  PLATFORM_REVIEWER: 'The requests filed against your marketplace, newest first.',
};

/** /takedown: the requests the caller may see (members: their organisation's), with status and due time. */
export function TakedownRequestsPage() {
  const { viewer } = useViewer();
  const member = viewer?.role === 'MEMBER_ADMIN' || viewer?.role === 'MEMBER_ANALYST';
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') || undefined) as TakedownStatus | undefined;
  const { data, loading, error, fetchMore } = useQuery(TakedownRequestsQuery, {
    variables: { first: PAGE_SIZE, status },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  const requests = data?.takedownRequests;
  return (
    <Page title="Takedown requests" width="wide" intro={INTRO[viewer?.role ?? ''] ?? 'Your organisation’s requests, newest first.'}
      actions={(
        <>
          <Link className="button secondary" to="/takedown/figures">SLA figures</Link>
          {viewer?.role === 'COORDINATOR' && <Link className="button secondary" to="/takedown/complainants">Complainants</Link>}
          {member && <Link className="button secondary" to="/takedown/complainants">Our standing</Link>}
          {member && <Link className="button secondary" to="/takedown/bulk">File from a CSV</Link>}
          {member && <Link className="button secondary" to="/takedown/form">File with a PDF form</Link>}
          {member && <Link className="button" to="/takedown/new">New request</Link>}
        </>
      )}>
      <form role="search" aria-label="Filter the requests" className="feed-filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Status">
          <select value={status ?? ''} onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {}, { replace: true })}>
            <option value="">Any</option>
            {TAKEDOWN_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
          </select>
        </Field>
      </form>
      {requests && <p className="count" aria-live="polite">{requests.totalCount === 1 ? '1 request' : `${requests.totalCount} requests`}</p>}
      <TakedownTable label="Takedown requests" holder={!member} rows={requests?.edges.map((e) => e.node)} loading={loading} error={error}
        empty={status ? 'No request in this status.' : 'No request yet.'}
        loadMore={requests && { hasNextPage: requests.pageInfo.hasNextPage, loading, onLoadMore: () => fetchMore({ variables: { after: requests.pageInfo.endCursor } }) }} />
    </Page>
  );
}
