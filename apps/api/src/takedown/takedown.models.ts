import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ListingOutcome, StrikeLevel, TakedownAction, TakedownStatus } from '../../../../libs/takedown/src/index.js';
import { Node, toGlobalId } from '../common/node.js';
import { ConnectionType } from '../common/pagination.js';
import { ReferenceField } from '../common/reference-field.js';
import { Brand, Trademark } from '../brands/brand.models.js';
import { Organisation } from '../members/member.models.js';
import type { MarketplaceRow } from './marketplace.repository.js';
import type { AttemptRow, DeliveryRow } from './takedown-delivery.repository.js';
import type { BulkLine, BulkRow } from './takedown-bulk.repository.js';
import type { CounterNoticeRow, ListingRow, TakedownChannel as Channel, TakedownRow, TransitionRow } from './takedown.repository.js';
import { TakedownReason } from './takedown.service.js';
import { MAX_RELATED_SHOWN, RelatedStoreStrikes } from './repeat-infringer.models.js';
import type { StoreStandingRow } from './repeat-infringer.service.js';

export enum TakedownChannel {
  PORTAL = 'PORTAL',
  API = 'API',
  BULK_CSV = 'BULK_CSV',
  PDF_FORM = 'PDF_FORM',
  EMAIL = 'EMAIL',
}

registerEnumType(TakedownStatus, { name: 'TakedownStatus' });
registerEnumType(TakedownAction, { name: 'TakedownAction', description: 'A step of the lifecycle; the ones jobs take (lapsed windows, auto-acceptance) are refused to people' });
registerEnumType(ListingOutcome, { name: 'ListingOutcome' });
registerEnumType(TakedownReason, { name: 'TakedownReason' });
registerEnumType(TakedownChannel, { name: 'TakedownChannel' });

@ObjectType('Marketplace', { implements: () => [Node], description: 'A marketplace the alliance works with' })
export class Marketplace implements Node {
  static readonly typename = 'Marketplace';
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true, description: 'The built-in URL rule that reads its addresses; null: its templates do' }) rule: string | null;
  @Field(() => [String]) domains: string[];
  @Field(() => String, { nullable: true }) listingTemplate: string | null;
  @Field(() => String, { nullable: true }) storeTemplate: string | null;
  @Field() jurisdiction: string;
  @Field(() => String, { nullable: true }) abuseEmail: string | null;
  @Field({ description: 'Whether accepted requests are also POSTed to a webhook (its URL: coordinators only)' }) webhookConfigured: boolean;
  @Field(() => Int, { description: 'Business days a seller has to counter-notify after a removal' }) counterNoticeDays: number;
  @Field(() => Int, { description: 'Business days the rights holder has to answer a counter-notice' }) answerDays: number;
  @Field({ description: 'Trusted complainants’ requests skip its queue' }) allowsTrusted: boolean;
  @Field({ description: 'ACTIVE or RETIRED' }) status: string;
  uuid: string;
  reviewerOrganisationUuid: string | null;
  webhookUrlValue: string | null;
  webhookSecretValue: string | null;

  static from(r: MarketplaceRow): Marketplace {
    return Object.assign(new Marketplace(), {
      id: toGlobalId(Marketplace.typename, r.id), uuid: r.id, name: r.name, rule: r.rule, domains: r.domains, listingTemplate: r.listingTemplate,
      storeTemplate: r.storeTemplate, jurisdiction: r.jurisdiction, counterNoticeDays: r.counterNoticeDays, answerDays: r.answerDays, allowsTrusted: r.allowsTrusted, abuseEmail: r.abuseEmail, webhookConfigured: Boolean(r.webhookUrl), status: r.status,
      reviewerOrganisationUuid: r.reviewerOrganisationId, webhookUrlValue: r.webhookUrl, webhookSecretValue: r.webhookSecret,
    });
  }
}

