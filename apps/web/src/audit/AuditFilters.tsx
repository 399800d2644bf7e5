import { useEffect, useId, useState } from 'react';
import { Field } from '../ui/Field';

export interface AuditFilterValues {
  action: string;
  targetType: string;
  /** YYYY-MM-DD, from the start of that day (UTC) */
  since: string;
  /** YYYY-MM-DD, to the end of that day (UTC) */
  until: string;
}

/** What the audit log records changes to (the API's target types). */
export const TARGET_TYPES = [
  'Alliance', 'Membership', 'Organisation', 'Brand', 'Trademark', 'IndustryCategory', 'Partnership', 'ApiKey', 'Invitation', 'EvidenceFile', 'User',
] as const;

// the actions the API records today, offered as suggestions; the filter takes any text
const KNOWN_ACTIONS = [
  'alliance.settings_updated', 'api_key.created', 'api_key.revoked', 'brand.created', 'brand.removed', 'brand.updated',
  'category.created', 'category.merged', 'category.renamed', 'category.retired', 'file.uploaded', 'invitation.accepted',
  'invitation.resent', 'membership.active', 'membership.applied', 'membership.categories_set', 'membership.invited', 'membership.left',
  'membership.rejected', 'membership.suspended', 'membership.tier_set', 'membership.under_review', 'organisation.updated',
  'partnership.created', 'partnership.ended', 'partnership.scopes_set', 'session.started', 'trademark.added', 'trademark.rejected',
  'trademark.removed', 'trademark.updated', 'trademark.verified',
];

/** The audit log's filters; the action applies a moment after typing stops. */
export function AuditFilters({ values, onChange }: { values: AuditFilterValues; onChange: (next: Partial<AuditFilterValues>) => void }) {
  const listId = useId();
  const [action, setAction] = useState(values.action);
  const [applied, setApplied] = useState(values.action);
  if (values.action !== applied) {
    setApplied(values.action);
    setAction(values.action);
  }
  useEffect(() => {
    if (action.trim() === values.action) return;
    const timer = setTimeout(() => onChange({ action: action.trim() }), 300);
    return () => clearTimeout(timer);
  }, [action, values.action, onChange]);

  return (
    <form role="search" aria-label="Filter the audit log" className="filters top" onSubmit={(e) => { e.preventDefault(); onChange({ action: action.trim() }); }}>
      <Field label="Action" hint="Exact, e.g. category.renamed">
        <input type="search" list={listId} value={action} onChange={(e) => setAction(e.target.value)} />
      </Field>
      <datalist id={listId}>{KNOWN_ACTIONS.map((a) => <option key={a} value={a} />)}</datalist>
      <Field label="Target type">
        <select value={values.targetType} onChange={(e) => onChange({ targetType: e.target.value })}>
          <option value="">Any type</option>
          {TARGET_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      </Field>
      <Field label="From" hint="UTC day">
        <input type="date" value={values.since} max={values.until || undefined} onChange={(e) => onChange({ since: e.target.value })} />
      </Field>
      <Field label="To" hint="UTC day, included">
        <input type="date" value={values.until} min={values.since || undefined} onChange={(e) => onChange({ until: e.target.value })} />
      </Field>
    </form>
  );
}
