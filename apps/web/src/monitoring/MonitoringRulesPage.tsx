import { skipToken, useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { apolloClient } from '../common/apollo';
import { ConfirmButton } from '../common/ConfirmButton';
import { formatDateTime } from '../common/format';
import { formatMoney } from '../enforcement/labels';
import { graphql } from '../gql';
import type { MonitoringRuleRowFragment } from '../gql/graphql';
import { Button } from '../ui/Button';
import { DataTable, type Column } from '../ui/DataTable';
import { apiErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { Page } from '../ui/Page';
import { RULE_KIND_LABELS } from './labels';
import { RuleForm } from './RuleForm';
import { draftOf, EMPTY_DRAFT, type RuleFields } from './ruleForm';
import { useMonitoringSetup } from './useMonitoringSetup';

graphql(`
  fragment MonitoringRuleRow on MonitoringRule {
    id brandId kind name terms excludedTerms floor { amount amountMinor currency } imageHashes maxDistance updatedAt
  }
`);

const MonitoringRulesQuery = graphql(`
  query MonitoringRules($brandId: ID!) {
    monitoringRules(brandId: $brandId) { ...MonitoringRuleRow }
  }
`);

const MonitoringRulePreviewQuery = graphql(`
  query MonitoringRulePreview($input: CreateMonitoringRuleInput!) {
    monitoringRulePreview(input: $input) {
      since matched
      listings { marketplaceId listingId url title price { amount currency } storeId storeName firstSeenAt }
    }
  }
`);

const CreateMonitoringRuleMutation = graphql(`
  mutation CreateMonitoringRule($input: CreateMonitoringRuleInput!) {
    createMonitoringRule(input: $input) { ...MonitoringRuleRow }
  }
`);

const UpdateMonitoringRuleMutation = graphql(`
  mutation UpdateMonitoringRule($input: UpdateMonitoringRuleInput!) {
    updateMonitoringRule(input: $input) { ...MonitoringRuleRow }
  }
`);

const RemoveMonitoringRuleMutation = graphql(`
  mutation RemoveMonitoringRule($ruleId: ID!) {
    removeMonitoringRule(ruleId: $ruleId) { id }
  }
`);

const quoted = (terms: readonly string[]) => terms.map((t) => `“${t}”`).join(', ');

/** What a rule matches, in a line. */
function matches(rule: MonitoringRuleRowFragment): string {
  const excluded = rule.excludedTerms.length ? `; not with ${quoted(rule.excludedTerms)}` : '';
  if (rule.kind === 'IMAGE') {
    const n = rule.imageHashes?.length ?? 0;
    return `${n === 1 ? '1 picture' : `${n} pictures`}, within ${rule.maxDistance} bits of 64`;
  }
  if (rule.kind === 'PRICE_FLOOR') return `${quoted(rule.terms)} below ${formatMoney(rule.floor)}${excluded}`;
  return `${quoted(rule.terms)}${excluded}`;
}

/**
 * /monitoring/rules: a brand's monitoring rules (the brands the member holds), and the form that
 * adds or edits one of the three kinds, with a preview of what it would have matched in the last
 * 30 days before it is saved. Admins save and remove; analysts read and preview (the API decides).
 */
export function MonitoringRulesPage() {
  const setup = useMonitoringSetup();
  const [params, setParams] = useSearchParams();
  const brandId = params.get('brand') || setup.brands[0]?.id || '';
  const [editing, setEditing] = useState<MonitoringRuleRowFragment | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [notice, setNotice] = useState<string>();
  const [removeError, setRemoveError] = useState<string>();
  const rules = useQuery(MonitoringRulesQuery, brandId ? { variables: { brandId }, fetchPolicy: 'cache-and-network' } : skipToken);
  const [create] = useMutation(CreateMonitoringRuleMutation, { refetchQueries: ['MonitoringRules'], awaitRefetchQueries: true });
  const [update] = useMutation(UpdateMonitoringRuleMutation, { refetchQueries: ['MonitoringRules'], awaitRefetchQueries: true });
  const [remove] = useMutation(RemoveMonitoringRuleMutation, { refetchQueries: ['MonitoringRules'], awaitRefetchQueries: true });
  const admin = setup.role === 'MEMBER_ADMIN';

  if (!setup.ready && setup.loading) return <main><p>Loading…</p></main>;
  if (setup.error && !setup.ready) return <main><p role="alert">{setup.error.message}</p></main>;

  const brand = setup.brands.find((b) => b.id === brandId);
  const chooseBrand = (id: string) => {
    setParams({ brand: id }, { replace: true });
    setEditing(null);
    setNotice(undefined);
    setFormKey((k) => k + 1);
  };
  const preview = async (fields: RuleFields) => {
    const { data } = await apolloClient.query({ query: MonitoringRulePreviewQuery, variables: { input: { ...fields, brandId } }, fetchPolicy: 'no-cache' });
    return data!.monitoringRulePreview;
  };
  const save = async (fields: RuleFields) => {
    if (editing) await update({ variables: { input: { ...fields, ruleId: editing.id } } });
    else await create({ variables: { input: { ...fields, brandId } } });
    setNotice(`Saved the rule “${fields.name}”: listings arriving from now on are matched against it.`);
    setEditing(null);
    setFormKey((k) => k + 1);
  };
  const removeRule = async (rule: MonitoringRuleRowFragment) => {
    setRemoveError(undefined);
    try {
      await remove({ variables: { ruleId: rule.id } });
      setNotice(`Removed the rule “${rule.name}”; its alerts stay.`);
      if (editing?.id === rule.id) {
        setEditing(null);
        setFormKey((k) => k + 1);
      }
    } catch (e) {
      setRemoveError(apiErrors(e).map((x) => x.message).join(' '));
    }
  };

  const columns: Column<MonitoringRuleRowFragment>[] = [
    { id: 'name', header: 'Name', cell: (r) => r.name, sortValue: (r) => r.name },
    { id: 'kind', header: 'Kind', cell: (r) => RULE_KIND_LABELS[r.kind], sortValue: (r) => RULE_KIND_LABELS[r.kind] },
    { id: 'matches', header: 'Matches', cell: matches },
    { id: 'updated', header: 'Updated', className: 'nowrap', cell: (r) => formatDateTime(r.updatedAt), sortValue: (r) => r.updatedAt },
    ...(admin ? [{
      id: 'actions', header: <span className="sr-only">Actions</span>,
      cell: (r: MonitoringRuleRowFragment) => (
        <div className="actions">
          <Button variant="secondary" small aria-label={`Edit ${r.name}`} onClick={() => { setEditing(r); setNotice(undefined); setFormKey((k) => k + 1); }}>Edit</Button>
          <ConfirmButton action="Remove" small question={`Remove “${r.name}”? New listings are no longer matched against it; its alerts stay.`} onConfirm={() => removeRule(r)} />
        </div>
      ),
    }] : []),
  ];

  return (
    <Page title="Monitoring rules" width="wide"
      intro="What the alliance’s listing feed is matched against for each of your brands. A listing concerns a brand when a keyword or picture rule matches it; price floors and the seller’s record then add to its score."
      actions={<Link className="button secondary" to="/monitoring/alerts">Alerts</Link>}>
      {setup.brands.length === 0 ? <p>Your organisation has no brand registered: add one first.</p> : (
        <>
          <form role="search" aria-label="Choose a brand" className="feed-filters" onSubmit={(e) => e.preventDefault()}>
            <Field label="Brand">
              <select value={brandId} onChange={(e) => chooseBrand(e.target.value)}>
                {setup.brands.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
              </select>
            </Field>
          </form>
          {notice && <p role="status" className="ok">{notice}</p>}
          <FormAlert message={removeError} />
          <section aria-label={`Rules of ${brand?.name ?? 'the brand'}`}>
            <h2>Rules of {brand?.name ?? 'the brand'}</h2>
            <DataTable label="Monitoring rules" columns={columns} rows={rules.data?.monitoringRules} rowKey={(r) => r.id}
              loading={rules.loading} error={rules.error} empty={<p>No rule yet: listings are not matched to this brand.</p>} />
          </section>
          <section aria-label={editing ? `Edit ${editing.name}` : 'New rule'} className="stack">
            <h2>{editing ? `Edit “${editing.name}”` : 'New rule'}</h2>
            <RuleForm key={`${brandId}-${editing?.id ?? 'new'}-${formKey}`} label={editing ? `Edit ${editing.name}` : 'New rule'}
              initial={editing ? draftOf(editing) : EMPTY_DRAFT} editing={Boolean(editing)} canSave={admin}
              marketplaceName={setup.marketplaceName} onPreview={preview} onSave={save}
              onCancel={editing ? () => { setEditing(null); setFormKey((k) => k + 1); } : undefined} />
          </section>
        </>
      )}
    </Page>
  );
}
