import { Field, GraphQLISODateTime, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CUSTODY_KINDS, type CustodyKind } from '../../../../libs/custody/src/index.js';
import { ConnectionType } from '../common/pagination.js';
import type { CustodyEventRow } from './custody-chain.repository.js';

export const CustodyEventKind = Object.fromEntries(CUSTODY_KINDS.map((k) => [k, k])) as { [K in CustodyKind]: K };
registerEnumType(CustodyEventKind, { name: 'CustodyEventKind', description: 'COLLECTED (uploaded), ATTACHED (to a case), VIEWED (downloaded), EXPORTED (in an evidence pack), HANDED_OVER (referred to a partner)' });

@ObjectType('CustodyEvent', { description: 'One entry of the alliance’s chain of custody: its hash covers its canonical JSON (`entry`, RFC 8785), which names the previous entry’s hash' })
export class CustodyEvent {
  @Field(() => Int, { description: 'Position in the alliance’s chain (1 is the first)' }) seq: number;
  @Field(() => CustodyEventKind) kind: CustodyKind;
  @Field(() => GraphQLISODateTime) occurredAt: Date;
  @Field({ description: 'SHA-256 (hex) of `entry`' }) hash: string;
  @Field({ description: 'The previous entry’s hash' }) prevHash: string;
  @Field({ description: 'Ed25519 signature (base64) of the chain’s head at this entry, by the alliance’s key' }) signature: string;
  @Field({ description: 'The entry as hashed: canonical JSON (actor, case, file and its SHA-256, details, previous hash)' }) entry: string;
  @Field(() => String, { nullable: true, description: 'SHA-256 of the file the event concerns' }) fileSha256: string | null;
  fileUuid: string | null;

  static from(row: CustodyEventRow): CustodyEvent {
    const e = new CustodyEvent();
    const parsed = JSON.parse(row.entry) as { file: { sha256: string } | null };
    Object.assign(e, {
      seq: row.seq, kind: row.kind as CustodyKind, occurredAt: row.occurredAt, hash: row.hash, prevHash: row.prevHash, signature: row.signature, entry: row.entry,
      fileSha256: parsed.file?.sha256 ?? null, fileUuid: row.fileId,
    });
    return e;
  }
}

export const CustodyEventConnection = ConnectionType(CustodyEvent, 'CustodyEvent');
