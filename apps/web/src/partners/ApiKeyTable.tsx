import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { ConfirmButton } from '../common/ConfirmButton';
import { placeErrors } from '../ui/errors';
import { FormAlert } from '../ui/Field';
import { formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { PartnerApiKeyFragment } from '../gql/graphql';
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
  if (apiKeys.length === 0) return <p>No API keys yet.</p>;
  return (
    <>
      <FormAlert message={placeErrors(error, []).form} />
      <table aria-label={`API keys of ${partnerName}`}>
        <thead>
          <tr><th>Name</th><th>Key</th><th>Scopes</th><th>Created</th><th>Last used</th><th>Status</th></tr>
        </thead>
        <tbody>
          {apiKeys.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td><code>{k.prefix}_…</code></td>
              <td>{sortScopes(k.scopes).join(', ') || '—'}</td>
              <td>{formatDateTime(k.createdAt)}</td>
              <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Never'}</td>
              <td>
                {k.revokedAt ? <>Revoked {formatDateTime(k.revokedAt)}</> : (
                  <div className="actions">
                    <span className="badge status-active">Active</span>
                    <ConfirmButton action="Revoke"
                      question={`Revoke the key “${k.name}”? Anything still using it is refused from now on.`}
                      onConfirm={() => revoke({ variables: { apiKeyId: k.id } }).then(() => setError(undefined), setError)} />
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
