import { useState, type FormEvent } from 'react';
import { downloadFromApi } from '../common/apiRoutes';
import { Button } from '../ui/Button';
import { placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';

/** The first day of this month and of the next, as the archive's default period. */
function thisMonth(): { from: string; to: string } {
  const now = new Date();
  const first = (year: number, month: number) => new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
  return { from: first(now.getUTCFullYear(), now.getUTCMonth()), to: first(now.getUTCFullYear(), now.getUTCMonth() + 1) };
}

/**
 * The coordinators' notice archive export (issue 16, outcome 8): GET /exports/takedown-notices
 * streams the decided requests submitted in [from, to) as CSV, in a public notice archive's fields,
 * members who asked for it unnamed. The route's errors go to the date they name.
 */
export function NoticeArchiveForm() {
  const [period, setPeriod] = useState(thisMonth);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const errors = placeErrors(error, ['from', 'to']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await downloadFromApi(`/exports/takedown-notices?${new URLSearchParams(period)}`, `takedown-notices-${period.from}-to-${period.to}.csv`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Notice archive" className="panel stack notice-archive">
      <h2>Notice archive</h2>
      <p className="hint">Decided requests submitted in the period, in the fields a public notice archive uses (CSV); members that asked for it are not named.</p>
      <div className="grid-2">
        <Field label="From" name="from" errors={errors}>
          <input type="date" value={period.from} onChange={(e) => setPeriod((p) => ({ ...p, from: e.target.value }))} required />
        </Field>
        <Field label="Until (not included)" name="to" errors={errors}>
          <input type="date" value={period.to} onChange={(e) => setPeriod((p) => ({ ...p, to: e.target.value }))} required />
        </Field>
      </div>
      <FormAlert message={errors.form} />
      <div><Button type="submit" busy={busy} busyLabel="Exporting…">Download the archive</Button></div>
    </form>
  );
}
