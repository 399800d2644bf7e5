import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { badInput } from '../common/errors.js';

/**
 * An upload streamed to `path` (through `path.part`, renamed when whole), refused past `limit`
 * bytes with `tooLarge` or when empty; answers its size and SHA-256. Memory holds a chunk at a time.
 * `readPastLimit`: an oversize upload is still read to its end (nothing of it kept) before it is
 * refused, for a sender that waits for its answer until it has sent everything (an SMTP client).
 */
export async function spoolToDisk(content: Readable | Buffer, path: string, limit: number, tooLarge: string, options: { readPastLimit?: boolean } = {}): Promise<{ size: number; sha256: string }> {
  await mkdir(dirname(path), { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > limit) return options.readPastLimit ? done() : done(badInput('file', tooLarge));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const out = createWriteStream(`${path}.part`);
  try {
    await pipeline(Buffer.isBuffer(content) ? Readable.from([content]) : content, counter, out);
    if (size === 0) throw badInput('file', 'The file is empty');
    if (size > limit) throw badInput('file', tooLarge);
  } catch (error) {
    // the write stream may still be opening the file when the pipeline fails: let it close first
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    await rm(`${path}.part`, { force: true });
    throw error;
  }
  await rename(`${path}.part`, path);
  return { size, sha256: hash.digest('hex') };
}

/**
 * A small upload (a PDF form) read into memory, refused past `limit` bytes with `tooLarge` or when
 * empty. An oversize body is read on (nothing kept) so that the client hears the answer, up to four
 * times the limit, past which the connection is cut.
 */
export async function readUpTo(content: Readable, limit: number, tooLarge: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of content) {
    size += (chunk as Buffer).length;
    if (size > limit * 4) {
      content.destroy();
      break;
    }
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit) throw badInput('file', tooLarge);
  if (size === 0) throw badInput('file', 'The file is empty');
  return Buffer.concat(chunks, size);
}