@ObjectType('ListingReference', { description: 'A listing URL as the alliance’s marketplaces read it' })
export class ListingReference {
  @Field(() => Marketplace) marketplace: Marketplace;
  @Field() url: string;
  @Field(() => String, { nullable: true }) listingId: string | null;
  @Field(() => String, { nullable: true }) storeId: string | null;
}

@ObjectType('TakedownListing')
export class TakedownListing {
  @Field(() => Int) position: number;
  @Field() url: string;
  @Field(() => String, { nullable: true }) listingId: string | null;
  @Field(() => String, { nullable: true }) storeId: string | null;
  @Field(() => String, { nullable: true }) storeName: string | null;
  @Field(() => String, { nullable: true, description: 'Decimal, as given' }) price: string | null;
  @Field(() => String, { nullable: true }) currency: string | null;
  @Field(() => ListingOutcome, { nullable: true }) outcome: ListingOutcome | null;
  @Field({ description: 'Its store was a flagged repeat infringer when the request was filed' }) repeatOffence: boolean;
  marketplaceUuid: string;
  requestUuid: string;

  static from(r: ListingRow, marketplaceUuid: string): TakedownListing {
    return Object.assign(new TakedownListing(), { marketplaceUuid, requestUuid: r.requestId, repeatOffence: r.repeatOffence, position: r.position, url: r.url, listingId: r.listingId, storeId: r.storeId, storeName: r.storeName, price: r.price, currency: r.currency, outcome: r.outcome });
  }
}

@ObjectType('TakedownTransition', { description: 'One step of a request’s history' })
export class TakedownTransition {
  @Field(() => TakedownStatus, { nullable: true }) fromStatus: TakedownStatus | null;
  @Field(() => TakedownStatus) toStatus: TakedownStatus;
  @Field({ description: 'SUBMIT, or a TakedownAction' }) action: string;
  @Field({ description: 'REVIEWER, COMPLAINANT, SELLER, SYSTEM, or USER / API_KEY for the filing' }) actorKind: string;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => GraphQLISODateTime) at: Date;

  static from(t: TransitionRow): TakedownTransition {
    return Object.assign(new TakedownTransition(), { fromStatus: t.fromStatus, toStatus: t.toStatus, action: t.action, actorKind: t.actorKind, note: t.note, at: t.at });
  }
}

@ObjectType('TakedownRequest', { implements: () => [Node], description: 'A notice-and-takedown request against listings of one marketplace' })
export class TakedownRequest implements Node {
  static readonly typename = 'TakedownRequest';
  @Field(() => ID) id: string;
  @Field(() => TakedownStatus) status: TakedownStatus;
  @Field(() => TakedownChannel) channel: Channel;
  @Field(() => TakedownReason) reason: TakedownReason;
  @Field(() => String, { nullable: true }) statement: string | null;
  @Field(() => Int) listingCount: number;
  @Field(() => GraphQLISODateTime) submittedAt: Date;
  @Field(() => GraphQLISODateTime, { description: 'Submission + the SLA + every pause; moves with the clock while paused' }) dueAt: Date;
  @Field({ description: 'The SLA clock is paused: the request waits on the rights holder' }) paused: boolean;
  @Field({ description: 'Decided after its due time, or undecided past it' }) slaBreached: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true }) decidedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Accepted: until when the seller may counter-notify (business days of the marketplace’s jurisdiction)' }) counterDeadline: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Counter-noticed: until when the rights holder may answer' }) answerDeadline: Date | null;
  @Field({ description: 'Accepted at once: a trusted complainant on a marketplace that allows it' }) autoAccepted: boolean;
  @Field({ description: 'Picked for the audit of auto-accepted requests' }) auditSampled: boolean;
  @Field(() => Boolean, { nullable: true, description: 'What the audit found' }) auditAgreed: boolean | null;
  @ReferenceField(() => Marketplace, Marketplace.typename, (r: TakedownRequest) => r.row.marketplaceId) marketplace?: Marketplace;
  @ReferenceField(() => Organisation, Organisation.typename, (r: TakedownRequest) => r.row.organisationId, { nullable: true, description: 'The rights holder (null when the caller may not see it)' })
  organisation?: Organisation | null;
  @ReferenceField(() => Brand, Brand.typename, (r: TakedownRequest) => r.row.brandId, { nullable: true }) brand?: Brand | null;
  @ReferenceField(() => Organisation, Organisation.typename, (r: TakedownRequest) => r.row.agentOrganisationId, { nullable: true, description: 'The agent that filed it for the rights holder' })
  agent?: Organisation | null;
  @ReferenceField(() => Trademark, Trademark.typename, (r: TakedownRequest) => r.row.trademarkId, { nullable: true, description: 'The right the request cites, when a trademark' })
  trademark?: Trademark | null;
  row: TakedownRow;

  static from(r: TakedownRow, now = new Date()): TakedownRequest {
    const pausedFor = r.pausedSince ? now.getTime() - r.pausedSince.getTime() : 0;
    const dueAt = new Date(r.dueAt.getTime() + pausedFor);
    return Object.assign(new TakedownRequest(), {
      id: toGlobalId(TakedownRequest.typename, r.id), row: r, status: r.status, channel: r.channel, reason: r.reason, statement: r.statement,
      listingCount: r.listingCount, submittedAt: r.submittedAt, dueAt, paused: r.pausedSince !== null, decidedAt: r.decidedAt,
      counterDeadline: r.counterDeadline, answerDeadline: r.answerDeadline, autoAccepted: r.autoAccepted, auditSampled: r.auditSampled, auditAgreed: r.auditAgreed,
      slaBreached: (r.decidedAt ?? now).getTime() > dueAt.getTime() && !r.pausedSince,
    });
  }
}

