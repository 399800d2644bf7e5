import { useQuery } from '@apollo/client/react';
import { useParams } from 'react-router-dom';
import { ApplicationReview } from '../applications/ApplicationReview';
import { BrandList } from '../brands/BrandList';
import { TrademarkReview } from '../brands/TrademarkReview';
import { countryName } from '../common/countries';
import { enumLabel, statusLabel } from '../common/format';
import { graphql } from '../gql';
import { useViewer } from '../viewer/useViewer';
import { MembershipActions } from './MembershipActions';
import { MembershipHistory } from './MembershipHistory';
import { ResendInvitation } from './ResendInvitation';
import { TierForm } from './TierForm';

const MemberPageQuery = graphql(`
  query MemberPage($id: ID!) {
    node(id: $id) {
      __typename id
      ... on Membership {
        ...MembershipState
        tier
        categories { id name }
        invitations { id email createdAt expiresAt }
        organisation {
          id name legalName country website description
          brands { ...BrandDetails }
        }
      }
    }
  }
`);

/** One member: its organisation, brands and trademarks, lifecycle, and a coordinator's actions. */
export function MemberPage() {
  const { membershipId = '' } = useParams();
  const { viewer } = useViewer();
  const { data, loading, error } = useQuery(MemberPageQuery, { variables: { id: membershipId }, fetchPolicy: 'cache-and-network' });
  if (loading && !data) return <main><p>Loading…</p></main>;
  const m = data?.node?.__typename === 'Membership' ? data.node : null;
  if (!m) return <main><p role="alert">{error ? error.message : 'Member not found.'}</p></main>;

  const coordinator = viewer?.role === 'COORDINATOR';
  const reviewing = coordinator && (m.status === 'APPLIED' || m.status === 'UNDER_REVIEW');
  const org = m.organisation;
  return (
    <main>
      <h1>{org.name}</h1>
      <p className="summary">
        Status: <span className={`badge status-${m.status.toLowerCase()}`}>{statusLabel(m.status)}</span> ·{' '}
        {enumLabel(m.tier)} member{m.joinedOn && <> since {m.joinedOn}</>}
        {m.statusReason && <> · <em>{m.statusReason}</em></>}
      </p>

      {coordinator && (
        <section aria-label="Coordinator actions" className="panel">
          <h2>{reviewing ? 'Application review' : 'Membership'}</h2>
          {m.status === 'INVITED' && <ResendInvitation membershipId={m.id} latest={m.invitations[0]} />}
          <ApplicationReview membershipId={m.id} status={m.status} />
          <MembershipActions membershipId={m.id} status={m.status} />
          <TierForm membershipId={m.id} tier={m.tier} />
        </section>
      )}

      <section aria-label="Organisation">
        <h2>Organisation</h2>
        <dl className="facts">
          <dt>Legal name</dt><dd>{org.legalName ?? '—'}</dd>
          <dt>Country</dt><dd>{countryName(org.country) || '—'}</dd>
          <dt>Website</dt><dd>{org.website ? <a href={org.website} rel="noreferrer noopener" target="_blank">{org.website}</a> : '—'}</dd>
          <dt>Industry categories</dt><dd>{m.categories.map((c) => c.name).join(', ') || '—'}</dd>
        </dl>
        {org.description && <p>{org.description}</p>}
      </section>

      <section aria-label="Brands and trademarks">
        <h2>Brands and trademarks</h2>
        <BrandList brands={org.brands} trademarkActions={coordinator ? (t) => <TrademarkReview trademark={t} /> : undefined} />
      </section>

      <MembershipHistory history={m.history} />
    </main>
  );
}
