import { describe, expect, it } from '@jest/globals';
import { BodyTooLarge, readNdjson, type NdjsonLine } from './ndjson.js';

async function all(chunks: (string | Buffer)[], maxLineBytes = 100, maxBodyBytes = 10_000): Promise<NdjsonLine[]> {
  const out: NdjsonLine[] = [];
  for await (const line of readNdjson((async function* () { yield* chunks; })(), { maxLineBytes, maxBodyBytes })) out.push(line);
  return out;
}

describe('NDJSON lines', () => {
  it('splits lines across chunks, numbers them as they stand, skips blank ones and CRs', async () => {
    expect(await all(['{"a":', '1}\n\n{"b"', ':2}\r\n', '{"c":3}'])).toEqual([
      { line: 1, ok: true, value: { a: 1 } },
      { line: 3, ok: true, value: { b: 2 } },
      { line: 4, ok: true, value: { c: 3 } },
    ]);
  });

  it('answers a bad line and goes on', async () => {
    expect(await all(['{"a":1}\nnot json\n', Buffer.from([0xff, 0xfe, 0x0a]), '{"b":2}\n'])).toEqual([
      { line: 1, ok: true, value: { a: 1 } },
      { line: 2, ok: false, reason: expect.stringMatching(/^Not JSON/) },
      { line: 3, ok: false, reason: 'The line is not UTF-8' },
      { line: 4, ok: true, value: { b: 2 } },
    ]);
  });

  it('skips a line longer than the limit without keeping it, even across chunks', async () => {
    const long = `{"x":"${'y'.repeat(150)}"}`;
    expect(await all(['{"a":1}\n', long.slice(0, 60), long.slice(60), '\n{"b":2}'], 100)).toEqual([
      { line: 1, ok: true, value: { a: 1 } },
      { line: 2, ok: false, reason: 'A line has at most 100 bytes' },
      { line: 3, ok: true, value: { b: 2 } },
    ]);
    expect(await all([long], 100)).toEqual([{ line: 1, ok: false, reason: 'A line has at most 100 bytes' }]);
  });

  it('stops past the body limit', async () => {
    await expect(all(['{"a":1}\n', 'x'.repeat(50)], 100, 40)).rejects.toBeInstanceOf(BodyTooLarge);
  });
});
