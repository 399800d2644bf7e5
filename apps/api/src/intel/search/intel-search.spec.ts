import { describe, expect, it } from '@jest/globals';
import { selectivePart } from './intel-search.service.js';

describe('selectivePart: the piece of a search the trigram index is asked for', () => {
  it('keeps the digits and symbols of an identifier with a letter on each side', () => {
    expect(selectivePart('shop12345.example')).toBe('p12345.e');
    expect(selectivePart('seller123@mail')).toBe('r123@m');
  });

  it('widens a short rare part to six characters', () => {
    expect(selectivePart('ring 7 shop')).toBe('ng 7 s');
    expect(selectivePart('a1')).toBe('a1');
  });

  it('is the whole query when it has only letters, and always a substring of it', () => {
    expect(selectivePart('luxury bags')).toBe('luxury bags');
    for (const q of ['shop12345.example', '+86 400 000 0123', 'ab-c', 'x', 'taobao.com/shop/998877']) expect(q.includes(selectivePart(q))).toBe(true);
  });
});
