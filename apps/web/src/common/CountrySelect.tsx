import { COUNTRIES } from './countries';

/** A select of every country by name, valued by ISO 3166-1 alpha-2 code. */
export function CountrySelect({ value, onChange, emptyLabel, ...aria }: {
  value: string;
  onChange: (code: string) => void;
  emptyLabel: string;
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} {...aria}>
      <option value="">{emptyLabel}</option>
      {COUNTRIES.map((c) => (
        <option key={c.code} value={c.code}>{c.name}</option>
      ))}
    </select>
  );
}
