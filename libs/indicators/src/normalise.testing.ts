/** Helpers of the normaliser's unit tests (no test framework here: they throw, so any runner reports them). */
import type { IndicatorType } from './indicator-type.js';
import { normaliseIndicator, type NormaliseOptions } from './normalise.js';

/** The key of a value that must read; throws with the reason when it does not. */
export const key = (type: IndicatorType, raw: string, options?: NormaliseOptions) => {
  const r = normaliseIndicator(type, raw, options);
  if (!r.ok) throw new Error(`${type} ${raw}: ${r.reason}`);
  return r.key;
};

/** The reason a value is refused, or null when it reads. */
export const refused = (type: IndicatorType, raw: string, options?: NormaliseOptions) => {
  const r = normaliseIndicator(type, raw, options);
  return r.ok ? null : r.reason;
};

/** Every value has one key; returns it (throws listing the keys otherwise). */
export const allSame = (type: IndicatorType, values: string[], options?: NormaliseOptions) => {
  const keys = values.map((v) => key(type, v, options));
  if (new Set(keys).size !== 1) throw new Error(`${type}: expected one key, got\n${values.map((v, i) => `  ${v} → ${keys[i]}`).join('\n')}`);
  return keys[0];
};

/** No two of the values share a key (throws naming the pair otherwise). */
export const allApart = (type: IndicatorType, values: string[], options?: NormaliseOptions) => {
  const keys = values.map((v) => key(type, v, options));
  keys.forEach((k, i) => {
    const j = keys.indexOf(k);
    if (j !== i) throw new Error(`${type}: ${values[j]} and ${values[i]} must stay apart, both are ${k}`);
  });
  return keys;
};
