import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';
import { Button } from '../ui/Button';
import { Page } from '../ui/Page';
import { CreatePartnerForm } from './CreatePartnerForm';
import { PartnerCard } from './PartnerCard';

const PartnersQuery = graphql(`
  query Partners($after: String) {
    partners(first: 100, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...PartnerDetails } }
    }
  }
`);

/** The alliance's partners (law enforcement, agencies, associations, academia, marketplaces) and their API keys. */
export function PartnersPage() {
  const { data, loading, error, fetchMore } = useQuery(PartnersQuery, { fetchPolicy: 'cache-and-network' });
  const partners = data?.partners.edges.map((e) => e.node) ?? [];
  const page = data?.partners.pageInfo;
  const active = partners.filter((p) => p.status === 'ACTIVE');
  const ended = partners.filter((p) => p.status !== 'ACTIVE');
  return (
    <Page title="Partners">
      <p>Partners query the alliance’s data through the API with keys issued here, within the scopes of their partnership.</p>
      <CreatePartnerForm />
      {error && <p role="alert" className="form-error">{error.message}</p>}
      {!data && loading && <p>Loading…</p>}
      {data && (
        <>
          <section aria-label="Active partnerships">
            <h2>Active partnerships ({active.length})</h2>
            {active.length === 0 ? <p>No active partner.</p> : active.map((p) => <PartnerCard key={p.id} partner={p} />)}
          </section>
          {ended.length > 0 && (
            <section aria-label="Ended partnerships">
              <h2>Ended partnerships ({ended.length})</h2>
              {ended.map((p) => <PartnerCard key={p.id} partner={p} />)}
            </section>
          )}
          {page?.hasNextPage && (
            <p><Button variant="secondary" disabled={loading}
              onClick={() => fetchMore({ variables: { after: page.endCursor } })}>Load more ({partners.length} of {data.partners.totalCount} shown)</Button></p>
          )}
        </>
      )}
    </Page>
  );
}