export const TakedownRequestConnection = ConnectionType(TakedownRequest, 'TakedownRequest');

registerEnumType(StrikeLevel, { name: 'StrikeLevel', description: 'A store’s place on the alliance’s strike ladder (default: warning at 1, flagged at 3 upheld removals within 365 days)' });

@ObjectType('StoreStanding', { description: 'A seller store’s strikes: its upheld removals inside the ladder’s window, and those of the stores sharing an intelligence network with it (related)' })
export class StoreStanding {
  @Field(() => StrikeLevel) level: StrikeLevel;
  @Field(() => Int, { description: 'Every strike the ladder counts: its own and the related ones, each upheld request once' }) strikes: number;
  @Field(() => Int, { description: 'Of the strikes, those only on stores sharing an intelligence network with it' }) relatedStrikes: number;
  @Field(() => [RelatedStoreStrikes], { description: `The related stores with strikes, in networks the caller may see (at most ${MAX_RELATED_SHOWN}); the others are counted only` }) relatedStores: RelatedStoreStrikes[];
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the oldest strike leaves the window' }) oldestExpiresAt: Date | null;

  static from(s: StoreStandingRow): StoreStanding {
    return Object.assign(new StoreStanding(), s, { relatedStores: s.relatedStores.map(RelatedStoreStrikes.from) });
  }
}

@ObjectType('CounterNotice')
export class CounterNotice {
  @Field({ description: 'SELLER (through the notice’s link) or REVIEWER' }) filedByKind: string;
  @Field() reason: string;
  @Field() statement: string;
  @Field(() => String, { nullable: true }) contactName: string | null;
  @Field(() => String, { nullable: true }) contactEmail: string | null;
  @Field(() => [String]) evidenceUrls: string[];
  @Field(() => GraphQLISODateTime) filedAt: Date;
  @Field(() => String, { nullable: true, description: 'The rights holder’s answer' }) answer: string | null;
  @Field(() => Boolean, { nullable: true }) legalAction: boolean | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) answeredAt: Date | null;

  static from(c: CounterNoticeRow): CounterNotice {
    return Object.assign(new CounterNotice(), c);
  }
}

