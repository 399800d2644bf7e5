import { skipToken, useQuery } from '@apollo/client/react';
import { graphql } from '../gql';

/** Statuses of a membership still applying (or refused): "My application" shows them. */
export const APPLICANT_STATUSES: readonly string[] = ['INVITED', 'APPLIED', 'UNDER_REVIEW', 'REJECTED'];

const OwnApplicationQuery = graphql(`
  query OwnApplication {
    viewer { organisation { id membership { id status } } }
  }
`);

/** The signed-in member admin's own application, if its membership is not yet active. */
export function useOwnApplication(enabled: boolean) {
  const { data, loading } = useQuery(OwnApplicationQuery, enabled ? {} : skipToken);
  const membership = data?.viewer.organisation?.membership;
  return { application: membership && APPLICANT_STATUSES.includes(membership.status) ? membership : undefined, loading };
}
