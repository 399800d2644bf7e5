import { useMutation, useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router-dom';
import { countryName } from '../common/countries';
import { ConfirmButton } from '../common/ConfirmButton';
import { formatBytes, formatDateTime, sharingLevelLabel, sharingLevelMeaning } from '../common/format';
import { ReasonForm } from '../common/ReasonForm';
import { graphql } from '../gql';
import type { IntelReportPageQuery } from '../gql/graphql';
import { DataTable, type Column } from '../ui/DataTable';
import { apiErrors } from '../ui/errors';
import { BlindMatchNotice } from './BlindMatchNotice';
import { ExportButtons } from './ExportButtons';
import { indicatorTypeLabel, reportKindLabel, reportStatusLabel } from './labels';
import { ReportHistory } from './ReportHistory';
import { SeenTooForm } from './SeenTooForm';
import { TlpBadge } from './TlpBadge';
import { useIntelAccess } from './useIntelAccess';

const IntelReportPageQuery = graphql(`
  query IntelReportPage($id: ID!) {
    node(id: $id) {
      __typename id
      ... on IntelReport {
        kind title summary confidence sharingLevel status country countries marketplaces firstObservedOn lastObservedOn
        version publishedAt retractedAt retractionReason createdAt updatedAt
        reporter { id name }
        brands { id name }
        categories { id name }
        evidence { id fileName contentType sizeBytes downloadUrl }
        indicators {
          id type value key note linkStatus
          derivedKeys { type key explanation linkStatus }
          sightings { seenAt reportedAt note organisation { id name } }
        }
        network { id }
        history { version replacedAt snapshot }
      }
    }
  }
`);

/** Apart from the report: each read spends the organisation's blind-match lookups, and a spent budget must not hide the report. */
const ReportBlindMatchesQuery = graphql(`
  query ReportBlindMatches($id: ID!) {
    node(id: $id) {
      __typename id
      ... on IntelReport { blindMatches { organisations indicator { id type key value } } }
    }
  }
`);

const PublishReport = graphql(`
  mutation PublishReport($reportId: ID!) {
    publishReport(reportId: $reportId) { id status publishedAt network { id } }
  }
`);

const RetractReport = graphql(`
  mutation RetractReport($input: RetractReportInput!) {
    retractReport(input: $input) { id status retractedAt retractionReason network { id } }
  }
`);

/** Why a key links no report, when it does not: the alliance's correlation rules. */
const LINK_STATUS: Record<string, string | undefined> = {
  EXCLUDED: 'Links no report: the alliance excludes this value (shared by unrelated parties)',
  OVER_LIMIT: 'Over the limit: more reports share it than the alliance allows, so it links nothing until a coordinator decides',
  CONFIRMED: 'Links however many reports share it: a coordinator confirmed it',
};

type Report = Extract<NonNullable<IntelReportPageQuery['node']>, { __typename: 'IntelReport' }>;

/** /intel/:id — a report with its indicators, sightings and network; its owners also see blind matches, history and actions. */
export function ReportPage() {
  const { reportId = '' } = useParams();
  const access = useIntelAccess();
  const { data, loading, error } = useQuery(IntelReportPageQuery, { variables: { id: reportId }, fetchPolicy: 'cache-and-network' });
  if (loading && !data) return <main><p>Loading…</p></main>;
  const report = data?.node?.__typename === 'IntelReport' ? data.node : null;
  if (!report) return <main><p role="alert">{error ? error.message : 'Report not found.'}</p></main>;

  const own = Boolean(access.organisation && report.reporter?.id === access.organisation.id);
  return (
    <main className="report-page">
      <p className="crumbs"><Link to="/intel">Intelligence</Link> › {reportKindLabel(report.kind)}</p>
      <div className="page-head">
        <h1>{report.title}</h1>
        <ExportButtons scope={{ reportIds: [report.id] }} label="Export this report" />
      </div>
      <p className="summary">
        <TlpBadge level={report.sharingLevel} />
        <span className={`badge report-${report.status.toLowerCase()}`}>{reportStatusLabel(report.status)}</span>
        <span>{report.reporter ? `Reported by ${report.reporter.name}` : 'Reporter not shown'}</span>
        {report.publishedAt && <span className="count">· published {formatDateTime(report.publishedAt)}</span>}
        {report.version > 1 && <span className="count">· version {report.version}</span>}
      </p>
      {report.status === 'RETRACTED' && (
        <p role="note" className="retracted">Retracted {formatDateTime(report.retractedAt)}: {report.retractionReason}</p>
      )}

      <div className="columns wide-first">
        <div>
          <section aria-label="Report">
            <h2>Report</h2>
            {report.summary ? <p className="prose">{report.summary}</p> : <p className="hint">No summary.</p>}
            <dl className="facts">
              <dt>Kind</dt><dd>{reportKindLabel(report.kind)}</dd>
              <dt>Sharing level</dt><dd>{sharingLevelLabel(report.sharingLevel)}: {sharingLevelMeaning(report.sharingLevel)}</dd>
              <dt>Confidence</dt><dd>{report.confidence} / 100</dd>
              <dt>Country</dt><dd>{countryName(report.country) || '—'}</dd>
              <dt>Also active in</dt><dd>{report.countries.map(countryName).join(', ') || '—'}</dd>
              <dt>Marketplaces</dt><dd>{report.marketplaces.join(', ') || '—'}</dd>
              <dt>Brands</dt><dd>{report.brands.map((b) => b.name).join(', ') || '—'}</dd>
              <dt>Categories</dt><dd>{report.categories.map((c) => c.name).join(', ') || '—'}</dd>
              <dt>Observed</dt><dd>{[report.firstObservedOn, report.lastObservedOn].filter(Boolean).join(' to ') || '—'}</dd>
              <dt>Network</dt>
              <dd>{report.network ? <Link to={`/intel/networks/${encodeURIComponent(report.network.id)}`}>View the counterfeiter network</Link> : report.status === 'DRAFT' ? 'Drafts join a network when published' : '—'}</dd>
            </dl>
          </section>
        </div>

        <div className="stack">
          {own && access.activeMember && <OwnerActions report={report} />}
          {own && <BlindMatches reportId={report.id} />}
          <section aria-label="Evidence" className="panel">
            <h2>Evidence</h2>
            {report.evidence.length === 0 ? <p className="hint">No file you may see.</p> : (
              <ul className="plain files">
                {report.evidence.map((f) => (
                  <li key={f.id}><a href={f.downloadUrl}>{f.fileName}</a> <span className="hint">({formatBytes(f.sizeBytes)})</span></li>
                ))}
              </ul>
            )}
          </section>
          {report.history.length > 0 && <ReportHistory history={report.history} />}
        </div>
      </div>

      <section aria-label="Indicators">
        <h2>Indicators ({report.indicators.length})</h2>
        <IndicatorList report={report} canSight={access.activeMember && !own && report.status === 'PUBLISHED'} />
      </section>
    </main>
  );
}

/** The owner's indicators that also sit in reports it may not see; when the hour's lookups are spent, says so. */
function BlindMatches({ reportId }: { reportId: string }) {
  const { data, error } = useQuery(ReportBlindMatchesQuery, { variables: { id: reportId }, fetchPolicy: 'cache-and-network' });
  const matches = data?.node?.__typename === 'IntelReport' ? data.node.blindMatches : [];
  if (!error && matches.length === 0) return null;
  return (
    <section aria-label="Blind matches" className="panel">
      <h2>Blind matches</h2>
      {error ? <p role="alert" className="form-error">{apiErrors(error).map((e) => e.message).join(' ')}</p> : (
        <ul className="plain">
          {matches.map((m) => (
            <BlindMatchNotice key={m.indicator.id} type={m.indicator.type} indicatorKey={m.indicator.key} value={m.indicator.value} organisations={m.organisations} />
          ))}
        </ul>
      )}
    </section>
  );
}

type ReportIndicator = Report['indicators'][number];

function IndicatorList({ report, canSight }: { report: Report; canSight: boolean }) {
  const columns: Column<ReportIndicator>[] = [
    { id: 'type', header: 'Type', sortValue: (i) => indicatorTypeLabel(i.type), cell: (i) => indicatorTypeLabel(i.type) },
    { id: 'value', header: 'Value', className: 'value', cell: (i) => <>{i.value}{i.note && <div className="hint">{i.note}</div>}</> },
    { id: 'key', header: 'Key', className: 'key', cell: (i) => (
      <>
        <code>{i.key}</code>
        {LINK_STATUS[i.linkStatus] && <div className={`link-status link-${i.linkStatus.toLowerCase()}`}>{LINK_STATUS[i.linkStatus]}</div>}
        {/* the keys the value also links through (a URL's domain, …), in the API's words */}
        {i.derivedKeys.map((d) => (
          <div key={`${d.type}:${d.key}`} className="derived-key hint">
            also {indicatorTypeLabel(d.type)} <code>{d.key}</code>: {d.explanation}
            {LINK_STATUS[d.linkStatus] && <div className={`link-status link-${d.linkStatus.toLowerCase()}`}>{LINK_STATUS[d.linkStatus]}</div>}
          </div>
        ))}
      </>
    ) },
    { id: 'sightings', header: 'Sightings', cell: (i) => (
      <>
        {i.sightings.length > 0 && (
          <ul className="plain sightings">
            {i.sightings.map((s, n) => (
              <li key={n}>
                {s.organisation?.name ?? 'A member'} · {formatDateTime(s.seenAt)}{s.note && <>: <em>{s.note}</em></>}
              </li>
            ))}
          </ul>
        )}
        {canSight && <SeenTooForm indicatorId={i.id} label={`${indicatorTypeLabel(i.type)} ${i.key}`} />}
      </>
    ) },
  ];
  return <DataTable label="Indicators" className="indicators-view" columns={columns} rows={report.indicators} rowKey={(i) => i.id}
    empty={<p className="hint">No indicator.</p>} />;
}

/** Publish a draft; amend or retract (with a reason) a published report. */
function OwnerActions({ report }: { report: Report }) {
  const [publish, published] = useMutation(PublishReport, { refetchQueries: ['IntelReportPage', 'IntelFeed'], awaitRefetchQueries: true });
  const [retract] = useMutation(RetractReport, { refetchQueries: ['IntelReportPage', 'IntelFeed'], awaitRefetchQueries: true });
  const editPath = `/intel/${encodeURIComponent(report.id)}/edit`;
  if (report.status === 'RETRACTED') return null;
  return (
    <section aria-label="Your report" className="panel owner-actions">
      <h2>Your report</h2>
      {report.status === 'DRAFT' ? (
        <div className="actions">
          <Link to={editPath} className="button secondary">Edit draft</Link>
          <ConfirmButton
            action="Publish"
            variant="primary"
            question={`Publish it at ${sharingLevelLabel(report.sharingLevel)}, for ${sharingLevelMeaning(report.sharingLevel)}? Its indicators then link it to other reports.`}
            onConfirm={() => publish({ variables: { reportId: report.id } }).catch(() => undefined)}
          />
          {published.error && <p role="alert" className="form-error">{apiErrors(published.error).map((e) => e.message).join(' ')}</p>}
        </div>
      ) : (
        <div className="owner-grid">
          <p className="actions">
            <Link to={editPath} className="button secondary">Amend</Link>
            <span className="hint">An amendment keeps this version in the history.</span>
          </p>
          <details className="editor">
            <summary>Retract…</summary>
            <ReasonForm
              label="Why retract it?"
              action="Retract report"
              variant="danger"
              required
              hint="Required; the alliance sees it"
              onSubmit={(reason) => retract({ variables: { input: { reportId: report.id, reason: reason ?? '' } } })}
            />
          </details>
        </div>
      )}
    </section>
  );
}
