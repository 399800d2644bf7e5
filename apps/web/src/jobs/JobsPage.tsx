import { useMutation, useQuery } from '@apollo/client/react';
import { useSearchParams } from 'react-router-dom';
import { formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { JobRowFragment, JobState } from '../gql/graphql';
import { Button } from '../ui/Button';
import { DataTable, type Column } from '../ui/DataTable';
import { apiErrors } from '../ui/errors';
import { Field } from '../ui/Field';
import { Page } from '../ui/Page';

const PAGE_SIZE = 50;

graphql(`
  fragment JobRow on Job {
    id queue state subject attempts maxAttempts lastError createdAt startedAt nextAttemptAt finishedAt
  }
`);

const JobsQuery = graphql(`
  query Jobs($first: Int, $after: String, $state: JobState) {
    jobs(first: $first, after: $after, state: $state) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...JobRow } }
    }
  }
`);

const RetryJobMutation = graphql(`
  mutation RetryJob($id: ID!) {
    retryJob(id: $id) { ...JobRow }
  }
`);

const STATE_LABELS: Record<JobState, string> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  RETRY_WAITING: 'Waiting to retry',
  COMPLETED: 'Completed',
  CANCELLED: 'Cancelled',
  DEAD: 'Dead',
};

const QUEUE_LABELS: Record<string, string> = {
  'intel.import': 'Import',
  'intel.import.reap': 'Import check',
  'mail.deliver': 'E-mail',
  'mail.sweep': 'E-mail check',
};

function RetryButton({ job }: { job: JobRowFragment }) {
  const [retry, { loading, error }] = useMutation(RetryJobMutation);
  return (
    <>
      <Button small busy={loading} busyLabel="Retrying…" onClick={() => retry({ variables: { id: job.id } }).catch(() => undefined)} aria-label={`Retry ${job.subject ?? job.queue}`}>
        Retry
      </Button>
      {error && <span role="alert" className="error">{apiErrors(error)[0]?.message}</span>}
    </>
  );
}

const COLUMNS: Column<JobRowFragment>[] = [
  { id: 'queue', header: 'Work', cell: (j) => QUEUE_LABELS[j.queue] ?? j.queue, sortValue: (j) => j.queue },
  { id: 'subject', header: 'About', cell: (j) => j.subject ?? '—' },
  { id: 'state', header: 'State', cell: (j) => <span className={`job-state ${j.state.toLowerCase()}`}>{STATE_LABELS[j.state]}</span>, sortValue: (j) => j.state },
  { id: 'attempts', header: 'Attempts', cell: (j) => `${j.attempts} of ${j.maxAttempts}`, sortValue: (j) => j.attempts, className: 'num' },
  { id: 'error', header: 'Last error', cell: (j) => j.lastError ?? '—' },
  { id: 'created', header: 'Queued', cell: (j) => formatDateTime(j.createdAt), sortValue: (j) => j.createdAt },
  {
    id: 'when',
    header: 'Next attempt / finished',
    cell: (j) => (j.state === 'RETRY_WAITING' ? formatDateTime(j.nextAttemptAt) : formatDateTime(j.finishedAt) || '—'),
  },
  { id: 'action', header: <span className="sr-only">Action</span>, cell: (j) => (j.state === 'DEAD' ? <RetryButton job={j} /> : null) },
];

/** The coordinators' view of background work: what is queued, running, waiting to retry or dead, and why. */
export function JobsPage() {
  const [params, setParams] = useSearchParams();
  const state = (params.get('state') || undefined) as JobState | undefined;
  const { data, loading, error, fetchMore } = useQuery(JobsQuery, {
    variables: { first: PAGE_SIZE, state },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
    pollInterval: 10_000,
  });
  const jobs = data?.jobs;
  return (
    <Page title="Background jobs" intro="Imports and e-mails run in the background. A job that failed every attempt is dead: fix the cause (a mail server, a file) and retry it.">
      <form role="search" aria-label="Filter the jobs" className="feed-filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="State">
          <select value={state ?? ''} onChange={(e) => setParams(e.target.value ? { state: e.target.value } : {}, { replace: true })}>
            <option value="">Any</option>
            {(Object.keys(STATE_LABELS) as JobState[]).map((s) => <option key={s} value={s}>{STATE_LABELS[s]}</option>)}
          </select>
        </Field>
      </form>
      {jobs && <p className="count" aria-live="polite">{jobs.totalCount === 1 ? '1 job' : `${jobs.totalCount} jobs`}</p>}
      <DataTable label="Background jobs" columns={COLUMNS} rows={jobs?.edges.map((e) => e.node)} rowKey={(j) => j.id}
        loading={loading} error={error} empty={<p>No job{state ? ' in this state' : ''}.</p>}
        loadMore={jobs && { hasNextPage: jobs.pageInfo.hasNextPage, loading, onLoadMore: () => fetchMore({ variables: { after: jobs.pageInfo.endCursor } }) }} />
    </Page>
  );
}