@ObjectType('PublicTakedownNotice', { description: 'What a seller sees through a removal notice’s link, without an account' })
export class PublicTakedownNotice {
  @Field(() => ID) requestId: string;
  @Field(() => TakedownStatus) status: TakedownStatus;
  @Field() marketplace: string;
  @Field({ description: 'The rights holder' }) complainant: string;
  @Field() brand: string;
  @Field({ description: 'The right cited: office and number' }) right: string;
  @Field(() => TakedownReason) reason: TakedownReason;
  @Field(() => [TakedownListing]) listings: TakedownListing[];
  @Field(() => GraphQLISODateTime, { nullable: true }) counterDeadline: Date | null;
  @Field({ description: 'Whether a counter-notice can be filed now' }) open: boolean;
}

@ObjectType('DeliveryAttempt')
export class DeliveryAttempt {
  @Field(() => GraphQLISODateTime) at: Date;
  @Field() ok: boolean;
  @Field(() => Int, { nullable: true, description: 'The webhook’s HTTP status' }) statusCode: number | null;
  @Field(() => String, { nullable: true }) error: string | null;

  static from(a: AttemptRow): DeliveryAttempt {
    return Object.assign(new DeliveryAttempt(), { at: a.at, ok: a.ok, statusCode: a.statusCode, error: a.error });
  }
}

@ObjectType('TakedownDelivery', { description: 'An accepted request sent to a marketplace outside Countermark' })
export class TakedownDelivery {
  @Field({ description: 'EMAIL (to its abuse address, with the PDF notice) or WEBHOOK (signed POST)' }) channel: string;
  @Field() target: string;
  @Field({ description: 'PENDING, DELIVERED or FAILED (after the last attempt)' }) status: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) deliveredAt: Date | null;
  uuid: string;

  static from(d: DeliveryRow): TakedownDelivery {
    return Object.assign(new TakedownDelivery(), { uuid: d.id, channel: d.channel, target: d.target, status: d.status, createdAt: d.createdAt, deliveredAt: d.deliveredAt });
  }
}

export enum FiguresGroup {
  MONTH = 'MONTH',
  MARKETPLACE = 'MARKETPLACE',
  MEMBER = 'MEMBER',
}
registerEnumType(FiguresGroup, { name: 'TakedownFiguresGroup', description: 'Per month only, or per month and marketplace, or per month and member (coordinators)' });

const HOUR = 3_600_000;
// the roll-up's buckets (migration 1765800000000, takedown_processing_bucket)
const HISTOGRAM = 'read from a histogram of log-spaced buckets (ratio 1.1 from one minute), as the middle of the bucket that holds the rank: within 5% of the exact time from a minute to 86 days; under a minute it reads 30 s (0.0083 h)';

@ObjectType('TakedownFigures', { description: 'A month’s takedown figures (by month of submission, UTC), for one marketplace or member when grouped so' })
export class TakedownFigures {
  @Field({ description: 'YYYY-MM' }) month: string;
  @Field(() => ID, { nullable: true, description: 'The marketplace or member organisation' }) groupId: string | null;
  @Field(() => String, { nullable: true }) groupName: string | null;
  @Field(() => Int) received: number;
  @Field(() => Int, { description: 'Decided (accepted or rejected)' }) processed: number;
  @Field(() => Int, { description: 'Decided by the due time' }) withinSla: number;
  @Field(() => Float, { nullable: true, description: 'withinSla / processed' }) withinSlaShare: number | null;
  @Field(() => Float, { nullable: true, description: `Processing time without pauses, median (nearest rank): ${HISTOGRAM}` }) medianHours: number | null;
  @Field(() => Float, { nullable: true, description: `Processing time without pauses, 95th percentile (nearest rank): ${HISTOGRAM}` }) p95Hours: number | null;
  @Field(() => Float, { nullable: true, description: 'Accepted / processed' }) acceptanceRate: number | null;
  @Field(() => Int) listingsRemoved: number;

