import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';

const IntelAccessQuery = graphql(`
  query IntelAccess {
    viewer {
      role scopes
      organisation { id name country membership { id status } }
    }
  }
`);

/**
 * What the signed-in person may do with intelligence, as the API decides it: people of an ACTIVE
 * member read, report, watch and ask for contact; coordinators and partners with `intel:read`
 * read and search. The API refuses the rest anyway; this only decides what the pages offer.
 */
export function useIntelAccess() {
  const { data, loading, error } = useQuery(IntelAccessQuery);
  const viewer = data?.viewer;
  const role = viewer?.role;
  const activeMember = (role === 'MEMBER_ADMIN' || role === 'MEMBER_ANALYST') && viewer?.organisation?.membership?.status === 'ACTIVE';
  const canRead = Boolean(viewer?.scopes.includes('intel:read')) && (activeMember || role === 'COORDINATOR' || role === 'PARTNER');
  return {
    /** until the viewer is known, every answer below is "no" */
    ready: Boolean(data),
    loading,
    error,
    canRead,
    /** reports, sightings, watchlists, contact requests: people of an active member only */
    activeMember,
    coordinator: role === 'COORDINATOR',
    organisation: viewer?.organisation ?? null,
  };
}
