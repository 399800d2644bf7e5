import { useState, type FormEvent } from 'react';
import { currencyProblem, minorUnitDigits } from '../../../../libs/domain/src/money';
import { majorToMinor } from '../../../../libs/enforcement/src/money';
import { Button } from '../ui/Button';
import { placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';

export interface OutcomeValues {
  arrests: number;
  sitesClosed: { manufacturing: number; warehouse: number; distribution: number; retail: number };
  unitsSeized: number;
  valueSeized: { amountMinor: string; currency: string } | null;
}

const SITES = [['manufacturing', 'Manufacturing sites'], ['warehouse', 'Warehouses'], ['distribution', 'Distribution sites'], ['retail', 'Retail sites']] as const;
const FIELDS = ['arrests', ...SITES.map(([k]) => `sitesClosed.${k}`), 'unitsSeized', 'valueSeized.amountMinor', 'valueSeized.currency'];

/**
 * The case's outcome figures as they stand now. The value seized is typed in major units and sent
 * in minor units (exact, `majorToMinor`); an unknown currency or a malformed amount is named at
 * once, and the API's refusals (a negative or absurd figure) land on the field they name.
 */
export function OutcomesForm({ initial, onSave }: {
  initial: { arrests: number; unitsSeized: number; sitesClosed: OutcomeValues['sitesClosed']; valueSeized: { amount: string; currency: string } | null };
  onSave: (values: OutcomeValues) => Promise<unknown>;
}) {
  const [figures, setFigures] = useState<Record<string, string>>(() => ({
    arrests: String(initial.arrests), unitsSeized: String(initial.unitsSeized),
    ...Object.fromEntries(SITES.map(([k]) => [`sitesClosed.${k}`, String(initial.sitesClosed[k])])),
  }));
  const [amount, setAmount] = useState(initial.valueSeized?.amount ?? '');
  const [currency, setCurrency] = useState(initial.valueSeized?.currency ?? '');
  const [error, setError] = useState<unknown>();
  const [amountError, setAmountError] = useState<string>();
  const [currencyError, setCurrencyError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const errors = placeErrors(error, FIELDS);

  const number = (name: string) => Number(figures[name] || '0');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setAmountError(undefined);
    setCurrencyError(undefined);
    const code = currency.trim().toUpperCase();
    let valueSeized: OutcomeValues['valueSeized'] = null;
    if (amount.trim() || code) {
      const problem = currencyProblem(code);
      if (problem) {
        setCurrencyError(problem);
        return;
      }
      const minor = majorToMinor(amount || '0', code);
      if (minor === null) {
        setAmountError(`An amount such as 1234.50, without a sign, with at most ${minorUnitDigits(code)} decimals in ${code}`);
        return;
      }
      valueSeized = { amountMinor: minor, currency: code };
    }
    setBusy(true);
    try {
      await onSave({
        arrests: number('arrests'), unitsSeized: number('unitsSeized'), valueSeized,
        sitesClosed: { manufacturing: number('sitesClosed.manufacturing'), warehouse: number('sitesClosed.warehouse'), distribution: number('sitesClosed.distribution'), retail: number('sitesClosed.retail') },
      });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const figure = (name: string, label: string) => (
    <Field key={name} label={label} name={name} errors={errors}>
      <input type="number" inputMode="numeric" step={1} value={figures[name]} onChange={(e) => setFigures((f) => ({ ...f, [name]: e.target.value }))} />
    </Field>
  );

  return (
    <form onSubmit={submit} aria-label="Outcomes" className="panel">
      <h3>Outcomes</h3>
      {figure('arrests', 'Arrests')}
      <fieldset>
        <legend>Sites closed</legend>
        {SITES.map(([k, label]) => figure(`sitesClosed.${k}`, label))}
      </fieldset>
      {figure('unitsSeized', 'Units seized')}
      <Field label="Value seized" error={amountError} name="valueSeized.amountMinor" errors={errors} hint="In the currency’s major units (1234.50)">
        <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
      </Field>
      <Field label="Currency" error={currencyError} name="valueSeized.currency" errors={errors} hint="ISO 4217 code (CNY, USD, EUR)">
        <input maxLength={3} value={currency} onChange={(e) => setCurrency(e.target.value)} />
      </Field>
      <FormAlert message={errors.form} />
      <div><Button type="submit" busy={busy} busyLabel="Saving…">Save outcomes</Button></div>
    </form>
  );
}
