import { useMutation } from '@apollo/client/react';
import { Button } from '../ui/Button';
import { placeErrors } from '../ui/errors';
import { FormAlert } from '../ui/Field';
import { formatDateTime } from '../common/format';
import { graphql } from '../gql';

const ResendInvitationMutation = graphql(`
  mutation ResendInvitation($input: MembershipStatusChangeInput!) {
    resendInvitation(input: $input) { id email expiresAt createdAt }
  }
`);

/** For a membership still INVITED: when the last invitation went out, and a fresh one on request. */
export function ResendInvitation({ membershipId, latest }: {
  membershipId: string;
  /** the newest invitation, if the API told us */
  latest?: { email: string; createdAt: string; expiresAt: string } | null;
}) {
  const [resend, { data, loading, error }] = useMutation(ResendInvitationMutation, { refetchQueries: ['MemberPage'] });
  const sent = data?.resendInvitation;
  return (
    <div className="resend">
      <p>
        The invitation has not been answered yet: awaiting the applicant.
        {latest && !sent && <> It went to <strong>{latest.email}</strong> on {formatDateTime(latest.createdAt)} and expires on {formatDateTime(latest.expiresAt)}.</>}
      </p>
      <div className="actions">
        <Button variant="secondary" disabled={loading} onClick={() => resend({ variables: { input: { membershipId } } }).catch(() => undefined)}>
          {loading ? 'Sending…' : 'Resend invitation'}
        </Button>
        {sent && (
          <span role="status" className="ok">
            A new invitation went to {sent.email}; it expires on {formatDateTime(sent.expiresAt)}. Earlier links no longer work.
          </span>
        )}
      </div>
      <FormAlert message={placeErrors(error, []).form} />
    </div>
  );
}
