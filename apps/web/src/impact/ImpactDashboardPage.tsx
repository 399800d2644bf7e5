import { useQuery } from '@apollo/client/react';
import { lazy, Suspense, useState } from 'react';
import { downloadFromApi } from '../common/apiRoutes';
import { formatShare } from '../common/format';
import { graphql } from '../gql';
import type { ImpactDashboardQuery } from '../gql/graphql';
import { Button } from '../ui/Button';
import { DataTable, type Column } from '../ui/DataTable';
import { apiErrors } from '../ui/errors';
import { Page } from '../ui/Page';

// recharts is large: loaded with the first chart, not with the client
const BarChartFigure = lazy(() => import('../ui/Chart').then((m) => ({ default: m.BarChartFigure })));
const SeriesChartFigure = lazy(() => import('../ui/Chart').then((m) => ({ default: m.SeriesChartFigure })));

graphql(`
  fragment ImpactPeriod on ImpactFigures {
    period members brands takedownsReceived takedownsProcessed takedownsProcessedWithinSla listingsRemoved listingsRemovedProactively
    listingsRemovedOnNotice alerts casesOpened casesReferred arrests sitesClosed { total } unitsSeized
    valueSeized { amount currency } valueUnconverted { amount currency }
  }
`);

const ImpactDashboardQueryDocument = graphql(`
  query ImpactDashboard($year: Int!) {
    impactReport(year: $year) {
      year reportingCurrency
      quarters { ...ImpactPeriod }
      total { ...ImpactPeriod }
      months { month takedownsReceived takedownsProcessed takedownsProcessedWithinSla withinSlaShare listingsRemoved listingsRemovedProactively listingsRemovedOnNotice alerts }
      membersAt
      membersByCategory { code name members }
      membersByCountry { code name members }
      membersByRegion { code name members }
    }
  }
`);

type Report = ImpactDashboardQuery['impactReport'];
type Period = Report['total'];
type Month = Report['months'][number];
type Group = Report['membersByCountry'][number];

const FIRST_YEAR = 2000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const n = (x: number | string) => Number(x).toLocaleString('en-US');
const share = (part: number, whole: number) => formatShare(whole ? part / whole : null);
const money = (m: { amount: string; currency: string } | null | undefined) => (m ? `${m.currency} ${n(m.amount.split('.')[0])}${m.amount.includes('.') ? `.${m.amount.split('.')[1]}` : ''}` : '—');

const QUARTER_COLUMNS: Column<Period>[] = [
  { id: 'period', header: 'Period', cell: (q) => q.period },
  { id: 'members', header: 'Members', className: 'num', cell: (q) => n(q.members) },
  { id: 'brands', header: 'Brands', className: 'num', cell: (q) => n(q.brands) },
  { id: 'received', header: 'Takedowns received', className: 'num', cell: (q) => n(q.takedownsReceived) },
  { id: 'processed', header: 'Processed', className: 'num', cell: (q) => n(q.takedownsProcessed) },
  { id: 'within', header: 'Within the SLA', className: 'num', cell: (q) => `${n(q.takedownsProcessedWithinSla)} (${share(q.takedownsProcessedWithinSla, q.takedownsProcessed)})` },
  { id: 'removed', header: 'Listings removed', className: 'num', cell: (q) => n(q.listingsRemoved) },
  { id: 'proactive', header: 'Proactively', className: 'num', cell: (q) => n(q.listingsRemovedProactively) },
  { id: 'notice', header: 'On notice', className: 'num', cell: (q) => n(q.listingsRemovedOnNotice) },
  { id: 'alerts', header: 'Alerts', className: 'num', cell: (q) => n(q.alerts) },
];

const ENFORCEMENT_COLUMNS: Column<Period>[] = [
  { id: 'period', header: 'Period', cell: (q) => q.period },
  { id: 'opened', header: 'Cases opened', className: 'num', cell: (q) => n(q.casesOpened) },
  { id: 'referred', header: 'Referred', className: 'num', cell: (q) => n(q.casesReferred) },
  { id: 'arrests', header: 'Arrests', className: 'num', cell: (q) => n(q.arrests) },
  { id: 'sites', header: 'Sites closed', className: 'num', cell: (q) => n(q.sitesClosed.total) },
  { id: 'units', header: 'Units seized', className: 'num', cell: (q) => n(q.unitsSeized) },
  { id: 'value', header: 'Value seized', className: 'num', cell: (q) => money(q.valueSeized) },
  { id: 'unconverted', header: 'Not converted (no rate)', className: 'num', cell: (q) => q.valueUnconverted.map(money).join('; ') || '—' },
];

