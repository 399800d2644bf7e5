import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createCipheriv, createDecipheriv, createPrivateKey, generateKeyPairSync, hkdfSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { canonicalJson, entryHash, headMessage, type CustodyEntry, type CustodyKind, type CustodyLogLine } from '../../../../libs/custody/src/index.js';
import { AppConfig } from '../config/app-config.js';
import { CustodyChainRepository, type CustodyEventRow } from './custody-chain.repository.js';

/** Who a custody event names as acting (a request's context, or a signed link's holder). */
export interface CustodyActor {
  allianceId: string;
  actorId: string;
  organisationId: string | null;
  role: string | null;
}

export interface CustodyAppend {
  kind: CustodyKind;
  caseId?: string | null;
  file?: { id: string; sha256: string; fileName: string } | null;
  details?: Record<string, unknown>;
}

export interface AppendedEvent {
  seq: number;
  hash: string;
  signature: string;
  entry: CustodyEntry;
}

/** The events of a stretch read per statement when a pack's log is written. */
const STRETCH_BATCH = 1000;

/**
 * The per-alliance chain of custody (issue 17, outcome 5). Each append, inside the transaction of
 * the event it records, locks the alliance's head row, builds the entry over the head's hash,
 * hashes its canonical JSON and signs the new head with the alliance's Ed25519 key: two concurrent
 * appends queue on that lock, so the chain never forks, and an event whose transaction rolls back
 * leaves no entry. The key pair is made on the alliance's first event; the private key is kept
 * sealed (AES-256-GCM under a key derived by HKDF from the server's SESSION_SECRET) and never
 * leaves the server; the public key is shown to members and partners (`custodyPublicKey`) and
 * written into every pack.
 */
@Injectable()
export class CustodyChainService {
  private readonly logger = new Logger('Custody');
  private readonly sealingKey: Buffer;
  private readonly keys = new Map<string, KeyObject>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chain: CustodyChainRepository,
    config: AppConfig,
  ) {
    this.sealingKey = Buffer.from(hkdfSync('sha256', config.sessionSecret(), 'countermark', 'custody-chain private keys v1', 32));
  }

  /** Appends one event in `em`'s transaction (see the class). */
  async append(em: EntityManager, actor: CustodyActor, event: CustodyAppend): Promise<AppendedEvent> {
    const [appended] = await this.appendAll(em, actor, [event]);
    return appended;
  }

  /** Appends events in order, in `em`'s transaction, under one lock. */
  async appendAll(em: EntityManager, actor: CustodyActor, events: readonly CustodyAppend[]): Promise<AppendedEvent[]> {
    if (!events.length) return [];
    let head = await this.chain.lockHead(em, actor.allianceId);
    if (!head) {
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      await this.chain.createHead(em, actor.allianceId, Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64'), this.seal(privateKey));
      head = (await this.chain.lockHead(em, actor.allianceId))!;
    }
    const key = this.privateKeyOf(actor.allianceId, head.privateKeySealed);
    const at = new Date().toISOString();
    let seq = head.headSeq;
    let prev = head.headHash;
    const out: AppendedEvent[] = [];
    for (const event of events) {
      seq += 1;
      const entry: CustodyEntry = {
        v: 1,
        alliance: actor.allianceId,
        seq,
        kind: event.kind,
        at,
        actor: { id: actor.actorId, organisationId: actor.organisationId, role: actor.role },
        caseId: event.caseId ?? null,
        file: event.file ? { id: event.file.id, sha256: event.file.sha256, name: event.file.fileName } : null,
        details: event.details ?? {},
        prev,
      };
      const hash = await entryHash(entry);
      const signature = sign(null, headMessage({ alliance: actor.allianceId, seq, hash }), key).toString('base64');
      await this.chain.append(em, actor.allianceId, {
        seq, kind: event.kind, caseId: entry.caseId, fileId: entry.file?.id ?? null, actorId: actor.actorId, occurredAt: at, entry: canonicalJson(entry), hash, prevHash: prev, signature,
      });
      out.push({ seq, hash, signature, entry });
      prev = hash;
    }
    return out;
  }

  /** Appends in a transaction of its own (an event with nothing else to write, such as a view). */
  appendNow(actor: CustodyActor, event: CustodyAppend): Promise<AppendedEvent> {
    return this.dataSource.transaction((em) => this.append(em, actor, event));
  }

  /** The alliance's public key (raw Ed25519, base64), or null before its first custody event. */
  publicKey(allianceId: string): Promise<string | null> {
    return this.chain.publicKey(allianceId);
  }

  /** A page of a case's custody events (those recorded for it, and its files' outside any case), oldest first; only those of `kinds` when given. */
  pageOfCase(allianceId: string, caseId: string, fileIds: readonly string[], afterSeq: number, limit: number, kinds: readonly CustodyKind[] | null = null): Promise<{ totalCount: number; rows: CustodyEventRow[] }> {
    return this.chain.pageOfCase(allianceId, caseId, fileIds, afterSeq, limit, kinds);
  }

  /**
   * A pack's custody log, from the case's first event to `head` (its export, just appended): the
   * case's entries in full, the alliance's other events in between by their hashes only, so the
   * links can be checked without revealing them. Read a batch at a time.
   */
  async *logOfCase(em: EntityManager, allianceId: string, caseId: string, fileIds: readonly string[], head: number): AsyncGenerator<CustodyLogLine> {
    let from = (await this.chain.firstSeqOfCase(em, allianceId, caseId, fileIds, head)) ?? head;
    while (from <= head) {
      const rows = await this.chain.stretch(allianceId, caseId, fileIds, from, head, STRETCH_BATCH);
      if (!rows.length) return;
      for (const r of rows) {
        yield r.entry === null ? { seq: r.seq, hash: r.hash, prev: r.prevHash, withheld: true } : { seq: r.seq, hash: r.hash, entry: JSON.parse(r.entry) as CustodyEntry };
      }
      from = rows[rows.length - 1].seq + 1;
    }
  }

  private seal(privateKey: KeyObject): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealingKey, iv);
    const sealed = Buffer.concat([cipher.update(privateKey.export({ format: 'der', type: 'pkcs8' })), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
  }

  private privateKeyOf(allianceId: string, sealed: Buffer): KeyObject {
    let key = this.keys.get(allianceId);
    if (!key) {
      let der: Buffer;
      try {
        const decipher = createDecipheriv('aes-256-gcm', this.sealingKey, sealed.subarray(0, 12));
        decipher.setAuthTag(sealed.subarray(12, 28));
        der = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
      } catch {
        // every custody event of the alliance fails until the secret is restored: say why, once per attempt
        this.logger.error(`The custody key of alliance ${allianceId} cannot be unsealed: SESSION_SECRET is not the one it was sealed with (README, "Chain of custody")`);
        throw new Error('The custody key cannot be unsealed');
      }
      key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
      this.keys.set(allianceId, key);
    }
    return key;
  }
}
