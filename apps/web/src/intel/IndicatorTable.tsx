import { useId } from 'react';
import type { Normalised } from '../../../../libs/indicators/src/index';
import type { IndicatorType } from '../gql/graphql';
import { indicatorKey, qualifierChoices } from './indicatorKeys';
import { INDICATOR_TYPES } from './labels';

export interface IndicatorRow {
  /** stable across edits and removals, for React and for the API's errors */
  rowId: number;
  type: IndicatorType;
  value: string;
  qualifier: string;
  note: string;
}

/** Per-field messages of one row (`indicators.2.value` → rows[2].value). */
export type RowErrors = Partial<Record<'type' | 'value' | 'qualifier' | 'note', string>>;

export interface RowCheck {
  /** null while the value is empty: the row is left out */
  result: Normalised | null;
  /** index of an earlier row with the same type and key */
  duplicateOf?: number;
}

let nextRowId = 1;

export function newRow(type: IndicatorType = 'PHONE'): IndicatorRow {
  return { rowId: nextRowId++, type, value: '', qualifier: '', note: '' };
}

/** Every row's key (or why it has none), and the rows that repeat an earlier one. */
export function checkRows(rows: readonly IndicatorRow[], country: string | undefined, marketplaces: readonly string[]): RowCheck[] {
  const seen = new Map<string, number>();
  return rows.map((row, i) => {
    if (!row.value.trim()) return { result: null };
    const result = indicatorKey(row.type, row.value, { country, qualifier: row.qualifier, marketplaces });
    if (!result.ok) return { result };
    const id = `${row.type}\u0000${result.key}`;
    const earlier = seen.get(id);
    if (earlier !== undefined) return { result, duplicateOf: earlier };
    seen.set(id, i);
    return { result };
  });
}

/**
 * The report's indicators as an editable table: type, value, qualifier (marketplace or messenger
 * for bare ids and handles) and note, with the normalised key computed while typing, the reason a
 * value has none, and rows that repeat an earlier one flagged. The key is the value's description,
 * and so is the API's message for the row.
 */
export function IndicatorTable({ rows, onChange, country, marketplaces, errors, error }: {
  rows: readonly IndicatorRow[];
  onChange: (rows: IndicatorRow[]) => void;
  /** phones without a country code are read in it */
  country?: string;
  /** the alliance's marketplaces */
  marketplaces: readonly string[];
  errors: ReadonlyMap<number, RowErrors>;
  /** a message about the indicators as a whole */
  error?: string;
}) {
  const baseId = useId();
  const checks = checkRows(rows, country, marketplaces);
  const update = (rowId: number, changes: Partial<IndicatorRow>) => onChange(rows.map((r) => (r.rowId === rowId ? { ...r, ...changes } : r)));
  const remove = (rowId: number) => onChange(rows.filter((r) => r.rowId !== rowId));

  return (
    <fieldset className={error ? 'indicators invalid' : 'indicators'}>
      <legend>Indicators</legend>
      <p className="hint">
        Each value gets a normalised key as you type; reports sharing a key are linked into one network.
        {country ? ` Phones without a country code are read in ${country}.` : ''}
      </p>
      <table className="indicator-table">
        <colgroup>
          <col className="c-num" /><col className="c-type" /><col className="c-value" /><col className="c-qualifier" /><col className="c-note" /><col className="c-key" /><col className="c-actions" />
        </colgroup>
        <thead>
          <tr><th className="num">#</th><th>Type</th><th>Value</th><th title="The marketplace of a bare store or listing id, the messenger of a bare handle">Qualifier</th><th>Note</th><th>Key</th><th><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const n = i + 1;
            const id = `${baseId}-${row.rowId}`;
            const check = checks[i];
            const apiError = errors.get(row.rowId);
            const choices = qualifierChoices(row.type, marketplaces);
            const state = !check.result ? 'empty' : !check.result.ok ? 'invalid' : check.duplicateOf !== undefined ? 'duplicate' : 'ok';
            const described = (field: keyof RowErrors) => [field === 'value' ? `${id}-key` : null, apiError?.[field] ? `${id}-${field}-error` : null].filter(Boolean).join(' ') || undefined;
            const fieldError = (field: keyof RowErrors) => apiError?.[field] && <span id={`${id}-${field}-error`} className="field-error">{apiError[field]}</span>;
            return (
              <tr key={row.rowId} className={`indicator-row ${state}${apiError ? ' refused' : ''}`} data-row={n}>
                <td className="num">{n}</td>
                <td>
                  <label htmlFor={`${id}-type`} className="sr-only">Type of indicator {n}</label>
                  <select id={`${id}-type`} value={row.type} aria-invalid={apiError?.type ? true : undefined} aria-describedby={described('type')}
                    onChange={(e) => update(row.rowId, { type: e.target.value as IndicatorType, qualifier: '' })}>
                    {INDICATOR_TYPES.map((t) => <option key={t.type} value={t.type}>{t.label}</option>)}
                  </select>
                  {fieldError('type')}
                </td>
                <td className="value">
                  <label htmlFor={`${id}-value`} className="sr-only">Value of indicator {n}</label>
                  <input id={`${id}-value`} value={row.value} placeholder={INDICATOR_TYPES.find((t) => t.type === row.type)?.example}
                    aria-invalid={state === 'invalid' || state === 'duplicate' || apiError?.value ? true : undefined} aria-describedby={described('value')}
                    onChange={(e) => update(row.rowId, { value: e.target.value })} />
                  {fieldError('value')}
                </td>
                <td>
                  <label htmlFor={`${id}-qualifier`} className="sr-only">Qualifier of indicator {n}</label>
                  <select id={`${id}-qualifier`} value={row.qualifier} disabled={!choices} aria-describedby={described('qualifier')}
                    onChange={(e) => update(row.rowId, { qualifier: e.target.value })}>
                    <option value="">{choices ? 'From value' : '—'}</option>
                    {choices?.options.map((o) => <option key={o} value={o}>{o}</option>)}
                  </select>
                  {fieldError('qualifier')}
                </td>
                <td>
                  <label htmlFor={`${id}-note`} className="sr-only">Note on indicator {n}</label>
                  <input id={`${id}-note`} value={row.note} aria-describedby={described('note')} onChange={(e) => update(row.rowId, { note: e.target.value })} />
                  {fieldError('note')}
                </td>
                <td className="key">
                  <output id={`${id}-key`} htmlFor={`${id}-value ${id}-type ${id}-qualifier`} aria-live="polite" className={`key-${state}`}>
                    {!check.result ? '' : !check.result.ok ? check.result.reason : check.duplicateOf !== undefined
                      ? <><code>{check.result.key}</code> <span className="dup">same as indicator {check.duplicateOf + 1}</span></>
                      : <code>{check.result.key}</code>}
                  </output>
                </td>
                <td>
                  <button type="button" className="secondary small" onClick={() => remove(row.rowId)}>
                    Remove<span className="sr-only"> indicator {n}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error && <span className="field-error">{error}</span>}
      <div className="actions">
        <button type="button" className="secondary" onClick={() => onChange([...rows, newRow(rows.at(-1)?.type)])}>Add indicator</button>
        <span className="count">{checks.filter((c) => c.result?.ok).length} of {rows.length} with a key</span>
      </div>
    </fieldset>
  );
}
