import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ListingOutcome, TakedownAction, TakedownStatus } from '../../../../libs/takedown/src/index.js';
import { toGlobalId } from '../common/node.js';
import { ConnectionType } from '../common/pagination.js';
import type { MarketplaceRow } from './marketplace.repository.js';
import type { ListingRow, TakedownChannel as Channel, TakedownRow, TransitionRow } from './takedown.repository.js';
import { TakedownReason } from './takedown.service.js';

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

@ObjectType('Marketplace', { description: 'A marketplace the alliance works with' })
export class Marketplace {
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
  @Field({ description: 'ACTIVE or RETIRED' }) status: string;
  uuid: string;
  reviewerOrganisationUuid: string | null;
  webhookUrlValue: string | null;

  static from(r: MarketplaceRow): Marketplace {
    return Object.assign(new Marketplace(), {
      id: toGlobalId(Marketplace.typename, r.id), uuid: r.id, name: r.name, rule: r.rule, domains: r.domains, listingTemplate: r.listingTemplate,
      storeTemplate: r.storeTemplate, jurisdiction: r.jurisdiction, abuseEmail: r.abuseEmail, webhookConfigured: Boolean(r.webhookUrl), status: r.status,
      reviewerOrganisationUuid: r.reviewerOrganisationId, webhookUrlValue: r.webhookUrl,
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

  static from(r: ListingRow): TakedownListing {
    return Object.assign(new TakedownListing(), { position: r.position, url: r.url, listingId: r.listingId, storeId: r.storeId, storeName: r.storeName, price: r.price, currency: r.currency, outcome: r.outcome });
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

@ObjectType('TakedownRequest', { description: 'A notice-and-takedown request against listings of one marketplace' })
export class TakedownRequest {
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
  row: TakedownRow;

  static from(r: TakedownRow, now = new Date()): TakedownRequest {
    const pausedFor = r.pausedSince ? now.getTime() - r.pausedSince.getTime() : 0;
    const dueAt = new Date(r.dueAt.getTime() + pausedFor);
    return Object.assign(new TakedownRequest(), {
      id: toGlobalId(TakedownRequest.typename, r.id), row: r, status: r.status, channel: r.channel, reason: r.reason, statement: r.statement,
      listingCount: r.listingCount, submittedAt: r.submittedAt, dueAt, paused: r.pausedSince !== null, decidedAt: r.decidedAt,
      slaBreached: (r.decidedAt ?? now).getTime() > dueAt.getTime() && !r.pausedSince,
    });
  }
}

export const TakedownRequestConnection = ConnectionType(TakedownRequest, 'TakedownRequest');
