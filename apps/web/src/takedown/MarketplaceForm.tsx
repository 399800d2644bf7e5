import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { BUILT_IN_MARKETPLACES } from '../../../../libs/takedown/src/listings';
import { graphql } from '../gql';
import type { MarketplaceAdminFragment } from '../gql/graphql';
import { Button } from '../ui/Button';
import { placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';

graphql(`
  fragment MarketplaceAdmin on Marketplace {
    id name rule domains listingTemplate storeTemplate jurisdiction abuseEmail webhookConfigured webhookUrl webhookSecret status counterNoticeDays answerDays allowsTrusted
    reviewerOrganisation { id name }
  }
`);

const CreateMarketplace = graphql(`
  mutation CreateMarketplace($input: MarketplaceInput!) {
    createMarketplace(input: $input) { ...MarketplaceAdmin }
  }
`);

const UpdateMarketplace = graphql(`
  mutation UpdateMarketplace($input: UpdateMarketplaceInput!) {
    updateMarketplace(input: $input) { ...MarketplaceAdmin }
  }
`);

const FIELDS = ['id', 'name', 'rule', 'domains', 'listingTemplate', 'storeTemplate', 'jurisdiction', 'abuseEmail', 'webhookUrl', 'reviewerOrganisationId', 'counterNoticeDays', 'answerDays', 'allowsTrusted'];

interface Values {
  name: string;
  rule: string;
  /** as typed: separated by commas, spaces or lines */
  domains: string;
  listingTemplate: string;
  storeTemplate: string;
  jurisdiction: string;
  abuseEmail: string;
  webhookUrl: string;
  reviewerOrganisationId: string;
  /** as typed; empty: the API's default */
  counterNoticeDays: string;
  answerDays: string;
  allowsTrusted: boolean;
}

function valuesOf(m?: MarketplaceAdminFragment): Values {
  return {
    name: m?.name ?? '', rule: m?.rule ?? '', domains: m?.domains.join(', ') ?? '', listingTemplate: m?.listingTemplate ?? '', storeTemplate: m?.storeTemplate ?? '',
    jurisdiction: m?.jurisdiction ?? '', abuseEmail: m?.abuseEmail ?? '', webhookUrl: m?.webhookUrl ?? '', reviewerOrganisationId: m?.reviewerOrganisation?.id ?? '',
    counterNoticeDays: m ? String(m.counterNoticeDays) : '', answerDays: m ? String(m.answerDays) : '',
    allowsTrusted: m?.allowsTrusted ?? false,
  };
}

/**
 * Adds a marketplace, or changes one: how its listing URLs are read (a built-in rule, or its
 * domains and templates), where notices go (abuse address, webhook) and whose reviewers decide
 * inside Countermark (a MARKETPLACE partner organisation). The API's errors go to their fields.
 */
export function MarketplaceForm({ marketplace, reviewers, onDone }: {
  marketplace?: MarketplaceAdminFragment;
  /** organisations whose people may review: the alliance's marketplace partners */
  reviewers: readonly { id: string; name: string }[];
  onDone: () => void;
}) {
  const [values, setValues] = useState<Values>(() => valuesOf(marketplace));
  const [create, created] = useMutation(CreateMarketplace, { refetchQueries: ['TakedownMarketplaces'] });
  const [update, updated] = useMutation(UpdateMarketplace);
  const busy = created.loading || updated.loading;
  const errors = placeErrors(marketplace ? updated.error : created.error, FIELDS);
  const set = (changes: Partial<Values>) => setValues((v) => ({ ...v, ...changes }));
  const label = marketplace ? `Edit ${marketplace.name}` : 'Add a marketplace';
  // the marketplace's own reviewers stay choosable even if its partnership has ended
  const choices = marketplace?.reviewerOrganisation && !reviewers.some((o) => o.id === marketplace.reviewerOrganisation!.id)
    ? [...reviewers, marketplace.reviewerOrganisation] : reviewers;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = {
      name: values.name,
      rule: values.rule || null,
      domains: values.rule ? [] : values.domains.split(/[\s,]+/).filter(Boolean),
      listingTemplate: values.rule ? null : values.listingTemplate.trim() || null,
      storeTemplate: values.rule ? null : values.storeTemplate.trim() || null,
      jurisdiction: values.jurisdiction,
      abuseEmail: values.abuseEmail.trim() || null,
      webhookUrl: values.webhookUrl.trim() || null,
      reviewerOrganisationId: values.reviewerOrganisationId || null,
      counterNoticeDays: values.counterNoticeDays.trim() ? Number(values.counterNoticeDays) : null,
      answerDays: values.answerDays.trim() ? Number(values.answerDays) : null,
      allowsTrusted: values.allowsTrusted,
    };
    try {
      if (marketplace) await update({ variables: { input: { ...input, id: marketplace.id } } });
      else await create({ variables: { input } });
      if (!marketplace) setValues(valuesOf());
      onDone();
    } catch {
      // shown from the mutation's error
    }
  };

  return (
    <form onSubmit={submit} aria-label={label} className="panel stack marketplace-form">
      <h2>{label}</h2>
      <div className="grid-2">
        <Field label="Name" name="name" errors={errors}>
          <input value={values.name} onChange={(e) => set({ name: e.target.value })} required maxLength={100} />
        </Field>
        <Field label="URL rule" name="rule" errors={errors} hint="A built-in rule reads the marketplace’s addresses; without one, give its domains and templates">
          <select value={values.rule} onChange={(e) => set({ rule: e.target.value })}>
            <option value="">None: domains and templates</option>
            {Object.entries(BUILT_IN_MARKETPLACES).map(([rule, m]) => <option key={rule} value={rule}>{m.name} ({rule})</option>)}
          </select>
        </Field>
      </div>
      {!values.rule && (
        <div className="grid-2">
          <Field label="Domains" name="domains" errors={errors} hint="Registrable domains, separated by commas: example.com, not www.example.com">
            <input value={values.domains} onChange={(e) => set({ domains: e.target.value })} />
          </Field>
          <Field label="Listing template" name="listingTemplate" errors={errors} hint="Where a listing id stands: /item/{id}.html or ?id={id}">
            <input value={values.listingTemplate} onChange={(e) => set({ listingTemplate: e.target.value })} maxLength={200} />
          </Field>
          <Field label="Store template" name="storeTemplate" errors={errors} hint="Optional: /shop/{id} or ?shop={id}">
            <input value={values.storeTemplate} onChange={(e) => set({ storeTemplate: e.target.value })} maxLength={200} />
          </Field>
        </div>
      )}
      <div className="grid-2">
        <Field label="Jurisdiction" name="jurisdiction" errors={errors} hint="Country code whose business days count for counter-notices (CN, US, DE; US-CA for a region)">
          <input value={values.jurisdiction} onChange={(e) => set({ jurisdiction: e.target.value })} required minLength={2} maxLength={10} />
        </Field>
        <Field label="Abuse e-mail" name="abuseEmail" errors={errors} hint="Where notices of accepted requests go">
          <input type="email" value={values.abuseEmail} onChange={(e) => set({ abuseEmail: e.target.value })} maxLength={320} />
        </Field>
        <Field label="Webhook URL" name="webhookUrl" errors={errors} hint="Optional: accepted requests are POSTed here, signed (https://…)">
          <input value={values.webhookUrl} onChange={(e) => set({ webhookUrl: e.target.value })} maxLength={2048} />
        </Field>
        <Field label="Reviewers’ organisation" name="reviewerOrganisationId" errors={errors}
          hint={choices.length ? 'Its reviewers decide inside Countermark; without one, the coordinators decide' : 'No marketplace partner yet: the coordinators decide (add one on the Partners page)'}>
          <select value={values.reviewerOrganisationId} onChange={(e) => set({ reviewerOrganisationId: e.target.value })}>
            <option value="">None: the coordinators decide</option>
            {choices.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
        </Field>
      </div>
      <div className="grid-2">
        <Field label="Seller’s counter-notice window" name="counterNoticeDays" errors={errors} hint="Business days after a removal (default 3)">
          <input type="number" min={1} max={30} step={1} value={values.counterNoticeDays} onChange={(e) => set({ counterNoticeDays: e.target.value })} />
        </Field>
        <Field label="Rights holder’s answer window" name="answerDays" errors={errors} hint="Business days after a counter-notice (default 10)">
          <input type="number" min={1} max={60} step={1} value={values.answerDays} onChange={(e) => set({ answerDays: e.target.value })} />
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={values.allowsTrusted} onChange={(e) => set({ allowsTrusted: e.target.checked })} />
        Trusted complainants’ requests skip the queue (accepted at once, audited by sampling)
      </label>
      {errors.byField.allowsTrusted && <span className="field-error">{errors.byField.allowsTrusted}</span>}
      {marketplace?.webhookSecret && (
        <p className="hint">Webhook deliveries are signed with <code>{marketplace.webhookSecret}</code> (header <code>x-countermark-signature: sha256=</code>HMAC of “timestamp.body”).</p>
      )}
      <FormAlert message={errors.form} />
      <div className="actions">
        <Button type="submit" busy={busy} busyLabel="Saving…">{marketplace ? 'Save changes' : 'Add marketplace'}</Button>
        <Button variant="secondary" onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
