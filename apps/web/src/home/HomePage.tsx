import { useQuery } from '@apollo/client/react';
import { lazy, Suspense } from 'react';
import { countryName } from '../common/countries';
import { statusLabel } from '../common/format';
import { graphql } from '../gql';
import type { AllianceHomeQuery as AllianceHome } from '../gql/graphql';
import { DataTable, type Column } from '../ui/DataTable';
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

// recharts is large: loaded with the first chart, not with the client
const BarChartFigure = lazy(() => import('../ui/Chart').then((m) => ({ default: m.BarChartFigure })));

type Figures = AllianceHome['alliance']['figures'];

const STATUS_COLUMNS: Column<Figures['membersByStatus'][number]>[] = [
  { id: 'status', header: 'Status', cell: (s) => statusLabel(s.status) },
  { id: 'count', header: 'Members', className: 'num', sortValue: (s) => s.count, cell: (s) => s.count },
];

const YEAR_COLUMNS: Column<Figures['joinedPerYear'][number]>[] = [
  { id: 'year', header: 'Year', sortValue: (y) => y.year, cell: (y) => y.year },
  { id: 'count', header: 'Joined', className: 'num', sortValue: (y) => y.count, cell: (y) => y.count },
];

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="card" role="group" aria-label={label}>
      <div className="figure">{value}</div>
      <div>{label}</div>
    </div>
  );
}

/** The alliance at a glance: its figures as cards, and two charts with their figures in tables. */
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
          <Suspense fallback={null}>
            <BarChartFigure label="Members by status, as a chart" valueLabel="Members"
              data={f.membersByStatus.map((s) => ({ name: statusLabel(s.status), value: s.count }))} />
          </Suspense>
          <DataTable label="Members by status" columns={STATUS_COLUMNS} rows={f.membersByStatus} rowKey={(s) => s.status} />
        </section>
        <section>
          <h2>Members joined per year</h2>
          <Suspense fallback={null}>
            <BarChartFigure label="Members joined per year, as a chart" valueLabel="Joined"
              data={f.joinedPerYear.map((y) => ({ name: String(y.year), value: y.count }))} />
          </Suspense>
          <DataTable label="Members joined per year" columns={YEAR_COLUMNS} rows={f.joinedPerYear} rowKey={(y) => String(y.year)}
            empty={<p>No member has joined yet.</p>} />
        </section>
      </div>
    </main>
  );
}
