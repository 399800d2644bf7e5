import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { ConfirmButton } from '../common/ConfirmButton';
import { countryName } from '../common/countries';
import { placeErrors } from '../ui/errors';
import { FormAlert } from '../ui/Field';
import { enumLabel, formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { PartnerDetailsFragment } from '../gql/graphql';
import { ApiKeyTable } from './ApiKeyTable';
import { NewApiKeyForm } from './NewApiKeyForm';
import { PartnershipScopesForm } from './PartnershipScopesForm';
import { sortScopes } from './scopes';
import { SecretBox } from './SecretBox';

graphql(`
  fragment PartnerDetails on Partnership {
    id kind scopes status createdAt endedAt
    organisation { id name country }
    apiKeys { ...PartnerApiKey }
  }
`);

const EndPartnership = graphql(`
  mutation EndPartnership($partnershipId: ID!) {
    endPartnership(partnershipId: $partnershipId) { id status endedAt }
  }
`);

/** One partner: what it is, its scopes, its keys; while active, a coordinator edits all three or ends it. */
export function PartnerCard({ partner }: { partner: PartnerDetailsFragment }) {
  const [end] = useMutation(EndPartnership, { refetchQueries: ['Partners'], awaitRefetchQueries: true });
  const [endError, setEndError] = useState<unknown>();
  const [editingScopes, setEditingScopes] = useState(false);
  const [addingKey, setAddingKey] = useState(false);
  // a new key's secret, held here (not in Apollo's cache) until the coordinator says it is stored
  const [issued, setIssued] = useState<{ keyName: string; secret: string }>();
  const name = partner.organisation.name;
  const active = partner.status === 'ACTIVE';
  const liveKeys = partner.apiKeys.filter((k) => !k.revokedAt).length;
  const keys = liveKeys === 0 ? 'It has no active API key' : liveKeys === 1 ? 'Its active API key is revoked at once' : `Its ${liveKeys} active API keys are revoked at once`;
  const scopes = sortScopes(partner.scopes).join(', ') || 'none';

  return (
    <section className="panel partner" aria-label={`Partner ${name}`}>
      <div className="brand-head">
        <h3>{name}</h3>
        {active && (
          <ConfirmButton action="End partnership"
            question={`End the partnership with ${name}? ${keys}, and its people lose access. This cannot be undone.`}
            onConfirm={() => end({ variables: { partnershipId: partner.id } }).then(() => setEndError(undefined), setEndError)} />
        )}
      </div>
      <p className="summary">
        <span className={`badge status-${active ? 'active' : 'left'}`}>{active ? 'Active' : 'Ended'}</span>
        <span>
          {enumLabel(partner.kind)}
          {partner.organisation.country && <> · {countryName(partner.organisation.country)}</>}
          {' '}· since {formatDateTime(partner.createdAt)}
          {partner.endedAt && <> · ended {formatDateTime(partner.endedAt)}</>}
        </span>
      </p>
      <FormAlert message={placeErrors(endError, []).form} />
      <p className="scopes-line">{active ? 'Scopes' : 'Scopes it had'}: <code>{scopes}</code></p>
      {active && (
        <details className="editor" open={editingScopes} onToggle={(e) => setEditingScopes(e.currentTarget.open)}>
          <summary>Edit scopes</summary>
          <PartnershipScopesForm partnershipId={partner.id} name={name} scopes={partner.scopes} />
        </details>
      )}

      <h4>API keys</h4>
      {issued && <SecretBox keyName={issued.keyName} secret={issued.secret} onDone={() => setIssued(undefined)} />}
      <ApiKeyTable partnerName={name} apiKeys={partner.apiKeys} />
      {active && (
        <details className="editor" open={addingKey} onToggle={(e) => setAddingKey(e.currentTarget.open)}>
          <summary>Create an API key</summary>
          <NewApiKeyForm partnershipId={partner.id} partnerName={name} partnershipScopes={partner.scopes}
            onCreated={(created) => { setIssued(created); setAddingKey(false); }} />
        </details>
      )}
    </section>
  );
}
