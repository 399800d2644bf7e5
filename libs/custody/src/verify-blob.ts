import { ChainWalker, sha256Hex } from './chain.js';
import { CUSTODY_PATH, isMismatch, judgePack, MANIFEST_PATH, parseLogLine, parseManifest, type PackManifest, type PackMismatch } from './pack.js';

/**
 * Verifies an evidence pack held as a Blob (the web client's check page: a File the user picked),
 * with the same checks as the verify script (`judgePack`) and only what a browser has: the zip's
 * central directory read from the end of the blob, each entry sliced out and inflated with
 * DecompressionStream, SHA-256 and Ed25519 by WebCrypto. WebCrypto hashes a whole buffer, so each
 * file is read into memory in turn (an evidence file is at most MAX_FILE_BYTES); the custody log
 * is read line by line.
 */
export interface BlobLike {
  readonly size: number;
  slice(start?: number, end?: number): BlobLike;
  arrayBuffer(): Promise<ArrayBuffer>;
  stream(): ReadableStream<Uint8Array>;
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

class ZipError extends Error {}

/** The entries of a zip, from its central directory (no ZIP64: a pack over 4 GiB is refused). */
async function entriesOf(blob: BlobLike): Promise<ZipEntry[]> {
  const tailSize = Math.min(blob.size, 22 + 65535);
  const tail = new DataView(await blob.slice(blob.size - tailSize).arrayBuffer());
  let eocd = -1;
  for (let i = tail.byteLength - 22; i >= 0; i -= 1) {
    if (tail.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('it is not a zip');
  const count = tail.getUint16(eocd + 10, true);
  const size = tail.getUint32(eocd + 12, true);
  const offset = tail.getUint32(eocd + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new ZipError('ZIP64 packs are not read here: use npm run verify-evidence');
  const cd = new DataView(await blob.slice(offset, offset + size).arrayBuffer());
  const names = new TextDecoder('utf-8', { fatal: false });
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i += 1) {
    if (p + 46 > cd.byteLength || cd.getUint32(p, true) !== CENTRAL) throw new ZipError('its central directory is damaged');
    const nameLength = cd.getUint16(p + 28, true);
    const extraLength = cd.getUint16(p + 30, true);
    const commentLength = cd.getUint16(p + 32, true);
    entries.push({
      method: cd.getUint16(p + 10, true),
      compressedSize: cd.getUint32(p + 20, true),
      localOffset: cd.getUint32(p + 42, true),
      name: names.decode(new Uint8Array(cd.buffer, cd.byteOffset + p + 46, nameLength)),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** An entry's bytes as a stream, inflated when deflated. */
async function open(blob: BlobLike, e: ZipEntry): Promise<ReadableStream<Uint8Array>> {
  const local = new DataView(await blob.slice(e.localOffset, e.localOffset + 30).arrayBuffer());
  if (local.byteLength < 30 || local.getUint32(0, true) !== LOCAL) throw new ZipError(`${e.name}: its local header is damaged`);
  const start = e.localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  const raw = blob.slice(start, start + e.compressedSize).stream();
  if (e.method === 0) return raw;
  if (e.method !== 8) throw new ZipError(`${e.name}: compression method ${e.method} is not read here`);
  const Inflate = (globalThis as unknown as { DecompressionStream: new (format: string) => TransformStream<Uint8Array, Uint8Array> }).DecompressionStream;
  return raw.pipeThrough(new Inflate('deflate-raw'));
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function walk(stream: ReadableStream<Uint8Array>): Promise<ChainWalker> {
  const walker = new ChainWalker();
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  let pending = '';
  for (;;) {
    const { done, value } = await reader.read();
    pending += done ? decoder.decode() : decoder.decode(value, { stream: true });
    const lines = pending.split('\n');
    pending = done ? '' : lines.pop()!;
    for (const line of lines) if (line.trim()) await walker.add(parseLogLine(line));
    if (done) break;
  }
  return walker;
}

/** The verdict on a pack held as a Blob (see above), with its manifest when it had one. */
export async function verifyPackBlob(blob: BlobLike): Promise<{ mismatch: PackMismatch | null; manifest: PackManifest | null }> {
  let manifest: PackManifest | PackMismatch | null = null;
  let walker: ChainWalker | null = null;
  const hashes = new Map<string, string>();
  try {
    for (const e of await entriesOf(blob)) {
      if (e.name.endsWith('/')) continue;
      const stream = await open(blob, e);
      if (e.name === MANIFEST_PATH) manifest = parseManifest(new TextDecoder().decode(await bytesOf(stream)));
      else if (e.name === CUSTODY_PATH) walker = await walk(stream);
      else {
        if (hashes.has(e.name)) return { mismatch: { kind: 'FILE', name: e.name, message: `${e.name} appears twice in the pack` }, manifest: null };
        hashes.set(e.name, await sha256Hex(await bytesOf(stream)));
      }
    }
  } catch (error) {
    return { mismatch: { kind: 'MANIFEST', name: 'pack', message: `the pack cannot be read: ${(error as Error).message}` }, manifest: null };
  }
  if (!manifest) return { mismatch: { kind: 'MANIFEST', name: MANIFEST_PATH, message: 'the pack has no manifest.json' }, manifest: null };
  if (isMismatch(manifest)) return { mismatch: manifest, manifest: null };
  return { mismatch: await judgePack(manifest, hashes, walker), manifest };
}
