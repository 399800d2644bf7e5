import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { CorrelationPageQuery, IndicatorType } from '../gql/graphql';
import { Button, type ButtonVariant } from '../ui/Button';
import { DataTable, type Column } from '../ui/DataTable';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { INDICATOR_TYPES, indicatorTypeLabel } from './labels';

const CorrelationPageQuery = graphql(`
  query CorrelationPage($overAfter: String, $exclusionsAfter: String) {
    alliance { id correlationLimit }
    overCorrelatingKeys(first: 100, after: $overAfter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { type key reports organisations networks } }
    }
    correlationExclusions(first: 100, after: $exclusionsAfter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { type key reason decision decidedAt reportCount } }
    }
  }
`);

const SetCorrelationLimit = graphql(`
  mutation SetCorrelationLimit($input: SetCorrelationLimitInput!) {
    setCorrelationLimit(input: $input)
  }
`);

const ConfirmCorrelationKey = graphql(`
  mutation ConfirmCorrelationKey($input: CorrelationKeyDecisionInput!) {
    confirmCorrelationKey(input: $input) { type key decision reportCount }
  }
`);

const ExcludeCorrelationKey = graphql(`
  mutation ExcludeCorrelationKey($input: ExcludeCorrelationKeyInput!) {
    excludeCorrelationKey(input: $input) { type key decision reportCount }
  }
`);

const RemoveCorrelationExclusion = graphql(`
  mutation RemoveCorrelationExclusion($input: CorrelationKeyDecisionInput!) {
    removeCorrelationExclusion(input: $input) { type key decision reportCount }
  }
`);

type OverKey = CorrelationPageQuery['overCorrelatingKeys']['edges'][number]['node'];
type Exclusion = CorrelationPageQuery['correlationExclusions']['edges'][number]['node'];

// every decision re-links networks: the page reads the lists again once it is made
const REFETCH = { refetchQueries: ['CorrelationPage'], awaitRefetchQueries: true };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The over-correlation limit: the API judges the number and its message shows at the field. */
function LimitForm({ limit }: { limit: number }) {
  const [value, setValue] = useState(String(limit));
  const [saved, setSaved] = useState<number>();
  const [empty, setEmpty] = useState<string>();
  const [save, { loading, error, reset }] = useMutation(SetCorrelationLimit, REFETCH);
  const errors = placeErrors(error, ['limit']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(undefined);
    reset();
    if (value.trim() === '') {
      setEmpty('Enter the number of reports, 2–100,000');
      return;
    }
    setEmpty(undefined);
    const data = await attempt(save({ variables: { input: { limit: Number(value) } } }));
    if (data) {
      setValue(String(data.setCorrelationLimit));
      setSaved(data.setCorrelationLimit);
    }
  };

  // noValidate: the API is the one judge of the number
  return (
    <form onSubmit={submit} aria-label="Over-correlation limit" className="limit-form" noValidate>
      <Field label="Over-correlation limit (reports)" error={empty ?? errors.byField.limit}
        hint="A key held by more published reports than this stops linking them until a coordinator confirms or excludes it: 2–100,000">
        <input type="number" inputMode="numeric" min={2} max={100000} step={1} value={value}
          onChange={(e) => { setValue(e.target.value); setSaved(undefined); setEmpty(undefined); }} />
      </Field>
      <FormAlert message={errors.form} />
      <div className="actions">
        <Button type="submit" busy={loading} busyLabel="Saving…">Save limit</Button>
        {saved !== undefined && <span role="status" className="ok">The limit is now {saved}.</span>}
      </div>
    </form>
  );
}

/**
 * A decision on one key with a written reason: one or more buttons (confirm, exclude, remove), the
 * API's `reason` message under the text box and anything else in an alert.
 */
