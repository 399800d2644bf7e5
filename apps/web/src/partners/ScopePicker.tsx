import { useId } from 'react';
import { PARTNER_SCOPES } from './scopes';

/** Scopes as a group of checkboxes, optionally limited to some (a key within its partnership); the error names the group (`scopes`). */
export function ScopePicker({ legend, selected, onChange, allowed, error }: {
  legend: string;
  selected: readonly string[];
  onChange: (scopes: string[]) => void;
  /** the only scopes offered; every scope when absent */
  allowed?: readonly string[];
  error?: string;
}) {
  const errorId = useId();
  const offered = PARTNER_SCOPES.filter((s) => !allowed || allowed.includes(s.scope));
  const toggle = (scope: string, on: boolean) => onChange(on ? [...selected, scope] : selected.filter((s) => s !== scope));
  return (
    <fieldset className={error ? 'checkboxes scopes invalid' : 'checkboxes scopes'} aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {offered.length === 0 && <span className="hint">The partnership grants no scope.</span>}
      {offered.map((s) => (
        <label key={s.scope} className="check">
          <input type="checkbox" checked={selected.includes(s.scope)} onChange={(e) => toggle(s.scope, e.target.checked)} />
          <span><code>{s.scope}</code> <span className="hint">{s.meaning}</span></span>
        </label>
      ))}
      {error && <span id={errorId} className="field-error">{error}</span>}
    </fieldset>
  );
}
