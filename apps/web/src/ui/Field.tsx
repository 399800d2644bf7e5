import { cloneElement, useId, type ReactElement } from 'react';
import type { PlacedErrors } from './errors';

interface ControlProps {
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

/**
 * A labelled form control (input, select or textarea) with its error message beside it; the
 * message is the control's accessible description, so a screen reader (and a test) finds it from
 * the input. The message is `error`, or the API's error for `name` among `errors` (CONTRACT.md:
 * `extensions.field`, placed by `placeErrors`).
 */
export function Field({ label, error, errors, name, hint, children }: {
  label: string;
  error?: string;
  errors?: PlacedErrors;
  /** the API's name of the field, looked up in `errors` */
  name?: string;
  hint?: string;
  children: ReactElement<ControlProps>;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const message = error ?? (name ? errors?.byField[name] : undefined);
  const describedBy = [hint ? hintId : null, message ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={message ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-invalid': message ? true : undefined, 'aria-describedby': describedBy })}
      {hint && <span id={hintId} className="hint">{hint}</span>}
      {message && <span id={errorId} className="field-error">{message}</span>}
    </div>
  );
}

/** Messages the form has no field for. */
export function FormAlert({ message }: { message?: string }) {
  return message ? <p role="alert" className="form-error">{message}</p> : null;
}
