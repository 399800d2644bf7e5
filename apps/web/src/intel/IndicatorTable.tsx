import { useId } from 'react';
import type { Normalised } from '../../../../libs/indicators/src/index';
import type { IndicatorType } from '../gql/graphql';
import { Button } from '../ui/Button';
import { DataTable, type Column } from '../ui/DataTable';
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
  const stateOf = (i: number) => {
    const check = checks[i];
    return !check.result ? 'empty' : !check.result.ok ? 'invalid' : check.duplicateOf !== undefined ? 'duplicate' : 'ok';
  };
  const idOf = (row: IndicatorRow) => `${baseId}-${row.rowId}`;
  const described = (row: IndicatorRow, field: keyof RowErrors) =>
    [field === 'value' ? `${idOf(row)}-key` : null, errors.get(row.rowId)?.[field] ? `${idOf(row)}-${field}-error` : null].filter(Boolean).join(' ') || undefined;
  const fieldError = (row: IndicatorRow, field: keyof RowErrors) => {
    const message = errors.get(row.rowId)?.[field];
    return message && <span id={`${idOf(row)}-${field}-error`} className="field-error">{message}</span>;
  };
  const columns: Column<IndicatorRow>[] = [
    { id: 'n', header: '#', className: 'num', colClassName: 'c-num', cell: (_, i) => i + 1 },
    { id: 'type', header: 'Type', colClassName: 'c-type', cell: (row, i) => (
      <>
        <label htmlFor={`${idOf(row)}-type`} className="sr-only">Type of indicator {i + 1}</label>
        <select id={`${idOf(row)}-type`} value={row.type} aria-invalid={errors.get(row.rowId)?.type ? true : undefined} aria-describedby={described(row, 'type')}
          onChange={(e) => update(row.rowId, { type: e.target.value as IndicatorType, qualifier: '' })}>
          {INDICATOR_TYPES.map((t) => <option key={t.type} value={t.type}>{t.label}</option>)}
        </select>
        {fieldError(row, 'type')}
      </>
    ) },
    { id: 'value', header: 'Value', className: 'value', colClassName: 'c-value', cell: (row, i) => {
      const state = stateOf(i);
      return (
        <>
          <label htmlFor={`${idOf(row)}-value`} className="sr-only">Value of indicator {i + 1}</label>
          <input id={`${idOf(row)}-value`} value={row.value} placeholder={INDICATOR_TYPES.find((t) => t.type === row.type)?.example}
            aria-invalid={state === 'invalid' || state === 'duplicate' || errors.get(row.rowId)?.value ? true : undefined} aria-describedby={described(row, 'value')}
            onChange={(e) => update(row.rowId, { value: e.target.value })} />
          {fieldError(row, 'value')}
        </>
      );
    } },
    { id: 'qualifier', header: <span title="The marketplace of a bare store or listing id, the messenger of a bare handle">Qualifier</span>, colClassName: 'c-qualifier', cell: (row, i) => {
      const choices = qualifierChoices(row.type, marketplaces);
      return (
        <>
          <label htmlFor={`${idOf(row)}-qualifier`} className="sr-only">Qualifier of indicator {i + 1}</label>
          <select id={`${idOf(row)}-qualifier`} value={row.qualifier} disabled={!choices} aria-describedby={described(row, 'qualifier')}
            onChange={(e) => update(row.rowId, { qualifier: e.target.value })}>
            <option value="">{choices ? 'From value' : '—'}</option>
            {choices?.options.map((o) => <option key={o} value={o}>{o}</option>)}
          </select>
          {fieldError(row, 'qualifier')}
        </>
      );
    } },
    { id: 'note', header: 'Note', colClassName: 'c-note', cell: (row, i) => (
      <>
        <label htmlFor={`${idOf(row)}-note`} className="sr-only">Note on indicator {i + 1}</label>
        <input id={`${idOf(row)}-note`} value={row.note} aria-describedby={described(row, 'note')} onChange={(e) => update(row.rowId, { note: e.target.value })} />
        {fieldError(row, 'note')}
      </>
    ) },
    { id: 'key', header: 'Key', className: 'key', colClassName: 'c-key', cell: (row, i) => {
      const check = checks[i];
      const id = idOf(row);
      return (
        <output id={`${id}-key`} htmlFor={`${id}-value ${id}-type ${id}-qualifier`} aria-live="polite" className={`key-${stateOf(i)}`}>
          {!check.result ? '' : !check.result.ok ? check.result.reason : check.duplicateOf !== undefined
            ? <><code>{check.result.key}</code> <span className="dup">same as indicator {check.duplicateOf + 1}</span></>
            : <code>{check.result.key}</code>}
        </output>
      );
    } },
    { id: 'actions', header: <span className="sr-only">Actions</span>, colClassName: 'c-actions', cell: (row, i) => (
      <Button variant="secondary" small onClick={() => remove(row.rowId)}>
        Remove<span className="sr-only"> indicator {i + 1}</span>
      </Button>
    ) },
  ];

  return (
    <fieldset className={error ? 'indicators invalid' : 'indicators'}>
      <legend>Indicators</legend>
      <p className="hint">
        Each value gets a normalised key as you type; reports sharing a key are linked into one network.
        {country ? ` Phones without a country code are read in ${country}.` : ''}
      </p>
      <DataTable label="Indicator rows" className="indicator-table" columns={columns} rows={rows} rowKey={(row) => String(row.rowId)}
        rowProps={(row, i) => ({ className: `indicator-row ${stateOf(i)}${errors.has(row.rowId) ? ' refused' : ''}`, 'data-row': i + 1 })}
        empty={<p className="hint">No indicator yet.</p>} />
      {error && <span className="field-error">{error}</span>}
      <div className="actions">
        <Button variant="secondary" onClick={() => onChange([...rows, newRow(rows.at(-1)?.type)])}>Add indicator</Button>
        <span className="count">{checks.filter((c) => c.result?.ok).length} of {rows.length} with a key</span>
      </div>
    </fieldset>
  );
}
