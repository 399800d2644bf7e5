import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { CountrySelect } from '../common/CountrySelect';
import { Button } from '../ui/Button';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { SHARING_LEVEL_ORDER, sharingLevelLabel, sharingLevelMeaning } from '../common/format';
import { graphql } from '../gql';
import type { AllianceSettingsFragment, SharingLevel } from '../gql/graphql';

graphql(`
  fragment AllianceSettings on Alliance {
    id name homeCountry takedownSlaHours defaultSharingLevel derivedKeys
  }
`);

const AllianceSettingsQuery = graphql(`
  query AllianceSettingsPage {
    alliance { ...AllianceSettings }
  }
`);

const UpdateAllianceSettings = graphql(`
  mutation UpdateAllianceSettings($input: UpdateAllianceSettingsInput!) {
    updateAllianceSettings(input: $input) { ...AllianceSettings }
  }
`);

const FIELDS = ['name', 'homeCountry', 'takedownSlaHours', 'defaultSharingLevel', 'derivedKeys'];

interface Values {
  name: string;
  homeCountry: string;
  /** as typed, so a half-typed number is not lost */
  takedownSlaHours: string;
  defaultSharingLevel: SharingLevel;
  derivedKeys: boolean;
}

const valuesOf = (a: AllianceSettingsFragment): Values => ({
  name: a.name,
  homeCountry: a.homeCountry,
  takedownSlaHours: String(a.takedownSlaHours),
  defaultSharingLevel: a.defaultSharingLevel,
  derivedKeys: a.derivedKeys,
});

function SettingsForm({ alliance }: { alliance: AllianceSettingsFragment }) {
  const [form, setForm] = useState<Values>(() => valuesOf(alliance));
  const [saved, setSaved] = useState(false);
  const [empty, setEmpty] = useState<string>();
  const [update, { loading, error, reset }] = useMutation(UpdateAllianceSettings);
  const errors = placeErrors(error, FIELDS);
  const set = (changes: Partial<Values>) => {
    setForm((f) => ({ ...f, ...changes }));
    setSaved(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    reset();
    // an empty box would send nothing and silently keep the old value; say so instead
    if (form.takedownSlaHours.trim() === '') {
      setEmpty('Enter the number of hours, 1–720');
      return;
    }
    setEmpty(undefined);
    const input = {
      name: form.name,
      homeCountry: form.homeCountry,
      takedownSlaHours: Number(form.takedownSlaHours),
      defaultSharingLevel: form.defaultSharingLevel,
      derivedKeys: form.derivedKeys,
    };
    const data = await attempt(update({ variables: { input } }));
    if (data) {
      setForm(valuesOf(data.updateAllianceSettings));
      setSaved(true);
    }
  };

  // noValidate: the API is the one judge of these values, and its message shows at the field
  return (
    <form onSubmit={submit} aria-label="Alliance settings" className="stack" noValidate>
      <Field label="Alliance name" name="name" errors={errors}>
        <input value={form.name} onChange={(e) => set({ name: e.target.value })} required />
      </Field>
      <Field label="Home country" name="homeCountry" errors={errors} hint="Members based elsewhere count as from outside the home country">
        <CountrySelect value={form.homeCountry} onChange={(homeCountry) => set({ homeCountry })} emptyLabel="Choose a country" />
      </Field>
      <Field label="Takedown SLA (hours)" error={empty ?? errors.byField.takedownSlaHours} hint="How long a takedown request may wait for a decision: 1–720 hours">
        <input type="number" inputMode="numeric" min={1} max={720} step={1} value={form.takedownSlaHours}
          onChange={(e) => { set({ takedownSlaHours: e.target.value }); setEmpty(undefined); }} />
      </Field>
      <Field label="Default sharing level" name="defaultSharingLevel" errors={errors} hint="What new intelligence reports start with (TLP 2.0)">
        <select value={form.defaultSharingLevel} onChange={(e) => set({ defaultSharingLevel: e.target.value as SharingLevel })}>
          {SHARING_LEVEL_ORDER.map((l) => <option key={l} value={l}>{sharingLevelLabel(l)}: {sharingLevelMeaning(l)}</option>)}
        </select>
      </Field>
      <fieldset className="checkboxes">
        <legend>Links across types</legend>
        <label className="check">
          <input type="checkbox" checked={form.derivedKeys} onChange={(e) => set({ derivedKeys: e.target.checked })} />
          Link reports through keys derived from their values
        </label>
        <span className="hint">A URL links through its domain, a chat link through its phone, a payment account through its e-mail, a listing through its store. Saving a change relinks the networks.</span>
        {errors.byField.derivedKeys && <span className="field-error">{errors.byField.derivedKeys}</span>}
      </fieldset>
      <FormAlert message={errors.form} />
      <div className="actions">
        <Button type="submit" busy={loading} busyLabel="Saving…">Save settings</Button>
        {saved && <span role="status" className="ok">Settings saved.</span>}
      </div>
    </form>
  );
}

/** The coordinator's alliance settings: name, home country, takedown SLA, default sharing level and whether derived keys link. */
export function AllianceSettingsPage() {
  const { data, loading, error } = useQuery(AllianceSettingsQuery, { fetchPolicy: 'network-only' });
  if (loading && !data) return <main><p>Loading…</p></main>;
  if (!data) return <main><p role="alert">Could not load the alliance: {error?.message}</p></main>;
  return (
    <main className="narrow-wide">
      <h1>Alliance settings</h1>
      <SettingsForm alliance={data.alliance} />
    </main>
  );
}
