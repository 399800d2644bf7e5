import { useQuery } from '@apollo/client/react';
import { countryName } from '../common/countries';
import { statusLabel } from '../common/format';
import { graphql } from '../gql';
import { useViewer } from '../viewer/useViewer';

const AllianceHomeQuery = graphql(`
  query AllianceHome {
    alliance {
      id name homeCountry takedownSlaHours
      figures {
        activeMembers brands trademarks categories outsideHomeCountryShare
        membersByStatus { status count }
        joinedPerYear { year count }
      }
    }
  }
`);

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="card" role="group" aria-label={label}>
      <div className="figure">{value}</div>
      <div>{label}</div>
    </div>
  );
}

/** The alliance at a glance: its figures as cards and two small tables. */
export function HomePage() {
  const { viewer } = useViewer();
  const { data, loading, error } = useQuery(AllianceHomeQuery, { fetchPolicy: 'cache-and-network' });
  if (loading && !data) return <main><p>Loading…</p></main>;
  if (!data) return <main><p role="alert">Could not load the alliance: {error?.message}</p></main>;
  const { alliance } = data;
  const f = alliance.figures;
  return (
    <main>
      <h1>{alliance.name}</h1>
      <p>
        Signed in as {viewer?.user?.displayName} ({viewer?.role}). Home country: {countryName(alliance.homeCountry)}. Takedown SLA:{' '}
        {alliance.takedownSlaHours} hours.
      </p>
      <section aria-label="Figures" className="cards">
        <Figure label="Active members" value={f.activeMembers} />
        <Figure label="Brands" value={f.brands} />
        <Figure label="Trademarks" value={f.trademarks} />
        <Figure label="Industry categories" value={f.categories} />
        <Figure label={`Members outside ${countryName(alliance.homeCountry)}`} value={`${Math.round(f.outsideHomeCountryShare * 100)}%`} />
      </section>
      <div className="columns">
        <section>
          <h2>Members by status</h2>
          <table aria-label="Members by status">
            <thead><tr><th>Status</th><th className="num">Members</th></tr></thead>
            <tbody>
              {f.membersByStatus.map((s) => (
                <tr key={s.status}><td>{statusLabel(s.status)}</td><td className="num">{s.count}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
        <section>
          <h2>Members joined per year</h2>
          <table aria-label="Members joined per year">
            <thead><tr><th>Year</th><th className="num">Joined</th></tr></thead>
            <tbody>
              {f.joinedPerYear.map((y) => (
                <tr key={y.year}><td>{y.year}</td><td className="num">{y.count}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </main>
  );
}
