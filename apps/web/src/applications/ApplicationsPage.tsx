import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router-dom';
import { statusLabel } from '../common/format';
import { graphql } from '../gql';
import type { MembershipStatus } from '../gql/graphql';
import { MemberTable } from '../members/MemberTable';
import { Button } from '../ui/Button';
import { Page } from '../ui/Page';

const ApplicationsQuery = graphql(`
  query Applications($after: String) {
    members(first: 50, after: $after, filter: { statuses: [APPLIED, UNDER_REVIEW, INVITED] }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...MemberRow } }
    }
  }
`);

const describe = (status: MembershipStatus) => (status === 'INVITED' ? 'Awaiting applicant' : statusLabel(status));

/** Applications to review (applied, under review) and invitations not yet answered. */
export function ApplicationsPage() {
  const { data, loading, error, fetchMore } = useQuery(ApplicationsQuery, { fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: true });
  const all = data?.members.edges.map((e) => e.node) ?? [];
  const toReview = all.filter((m) => m.status !== 'INVITED');
  const awaiting = all.filter((m) => m.status === 'INVITED');
  return (
    <Page title="Applications">
      <p><Link to="/invite">Invite a new member</Link></p>
      {error && <p role="alert" className="form-error">{error.message}</p>}
      {!data && loading && <p>Loading…</p>}
      {data && (
        <>
          <section>
            <h2>To review ({toReview.length})</h2>
            <MemberTable label="Applications to review" members={toReview} describeStatus={describe} empty="No application waits for review." />
          </section>
          <section>
            <h2>Invited, awaiting the applicant ({awaiting.length})</h2>
            <MemberTable label="Invitations awaiting the applicant" members={awaiting} describeStatus={describe} empty="No open invitation." />
          </section>
          {data.members.pageInfo.hasNextPage && (
            <Button variant="secondary" busy={loading} onClick={() => fetchMore({ variables: { after: data.members.pageInfo.endCursor } })}>
              Load more
            </Button>
          )}
        </>
      )}
    </Page>
  );
}