function DecisionForm({ label, actions }: {
  label: string;
  actions: { label: string; variant?: ButtonVariant; run: (reason: string) => Promise<unknown> }[];
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const errors = placeErrors(error, ['reason']);

  const decide = async (run: (reason: string) => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      // once decided, the row leaves the list (and this form with it)
      await run(reason.trim());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form aria-label={label} className="decision key-decision" onSubmit={(e) => e.preventDefault()}>
      <Field label="Reason" name="reason" errors={errors} hint="Required; kept in the audit log">
        <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <FormAlert message={errors.form} />
      <div className="actions">
        {actions.map((a) => (
          <Button key={a.label} variant={a.variant} busy={busy} onClick={() => decide(a.run)}>{a.label}</Button>
        ))}
      </div>
    </form>
  );
}

/** The type and key of a correlation key, the first two columns of both tables. */
function keyColumns<K extends { type: IndicatorType; key: string }>(): Column<K>[] {
  return [
    { id: 'type', header: 'Type', sortValue: (k) => indicatorTypeLabel(k.type), cell: (k) => indicatorTypeLabel(k.type) },
    { id: 'key', header: 'Key', className: 'key', sortValue: (k) => k.key, cell: (k) => <code>{k.key}</code> },
  ];
}

function OverCorrelatingTable({ keys, limit }: { keys: readonly OverKey[]; limit: number }) {
  const [confirm] = useMutation(ConfirmCorrelationKey, REFETCH);
  const [exclude] = useMutation(ExcludeCorrelationKey, REFETCH);
  if (keys.length === 0) return <p>No key links more than {plural(limit, 'report')}.</p>;
  const columns: Column<OverKey>[] = [
    ...keyColumns<OverKey>(),
    { id: 'reports', header: 'Reports', className: 'num', sortValue: (k) => k.reports, cell: (k) => k.reports },
    { id: 'organisations', header: 'Organisations', className: 'num', sortValue: (k) => k.organisations, cell: (k) => k.organisations },
    { id: 'networks', header: 'Networks', className: 'num', sortValue: (k) => k.networks, cell: (k) => k.networks },
    { id: 'decision', header: 'Decision', cell: (k) => (
      <DecisionForm
        label={`Decide on ${indicatorTypeLabel(k.type)} ${k.key}`}
        actions={[
          { label: 'Confirm', run: (reason) => confirm({ variables: { input: { type: k.type, key: k.key, reason } } }) },
          { label: 'Exclude', variant: 'danger', run: (reason) => exclude({ variables: { input: { type: k.type, value: k.key, reason } } }) },
        ]}
      />
    ) },
  ];
  return (
    <DataTable label="Over-correlating keys" className="correlation-keys" columns={columns} rows={keys} rowKey={(k) => `${k.type}:${k.key}`} />
  );
}

/** Rows shown before "Show all": the seeded list alone is some eighty keys. */
const FIRST_ROWS = 25;

/** The exclusions loaded so far (pages of 100, "Load more" for the next): filtered and sorted here. */
function ExclusionTable({ exclusions, total, onMore }: { exclusions: readonly Exclusion[]; total: number; onMore?: () => void }) {
  const [remove] = useMutation(RemoveCorrelationExclusion, REFETCH);
  const [filter, setFilter] = useState('');
  const [all, setAll] = useState(false);
  const needle = filter.trim().toLowerCase();
  const matching = needle ? exclusions.filter((x) => x.key.toLowerCase().includes(needle) || indicatorTypeLabel(x.type).toLowerCase().includes(needle)) : exclusions;
  // the coordinators' own decisions first, newest first; the seeded list after them
  const sorted = [...matching].sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''));
  const shown = all ? sorted : sorted.slice(0, FIRST_ROWS);
  const columns: Column<Exclusion>[] = [
    ...keyColumns<Exclusion>(),
    { id: 'reason', header: 'Reason', cell: (x) => x.reason ?? '—' },
    { id: 'reports', header: 'Reports', className: 'num', sortValue: (x) => x.reportCount, cell: (x) => x.reportCount },
    { id: 'decidedAt', header: 'Decided', className: 'nowrap', cell: (x) => formatDateTime(x.decidedAt) || '—' },
    { id: 'actions', header: <span className="sr-only">Actions</span>, cell: (x) => (
      <details className="editor">
        <summary>Remove…</summary>
        <DecisionForm
          label={`Remove the exclusion of ${indicatorTypeLabel(x.type)} ${x.key}`}
          actions={[{ label: 'Remove', variant: 'danger', run: (reason) => remove({ variables: { input: { type: x.type, key: x.key, reason } } }) }]}
        />
      </details>
    ) },
  ];
  return (
    <>
      <div className="filters exclusion-filter">
        <Field label="Filter the exclusions" hint="Part of a key or a type">
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </Field>
      </div>
      <p className="count" aria-live="polite">
        {plural(total, 'excluded key')}{shown.length < total && `, ${shown.length} shown`}
      </p>
      {shown.length > 0 && <DataTable label="Excluded keys" className="correlation-keys" columns={columns} rows={shown} rowKey={(x) => `${x.type}:${x.key}`} />}
      {shown.length < sorted.length && (
        <p><Button variant="secondary" onClick={() => setAll(true)}>Show all {sorted.length}</Button></p>
      )}
      {all && onMore && (
        <p><Button variant="secondary" onClick={onMore}>Load more ({exclusions.length} of {total} loaded)</Button></p>
      )}
    </>
  );
}

