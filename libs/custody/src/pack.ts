import { ChainWalker, verifyHeadSignature, type CustodyLogLine } from './chain.js';

/**
 * An evidence pack (issue 17, outcome 5): a zip of `manifest.json`, `custody.ndjson` (the custody
 * log: the case's entries in full, the alliance's other events in between by their hashes only),
 * `summary.pdf` (for people; not evidence) and the files under `files/`. What the verify script
 * and the web client check, the same code for both.
 */
export const PACK_FORMAT = 'countermark-evidence-pack/1';
export const MANIFEST_PATH = 'manifest.json';
export const CUSTODY_PATH = 'custody.ndjson';
export const SUMMARY_PATH = 'summary.pdf';

export interface PackFile {
  /** Its path in the zip, under files/ */
  path: string;
  fileId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

export interface PackManifest {
  format: typeof PACK_FORMAT;
  alliance: { id: string; name: string };
  case: { id: string; title: string; status: string };
  exportedAt: string;
  files: PackFile[];
  custody: {
    path: typeof CUSTODY_PATH;
    algorithm: 'Ed25519';
    /** The alliance's public key: raw 32 bytes, base64 (compare it with the one the alliance publishes) */
    publicKey: string;
    head: { seq: number; hash: string };
    /** Ed25519 over headMessage({ alliance, seq, hash }), base64 */
    signature: string;
  };
}

/** The first thing in a pack that does not hold: which file or entry, and how. */
export interface PackMismatch {
  kind: 'MANIFEST' | 'FILE' | 'ENTRY' | 'SIGNATURE';
  /** The file's path in the pack, the entry's position (#seq), or the part of the pack */
  name: string;
  message: string;
}

/** Reads a manifest, or says why it is not one. */
export function parseManifest(text: string): PackManifest | PackMismatch {
  let m: PackManifest;
  try {
    m = JSON.parse(text) as PackManifest;
  } catch {
    return { kind: 'MANIFEST', name: MANIFEST_PATH, message: 'manifest.json is not JSON' };
  }
  if (m?.format !== PACK_FORMAT || !Array.isArray(m.files) || !m.custody || typeof m.custody.publicKey !== 'string' || !m.custody.head || !m.alliance?.id) {
    return { kind: 'MANIFEST', name: MANIFEST_PATH, message: `manifest.json is not a ${PACK_FORMAT} manifest` };
  }
  return m;
}

export function isMismatch(value: unknown): value is PackMismatch {
  return !!value && typeof value === 'object' && 'kind' in value && 'message' in value && !('format' in value);
}

/** Parses one line of the custody log (a line that is not JSON becomes a line the walker refuses). */
export function parseLogLine(text: string): CustodyLogLine {
  try {
    return JSON.parse(text) as CustodyLogLine;
  } catch {
    return { seq: Number.NaN, hash: '', prev: '', withheld: true };
  }
}

/**
 * The verdict on a pack once its parts are read: `hashes` are the SHA-256 the reader computed of
 * each entry of the zip (by path), `walker` the custody log walked line by line. Files first (in
 * the manifest's order, then any file the manifest does not list), then the log, then the signed
 * head, then the manifest against the export's entry (which the signature covers). Null: it holds.
 */
export async function judgePack(manifest: PackManifest, hashes: ReadonlyMap<string, string>, walker: ChainWalker | null): Promise<PackMismatch | null> {
  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const actual = hashes.get(f.path);
    if (actual === undefined) return { kind: 'FILE', name: f.path, message: `${f.path} is missing from the pack` };
    if (actual !== f.sha256) return { kind: 'FILE', name: f.path, message: `${f.path}: its SHA-256 is ${actual}, the manifest says ${f.sha256}` };
  }
  for (const path of hashes.keys()) {
    if (path.startsWith('files/') && !listed.has(path)) return { kind: 'FILE', name: path, message: `${path} is not in the manifest` };
  }
  if (!walker || walker.count === 0) return { kind: 'ENTRY', name: CUSTODY_PATH, message: 'the pack has no custody log' };
  if (walker.broken) return { kind: 'ENTRY', name: `#${walker.broken.seq}`, message: walker.broken.message };
  const head = walker.head!;
  const claimed = manifest.custody.head;
  if (head.seq !== claimed.seq || head.hash !== claimed.hash) {
    return { kind: 'ENTRY', name: `#${head.seq}`, message: `custody entry #${head.seq} is not the signed head (#${claimed.seq})` };
  }
  if (!(await verifyHeadSignature(manifest.custody.publicKey, { alliance: manifest.alliance.id, seq: head.seq, hash: head.hash }, manifest.custody.signature))) {
    return { kind: 'SIGNATURE', name: `#${head.seq}`, message: `the signature of the head (#${head.seq}) does not verify with the pack's public key` };
  }
  const exported = walker.lastEntry;
  if (!exported || exported.seq !== head.seq || (exported.kind !== 'EXPORTED' && exported.kind !== 'HANDED_OVER') || exported.caseId !== manifest.case.id) {
    return { kind: 'ENTRY', name: `#${head.seq}`, message: `custody entry #${head.seq} is not this pack's export` };
  }
  const recorded = new Map(((exported.details.files ?? []) as { id: string; sha256: string }[]).map((f) => [f.id, f.sha256]));
  if (recorded.size !== manifest.files.length) return { kind: 'MANIFEST', name: MANIFEST_PATH, message: `the export (#${head.seq}) recorded ${recorded.size} files, the manifest lists ${manifest.files.length}` };
  for (const f of manifest.files) {
    if (recorded.get(f.fileId) !== f.sha256) return { kind: 'FILE', name: f.path, message: `${f.path}: the manifest's SHA-256 is not the one the export (#${head.seq}) recorded` };
  }
  return null;
}
