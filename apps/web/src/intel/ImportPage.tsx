import { useQuery } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { postToApi } from '../common/apiRoutes';
import { formatBytes, formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { ExchangeFormat, ImportJobDetailsFragment, ImportJobsQuery as ImportJobs } from '../gql/graphql';
import { Button } from '../ui/Button';
import { DataTable, type Column } from '../ui/DataTable';
import { HttpApiError, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';

const POLL_MS = 500;

graphql(`
  fragment ImportJobDetails on ImportJob {
    id format fileName sizeBytes status phase progress
    reportsRead reportsTotal reportsDone reportsCreated reportsAlreadyImported indicatorsCreated
    errorCount errors { where message } skipped { id type reason }
    createdAt finishedAt
  }
`);

const ImportJobQuery = graphql(`
  query ImportJob($id: ID!) {
    node(id: $id) { __typename id ... on ImportJob { ...ImportJobDetails } }
  }
`);

const ImportJobsQuery = graphql(`
  query ImportJobs {
    importJobs(first: 20) {
      totalCount
      edges { node { id format fileName sizeBytes status errorCount reportsCreated reportsAlreadyImported indicatorsCreated createdAt finishedAt } }
    }
  }
`);

const FORMATS: { format: ExchangeFormat; label: string }[] = [
  { format: 'CSV', label: 'CSV (one row per indicator)' },
  { format: 'STIX', label: 'STIX 2.1 bundle (JSON)' },
];

/** The format a file's name suggests: .csv is CSV, .json or .stix a STIX bundle; anything else keeps the choice. */
function formatOf(fileName: string): ExchangeFormat | null {
  const name = fileName.toLowerCase();
  if (name.endsWith('.csv')) return 'CSV';
  if (name.endsWith('.json') || name.endsWith('.stix') || name.endsWith('.stix2')) return 'STIX';
  return null;
}

const finished = (status: string) => status === 'COMPLETED' || status === 'FAILED';

const STATUS_LABELS: Record<string, string> = { QUEUED: 'Queued', RUNNING: 'Running', COMPLETED: 'Completed', FAILED: 'Failed' };

type ImportError = ImportJobDetailsFragment['errors'][number];
type SkippedObject = ImportJobDetailsFragment['skipped'][number];
type ImportJobRow = ImportJobs['importJobs']['edges'][number]['node'];

const ERROR_COLUMNS: Column<ImportError>[] = [
  { id: 'where', header: 'Where', className: 'nowrap', cell: (e) => e.where },
  { id: 'message', header: 'Problem', cell: (e) => e.message },
];

const SKIPPED_COLUMNS: Column<SkippedObject>[] = [
  { id: 'type', header: 'Type', sortValue: (o) => o.type, cell: (o) => o.type },
  { id: 'id', header: 'Id', cell: (o) => <code>{o.id}</code> },
  { id: 'reason', header: 'Why', cell: (o) => o.reason },
];

/** The recent imports; a file's name opens its job. */
const jobColumns = (open: (id: string) => void): Column<ImportJobRow>[] => [
  { id: 'fileName', header: 'File', sortValue: (j) => j.fileName, cell: (j) => (
    <>
      <Button variant="link" onClick={() => open(j.id)}>{j.fileName}</Button>
      <div className="hint">{formatBytes(j.sizeBytes)}</div>
    </>
  ) },
  { id: 'format', header: 'Format', cell: (j) => j.format },
  { id: 'status', header: 'Status', cell: (j) => <span className={`badge import-${j.status.toLowerCase()}`}>{STATUS_LABELS[j.status] ?? j.status}</span> },
  { id: 'created', header: 'Created', className: 'num', sortValue: (j) => j.reportsCreated, cell: (j) => j.reportsCreated },
  { id: 'already', header: 'Already imported', className: 'num', cell: (j) => j.reportsAlreadyImported },
  { id: 'indicators', header: 'Indicators', className: 'num', sortValue: (j) => j.indicatorsCreated, cell: (j) => j.indicatorsCreated },
  { id: 'errors', header: 'Errors', className: 'num', sortValue: (j) => j.errorCount, cell: (j) => j.errorCount },
  { id: 'createdAt', header: 'Started', className: 'nowrap', sortValue: (j) => j.createdAt, cell: (j) => formatDateTime(j.createdAt) },
];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Sends the file as the raw body of POST /imports, so a file of any size streams to the API
 * instead of being read into memory and base64-encoded; answers the queued job's id.
 */
async function upload(file: File, format: ExchangeFormat): Promise<string> {
  const query = new URLSearchParams({ format, fileName: file.name });
  return (await postToApi<{ id: string }>(`/imports?${query}`, file)).id;
}

/** What the job is doing, in words: "checking …" while it reads, "writing n of N" while it writes. */
function phaseText(job: ImportJobDetailsFragment): string {
  if (job.status === 'QUEUED') return 'Waiting for a worker…';
  if (job.status === 'COMPLETED') return 'Done';
  if (job.status === 'FAILED') return 'Refused: nothing was written';
  if (job.phase === 'APPLY') return `writing ${job.reportsDone} of ${job.reportsTotal ?? '?'}`;
  // the API may count the reports read only once it has checked them all
  return job.reportsRead > 0 ? `checking … ${plural(job.reportsRead, 'report')} read` : 'checking …';
}

/** A running job's progress bar, then what it added or why it refused the file. */
function ImportJobView({ job }: { job: ImportJobDetailsFragment }) {
  const percent = Math.round(job.progress * 100);
  return (
    <section aria-label="Import progress" className="panel import-job" aria-busy={!finished(job.status)}>
      <h2>{job.fileName} <span className="hint">({job.format}, {formatBytes(job.sizeBytes)})</span></h2>
      <div className="progress-line">
        <progress max={1} value={job.progress} aria-label="Import progress">{percent} %</progress>
        <span className="percent">{percent} %</span>
        <span role="status" className="phase">{phaseText(job)}</span>
      </div>

      {job.status === 'COMPLETED' && (
        <dl className="facts import-counts" aria-label="Import result">
          <dt>Reports created</dt><dd>{job.reportsCreated}</dd>
          <dt>Already imported</dt><dd>{job.reportsAlreadyImported}</dd>
          <dt>Indicators created</dt><dd>{job.indicatorsCreated}</dd>
        </dl>
      )}
      {job.status === 'COMPLETED' && job.reportsCreated > 0 && (
        <p><Link to="/intel?mine=1">See your organisation’s reports</Link></p>
      )}

      {job.status === 'FAILED' && (
        <div className="import-errors">
          <p role="alert" className="form-error">
            {job.errorCount === 1 ? 'The file has 1 error' : `The file has ${job.errorCount} errors`}; nothing of it was imported. Correct the file and import it again.
            {job.errorCount > job.errors.length && ` The first ${job.errors.length} are listed.`}
          </p>
          <DataTable label="Import errors" columns={ERROR_COLUMNS} rows={job.errors} rowKey={(_, n) => String(n)} empty={null} />
        </div>
      )}

      {job.skipped.length > 0 && (
        <details className="skipped">
          <summary>{plural(job.skipped.length, 'STIX object')} read but not imported</summary>
          <DataTable label="Skipped STIX objects" columns={SKIPPED_COLUMNS} rows={job.skipped} rowKey={(o) => o.id} />
        </details>
      )}
    </section>
  );
}

/** Follows a job with `node(id)` every half second until it completes or fails. */
function useImportJob(id: string | null) {
  const { data, error, startPolling, stopPolling, refetch } = useQuery(ImportJobQuery, {
    variables: { id: id ?? '' },
    skip: !id,
    fetchPolicy: 'network-only',
    pollInterval: POLL_MS,
    notifyOnNetworkStatusChange: false,
  });
  const job = data?.node?.__typename === 'ImportJob' ? data.node : null;
  const done = job ? finished(job.status) : false;
  useEffect(() => {
    if (!id) return;
    if (done) {
      stopPolling();
      // the recent-imports list may have brought the final status before this query brought the
      // final details (errors, counts) into the shared cache: read the job once more
      void refetch();
    } else startPolling(POLL_MS);
  }, [id, done, startPolling, stopPolling, refetch]);
  return { job, error, done, refetch };
}

/** /intel/import — a member imports a CSV or STIX file and follows it; its recent imports below. */
export function ImportPage() {
  const [format, setFormat] = useState<ExchangeFormat>('CSV');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [jobId, setJobId] = useState<string | null>(null);
  const { job, error: jobError, done } = useImportJob(jobId);
  const jobs = useQuery(ImportJobsQuery, { fetchPolicy: 'cache-and-network' });

  // the list shows the new job as queued, then as finished
  const { refetch: refetchJobs } = jobs;
  useEffect(() => {
    if (jobId) void refetchJobs();
  }, [jobId, done, refetchJobs]);

  const choose = (chosen: File | undefined) => {
    setFile(chosen ?? null);
    setError(undefined);
    const guessed = chosen ? formatOf(chosen.name) : null;
    if (guessed) setFormat(guessed);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (!file) {
      setError(new HttpApiError('BAD_USER_INPUT', 'Choose a file to import', 'file'));
      return;
    }
    setBusy(true);
    // the previous job's result would read as this file's while it uploads
    setJobId(null);
    try {
      setJobId(await upload(file, format));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const errors = placeErrors(error, ['file', 'format']);
  return (
    <main>
      <p className="crumbs"><Link to="/intel">Intelligence</Link> › Import</p>
      <h1>Import intelligence</h1>
      <p>
        A CSV file (one row per indicator) or a STIX 2.1 bundle becomes published reports of your organisation.
        The whole file is checked first: when any row is wrong nothing is written, and the errors are listed by line.
        Reports keep their source id, so importing the same file again adds nothing.
      </p>
      <form onSubmit={submit} aria-label="Import a file" className="panel stack import-form" noValidate>
        <Field label="File" name="file" errors={errors} hint="Any size; it is sent as it is and checked on the server">
          <input type="file" accept=".csv,.json,.stix,text/csv,application/json" onChange={(e) => choose(e.target.files?.[0])} />
        </Field>
        <Field label="Format" name="format" errors={errors} hint="Guessed from the file name">
          <select value={format} onChange={(e) => setFormat(e.target.value as ExchangeFormat)}>
            {FORMATS.map((f) => <option key={f.format} value={f.format}>{f.label}</option>)}
          </select>
        </Field>
        <FormAlert message={errors.form} />
        <div className="actions">
          <Button type="submit" busy={busy} busyLabel="Uploading…" disabled={jobId !== null && !done}>Import</Button>
          {file && <span className="hint">{file.name} · {formatBytes(file.size)}</span>}
        </div>
      </form>

      {jobError && <p role="alert" className="form-error">{jobError.message}</p>}
      {job && <ImportJobView job={job} />}

      <section aria-label="Recent imports">
        <h2>Recent imports</h2>
        {jobs.data && jobs.data.importJobs.totalCount > jobs.data.importJobs.edges.length && (
          <p className="count">{plural(jobs.data.importJobs.totalCount, 'import')} in all; the {jobs.data.importJobs.edges.length} most recent:</p>
        )}
        <DataTable label="Recent imports" columns={jobColumns(setJobId)} rows={jobs.data?.importJobs.edges.map((e) => e.node)} rowKey={(j) => j.id}
          loading={jobs.loading} error={jobs.error} empty={<p>No import yet.</p>} />
      </section>
    </main>
  );
}
