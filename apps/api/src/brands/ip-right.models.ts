import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { TrademarkVerificationStatus } from '../../../../libs/domain/src/index.js';
import { toGlobalId } from '../common/node.js';
import type { AuthorisationRow, IpRightRow } from './ip-right.repository.js';

export enum IpRightKind {
  COPYRIGHT = 'COPYRIGHT',
  DESIGN = 'DESIGN',
  PATENT = 'PATENT',
}
registerEnumType(IpRightKind, { name: 'IpRightKind' });

@ObjectType('IpRight', { description: 'A copyright, design or patent registration of a brand' })
export class IpRight {
  static readonly typename = 'IpRight';
  @Field(() => ID) id: string;
  @Field(() => IpRightKind) kind: IpRightKind;
  @Field({ description: 'The registering office or, for a copyright, the registry or "unregistered"' }) office: string;
  @Field() number: string;
  @Field(() => String, { nullable: true }) title: string | null;
  @Field() holder: string;
  @Field(() => [String], { description: 'Locarno classes (designs), IPC classes (patents), work categories (copyrights)' }) classes: string[];
  @Field(() => [String], { description: 'Countries or regions where it holds (ISO 3166-1 alpha-2, EU, WO)' }) territories: string[];
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) registeredOn: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) expiresOn: string | null;
  @Field(() => TrademarkVerificationStatus) verificationStatus: string;
  @Field(() => String, { nullable: true }) verificationNote: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) verifiedAt: Date | null;
  uuid: string;
  brandUuid: string;
  certificateFileUuid: string | null;

  static from(r: IpRightRow): IpRight {
    return Object.assign(new IpRight(), {
      id: toGlobalId(IpRight.typename, r.id), uuid: r.id, brandUuid: r.brandId, certificateFileUuid: r.certificateFileId, kind: r.kind, office: r.office, number: r.number, title: r.title, holder: r.holder,
      classes: r.classes, territories: r.territories, registeredOn: r.registeredOn, expiresOn: r.expiresOn, verificationStatus: r.verificationStatus,
      verificationNote: r.verificationNote, verifiedAt: r.verifiedAt,
    });
  }
}

@ObjectType('AgentAuthorisation', { description: 'A rights holder’s letter authorising an agent organisation to file takedowns for some of its brands' })
export class AgentAuthorisation {
  static readonly typename = 'AgentAuthorisation';
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'YYYY-MM-DD: the last day it holds' }) expiresOn: string;
  @Field({ description: 'ACTIVE or REVOKED' }) status: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) revokedAt: Date | null;
  row: AuthorisationRow;

  static from(r: AuthorisationRow): AgentAuthorisation {
    return Object.assign(new AgentAuthorisation(), { id: toGlobalId(AgentAuthorisation.typename, r.id), expiresOn: r.expiresOn, status: r.status, createdAt: r.createdAt, revokedAt: r.revokedAt, row: r });
  }
}
