import { describe, expect, it } from '@jest/globals';
import { components } from './correlation.service.js';

describe('network components', () => {
  it('joins reports through shared keys, transitively, largest part first', () => {
    const parts = components(['a', 'b', 'c', 'd', 'e'], [['a', 'k1'], ['b', 'k1'], ['b', 'k2'], ['c', 'k2'], ['d', 'k3']]);
    expect(parts).toEqual([['a', 'b', 'c'], ['d'], ['e']]);
  });

  it('ignores links of reports outside the set', () => {
    expect(components(['a', 'b'], [['a', 'k'], ['x', 'k'], ['b', 'k2']])).toEqual([['a'], ['b']]);
  });
});
