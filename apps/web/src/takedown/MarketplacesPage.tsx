import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ConfirmButton } from '../common/ConfirmButton';
import { graphql } from '../gql';
import type { MarketplaceAdminFragment } from '../gql/graphql';
import { Button } from '../ui/Button';
import { DataTable, type Column } from '../ui/DataTable';
import { apiErrors } from '../ui/errors';
import { Page } from '../ui/Page';
import { MarketplaceForm } from './MarketplaceForm';

const MarketplacesQuery = graphql(`
  query TakedownMarketplaces {
    marketplaces(includeRetired: true) { ...MarketplaceAdmin }
    partners(first: 100) { edges { node { id kind status organisation { id name kind } } } }
  }
`);

const RetireMarketplace = graphql(`
  mutation RetireMarketplace($id: ID!) {
    retireMarketplace(id: $id) { ...MarketplaceAdmin }
  }
`);

const ReactivateMarketplace = graphql(`
  mutation ReactivateMarketplace($id: ID!) {
    reactivateMarketplace(id: $id) { ...MarketplaceAdmin }
  }
`);

function StatusActions({ marketplace, onEdit }: { marketplace: MarketplaceAdminFragment; onEdit: () => void }) {
  const [retire, retired] = useMutation(RetireMarketplace);
  const [reactivate, reactivated] = useMutation(ReactivateMarketplace);
  const error = retired.error ?? reactivated.error;
  const variables = { id: marketplace.id };
  return (
    <div className="actions">
      <Button variant="secondary" small onClick={onEdit} aria-label={`Edit ${marketplace.name}`}>Edit</Button>
      {marketplace.status === 'ACTIVE' ? (
        <ConfirmButton small action="Retire" question={`Retire ${marketplace.name}? No new requests can be filed there; its requests keep their history.`}
          onConfirm={() => retire({ variables }).catch(() => undefined)} />
      ) : (
        <Button small busy={reactivated.loading} onClick={() => reactivate({ variables }).catch(() => undefined)}>Reactivate</Button>
      )}
      {error && <span role="alert" className="field-error">{apiErrors(error)[0]?.message}</span>}
    </div>
  );
}

/**
 * /takedown/marketplaces: the coordinators' list of the marketplaces the alliance files takedowns
 * with — how their URLs are read, where notices go, whose reviewers decide — with forms to add,
 * change, retire and reactivate them.
 */
export function MarketplacesPage() {
  const { data, loading, error } = useQuery(MarketplacesQuery, { fetchPolicy: 'cache-and-network' });
  const [editing, setEditing] = useState<string>();
  const [adding, setAdding] = useState(false);
  const reviewers = (data?.partners.edges ?? []).map((e) => e.node)
    .filter((p) => p.status === 'ACTIVE' && p.organisation.kind === 'MARKETPLACE')
    .map((p) => p.organisation);
  const marketplaces = data?.marketplaces;
  const edited = marketplaces?.find((m) => m.id === editing);

  const columns: Column<MarketplaceAdminFragment>[] = [
    { id: 'name', header: 'Name', cell: (m) => m.name, sortValue: (m) => m.name },
    {
      id: 'reads', header: 'Addresses read by',
      cell: (m) => (m.rule ? <>built-in rule <code>{m.rule}</code></> : (
        <>
          {m.domains.join(', ')}
          <br /><span className="hint">listing <code>{m.listingTemplate ?? '—'}</code>{m.storeTemplate && <>, store <code>{m.storeTemplate}</code></>}</span>
        </>
      )),
    },
    { id: 'jurisdiction', header: 'Jurisdiction', cell: (m) => m.jurisdiction, sortValue: (m) => m.jurisdiction },
    { id: 'windows', header: <span title="Business days: the seller’s counter-notice window, then the rights holder’s answer window">Windows</span>, cell: (m) => `${m.counterNoticeDays} + ${m.answerDays} days` },
    { id: 'abuse', header: 'Abuse address', cell: (m) => m.abuseEmail ?? '—' },
    { id: 'reviewers', header: 'Reviewers', cell: (m) => m.reviewerOrganisation?.name ?? <span className="hint">the coordinators</span>, sortValue: (m) => m.reviewerOrganisation?.name },
    { id: 'webhook', header: 'Webhook', cell: (m) => (m.webhookConfigured ? <span title={m.webhookUrl ?? undefined}>Yes</span> : 'No') },
    { id: 'status', header: 'Status', cell: (m) => <span className={`badge status-${m.status.toLowerCase()}`}>{m.status === 'ACTIVE' ? 'Active' : 'Retired'}</span>, sortValue: (m) => m.status },
    { id: 'actions', header: <span className="sr-only">Actions</span>, cell: (m) => <StatusActions marketplace={m} onEdit={() => { setAdding(false); setEditing(m.id); }} /> },
  ];

  return (
    <Page title="Marketplaces" width="wide" intro="The marketplaces members file takedown requests with. Members’ listing URLs are read by these rules as they type."
      actions={!adding && <Button onClick={() => { setEditing(undefined); setAdding(true); }}>Add marketplace</Button>}>
      {adding && <MarketplaceForm reviewers={reviewers} onDone={() => setAdding(false)} />}
      {edited && <MarketplaceForm key={edited.id} marketplace={edited} reviewers={reviewers} onDone={() => setEditing(undefined)} />}
      <DataTable label="Marketplaces" className="marketplaces" columns={columns} rows={marketplaces} rowKey={(m) => m.id} loading={loading} error={error}
        empty={<p>No marketplace yet.</p>} rowProps={(m) => ({ className: m.status === 'RETIRED' ? 'retired' : '' })} />
    </Page>
  );
}
