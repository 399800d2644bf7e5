import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { graphql } from '../gql';
import type { EnforcementTargetKind } from '../gql/graphql';
import { Button } from '../ui/Button';
import { placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { Page } from '../ui/Page';
import { useViewer } from '../viewer/useViewer';
import { CaseAlerts, type CaseAlertData } from './CaseAlerts';
import { openedFromText, TARGET_LABELS } from './labels';

const ActiveMembersQuery = graphql(`
  query CaseActiveMembers {
    members(first: 100, filter: { statuses: [ACTIVE] }) { edges { node { id organisation { id name } } } }
  }
`);

const OpenEnforcementCaseMutation = graphql(`
  mutation OpenEnforcementCase($input: OpenEnforcementCaseInput!) {
    openEnforcementCase(input: $input) { id }
  }
`);

const CaseAlertSourcesQuery = graphql(`
  query CaseAlertSources($ids: [ID!]!) {
    nodes(ids: $ids) { __typename ... on Alert { id score brandId listing { title url storeName } } }
  }
`);

const KINDS = Object.keys(TARGET_LABELS) as EnforcementTargetKind[];
const FIELDS = ['title', 'summary', 'leadOrganisationId', 'participantOrganisationIds', 'targets', 'networkIds', 'reportIds', 'takedownIds', 'alertIds', 'brandIds'];

/**
 * /cases/new: opens a case, led by the member's own organisation (coordinators name the lead), from
 * what the address names (`?network=`, `?report=`, `?takedown=`, `?alert=`: the pages that link here
 * pass the network, report, request or monitoring alert the case is opened from; the API refuses
 * one the caller may not see). An alert is shown with its listing and score, and its brand becomes
 * one of the case's brands.
 */
export function OpenCasePage() {
  const { viewer } = useViewer();
  const coordinator = viewer?.role === 'COORDINATOR';
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const from = { networkIds: params.getAll('network'), reportIds: params.getAll('report'), takedownIds: params.getAll('takedown'), alertIds: params.getAll('alert') };
  const { data } = useQuery(ActiveMembersQuery);
  const alertSources = useQuery(CaseAlertSourcesQuery, { variables: { ids: from.alertIds }, skip: from.alertIds.length === 0 });
  const alerts = (alertSources.data?.nodes ?? []).flatMap((n) => (n?.__typename === 'Alert' ? [n as CaseAlertData] : []));
  const brandIds = [...new Set(alerts.map((a) => a.brandId))];
  // a member's own organisation leads its cases: the API leaves it out of those taking part
  const members = (data?.members.edges ?? []).flatMap((e) => (e.node.organisation ? [e.node.organisation] : []));
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [lead, setLead] = useState('');
  const [participants, setParticipants] = useState<string[]>([]);
  const [targets, setTargets] = useState<{ kind: EnforcementTargetKind; name: string }[]>([]);
  const [open, { loading, error }] = useMutation(OpenEnforcementCaseMutation, { refetchQueries: ['EnforcementCases'] });
  const errors = placeErrors(error, FIELDS);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const result = await open({
        variables: {
          input: {
            title, summary: summary.trim() || undefined, leadOrganisationId: coordinator ? lead : undefined,
            participantOrganisationIds: participants, targets: targets.filter((t) => t.name.trim()), ...from,
            ...(brandIds.length ? { brandIds } : {}),
          },
        },
      });
      if (result.data) navigate(`/cases/${encodeURIComponent(result.data.openEnforcementCase.id)}`);
    } catch {
      // shown from the hook's error
    }
  };

  const openedFrom = openedFromText(from);
  return (
    <Page title="Open an enforcement case" width="narrow-wide">
      <p className="crumbs"><Link to="/cases">Enforcement cases</Link></p>
      <form onSubmit={submit} aria-label="Open an enforcement case" className="stack">
        {openedFrom && <p>Opened from {openedFrom}.</p>}
        {alerts.length > 0 && (
          <>
            <CaseAlerts alerts={alerts} />
            <p className="hint">The alert’s brand becomes one of the case’s brands; the alert itself stays as it is in your inbox.</p>
          </>
        )}
        <Field label="Title" name="title" errors={errors}>
          <input required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field label="Summary" name="summary" errors={errors}>
          <textarea rows={4} maxLength={5000} value={summary} onChange={(e) => setSummary(e.target.value)} />
        </Field>
        {coordinator && (
          <Field label="Lead member" name="leadOrganisationId" errors={errors}>
            <select required value={lead} onChange={(e) => setLead(e.target.value)}>
              <option value="">Choose…</option>
              {members.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
            </select>
          </Field>
        )}
        <Field label="Members taking part" name="participantOrganisationIds" errors={errors} hint="Other active members (Ctrl or ⌘ to pick several)">
          <select multiple size={6} value={participants} onChange={(e) => setParticipants([...e.target.selectedOptions].map((o) => o.value))}>
            {members.filter((o) => o.id !== lead).map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
        </Field>
        <fieldset>
          <legend>Targets</legend>
          {targets.map((t, i) => (
            <div key={i} className="row">
              <Field label={`Kind of target ${i + 1}`}>
                <select value={t.kind} onChange={(e) => setTargets((all) => all.map((x, j) => (j === i ? { ...x, kind: e.target.value as EnforcementTargetKind } : x)))}>
                  {KINDS.map((k) => <option key={k} value={k}>{TARGET_LABELS[k]}</option>)}
                </select>
              </Field>
              <Field label={`Target ${i + 1}`}>
                <input maxLength={500} value={t.name} onChange={(e) => setTargets((all) => all.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
              </Field>
            </div>
          ))}
          {errors.byField.targets && <span className="field-error">{errors.byField.targets}</span>}
          <div><Button variant="secondary" small onClick={() => setTargets((all) => [...all, { kind: 'COMPANY', name: '' }])}>Add a target</Button></div>
        </fieldset>
        <FormAlert message={[errors.form, errors.byField.networkIds, errors.byField.reportIds, errors.byField.takedownIds, errors.byField.alertIds, errors.byField.brandIds].filter(Boolean).join(' ') || undefined} />
        <div><Button type="submit" busy={loading} busyLabel="Opening…">Open the case</Button></div>
      </form>
    </Page>
  );
}
