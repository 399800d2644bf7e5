import canonicalize from 'canonicalize';

/**
 * The per-alliance custody chain (issue 17, outcome 5): each entry names its predecessor's hash,
 * and its own hash is SHA-256 over its canonical JSON (RFC 8785, `canonicalize`), so changing,
 * dropping or reordering one entry breaks every link after it; the head (the latest entry) is
 * signed with the alliance's Ed25519 key. Only WebCrypto here, so the API, the verify script and
 * the web client run the same code.
 */

/** The `prev` of an alliance's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export const CUSTODY_KINDS = ['COLLECTED', 'ATTACHED', 'VIEWED', 'EXPORTED', 'HANDED_OVER'] as const;
export type CustodyKind = (typeof CUSTODY_KINDS)[number];

/** One custody event as it is hashed: nothing outside this object counts. */
export interface CustodyEntry {
  v: 1;
  alliance: string;
  seq: number;
  kind: CustodyKind;
  /** ISO-8601 UTC */
  at: string;
  actor: { id: string; organisationId: string | null; role: string | null };
  caseId: string | null;
  file: { id: string; sha256: string; name: string } | null;
  details: Record<string, unknown>;
  /** The previous entry's hash (GENESIS_HASH for the first) */
  prev: string;
}

/** The head a signature covers: the alliance, the position and the hash of its latest entry. */
export interface CustodyHead {
  alliance: string;
  seq: number;
  hash: string;
}

/** RFC 8785 canonical JSON (JCS): sorted keys, no whitespace, ECMAScript number forms. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('The value has no JSON form');
  return text;
}

type Subtle = typeof globalThis.crypto.subtle;

function subtle(): Subtle {
  const c = (globalThis as { crypto?: { subtle?: Subtle } }).crypto;
  if (!c?.subtle) throw new Error('WebCrypto is not available');
  return c.subtle;
}

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
  return out;
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return toHex(await subtle().digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/** The entry's hash: SHA-256 (hex) of its canonical JSON. */
export function entryHash(entry: CustodyEntry): Promise<string> {
  return sha256Hex(canonicalJson(entry));
}

/** The bytes the alliance's key signs for a head. */
export function headMessage(head: CustodyHead): Uint8Array {
  return new TextEncoder().encode(canonicalJson({ purpose: 'countermark-custody-head', v: 1, alliance: head.alliance, seq: head.seq, hash: head.hash }));
}

/** Whether `signature` (base64) is the alliance's Ed25519 signature of `head`; `publicKey` is the raw 32-byte key in base64. */
export async function verifyHeadSignature(publicKey: string, head: CustodyHead, signature: string): Promise<boolean> {
  try {
    const key = await subtle().importKey('raw', fromBase64(publicKey) as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']);
    return await subtle().verify({ name: 'Ed25519' }, key, fromBase64(signature) as Uint8Array<ArrayBuffer>, headMessage(head) as Uint8Array<ArrayBuffer>);
  } catch {
    return false;
  }
}

/** A line of a pack's custody log: an entry of the case in full, or another event of the alliance by its hashes only. */
export type CustodyLogLine = { seq: number; hash: string; entry: CustodyEntry } | { seq: number; hash: string; prev: string; withheld: true };

/** Where a chain stops holding: the entry's position and why. */
export interface ChainBreak {
  seq: number;
  message: string;
}

/**
 * Walks a chain (or a stretch of one) line by line: each full entry's hash must be its content's,
 * each line's `prev` the hash of the line before, the positions consecutive. Keeps the first break
 * and the last line, so a log of any length is checked holding one line at a time.
 */
export class ChainWalker {
  private previous: { seq: number; hash: string } | null = null;
  first: { seq: number; prev: string } | null = null;
  lastEntry: CustodyEntry | null = null;
  broken: ChainBreak | null = null;
  count = 0;

  constructor(private readonly alliance: string | null = null) {}

  get head(): { seq: number; hash: string } | null {
    return this.previous;
  }

  async add(line: CustodyLogLine): Promise<void> {
    this.count += 1;
    if (this.broken) return;
    const seq = line.seq;
    if (!Number.isSafeInteger(seq) || typeof line.hash !== 'string' || !/^[0-9a-f]{64}$/.test(line.hash)) {
      this.broken = { seq: Number.isSafeInteger(seq) ? seq : -1, message: `custody line ${this.count} is not an entry (seq and a 64-digit hash)` };
      return;
    }
    let prev: string;
    if ('entry' in line) {
      const e = line.entry;
      if (!e || typeof e !== 'object' || e.seq !== seq) {
        this.broken = { seq, message: `custody entry #${seq}: its content does not carry its position` };
        return;
      }
      if (this.alliance !== null && e.alliance !== this.alliance) {
        this.broken = { seq, message: `custody entry #${seq} (${String(e.kind)}): it belongs to another alliance` };
        return;
      }
      let actual: string;
      try {
        actual = await entryHash(e);
      } catch {
        this.broken = { seq, message: `custody entry #${seq}: its content is not canonical JSON` };
        return;
      }
      if (actual !== line.hash) {
        this.broken = { seq, message: `custody entry #${seq} (${String(e.kind)}${e.file ? ` of ${e.file.name}` : ''}): its content does not match its hash` };
        return;
      }
      prev = e.prev;
      this.lastEntry = e;
    } else {
      prev = line.prev;
    }
    if (this.previous) {
      if (seq !== this.previous.seq + 1) {
        this.broken = { seq, message: `custody entry #${seq}: expected #${this.previous.seq + 1} after #${this.previous.seq}` };
        return;
      }
      if (prev !== this.previous.hash) {
        this.broken = { seq, message: `custody entry #${seq}: it does not link to entry #${this.previous.seq} (its previous hash differs)` };
        return;
      }
    } else {
      if (seq === 1 && prev !== GENESIS_HASH) {
        this.broken = { seq, message: 'custody entry #1: the first entry of a chain links to no entry' };
        return;
      }
      this.first = { seq, prev };
    }
    this.previous = { seq, hash: line.hash };
  }
}
