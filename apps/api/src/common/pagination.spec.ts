import { describe, expect, it } from '@jest/globals';
import { DomainError } from './errors.js';
import { decodeCursor, encodeCursor, pageSize } from './pagination.js';

describe('cursor pagination', () => {
  it('round-trips cursors, caps page sizes and refuses foreign cursors', () => {
    expect(decodeCursor(encodeCursor(['acme', 'id-1']), 2)).toEqual(['acme', 'id-1']);
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(500)).toBe(100);
    expect(() => decodeCursor('not-a-cursor', 2)).toThrow(DomainError);
    expect(() => decodeCursor(encodeCursor(['only-one']), 2)).toThrow(DomainError);
  });
});
