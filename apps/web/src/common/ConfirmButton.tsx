import { useId, useState } from 'react';
import { Button, type ButtonVariant } from '../ui/Button';

/**
 * A button for a change that cannot be undone (retire, merge, end, revoke): the first click asks,
 * in place, saying what will happen; only the "Yes, …" button runs it. `onConfirm` catches and
 * shows the API's errors itself, since it knows which field they belong to.
 */
export function ConfirmButton({ action, question, confirmLabel, onConfirm, disabled, variant = 'danger', small }: {
  /** the button's text, e.g. "Retire" */
  action: string;
  /** the consequences, asked as a question */
  question: string;
  /** the confirming button's text; "Yes, <action>" unless given */
  confirmLabel?: string;
  onConfirm: () => Promise<unknown>;
  disabled?: boolean;
  /** the first button's look; the confirming one is always danger */
  variant?: ButtonVariant;
  /** the first button small, as in a table's row */
  small?: boolean;
}) {
  const questionId = useId();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!asking) {
    return <Button variant={variant} small={small} disabled={disabled} onClick={() => setAsking(true)}>{action}</Button>;
  }
  const run = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };
  return (
    <div role="group" aria-label={`Confirm: ${action}`} aria-describedby={questionId} className="confirm">
      <p id={questionId}>{question}</p>
      <div className="actions">
        <Button variant="danger" busy={busy} onClick={run}>{confirmLabel ?? `Yes, ${action.toLowerCase()}`}</Button>
        <Button variant="secondary" disabled={busy} onClick={() => setAsking(false)} autoFocus>Cancel</Button>
      </div>
    </div>
  );
}
