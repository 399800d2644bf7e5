import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button } from '../ui/Button';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { formatDateTime } from '../common/format';
import { graphql } from '../gql';

const InvitationQuery = graphql(`
  query Invitation($token: String!) {
    invitation(token: $token) { email organisationName allianceName expiresAt }
  }
`);

const AcceptInvitation = graphql(`
  mutation AcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) { user { id displayName role } }
  }
`);

const PASSWORD_MIN = 10;

/** Public: the invitee sees what the link is for, sets a password and is signed in. */
export function InvitationPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const client = useApolloClient();
  const { data, loading, error } = useQuery(InvitationQuery, { variables: { token }, fetchPolicy: 'network-only' });
  const [accept, accepting] = useMutation(AcceptInvitation);
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = placeErrors(accepting.error, ['displayName', 'password']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (password.length < PASSWORD_MIN) problems.password = `At least ${PASSWORD_MIN} characters`;
    if (confirm !== password) problems.confirm = 'The passwords differ';
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const result = await attempt(accept({ variables: { input: { token, displayName, password } } }));
    if (!result) return; // signed in: the API set the session cookie
    await client.clearStore();
    navigate('/my-application');
  };

  if (loading) return <main className="narrow"><p>Loading…</p></main>;
  if (!data) {
    return (
      <main className="narrow">
        <h1>Invitation</h1>
        <p role="alert" className="form-error">{error?.message ?? 'This invitation cannot be used.'}</p>
        <p>Ask the alliance’s coordinator for a new invitation.</p>
      </main>
    );
  }
  const inv = data.invitation;
  return (
    <main className="narrow">
      <h1>Join {inv.allianceName}</h1>
      <p>
        <strong>{inv.organisationName}</strong> is invited to join <strong>{inv.allianceName}</strong> on Countermark. You will sign in as{' '}
        <strong>{inv.email}</strong>. This link works once, until {formatDateTime(inv.expiresAt)}.
      </p>
      <form onSubmit={submit} aria-label="Accept the invitation">
        <Field label="Your name" name="displayName" errors={errors}>
          <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="name" required />
        </Field>
        <Field label="Password" error={local.password ?? errors.byField.password} hint={`At least ${PASSWORD_MIN} characters`}>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required />
        </Field>
        <Field label="Confirm password" error={local.confirm}>
          <input type="password" value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="new-password" required />
        </Field>
        <FormAlert message={errors.form} />
        <Button type="submit" busy={accepting.loading} busyLabel="Setting up…">Set password and continue</Button>
      </form>
    </main>
  );
}
