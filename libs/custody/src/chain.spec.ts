import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, sign } from 'node:crypto';
import { canonicalJson, ChainWalker, entryHash, GENESIS_HASH, headMessage, sha256Hex, verifyHeadSignature, type CustodyEntry, type CustodyLogLine } from './chain.js';
import { judgePack, PACK_FORMAT, type PackManifest } from './pack.js';

const ALLIANCE = '11111111-1111-4111-8111-111111111111';
const CASE = '22222222-2222-4222-8222-222222222222';

function entry(seq: number, prev: string, over: Partial<CustodyEntry> = {}): CustodyEntry {
  return {
    v: 1, alliance: ALLIANCE, seq, kind: 'VIEWED', at: '2026-12-07T03:00:00.000Z', actor: { id: 'a1', organisationId: 'o1', role: 'MEMBER_ADMIN' },
    caseId: null, file: { id: 'f1', sha256: 'ab'.repeat(32), name: 'test-buy.png' }, details: {}, prev, ...over,
  };
}

async function chain(n: number, last: Partial<CustodyEntry> = {}): Promise<CustodyLogLine[]> {
  const lines: CustodyLogLine[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const e = entry(seq, prev, seq === n ? last : {});
    const hash = await entryHash(e);
    lines.push({ seq, hash, entry: e });
    prev = hash;
  }
  return lines;
}

async function walk(lines: CustodyLogLine[]): Promise<ChainWalker> {
  const w = new ChainWalker(ALLIANCE);
  for (const l of lines) await w.add(JSON.parse(JSON.stringify(l)) as CustodyLogLine);
  return w;
}

describe('custody chain', () => {
  it('hashes the RFC 8785 canonical form: key order and spacing do not count, values do', async () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'é'], c: { y: 1e21, x: 0.1 } })).toBe('{"a":[true,null,"é"],"b":1,"c":{"x":0.1,"y":1e+21}}');
    const e = entry(1, GENESIS_HASH);
    const reordered = JSON.parse(JSON.stringify({ prev: e.prev, details: e.details, file: e.file, caseId: e.caseId, actor: e.actor, at: e.at, kind: e.kind, seq: e.seq, alliance: e.alliance, v: e.v }));
    expect(await entryHash(reordered)).toBe(await entryHash(e));
    expect(await entryHash({ ...e, actor: { ...e.actor, id: 'a2' } })).not.toBe(await entryHash(e));
    expect(await entryHash(e)).toBe(await sha256Hex(canonicalJson(e)));
  });

  it('links each entry to the one before and accepts an intact chain, withheld entries included', async () => {
    const lines = await chain(4);
    const withheld: CustodyLogLine = { seq: 2, hash: lines[1].hash, prev: lines[0].hash, withheld: true };
    const w = await walk([lines[0], withheld, lines[2], lines[3]]);
    expect(w.broken).toBeNull();
    expect(w.head).toEqual({ seq: 4, hash: lines[3].hash });
    expect(w.first).toEqual({ seq: 1, prev: GENESIS_HASH });
  });

  it('names the entry whose content was edited, the one that no longer links, and a gap', async () => {
    const lines = await chain(4);
    const edited = JSON.parse(JSON.stringify(lines)) as CustodyLogLine[];
    (edited[2] as { entry: CustodyEntry }).entry.actor.id = 'someone-else';
    expect((await walk(edited)).broken).toEqual({ seq: 3, message: 'custody entry #3 (VIEWED of test-buy.png): its content does not match its hash' });

    // edited and re-hashed: the next entry's link breaks
    const rehashed = JSON.parse(JSON.stringify(lines)) as { seq: number; hash: string; entry: CustodyEntry }[];
    rehashed[1].entry.details = { forged: true };
    rehashed[1].hash = await entryHash(rehashed[1].entry);
    expect((await walk(rehashed)).broken).toEqual({ seq: 3, message: 'custody entry #3: it does not link to entry #2 (its previous hash differs)' });

    expect((await walk([lines[0], lines[2], lines[3]])).broken?.message).toBe('custody entry #3: expected #2 after #1');
    expect((await walk([lines[1], lines[0]])).broken?.seq).toBe(1);
  });

  it('signs the head with Ed25519: the signature verifies with the public key, not another head or key', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
    const head = { alliance: ALLIANCE, seq: 7, hash: 'cd'.repeat(32) };
    const signature = sign(null, headMessage(head), privateKey).toString('base64');
    expect(await verifyHeadSignature(raw, head, signature)).toBe(true);
    expect(await verifyHeadSignature(raw, { ...head, seq: 8 }, signature)).toBe(false);
    const other = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
    expect(await verifyHeadSignature(other, head, signature)).toBe(false);
    expect(await verifyHeadSignature(raw, head, 'not a signature')).toBe(false);
  });

  it('judges a pack: files against the manifest, the log, the signed head, the export entry', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const sha = 'ef'.repeat(32);
    const lines = await chain(3, { kind: 'EXPORTED', caseId: CASE, file: null, details: { files: [{ id: 'f1', sha256: sha, name: 'a.png' }] } });
    const head = { seq: 3, hash: lines[2].hash };
    const manifest: PackManifest = {
      format: PACK_FORMAT, alliance: { id: ALLIANCE, name: 'A' }, case: { id: CASE, title: 'c', status: 'REFERRED' }, exportedAt: '2026-12-07T03:00:00.000Z',
      files: [{ path: 'files/001-a.png', fileId: 'f1', fileName: 'a.png', contentType: 'image/png', sizeBytes: 3, sha256: sha }],
      custody: {
        path: 'custody.ndjson', algorithm: 'Ed25519', publicKey: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64'), head,
        signature: sign(null, headMessage({ alliance: ALLIANCE, ...head }), privateKey).toString('base64'),
      },
    };
    const files = new Map([['files/001-a.png', sha]]);
    expect(await judgePack(manifest, files, await walk(lines))).toBeNull();
    expect(await judgePack(manifest, new Map([['files/001-a.png', '00'.repeat(32)]]), await walk(lines))).toMatchObject({ kind: 'FILE', name: 'files/001-a.png' });
    expect(await judgePack(manifest, new Map([...files, ['files/002-extra.png', sha]]), await walk(lines))).toMatchObject({ kind: 'FILE', name: 'files/002-extra.png' });
    // a manifest and file changed together still disagree with the signed export entry
    const forged = { ...manifest, files: [{ ...manifest.files[0], sha256: '00'.repeat(32) }] };
    expect(await judgePack(forged, new Map([['files/001-a.png', '00'.repeat(32)]]), await walk(lines))).toMatchObject({ kind: 'FILE', name: 'files/001-a.png' });
    expect(await judgePack({ ...manifest, custody: { ...manifest.custody, signature: manifest.custody.signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) } }, files, await walk(lines))).toMatchObject({ kind: 'SIGNATURE', name: '#3' });
    expect(await judgePack(manifest, files, await walk(lines.slice(0, 2)))).toMatchObject({ kind: 'ENTRY', name: '#2' });
  });
});
