import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IndicatorType } from '../../../../../libs/indicators/src/index.js';
import { Brand } from '../../brands/brand.models.js';
import { IndustryCategory } from '../../categories/industry-category.model.js';
import { Node, toGlobalId } from '../../common/node.js';
import type { RequestContext } from '../../common/request-context.js';
import { Indicator } from '../reports/intel-report.models.js';
import type { ContactRequestEntity, ContactRequestRecipientEntity } from './contact-request.entity.js';
import type { SightingEntity } from './sighting.entity.js';
import type { WatchlistEntryEntity } from './watchlist-entry.entity.js';

@ObjectType('Sighting', { description: 'A member saw this indicator too' })
export class Sighting {
  @Field(() => GraphQLISODateTime) seenAt: Date;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => GraphQLISODateTime) reportedAt: Date;
  organisationUuid: string;

  static from(e: SightingEntity): Sighting {
    return Object.assign(new Sighting(), { seenAt: e.seenAt, note: e.note, reportedAt: e.createdAt, organisationUuid: e.organisationId });
  }
}

@ObjectType('BlindMatch', { description: 'The indicator is also in reports you may not see: only how many organisations hold it' })
export class BlindMatch {
  @Field(() => IndicatorType) type: string;
  @Field() key: string;
  @Field(() => Int) organisations: number;
}

@ObjectType('IndicatorBlindMatch')
export class IndicatorBlindMatch {
  @Field(() => Indicator) indicator: Indicator;
  @Field(() => Int, { description: 'Other organisations holding it in reports you may not see' }) organisations: number;
}

export enum ContactRequestStatus {
  PENDING_REVIEW = 'PENDING_REVIEW',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(ContactRequestStatus, { name: 'ContactRequestStatus' });

@ObjectType('ContactRequest', { implements: () => [Node], description: 'A request to connect over a blind match, relayed by the coordinators' })
export class ContactRequest implements Node {
  static readonly typename = 'ContactRequest';
  @Field(() => ID) id: string;
  @Field(() => IndicatorType) indicatorType: string;
  @Field() indicatorKey: string;
  @Field() message: string;
  @Field(() => ContactRequestStatus) status: ContactRequestStatus;
  @Field(() => String, { nullable: true }) coordinatorNote: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => Int, { description: 'Organisations it went to (never who)' }) recipientCount: number;
  @Field(() => String, { nullable: true, description: 'For a recipient: its own answer (WAITING, ACCEPTED, DECLINED)' }) myAnswer: string | null;
  requesterOrganisationUuid: string;
  acceptedOrganisationUuids: string[];
  mine: boolean;

  static from(e: ContactRequestEntity, recipients: ContactRequestRecipientEntity[], ctx: RequestContext): ContactRequest {
    return Object.assign(new ContactRequest(), {
      id: toGlobalId(ContactRequest.typename, e.id),
      indicatorType: e.indicatorType,
      indicatorKey: e.indicatorKey,
      message: e.message,
      status: e.status as ContactRequestStatus,
      coordinatorNote: e.coordinatorNote,
      createdAt: e.createdAt,
      recipientCount: recipients.length,
      myAnswer: recipients.find((r) => r.organisationId === ctx.organisationId)?.status ?? null,
      requesterOrganisationUuid: e.requesterOrganisationId,
      acceptedOrganisationUuids: recipients.filter((r) => r.status === 'ACCEPTED').map((r) => r.organisationId),
      mine: e.requesterOrganisationId === ctx.organisationId,
    });
  }
}

@ObjectType('WatchlistEntry', { implements: () => [Node] })
export class WatchlistEntry implements Node {
  static readonly typename = 'WatchlistEntry';
  @Field(() => ID) id: string;
  @Field() kind: string;
  @Field(() => ID, { nullable: true }) brandId: string | null;
  @Field(() => ID, { nullable: true }) categoryId: string | null;
  @Field(() => IndicatorType, { nullable: true }) indicatorType: string | null;
  @Field(() => String, { nullable: true }) indicatorKey: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;

  static from(e: WatchlistEntryEntity): WatchlistEntry {
    return Object.assign(new WatchlistEntry(), {
      id: toGlobalId(WatchlistEntry.typename, e.id),
      kind: e.kind,
      brandId: e.brandId ? toGlobalId(Brand.typename, e.brandId) : null,
      categoryId: e.categoryId ? toGlobalId(IndustryCategory.typename, e.categoryId) : null,
      indicatorType: e.indicatorType,
      indicatorKey: e.indicatorKey,
      createdAt: e.createdAt,
    });
  }
}
