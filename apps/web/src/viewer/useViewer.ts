import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';

const ViewerQuery = graphql(`
  query Viewer {
    viewer { role scopes user { id displayName email } }
  }
`);

/** Who is signed in: their role decides the navigation and the actions a page offers. */
export function useViewer() {
  const { data, loading, error } = useQuery(ViewerQuery);
  return { viewer: data?.viewer, loading, error };
}
