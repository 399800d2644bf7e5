import { useQuery } from '@apollo/client/react';
import { Link, useSearchParams } from 'react-router-dom';
import { graphql } from '../gql';
import { Field } from '../ui/Field';
import { Page } from '../ui/Page';
import { TakedownTable } from './TakedownTable';

const PAGE_SIZE = 50;

const TakedownQueueQuery = graphql(`
  query TakedownQueue($first: Int, $after: String, $marketplaceId: ID) {
    takedownQueue(first: $first, after: $after, marketplaceId: $marketplaceId) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...TakedownRow } }
    }
  }
`);

const QueueMarketplacesQuery = graphql(`
  query QueueMarketplaces {
    viewer { role organisation { id } }
    marketplaces { id name reviewerOrganisation { id } }
  }
`);

/**
 * /takedown/queue: the undecided requests a reviewer (or, for marketplaces without reviewers of
 * their own, a coordinator) may decide, soonest due first, each with its SLA countdown.
 */
export function TakedownQueuePage() {
  const [params, setParams] = useSearchParams();
  const marketplaceId = params.get('marketplace') || undefined;
  const marketplaces = useQuery(QueueMarketplacesQuery);
  const { data, loading, error, fetchMore } = useQuery(TakedownQueueQuery, {
    variables: { first: PAGE_SIZE, marketplaceId },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
    pollInterval: 60_000,
  });
  const queue = data?.takedownQueue;
  // a reviewer decides its own marketplaces' requests only: those are the ones to filter by
  const own = marketplaces.data?.viewer.role === 'PLATFORM_REVIEWER' ? marketplaces.data.viewer.organisation?.id : undefined;
  const choices = marketplaces.data?.marketplaces.filter((m) => !own || m.reviewerOrganisation?.id === own);
  return (
    <Page title="Review queue" width="wide" actions={<Link className="button secondary" to="/takedown/figures">SLA figures</Link>} intro="Requests awaiting a decision, soonest due first. The clock stops while a request waits on the rights holder.">
      <form role="search" aria-label="Filter the queue" className="feed-filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Marketplace">
          <select value={marketplaceId ?? ''} onChange={(e) => setParams(e.target.value ? { marketplace: e.target.value } : {}, { replace: true })}>
            <option value="">All</option>
            {choices?.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>
        </Field>
      </form>
      {queue && <p className="count" aria-live="polite">{queue.totalCount === 1 ? '1 request to decide' : `${queue.totalCount} requests to decide`}</p>}
      <TakedownTable queue label="Review queue" rows={queue?.edges.map((e) => e.node)} loading={loading} error={error}
        empty={marketplaceId ? 'Nothing to decide on this marketplace.' : 'Nothing to decide.'}
        loadMore={queue && { hasNextPage: queue.pageInfo.hasNextPage, loading, onLoadMore: () => fetchMore({ variables: { after: queue.pageInfo.endCursor } }) }} />
    </Page>
  );
}
