import { describe, expect, it } from '@jest/globals';
import { defaultSharedBuffers } from './embedded-database.js';

describe('embedded PostgreSQL', () => {
  it('sizes shared_buffers to a quarter of the machine\'s memory, from PostgreSQL\'s 128 MB up to 1 GB', () => {
    const GB = 1024 ** 3;
    expect(defaultSharedBuffers(24 * GB)).toBe('1024MB');
    expect(defaultSharedBuffers(2 * GB)).toBe('512MB');
    expect(defaultSharedBuffers(GB / 4)).toBe('128MB');
  });
});
