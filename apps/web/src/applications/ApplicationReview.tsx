import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Button } from '../ui/Button';
import { placeErrors } from '../ui/errors';
import { FormAlert } from '../ui/Field';
import { ReasonForm } from '../common/ReasonForm';
import { graphql } from '../gql';
import type { MembershipStatus } from '../gql/graphql';

const StartApplicationReview = graphql(`
  mutation StartApplicationReview($input: MembershipStatusChangeInput!) {
    startApplicationReview(input: $input) { ...MembershipState }
  }
`);

const ApproveApplication = graphql(`
  mutation ApproveApplication($input: MembershipStatusChangeInput!) {
    approveApplication(input: $input) { ...MembershipState }
  }
`);

const RejectApplication = graphql(`
  mutation RejectApplication($input: MembershipDecisionInput!) {
    rejectApplication(input: $input) { ...MembershipState }
  }
`);

/**
 * A coordinator's review of an application: start it, decide each trademark (on the cards below),
 * then approve or reject with a reason. The API says why an approval cannot happen yet.
 */
export function ApplicationReview({ membershipId, status }: { membershipId: string; status: MembershipStatus }) {
  const [start, starting] = useMutation(StartApplicationReview);
  const [approve] = useMutation(ApproveApplication);
  const [reject] = useMutation(RejectApplication);
  const [startError, setStartError] = useState<unknown>();
  if (status !== 'APPLIED' && status !== 'UNDER_REVIEW') return null;

  const rejectForm = (
    <ReasonForm label="Reason for rejection" action="Reject application" variant="danger" required hint="The applicant reads it"
      onSubmit={(reason) => reject({ variables: { input: { membershipId, reason: reason ?? '' } } })} />
  );

  if (status === 'APPLIED') {
    return (
      <div className="decisions">
        <div>
          <p>The application is waiting for a coordinator to start its review.</p>
          <Button disabled={starting.loading}
            onClick={() => start({ variables: { input: { membershipId } } }).then(() => setStartError(undefined), setStartError)}>
            Start review
          </Button>
          <FormAlert message={placeErrors(startError, []).form} />
        </div>
        {rejectForm}
      </div>
    );
  }
  return (
    <div className="decisions">
      <ReasonForm label="Approval note" action="Approve" onSubmit={(reason) => approve({ variables: { input: { membershipId, reason } } })} />
      {rejectForm}
    </div>
  );
}
