import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { IndicatorType } from '../../../../../libs/indicators/src/index.js';
import { ReportKind, ReportStatus, SharingLevel } from '../../../../../libs/domain/src/index.js';
import { Node, toGlobalId } from '../../common/node.js';
import { ConnectionType } from '../../common/pagination.js';
import type { IndicatorEntity } from './indicator.entity.js';
import type { IntelReportEntity, IntelReportVersionEntity } from './intel-report.entity.js';

registerEnumType(IndicatorType, { name: 'IndicatorType' });
registerEnumType(ReportKind, { name: 'ReportKind' });
registerEnumType(ReportStatus, { name: 'ReportStatus' });

@ObjectType('IntelReport', { implements: () => [Node], description: 'A member’s report about a counterfeiter' })
export class IntelReport implements Node {
  static readonly typename = 'IntelReport';
  @Field(() => ID) id: string;
  @Field(() => ReportKind) kind: ReportKind;
  @Field() title: string;
  @Field() summary: string;
  @Field(() => Int) confidence: number;
  @Field(() => SharingLevel) sharingLevel: SharingLevel;
  @Field(() => ReportStatus) status: ReportStatus;
  @Field(() => String, { nullable: true }) country: string | null;
  @Field(() => [String]) countries: string[];
  @Field(() => [String]) marketplaces: string[];
  @Field(() => String, { nullable: true }) firstObservedOn: string | null;
  @Field(() => String, { nullable: true }) lastObservedOn: string | null;
  @Field(() => Int, { description: 'Starts at 1; each amendment adds one' }) version: number;
  @Field(() => GraphQLISODateTime, { nullable: true }) publishedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) retractedAt: Date | null;
  @Field(() => String, { nullable: true }) retractionReason: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
  uuid: string;
  organisationUuid: string;
  networkUuid: string | null;

  static from(e: IntelReportEntity): IntelReport {
    return Object.assign(new IntelReport(), {
      id: toGlobalId(IntelReport.typename, e.id),
      uuid: e.id,
      kind: e.kind,
      title: e.title,
      summary: e.summary,
      confidence: e.confidence,
      sharingLevel: e.sharingLevel,
      status: e.status,
      country: e.country,
      countries: e.countries,
      marketplaces: e.marketplaces,
      firstObservedOn: e.firstObservedOn,
      lastObservedOn: e.lastObservedOn,
      version: e.version,
      publishedAt: e.publishedAt,
      retractedAt: e.retractedAt,
      retractionReason: e.retractionReason,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
      organisationUuid: e.organisationId,
      networkUuid: e.networkId,
    });
  }
}

@ObjectType('Indicator', { implements: () => [Node], description: 'An observable in a report, with its normalised key' })
export class Indicator implements Node {
  static readonly typename = 'Indicator';
  @Field(() => ID) id: string;
  @Field(() => IndicatorType) type: IndicatorType;
  @Field({ description: 'As the reporter entered it' }) value: string;
  @Field({ description: 'Normalised: reports whose indicators share type and key are linked' }) key: string;
  @Field(() => String, { nullable: true, description: 'As entered: marketplace of a bare id, messenger of a bare handle' }) qualifier: string | null;
  @Field(() => String, { nullable: true }) note: string | null;
  uuid: string;
  reportUuid: string;

  static from(e: IndicatorEntity): Indicator {
    return Object.assign(new Indicator(), {
      id: toGlobalId(Indicator.typename, e.id),
      uuid: e.id,
      type: e.type as IndicatorType,
      value: e.rawValue,
      key: e.key,
      qualifier: e.qualifier,
      note: e.note,
      reportUuid: e.reportId,
    });
  }
}

@ObjectType('IntelReportVersion', { description: 'The report as it was before an amendment' })
export class IntelReportVersion {
  @Field(() => Int) version: number;
  @Field(() => GraphQLJSON) snapshot: unknown;
  @Field(() => GraphQLISODateTime) replacedAt: Date;

  /** Internal ids in the stored snapshot become the API's opaque ids; tenant and author ids stay inside. */
  static from(e: IntelReportVersionEntity): IntelReportVersion {
    const { id, allianceId: _a, authorId: _u, organisationId, brandIds, categoryIds, ...rest } = e.snapshot as Record<string, unknown> & { id: string; organisationId: string; brandIds?: string[]; categoryIds?: string[] };
    const snapshot = {
      ...rest,
      id: toGlobalId(IntelReport.typename, id),
      organisationId: toGlobalId('Organisation', organisationId),
      brandIds: (brandIds ?? []).map((b) => toGlobalId('Brand', b)),
      categoryIds: (categoryIds ?? []).map((c) => toGlobalId('IndustryCategory', c)),
    };
    return Object.assign(new IntelReportVersion(), { version: e.version, snapshot, replacedAt: e.createdAt });
  }
}

@ObjectType()
export class IntelReportConnection extends ConnectionType(IntelReport, 'IntelReport') {}