const EXCLUDE_FIELDS = ['type', 'value', 'reason'];

/** Exclude a value nobody's report is over the limit with yet (a marketplace's service number, a hub's address). */
function ExcludeValueForm() {
  const [type, setType] = useState<IndicatorType>('PHONE');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string>();
  const [exclude, { loading, error, reset }] = useMutation(ExcludeCorrelationKey, REFETCH);
  const errors = placeErrors(error, EXCLUDE_FIELDS);
  const example = INDICATOR_TYPES.find((t) => t.type === type)?.example;
  const statusId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    reset();
    const data = await attempt(exclude({ variables: { input: { type, value, reason: reason.trim() } } }));
    if (data) {
      const k = data.excludeCorrelationKey;
      setDone(`Excluded ${indicatorTypeLabel(k.type)} ${k.key}: it no longer links its ${plural(k.reportCount, 'report')}.`);
      setValue('');
      setReason('');
    }
  };

  return (
    <form onSubmit={submit} aria-label="Exclude a value" className="panel stack-form exclude-form" noValidate aria-describedby={done ? statusId : undefined}>
      <h3>Exclude a value</h3>
      <p className="hint">The value is normalised as an indicator is; it stays searchable and visible in its reports, but links none of them.</p>
      <div className="exclude-grid">
        <Field label="Indicator type" name="type" errors={errors}>
          <select value={type} onChange={(e) => setType(e.target.value as IndicatorType)}>
            {INDICATOR_TYPES.map((t) => <option key={t.type} value={t.type}>{t.label}</option>)}
          </select>
        </Field>
        <Field label="Value" name="value" errors={errors} hint={example ? `For example ${example}` : undefined}>
          <input value={value} onChange={(e) => setValue(e.target.value)} />
        </Field>
      </div>
      <Field label="Why exclude it?" name="reason" errors={errors} hint="Required; kept in the audit log">
        <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <FormAlert message={errors.form} />
      <div className="actions">
        <Button type="submit" variant="danger" busy={loading} busyLabel="Excluding…">Exclude</Button>
        {done && <span id={statusId} role="status" className="ok">{done}</span>}
      </div>
    </form>
  );
}

/**
 * /intel/correlation — the coordinators' correlation controls: the over-correlation limit, the keys
 * over it (confirm or exclude), and the exclusion list.
 */
export function CorrelationPage() {
  const { data, loading, error, fetchMore } = useQuery(CorrelationPageQuery, { fetchPolicy: 'cache-and-network' });
  if (loading && !data) return <main><p>Loading…</p></main>;
  if (!data) return <main><p role="alert">{error?.message ?? 'Could not load the correlation settings.'}</p></main>;
  const limit = data.alliance.correlationLimit;
  const over = data.overCorrelatingKeys;
  const exclusions = data.correlationExclusions;
  return (
    <main className="wide">
      <p className="crumbs"><Link to="/intel">Intelligence</Link> › Correlation</p>
      <h1>Correlation</h1>
      <p>
        Reports that share an indicator’s key are linked into one network. A value that many unrelated
        parties share (a marketplace’s service number, a logistics hub’s address) would link them
        falsely: exclude it, or confirm that it really is one actor’s.
      </p>
      <section aria-label="Limit" className="panel">
        <h2>Over-correlation limit</h2>
        <LimitForm limit={limit} />
      </section>
      <section aria-label="Over-correlating keys">
        <h2>Over-correlating keys ({over.totalCount})</h2>
        <p className="hint">These keys are in more than {plural(limit, 'report')} and link none of them until you decide. Confirming one merges the networks it touches; excluding it keeps them apart for good.</p>
        <OverCorrelatingTable keys={over.edges.map((e) => e.node)} limit={limit} />
        {over.pageInfo.hasNextPage && (
          <p><Button variant="secondary" disabled={loading}
            onClick={() => fetchMore({ variables: { overAfter: over.pageInfo.endCursor } })}>Load more ({over.edges.length} of {over.totalCount} shown)</Button></p>
        )}
      </section>
      <section aria-label="Exclusions">
        <h2>Exclusions</h2>
        <ExcludeValueForm />
        <ExclusionTable exclusions={exclusions.edges.map((e) => e.node)} total={exclusions.totalCount}
          onMore={exclusions.pageInfo.hasNextPage ? () => void fetchMore({ variables: { exclusionsAfter: exclusions.pageInfo.endCursor } }) : undefined} />
      </section>
    </main>
  );
}
