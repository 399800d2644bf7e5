import { useId } from 'react';

/** Industry categories as a group of checkboxes; the error names the group (`categoryIds`). */
export function CategoryPicker({ categories, selected, onChange, error, legend = 'Industry categories' }: {
  categories: readonly { id: string; name: string }[];
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  error?: string;
  legend?: string;
}) {
  const errorId = useId();
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((s) => s !== id));
  return (
    <fieldset className={error ? 'checkboxes invalid' : 'checkboxes'} aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {categories.map((c) => (
        <label key={c.id} className="check">
          <input type="checkbox" checked={selected.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
          {c.name}
        </label>
      ))}
      {error && <span id={errorId} className="field-error">{error}</span>}
    </fieldset>
  );
}
