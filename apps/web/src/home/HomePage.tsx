import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';

const HomeQuery = graphql(`
  query Home {
    alliance { id name slug homeCountry takedownSlaHours }
    viewer { role user { displayName } }
  }
`);

export function HomePage() {
  const { data, loading, error } = useQuery(HomeQuery);
  if (loading) return <p>Loading…</p>;
  if (error || !data) return <p role="alert">Could not load the alliance.</p>;
  return (
    <main>
      <h1>{data.alliance.name}</h1>
      <p>
        Signed in as {data.viewer.user?.displayName} ({data.viewer.role}). Takedown SLA: {data.alliance.takedownSlaHours} hours.
      </p>
    </main>
  );
}
