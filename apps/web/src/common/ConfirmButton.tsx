import { useId, useState } from 'react';

/**
 * A button for a change that cannot be undone (retire, merge, end, revoke): the first click asks,
 * in place, saying what will happen; only the "Yes, …" button runs it. `onConfirm` catches and
 * shows the API's errors itself, since it knows which field they belong to.
 */
export function ConfirmButton({ action, question, confirmLabel, onConfirm, disabled, className = 'danger' }: {
  /** the button's text, e.g. "Retire" */
  action: string;
  /** the consequences, asked as a question */
  question: string;
  /** the confirming button's text; "Yes, <action>" unless given */
  confirmLabel?: string;
  onConfirm: () => Promise<unknown>;
  disabled?: boolean;
  className?: string;
}) {
  const questionId = useId();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!asking) {
    return <button type="button" className={className} disabled={disabled} onClick={() => setAsking(true)}>{action}</button>;
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
        <button type="button" className="danger" disabled={busy} onClick={run}>{confirmLabel ?? `Yes, ${action.toLowerCase()}`}</button>
        <button type="button" className="secondary" disabled={busy} onClick={() => setAsking(false)} autoFocus>Cancel</button>
      </div>
    </div>
  );
}