const MONTH_COLUMNS: Column<Month>[] = [
  { id: 'month', header: 'Month', cell: (m) => m.month },
  { id: 'received', header: 'Takedowns received', className: 'num', cell: (m) => n(m.takedownsReceived) },
  { id: 'processed', header: 'Processed', className: 'num', cell: (m) => n(m.takedownsProcessed) },
  { id: 'within', header: 'Within the SLA', className: 'num', cell: (m) => `${n(m.takedownsProcessedWithinSla)} (${formatShare(m.withinSlaShare)})` },
  { id: 'proactive', header: 'Removed proactively', className: 'num', cell: (m) => n(m.listingsRemovedProactively) },
  { id: 'notice', header: 'Removed on notice', className: 'num', cell: (m) => n(m.listingsRemovedOnNotice) },
  { id: 'alerts', header: 'Alerts', className: 'num', cell: (m) => n(m.alerts) },
];

const groupColumns = (header: string): Column<Group>[] => [
  { id: 'name', header, cell: (g) => g.name },
  { id: 'members', header: 'Members', className: 'num', cell: (g) => n(g.members) },
];

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="card" role="group" aria-label={label}>
      <div className="figure">{value}</div>
      <div>{label}</div>
    </div>
  );
}

/** CSV and PDF of the year, through the API's download routes with the session (apiRoutes). */
function Downloads({ year }: { year: number }) {
  const [busy, setBusy] = useState<'csv' | 'pdf' | null>(null);
  const [problem, setProblem] = useState<string>();
  const download = async (kind: 'csv' | 'pdf') => {
    setBusy(kind);
    setProblem(undefined);
    try {
      await downloadFromApi(`/impact-report.${kind}?year=${year}`, `impact-report-${year}.${kind}`);
    } catch (e) {
      setProblem((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="actions export">
      <Button variant="secondary" busy={busy === 'csv'} busyLabel="Downloading…" onClick={() => void download('csv')}>Download CSV</Button>
      <Button variant="secondary" busy={busy === 'pdf'} busyLabel="Preparing the PDF…" onClick={() => void download('pdf')}>Download PDF</Button>
      {problem && <p role="alert" className="form-error">{problem}</p>}
    </div>
  );
}

function Chart({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      <Suspense fallback={<p>Loading…</p>}>{children}</Suspense>
    </section>
  );
}

/**
 * /impact: the alliance's impact dashboard for a year (issue 17, outcome 7) — the year's figures as
 * tiles; takedowns and the share processed within the SLA per month, removals proactive and on
 * notice, enforcement outcomes per quarter, members by category and region as charts, each with
 * its figures in a table; the quarters; and the CSV and PDF of the same report. Coordinators and
 * the people of active members (the API's rule).
 */
export function ImpactDashboardPage() {
  const thisYear = new Date().getUTCFullYear();
  const [year, setYear] = useState(thisYear);
  const { data, loading, error } = useQuery(ImpactDashboardQueryDocument, { variables: { year }, fetchPolicy: 'cache-and-network' });
  const report = data?.impactReport.year === year ? data.impactReport : null;
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i);

  const picker = (
    <span>
      <label htmlFor="impact-year">Year</label>{' '}
      <select id="impact-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
        {years.map((y) => <option key={y} value={y}>{y}</option>)}
      </select>
    </span>
  );

  return (
    <Page title="Impact" width="wide" actions={<>{picker}<Downloads year={year} /></>}
      intro="The alliance’s figures for a year (UTC): takedowns by month of submission, removals proactive (from monitoring alerts) and on notice, enforcement outcomes by quarter, and who the members are.">
      {!report && loading && <p>Loading…</p>}
      {!report && !loading && <p role="alert">{apiErrors(error).map((e) => e.message).join(' ') || 'Could not load the report.'}</p>}
      {report && <Dashboard report={report} />}
    </Page>
  );
}

function Dashboard({ report }: { report: Report }) {
  const t = report.total;
  const months = report.months.map((m, i) => ({ ...m, name: MONTHS[i] }));
  const quarters = report.quarters.map((q) => ({ name: q.period.slice(5), referred: q.casesReferred, arrests: q.arrests, sites: q.sitesClosed.total }));
  return (
    <>
      <section aria-label="The year’s figures" className="cards">
        <Figure label="Members" value={n(t.members)} />
        <Figure label="Brands" value={n(t.brands)} />
        <Figure label="Takedowns received" value={n(t.takedownsReceived)} />
        <Figure label="Processed within the SLA" value={share(t.takedownsProcessedWithinSla, t.takedownsProcessed)} />
        <Figure label="Listings removed" value={n(t.listingsRemoved)} />
        <Figure label="Removed proactively" value={share(t.listingsRemovedProactively, t.listingsRemoved)} />
        <Figure label="Alerts" value={n(t.alerts)} />
        <Figure label="Cases referred" value={n(t.casesReferred)} />
        <Figure label="Arrests" value={n(t.arrests)} />
        <Figure label="Sites closed" value={n(t.sitesClosed.total)} />
        <Figure label="Value seized" value={money(t.valueSeized)} />
      </section>
      {!report.reportingCurrency && <p className="count">No reporting currency is set: seized values are listed per currency in the table.</p>}

      <div className="columns">
        <Chart title="Takedowns and the SLA per month">
          <SeriesChartFigure label="Takedowns received, processed and processed within the SLA per month, with the share within the SLA, as a chart" data={months} categoryKey="name"
            series={[{ key: 'takedownsReceived', name: 'Received', color: '#8a94a6' }, { key: 'takedownsProcessed', name: 'Processed', color: '#2f63dc' }, { key: 'takedownsProcessedWithinSla', name: 'Within the SLA', color: '#1f9d6b' }]}
            share={{ key: 'withinSlaShare', name: '% within the SLA', color: '#e08a1e' }} />
        </Chart>
        <Chart title="Removals: proactive and on notice">
          <SeriesChartFigure label="Listings removed proactively and on notice per month, as a chart" data={months} categoryKey="name"
            series={[{ key: 'listingsRemovedProactively', name: 'Proactively', color: '#1f9d6b', stack: 'removed' }, { key: 'listingsRemovedOnNotice', name: 'On notice', color: '#2f63dc', stack: 'removed' }]} />
        </Chart>
      </div>
      <section aria-label="Per month">
        <h2>Per month</h2>
        <DataTable label="Figures per month" columns={MONTH_COLUMNS} rows={report.months} rowKey={(m) => m.month} />
      </section>

      <div className="columns">
        <Chart title="Enforcement outcomes per quarter">
          <SeriesChartFigure label="Cases referred, arrests and sites closed per quarter, as a chart" data={quarters} categoryKey="name"
            series={[{ key: 'referred', name: 'Cases referred', color: '#8a94a6' }, { key: 'arrests', name: 'Arrests', color: '#e08a1e' }, { key: 'sites', name: 'Sites closed', color: '#2f63dc' }]} />
        </Chart>
        <Chart title="Members by industry category">
          <BarChartFigure horizontal label="Members by industry category, as a chart" valueLabel="Members" data={report.membersByCategory.map((g) => ({ name: g.name, value: g.members }))} />
        </Chart>
      </div>

      <section aria-label="Quarters">
        <h2>Quarters and the year</h2>
        <DataTable label="Figures per quarter" columns={QUARTER_COLUMNS} rows={[...report.quarters, t]} rowKey={(q) => q.period} />
        <DataTable label="Enforcement per quarter" columns={ENFORCEMENT_COLUMNS} rows={[...report.quarters, t]} rowKey={(q) => q.period} />
      </section>

      <h2>Members on {report.membersAt.slice(0, 10)}</h2>
      <div className="columns">
        <Chart title="Members by region">
          <BarChartFigure horizontal label="Members by region, as a chart" valueLabel="Members" data={report.membersByRegion.map((g) => ({ name: g.name, value: g.members }))} />
          <DataTable label="Members by region" columns={groupColumns('Region')} rows={report.membersByRegion} rowKey={(g) => g.name} empty="No active member." />
        </Chart>
        <section aria-label="Members by category and country">
          <h2>By category and country</h2>
          <DataTable label="Members by industry category" columns={groupColumns('Category')} rows={report.membersByCategory} rowKey={(g) => g.code ?? g.name} empty="No active member." />
          <DataTable label="Members by country" columns={groupColumns('Country')} rows={report.membersByCountry} rowKey={(g) => g.code ?? g.name} empty="No active member." />
        </section>
      </div>
    </>
  );
}
