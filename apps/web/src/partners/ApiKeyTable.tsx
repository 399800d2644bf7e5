import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { ConfirmButton } from '../common/ConfirmButton';
import { placeErrors } from '../ui/errors';
import { FormAlert } from '../ui/Field';
import { formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { PartnerApiKeyFragment } from '../gql/graphql';
import { DataTable, type Column } from '../ui/DataTable';
import { sortScopes } from './scopes';

graphql(`
  fragment PartnerApiKey on ApiKey {
    id name prefix scopes createdAt lastUsedAt revokedAt
  }
`);

const RevokeApiKey = graphql(`
  mutation RevokeApiKey($apiKeyId: ID!) {
    revokeApiKey(apiKeyId: $apiKeyId) { ...PartnerApiKey }
  }
`);

/** A partner's keys, newest first: recognised by their prefix; an active one can be revoked. */
export function ApiKeyTable({ partnerName, apiKeys }: { partnerName: string; apiKeys: readonly PartnerApiKeyFragment[] }) {
  const [revoke] = useMutation(RevokeApiKey);
  const [error, setError] = useState<unknown>();
  const columns: Column<PartnerApiKeyFragment>[] = [
    { id: 'name', header: 'Name', sortValue: (k) => k.name, cell: (k) => k.name },
    { id: 'prefix', header: 'Key', cell: (k) => <code>{k.prefix}_…</code> },
    { id: 'scopes', header: 'Scopes', cell: (k) => sortScopes(k.scopes).join(', ') || '—' },
    { id: 'createdAt', header: 'Created', sortValue: (k) => k.createdAt, cell: (k) => formatDateTime(k.createdAt) },
    { id: 'lastUsedAt', header: 'Last used', sortValue: (k) => k.lastUsedAt ?? undefined, cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Never') },
    { id: 'status', header: 'Status', cell: (k) => (k.revokedAt ? <>Revoked {formatDateTime(k.revokedAt)}</> : (
      <div className="actions">
        <span className="badge status-active">Active</span>
        <ConfirmButton action="Revoke"
          question={`Revoke the key “${k.name}”? Anything still using it is refused from now on.`}
          onConfirm={() => revoke({ variables: { apiKeyId: k.id } }).then(() => setError(undefined), setError)} />
      </div>
    )) },
  ];
  return (
    <>
      <FormAlert message={placeErrors(error, []).form} />
      <DataTable label={`API keys of ${partnerName}`} columns={columns} rows={apiKeys} rowKey={(k) => k.id} empty={<p>No API keys yet.</p>} />
    </>
  );
}
