import { skipToken, useQuery } from '@apollo/client/react';
import { graphql } from '../gql';

/**
 * Statuses of a membership still applying. A member admin sees other memberships only when they
 * are ACTIVE, so filtering the directory on these statuses finds exactly its own application.
 */
export const APPLICANT_STATUSES = ['INVITED', 'APPLIED', 'UNDER_REVIEW', 'REJECTED'] as const;

const OwnApplicationQuery = graphql(`
  query OwnApplication($statuses: [MembershipStatus!]) {
    members(first: 1, filter: { statuses: $statuses }) {
      edges { node { id status } }
    }
  }
`);

/** The signed-in member admin's own application, if its membership is not yet active. */
export function useOwnApplication(enabled: boolean) {
  const { data, loading } = useQuery(OwnApplicationQuery, enabled ? { variables: { statuses: [...APPLICANT_STATUSES] } } : skipToken);
  return { application: data?.members.edges[0]?.node, loading };
}