  static from(r: { month: string; groupId: string | null; groupName: string | null; received: number; processed: number; withinSla: number; medianMs: number | null; p95Ms: number | null; accepted: number; listingsRemoved: number }, group: FiguresGroup): TakedownFigures {
    const type = group === FiguresGroup.MARKETPLACE ? 'Marketplace' : 'Organisation';
    return Object.assign(new TakedownFigures(), {
      month: r.month, groupId: r.groupId ? toGlobalId(type, r.groupId) : null, groupName: r.groupName, received: r.received, processed: r.processed, withinSla: r.withinSla,
      withinSlaShare: r.processed ? r.withinSla / r.processed : null, medianHours: r.medianMs === null ? null : r.medianMs / HOUR, p95Hours: r.p95Ms === null ? null : r.p95Ms / HOUR,
      acceptanceRate: r.processed ? r.accepted / r.processed : null, listingsRemoved: r.listingsRemoved,
    });
  }
}

@ObjectType('ComplainantStanding', { description: 'A complainant’s last 90 days: how often its requests are accepted, and reinstated after a counter-notice' })
export class ComplainantStanding {
  @Field(() => ID) organisationId: string;
  @Field(() => Int) requests: number;
  @Field(() => Int) decided: number;
  @Field(() => Int) accepted: number;
  @Field(() => Float, { nullable: true }) acceptanceRate: number | null;
  @Field(() => Int) reinstated: number;
  @Field(() => Float, { nullable: true, description: 'Reinstated / accepted' }) reinstatedShare: number | null;
  @Field(() => Int) audited: number;
  @Field(() => Float, { nullable: true }) auditAccuracy: number | null;
  @Field({ description: '≥ 90% accepted over ≥ 50 decided: the coordinators may trust it' }) eligibleForTrust: boolean;
  @Field() trusted: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true }) trustedSince: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) trustEndedAt: Date | null;
  @Field(() => String, { nullable: true }) trustEndReason: string | null;
  @Field({ description: 'More than 5% of its removals reinstated' }) abusive: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the coordinators were told' }) abuseFlaggedAt: Date | null;
  @Field({ description: 'The public notice archive withholds its name' }) withholdName: boolean;
  uuid: string;
}

@ObjectType('TakedownBulkRow', { description: 'One row of a bulk file: filed (with its request) or refused (with the column at fault)' })
export class TakedownBulkRow {
  @Field(() => Int, { description: 'The line in the file (the header is line 1)' }) line: number;
  @Field({ description: 'FILED or REFUSED' }) status: string;
  @Field(() => String, { nullable: true, description: 'The column at fault' }) field: string | null;
  @Field(() => String, { nullable: true }) message: string | null;
  @Field(() => ID, { nullable: true }) requestId: string | null;

  static from(l: BulkLine): TakedownBulkRow {
    return Object.assign(new TakedownBulkRow(), { ...l, requestId: l.requestId ? toGlobalId(TakedownRequest.typename, l.requestId) : null });
  }
}

@ObjectType('TakedownBulkImport', { description: 'A CSV of listings filed as takedown requests (BULK_CSV)' })
export class TakedownBulkImport {
  static readonly typename = 'TakedownBulkImport';
  @Field(() => ID) id: string;
  @Field() fileName: string;
  @Field({ description: 'QUEUED, RUNNING, DONE or FAILED' }) status: string;
  @Field(() => String, { nullable: true, description: 'Why the whole file failed (not UTF-8, no header, …)' }) error: string | null;
  @Field(() => Int) rowsRead: number;
  @Field(() => Int) rowsFiled: number;
  @Field(() => Int) rowsRefused: number;
  @Field(() => Int, { description: 'Requests this upload filed (a file uploaded again files none)' }) requestsFiled: number;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) finishedAt: Date | null;
  row: BulkRow;

  static from(b: BulkRow): TakedownBulkImport {
    return Object.assign(new TakedownBulkImport(), {
      id: toGlobalId(TakedownBulkImport.typename, b.id), fileName: b.fileName, status: b.status, error: b.error, rowsRead: b.rowsRead, rowsFiled: b.rowsFiled,
      rowsRefused: b.rowsRefused, requestsFiled: b.requestsFiled, createdAt: b.createdAt, finishedAt: b.finishedAt, row: b,
    });
  }
}
