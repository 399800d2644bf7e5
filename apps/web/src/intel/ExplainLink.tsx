import { useLazyQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Button } from '../ui/Button';
import { placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { graphql } from '../gql';
import { indicatorTypeLabel } from './labels';

const ExplainLinkQuery = graphql(`
  query ExplainLink($from: ID!, $to: ID!) {
    explainLink(fromReportId: $from, toReportId: $to) {
      steps { viaType viaKey values linkValues { value derivation explanation } report { id title } }
    }
  }
`);

const FIELDS = ['fromReportId', 'toReportId'];

/**
 * Why two reports of a network are linked: the chain of reports between them, each joined to the
 * previous one by a shared key. A report on the way that the caller may not see stays anonymous,
 * and so do its values. A key derived from a value of another type says so ("linked through the
 * domain of this URL"), in the API's words.
 */
export function ExplainLink({ reports }: { reports: readonly { id: string; title: string }[] }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [explain, { data, loading, error, called }] = useLazyQuery(ExplainLinkQuery, { fetchPolicy: 'network-only' });
  const errors = placeErrors(error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty: Record<string, string> = {};
    if (!from) empty.fromReportId = 'Choose a report';
    if (!to) empty.toReportId = 'Choose a report';
    setMissing(empty);
    if (Object.keys(empty).length) return;
    void explain({ variables: { from, to } }).catch(() => undefined);
  };

  const steps = data?.explainLink?.steps;
  const options = reports.map((r) => <option key={r.id} value={r.id}>{r.title}</option>);
  return (
    <section aria-label="Explain a link" className="panel">
      <h2>Why are two reports linked?</h2>
      <form onSubmit={submit} aria-label="Explain a link" className="explain-form" noValidate>
        <Field label="From report" error={missing.fromReportId ?? errors.byField.fromReportId}>
          <select value={from} onChange={(e) => setFrom(e.target.value)}>
            <option value="">Choose a report</option>
            {options}
          </select>
        </Field>
        <Field label="To report" error={missing.toReportId ?? errors.byField.toReportId}>
          <select value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">Choose a report</option>
            {options}
          </select>
        </Field>
        <FormAlert message={errors.form} />
        <div><Button type="submit" busy={loading} busyLabel="Explaining…">Explain the link</Button></div>
      </form>
      {called && !loading && !error && data && (steps ? (
        <ol className="link-chain" aria-label="Link chain">
          {steps.map((s, n) => {
            const own = [...new Set(s.linkValues.filter((v) => !v.derivation).map((v) => v.value))];
            const derived = s.linkValues.filter((v) => v.derivation);
            return (
            <li key={n} className="link-step">
              {n > 0 && s.viaType && (
                <div className="via">
                  linked by <span className="badge">{indicatorTypeLabel(s.viaType)}</span> <code>{s.viaKey}</code>
                  {own.length > 0 && <span className="hint"> · as written: {own.join(' · ')}</span>}
                  {derived.map((v, i) => (
                    <div key={i} className="hint derived">{v.explanation}: <span className="value">{v.value}</span></div>
                  ))}
                </div>
              )}
              <div className="step-report">
                {s.report
                  ? <Link to={`/intel/${encodeURIComponent(s.report.id)}`}>{s.report.title}</Link>
                  : <em>a report you may not see</em>}
              </div>
            </li>
            );
          })}
        </ol>
      ) : <p role="status">These reports are not linked.</p>)}
    </section>
  );
}
