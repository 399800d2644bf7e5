import { useState, type FormEvent } from 'react';
import { Button, type ButtonVariant } from '../ui/Button';
import { placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';

/**
 * A decision with a written reason (suspend, approve, reject): the API's `reason` error goes under
 * the text box, anything else (a CONFLICT such as trademarks still pending) into an alert.
 */
export function ReasonForm({ label, action, variant, required = false, onSubmit, hint }: {
  label: string;
  action: string;
  variant?: ButtonVariant;
  required?: boolean;
  hint?: string;
  onSubmit: (reason: string | undefined) => Promise<unknown>;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const errors = placeErrors(error, ['reason']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(reason.trim() || undefined);
      setReason('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} aria-label={action} className="decision">
      <Field label={label} name="reason" errors={errors} hint={hint ?? (required ? undefined : 'Optional')}>
        <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <FormAlert message={errors.form} />
      <div><Button type="submit" variant={variant} busy={busy}>{action}</Button></div>
    </form>
  );
}
