import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { EvidenceKind, TrademarkOffice, TrademarkVerificationStatus } from '../../../../libs/domain/src/index.js';
import { Node, toGlobalId } from '../common/node.js';
import { EvidenceFile } from '../files/evidence-file.model.js';
import type { BrandEntity, TrademarkEntity } from './brand.entity.js';

registerEnumType(TrademarkOffice, { name: 'TrademarkOffice' });
registerEnumType(TrademarkVerificationStatus, { name: 'TrademarkVerificationStatus' });
registerEnumType(EvidenceKind, { name: 'EvidenceKind' });

@ObjectType('Brand', { implements: () => [Node] })
export class Brand implements Node {
  static readonly typename = 'Brand';
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => String, { nullable: true }) website: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  uuid: string;
  organisationUuid: string;

  static from(e: BrandEntity): Brand {
    return Object.assign(new Brand(), {
      id: toGlobalId(Brand.typename, e.id),
      uuid: e.id,
      name: e.name,
      description: e.description,
      website: e.website,
      createdAt: e.createdAt,
      organisationUuid: e.organisationId,
    });
  }
}

@ObjectType('Trademark', { implements: () => [Node], description: 'A registration that backs a brand' })
export class Trademark implements Node {
  static readonly typename = 'Trademark';
  @Field(() => ID) id: string;
  @Field(() => TrademarkOffice) office: TrademarkOffice;
  @Field() registrationNumber: string;
  @Field(() => [Int], { description: 'Nice classes, 1–45' }) niceClasses: number[];
  @Field() ownerName: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) registeredOn: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) expiresOn: string | null;
  @Field(() => TrademarkVerificationStatus) verificationStatus: TrademarkVerificationStatus;
  @Field(() => String, { nullable: true }) verificationNote: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) verifiedAt: Date | null;
  uuid: string;
  brandUuid: string;

  static from(e: TrademarkEntity): Trademark {
    return Object.assign(new Trademark(), {
      id: toGlobalId(Trademark.typename, e.id),
      uuid: e.id,
      office: e.office,
      registrationNumber: e.registrationNumber,
      niceClasses: e.niceClasses,
      ownerName: e.ownerName,
      registeredOn: e.registeredOn,
      expiresOn: e.expiresOn,
      verificationStatus: e.verificationStatus,
      verificationNote: e.verificationNote,
      verifiedAt: e.verifiedAt,
      brandUuid: e.brandId,
    });
  }
}

@ObjectType('TrademarkEvidence')
export class TrademarkEvidence {
  @Field(() => EvidenceKind) kind: EvidenceKind;
  @Field(() => EvidenceFile, { nullable: true, description: 'Null when the caller may not see the file' }) file: EvidenceFile | null;
}
