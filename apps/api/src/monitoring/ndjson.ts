/**
 * Newline-delimited JSON read as it arrives: a line at a time, never the whole body. A line longer
 * than `maxLineBytes` is not kept: its bytes are skipped to the next newline and it is answered as
 * too long. Lines are numbered from 1 as they stand in the body (blank ones count, and are skipped).
 */
export type NdjsonLine =
  | { line: number; ok: true; value: unknown }
  | { line: number; ok: false; reason: string };

export interface NdjsonOptions {
  maxLineBytes: number;
  /** Most bytes the body may have: past them the reading stops with BodyTooLarge. */
  maxBodyBytes: number;
}

export class BodyTooLarge extends Error {
  constructor(readonly limit: number, readonly linesRead: number) {
    super(`The body is larger than ${limit} bytes`);
  }
}

const NEWLINE = 0x0a;

export async function* readNdjson(body: AsyncIterable<Buffer | string>, options: NdjsonOptions): AsyncGenerator<NdjsonLine> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let tooLong = false;
  let line = 0;
  let total = 0;

  const finish = (): NdjsonLine | null => {
    line += 1;
    if (tooLong) {
      tooLong = false;
      return { line, ok: false, reason: `A line has at most ${options.maxLineBytes.toLocaleString('en')} bytes` };
    }
    let bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts, partBytes);
    parts = [];
    partBytes = 0;
    if (bytes.length && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    return parseLine(line, bytes);
  };

  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += buffer.length;
    if (total > options.maxBodyBytes) throw new BodyTooLarge(options.maxBodyBytes, line);
    let start = 0;
    for (;;) {
      const end = buffer.indexOf(NEWLINE, start);
      const piece = buffer.subarray(start, end === -1 ? buffer.length : end);
      if (!tooLong) {
        if (partBytes + piece.length > options.maxLineBytes) {
          tooLong = true;
          parts = [];
          partBytes = 0;
        } else if (piece.length) {
          // a copy: the chunk is not kept alive by a slice of it
          parts.push(end === -1 ? Buffer.from(piece) : piece);
          partBytes += piece.length;
        }
      }
      if (end === -1) break;
      const read = finish();
      if (read) yield read;
      start = end + 1;
    }
  }
  if (partBytes > 0 || tooLong) {
    const read = finish();
    if (read) yield read;
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function parseLine(line: number, bytes: Buffer): NdjsonLine | null {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { line, ok: false, reason: 'The line is not UTF-8' };
  }
  if (!text.trim()) return null;
  try {
    return { line, ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { line, ok: false, reason: `Not JSON: ${(error as Error).message}` };
  }
}
