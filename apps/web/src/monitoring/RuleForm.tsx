import { useState, type FormEvent } from 'react';
import { formatDateTime } from '../common/format';
import { formatMoney } from '../enforcement/labels';
import type { MonitoringRuleKind } from '../gql/graphql';
import { Button } from '../ui/Button';
import { DataTable, type Column } from '../ui/DataTable';
import { placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { RULE_KIND_HINTS, RULE_KIND_LABELS, RULE_KINDS } from './labels';
import {
  DEFAULT_MAX_DISTANCE, IMAGE_TYPES, keptTerms, MAX_DISTANCE, MAX_REFERENCE_IMAGES, readPicture, readRuleDraft,
  type RuleDraft, type RuleField, type RuleFields, type RuleImage,
} from './ruleForm';

/** A listing a preview shows (`MonitoringRulePreview.listings`). */
export interface PreviewListing {
  marketplaceId: string;
  listingId: string;
  url: string;
  title: string;
  price: { amount: string; currency: string } | null;
  storeId: string | null;
  storeName: string | null;
  firstSeenAt: string;
}

export interface PreviewResult {
  since: string;
  matched: number;
  listings: readonly PreviewListing[];
}

/** API fields the form shows messages for; `floor` (no floor at all) goes to the amount. */
const FIELDS = ['kind', 'name', 'terms', 'excludedTerms', 'floor.amountMinor', 'floor.currency', 'floor', 'images', 'maxDistance'];

/**
 * A brand's monitoring rule, new or edited: its kind and the kind's fields, checked as typed
 * (ruleForm.ts) and again by the API, whose refusals land on the field they name. "Preview" asks
 * the API what the rule as it stands would have matched in the last 30 days, nothing kept; the
 * preview says when the form changed since. Analysts preview; admins also save.
 */
export function RuleForm({ label, initial, editing = false, canSave, marketplaceName, onPreview, onSave, onCancel }: {
  label: string;
  initial: RuleDraft;
  editing?: boolean;
  canSave: boolean;
  marketplaceName: (id: string) => string;
  onPreview: (fields: RuleFields) => Promise<PreviewResult>;
  onSave: (fields: RuleFields) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState<RuleDraft>(initial);
  const [checked, setChecked] = useState<Partial<Record<RuleField, string>>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [preview, setPreview] = useState<{ of: RuleDraft; result: PreviewResult } | null>(null);
  const placed = placeErrors(error, FIELDS);
  const messageOf = (field: RuleField) => checked[field] ?? placed.byField[field] ?? (field === 'floor.amountMinor' ? placed.byField.floor : undefined);

  const change = (patch: Partial<RuleDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    // a field changed: its message (the form's or the API's) no longer applies
    setChecked((c) => {
      const next = { ...c };
      for (const k of Object.keys(patch)) {
        const field = k === 'floorAmount' ? 'floor.amountMinor' : k === 'floorCurrency' ? 'floor.currency' : k;
        delete next[field as RuleField];
      }
      return next;
    });
  };

  const run = async (what: 'preview' | 'save') => {
    setError(undefined);
    const read = readRuleDraft(draft);
    setChecked(read.errors ?? {});
    if (!read.fields) return;
    setBusy(what);
    try {
      if (what === 'preview') setPreview({ of: draft, result: await onPreview(read.fields) });
      else await onSave(read.fields);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canSave) void run('save');
  };

  const choosePictures = async (files: FileList | null) => {
    if (!files?.length) return;
    const read = await Promise.all(Array.from(files).map(readPicture));
    change({ images: [...draft.images, ...read] });
  };

  const kind = draft.kind;
  const kept = keptTerms(draft.terms);
  return (
    <form onSubmit={submit} aria-label={label} className="panel rule-form" noValidate>
      <div className="grid-2">
        <Field label="Kind" name="kind" errors={placed}>
          <select value={kind} onChange={(e) => change({ kind: e.target.value as MonitoringRuleKind })}>
            {RULE_KINDS.map((k) => <option key={k} value={k}>{RULE_KIND_LABELS[k]}</option>)}
          </select>
        </Field>
        <Field label="Name" error={messageOf('name')} hint="What the rule is, e.g. “Brand names” or “Handbags”">
          <input value={draft.name} maxLength={200} onChange={(e) => change({ name: e.target.value })} />
        </Field>
      </div>
      <p className="hint">{RULE_KIND_HINTS[kind]}</p>
      {kind !== 'IMAGE' && (
        <div className="grid-2">
          <Field label={kind === 'KEYWORD' ? 'Names and variants' : 'Product line words'} error={messageOf('terms')}
            hint={`One a line (or separated by commas); whole words, case and punctuation ignored${kept.length ? `. Searched as: ${kept.join(' · ')}` : ''}`}>
            <textarea rows={4} value={draft.terms} onChange={(e) => change({ terms: e.target.value })} />
          </Field>
          <Field label="Excluded words" error={messageOf('excludedTerms')} hint="Optional: a listing with one of these is left out, e.g. “case for”, “compatible with”">
            <textarea rows={4} value={draft.excludedTerms} onChange={(e) => change({ excludedTerms: e.target.value })} />
          </Field>
        </div>
      )}
      {kind === 'PRICE_FLOOR' && (
        <>
          <div className="grid-2">
            <Field label="Floor" error={messageOf('floor.amountMinor')} hint="Listings in this currency priced below it are too cheap to be real, e.g. 200 or 199.90">
              <input inputMode="decimal" value={draft.floorAmount} onChange={(e) => change({ floorAmount: e.target.value })} />
            </Field>
            <Field label="Currency" error={messageOf('floor.currency')} hint="ISO 4217 code: CNY, USD, EUR">
              <input value={draft.floorCurrency} maxLength={3} className="currency" onChange={(e) => change({ floorCurrency: e.target.value })} />
            </Field>
          </div>
          <p className="hint">A floor is absolute, in one currency. Relative to the market needs no rule: a listing priced below half the median of the brand’s listings in its currency (once there are 5 of them) alerts on its own.</p>
        </>
      )}
      {kind === 'IMAGE' && (
        <div className="grid-2">
          <div>
            <Field label="Pictures" error={messageOf('images')}
              hint={`PNG, JPEG, WebP or GIF, 2 MiB each, at most ${MAX_REFERENCE_IMAGES}. Only their fingerprints are kept${editing ? ': choose them again to save this rule' : ''}.`}>
              <input type="file" multiple accept={IMAGE_TYPES.join(',')} onChange={(e) => { void choosePictures(e.target.files); e.target.value = ''; }} />
            </Field>
            {draft.images.length > 0 && (
              <ul className="plain pictures" aria-label="Chosen pictures">
                {draft.images.map((image: RuleImage, i) => (
                  <li key={`${image.name}-${i}`}>
                    {image.name} <span className="hint">({Math.ceil(image.size / 1024)} KiB)</span>{' '}
                    <Button variant="link" small onClick={() => change({ images: draft.images.filter((_, j) => j !== i) })}>Remove {image.name}</Button>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <Field label="Largest difference" error={messageOf('maxDistance')} hint={`Bits of 64 a listing’s picture may differ in and still match (0–${MAX_DISTANCE}, default ${DEFAULT_MAX_DISTANCE})`}>
            <input type="number" min={0} max={MAX_DISTANCE} step={1} value={draft.maxDistance} onChange={(e) => change({ maxDistance: e.target.value })} />
          </Field>
        </div>
      )}
      <FormAlert message={placed.form} />
      <div className="actions">
        <Button variant="secondary" busy={busy === 'preview'} busyLabel="Previewing…" disabled={busy === 'save'} onClick={() => void run('preview')}>Preview</Button>
        {canSave && <Button type="submit" busy={busy === 'save'} busyLabel="Saving…" disabled={busy === 'preview'}>{editing ? 'Save changes' : 'Save rule'}</Button>}
        {onCancel && <Button variant="secondary" onClick={onCancel}>Cancel</Button>}
        {!canSave && <span className="hint">Your organisation’s admins save rules; you may preview them.</span>}
      </div>
      {preview && <RulePreview result={preview.result} stale={preview.of !== draft} marketplaceName={marketplaceName} />}
    </form>
  );
}

/** What the previewed rule would have matched: how many listings, and the most recent of them. */
function RulePreview({ result, stale, marketplaceName }: { result: PreviewResult; stale: boolean; marketplaceName: (id: string) => string }) {
  const columns: Column<PreviewListing>[] = [
    { id: 'title', header: 'Listing', cell: (l) => <a href={l.url} target="_blank" rel="noreferrer noopener">{l.title}</a> },
    { id: 'marketplace', header: 'Marketplace', cell: (l) => marketplaceName(l.marketplaceId) },
    { id: 'seller', header: 'Seller', cell: (l) => l.storeName ?? l.storeId ?? '—' },
    { id: 'price', header: 'Price', className: 'num nowrap', cell: (l) => formatMoney(l.price) },
    { id: 'seen', header: 'First seen', className: 'nowrap', cell: (l) => formatDateTime(l.firstSeenAt) },
  ];
  const count = result.matched === 1 ? '1 listing' : `${result.matched} listings`;
  return (
    <section aria-label="Preview" className="rule-preview">
      <p role="status" className={stale ? 'stale' : undefined}>
        Would have matched <strong>{count}</strong> seen since {formatDateTime(result.since)}
        {result.matched > result.listings.length && ` (the ${result.listings.length} most recent below)`}.
        {stale && ' The rule changed since: preview again to see what it matches now.'}
      </p>
      {result.listings.length > 0 && (
        <DataTable label="Listings the rule would have matched" columns={columns} rows={result.listings} rowKey={(l) => `${l.marketplaceId}:${l.listingId}`} />
      )}
    </section>
  );
}
