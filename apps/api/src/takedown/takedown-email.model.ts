import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Node, toGlobalId } from '../common/node.js';
import { ConnectionType } from '../common/pagination.js';
import type { InboundMailRow } from './takedown-email.repository.js';

export enum TakedownMailStatus {
  RECEIVED = 'RECEIVED',
  FILED = 'FILED',
  REFUSED = 'REFUSED',
  FAILED = 'FAILED',
}
registerEnumType(TakedownMailStatus, {
  name: 'TakedownMailStatus',
  description: 'RECEIVED: stored, being read; FILED: at least one request or CSV filed (problems name what was not); REFUSED: nothing filed, the sender told why; FAILED: could not be read (an error on our side), the sender told',
});

@ObjectType('TakedownMailProblem', { description: 'Something of a message that was not filed, and why' })
export class TakedownMailProblem {
  @Field({ description: 'brand, right, reason, url, listings, attachment or message' }) field: string;
  @Field() message: string;
}

@ObjectType('TakedownInboundMail', { implements: () => [Node], description: 'An e-mail the takedown SMTP listener accepted from a member (channel EMAIL), and what became of it' })
export class TakedownInboundMail implements Node {
  static readonly typename = 'TakedownInboundMail';
  @Field(() => ID) id: string;
  @Field({ description: 'The envelope sender: a registered address of the member’s person' }) sender: string;
  @Field() recipient: string;
  @Field(() => String, { nullable: true }) subject: string | null;
  @Field(() => String, { nullable: true, description: 'The Message-ID header' }) messageId: string | null;
  @Field(() => TakedownMailStatus) status: TakedownMailStatus;
  @Field(() => Float) sizeBytes: number;
  @Field({ description: 'Hex SHA-256 of the RFC 822 source (the evidence file `source`)' }) sha256: string;
  @Field(() => [TakedownMailProblem]) problems: TakedownMailProblem[];
  @Field(() => GraphQLISODateTime) receivedAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) processedAt: Date | null;
  row: InboundMailRow;

  static from(m: InboundMailRow): TakedownInboundMail {
    return Object.assign(new TakedownInboundMail(), {
      id: toGlobalId(TakedownInboundMail.typename, m.id), sender: m.envelopeFrom, recipient: m.recipient, subject: m.subject, messageId: m.messageId,
      status: m.status as TakedownMailStatus, sizeBytes: m.sizeBytes, sha256: m.sha256, problems: m.problems, receivedAt: m.receivedAt, processedAt: m.processedAt, row: m,
    });
  }
}

export const TakedownInboundMailConnection = ConnectionType(TakedownInboundMail, 'TakedownInboundMail');

@ObjectType('TakedownMailRefusals', { description: 'Messages the takedown SMTP listener refused before storing anything, over a period' })
export class TakedownMailRefusals {
  @Field({ description: 'First day counted (UTC, YYYY-MM-DD)' }) since: string;
  @Field(() => Int, { description: 'The sender is not a registered address of an active member’s person in this alliance' }) unknownSender: number;
  @Field(() => Int, { description: 'The From header is not the envelope sender' }) spoofedSender: number;
  @Field(() => Int, { description: 'The MTA in front did not report a DMARC pass (when TAKEDOWN_SMTP_AUTHSERV_ID is set)' }) notAuthenticated: number;
  @Field(() => Int, { description: 'Larger than TAKEDOWN_SMTP_MAX_BYTES' }) tooLarge: number;
}
