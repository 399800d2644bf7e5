import { useMutation } from '@apollo/client/react';
import { ReasonForm } from '../common/ReasonForm';
import { graphql } from '../gql';
import type { MembershipStatus } from '../gql/graphql';

// what a status change updates on the member page (Apollo merges it into the cached membership)
graphql(`
  fragment MembershipState on Membership {
    id status statusReason joinedOn
    history { from to reason at }
  }
`);

const SuspendMembership = graphql(`
  mutation SuspendMembership($input: MembershipDecisionInput!) {
    suspendMembership(input: $input) { ...MembershipState }
  }
`);

const ReinstateMembership = graphql(`
  mutation ReinstateMembership($input: MembershipStatusChangeInput!) {
    reinstateMembership(input: $input) { ...MembershipState }
  }
`);

/** A coordinator suspends an active member (with a reason) or reinstates a suspended one. */
export function MembershipActions({ membershipId, status }: { membershipId: string; status: MembershipStatus }) {
  const [suspend] = useMutation(SuspendMembership);
  const [reinstate] = useMutation(ReinstateMembership);
  if (status === 'ACTIVE') {
    return (
      <ReasonForm label="Reason for suspension" action="Suspend" variant="danger" required
        onSubmit={(reason) => suspend({ variables: { input: { membershipId, reason: reason ?? '' } } })} />
    );
  }
  if (status === 'SUSPENDED') {
    return <ReasonForm label="Note on reinstatement" action="Reinstate" onSubmit={(reason) => reinstate({ variables: { input: { membershipId, reason } } })} />;
  }
  return null;
}
