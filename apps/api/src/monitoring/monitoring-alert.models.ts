import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { formatMajor } from '../../../../libs/enforcement/src/index.js';
import { Money } from '../common/money.model.js';
import { Node, toGlobalId } from '../common/node.js';
import { ConnectionType } from '../common/pagination.js';
import { CounterfeiterNetwork } from '../intel/correlation/network.models.js';
import type { AlertFigures as AlertFiguresValue } from './alert-figures.js';
import { AlertReasonKind } from './alert-reasons.js';
import type { ListingView } from './listing-match.repository.js';
import type { AlertRow } from './monitoring-alert.repository.js';
import { AlertStatus } from './dto/alerts.args.js';
import { MonitoringRuleKind } from './dto/monitoring-rule.input.js';
import type { MonitoringRuleRow } from './monitoring-rule.repository.js';
import { hashHex } from './perceptual-hash.js';

registerEnumType(AlertReasonKind, { name: 'AlertReasonKind', description: 'Why a listing alerts a brand (each with its weight)' });

export function moneyOf(amountMinor: string | null, currency: string | null): Money | null {
  if (amountMinor === null || !currency) return null;
  return { amountMinor, currency, amount: formatMajor({ amountMinor: BigInt(amountMinor), currency }) };
}

@ObjectType({ implements: () => [Node], description: 'A brand’s monitoring rule, edited by the brand’s member admins' })
export class MonitoringRule implements Node {
  static readonly typename = 'MonitoringRule';
  @Field(() => ID) id: string;
  @Field(() => ID) brandId: string;
  @Field(() => MonitoringRuleKind) kind: MonitoringRuleKind;
  @Field() name: string;
  @Field(() => [String], { description: 'As kept: lower case, punctuation as spaces' }) terms: string[];
  @Field(() => [String]) excludedTerms: string[];
  @Field(() => Money, { nullable: true }) floor: Money | null;
  @Field(() => [String], { nullable: true, description: 'IMAGE: the reference pictures’ 64-bit perceptual hashes, 16 hex digits each (the pictures are not kept)' }) imageHashes: string[] | null;
  @Field(() => Int, { nullable: true, description: 'IMAGE: the most bits a listing’s picture may differ in and match' }) maxDistance: number | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime) updatedAt: Date;

  static from(r: MonitoringRuleRow): MonitoringRule {
    return Object.assign(new MonitoringRule(), {
      id: toGlobalId(MonitoringRule.typename, r.id), brandId: toGlobalId('Brand', r.brandId), kind: r.kind as MonitoringRuleKind, name: r.name,
      terms: r.terms, excludedTerms: r.excludedTerms, floor: moneyOf(r.floorMinor, r.currency), imageHashes: r.imageHashes?.map(hashHex) ?? null, maxDistance: r.maxDistance,
      createdAt: r.createdAt, updatedAt: r.updatedAt,
    });
  }
}

@ObjectType('AlertReason', { description: 'One reason a listing alerts: what matched and its weight in the score' })
export class AlertReasonView {
  @Field(() => AlertReasonKind) kind: AlertReasonKind;
  @Field(() => Int, { description: 'Its weight, 0–100: the score combines the weights as independent evidence' }) weight: number;
  @Field() detail: string;
  @Field(() => ID, { nullable: true, description: 'The monitoring rule that matched (BRAND_KEYWORD, PRICE_FLOOR)' }) ruleId: string | null;
  @Field(() => [String], { description: 'The rule’s terms the listing names' }) terms: string[];
  @Field(() => [CounterfeiterNetwork], { description: 'The counterfeiter networks involved that you may see' }) networks: CounterfeiterNetwork[];
  @Field(() => Int, { description: 'Networks involved that you may not see: counted, never named' }) hiddenNetworks: number;
}

@ObjectType({ description: 'The listing an alert is about, as the feed last sent it' })
export class AlertListing {
  @Field(() => ID) marketplaceId: string;
  @Field() listingId: string;
  @Field() url: string;
  @Field() title: string;
  @Field(() => Money, { nullable: true }) price: Money | null;
  @Field(() => Int, { nullable: true }) unitsSold: number | null;
  @Field(() => String, { nullable: true }) storeId: string | null;
  @Field(() => String, { nullable: true }) storeName: string | null;
  @Field(() => GraphQLISODateTime) firstSeenAt: Date;
  @Field(() => GraphQLISODateTime) changedAt: Date;

  static from(r: ListingView): AlertListing {
    return Object.assign(new AlertListing(), {
      marketplaceId: toGlobalId('Marketplace', r.marketplaceId), listingId: r.listingKey, url: r.url, title: r.title, price: moneyOf(r.priceMinor, r.currency),
      unitsSold: r.unitsSold, storeId: r.storeId, storeName: r.storeName, firstSeenAt: r.firstSeenAt, changedAt: r.changedAt,
    });
  }
}

@ObjectType('MonitoringRulePreview', { description: 'What a rule would have matched among the listings seen since `since`' })
export class MonitoringRulePreview {
  @Field(() => GraphQLISODateTime) since: Date;
  @Field(() => Int) matched: number;
  @Field(() => [AlertListing], { description: 'The most recently seen of them' }) listings: AlertListing[];
}

@ObjectType({ implements: () => [Node], description: 'A listing that matched a brand: one per listing and brand, for the brand’s member' })
export class Alert implements Node {
  static readonly typename = 'Alert';
  @Field(() => ID) id: string;
  @Field(() => ID) brandId: string;
  @Field(() => Int, { description: '0–100' }) score: number;
  @Field(() => [AlertReasonView], { description: 'Heaviest first' }) reasons: AlertReasonView[];
  @Field(() => AlertStatus) status: AlertStatus;
  @Field(() => String, { nullable: true }) dismissReason: string | null;
  @Field(() => AlertListing) listing: AlertListing;
  @Field(() => GraphQLISODateTime) firstAlertedAt: Date;
  @Field(() => GraphQLISODateTime, { description: 'When it last became NEW' }) alertedAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) triagedAt: Date | null;
  @Field(() => ID, { nullable: true, description: 'FILED: the takedown request filed from it' }) takedownRequestId: string | null;

  /** `visible`: the networks the reader may see, by id. */
  static from(r: AlertRow, visible: ReadonlyMap<string, CounterfeiterNetwork>): Alert {
    return Object.assign(new Alert(), {
      id: toGlobalId(Alert.typename, r.id), brandId: toGlobalId('Brand', r.brandId), score: r.score, status: r.status as AlertStatus, dismissReason: r.dismissReason,
      firstAlertedAt: r.firstAlertedAt, alertedAt: r.alertedAt, triagedAt: r.triagedAt, takedownRequestId: r.takedownRequestId ? toGlobalId('TakedownRequest', r.takedownRequestId) : null,
      reasons: r.reasons.map((reason) => Object.assign(new AlertReasonView(), {
        kind: reason.kind, weight: reason.weight, detail: reason.detail, ruleId: reason.ruleId ? toGlobalId(MonitoringRule.typename, reason.ruleId) : null, terms: reason.terms ?? [],
        networks: (reason.networkIds ?? []).filter((id) => visible.has(id)).map((id) => visible.get(id)!),
        hiddenNetworks: (reason.networkIds ?? []).filter((id) => !visible.has(id)).length,
      })),
      listing: AlertListing.from(r),
    });
  }
}

export const AlertConnection = ConnectionType(Alert, 'Alert');

@ObjectType('BrandAlertFigures', { description: 'A brand’s alerts first raised in the period, by status' })
export class BrandAlertFigures {
  @Field(() => ID) brandId: string;
  @Field(() => Int) alerts: number;
  @Field(() => Int) newAlerts: number;
  @Field(() => Int) watching: number;
  @Field(() => Int) dismissed: number;
  @Field(() => Int) filed: number;
  @Field(() => Float, { nullable: true, description: '(dismissed + filed) / alerts' }) actedOnShare: number | null;
}

@ObjectType('AlertFigures', { description: 'Monitoring’s figures over alerts first raised in the period: a member’s for its brands, the coordinators’ for every brand (counts only)' })
export class AlertFigures {
  @Field(() => [BrandAlertFigures]) brands: BrandAlertFigures[];
  @Field(() => Int) alerts: number;
  @Field(() => Float, { nullable: true }) actedOnShare: number | null;
  @Field(() => Int, { description: 'Takedowns filed from alerts whose listings came down (accepted, counter-noticed or upheld)' }) removedFromAlerts: number;
  @Field(() => Int, { description: 'Listings the same requesters’ takedowns removed, from alerts or on notice (takedown figures of the period)' }) listingsRemoved: number;
  @Field(() => Float, { nullable: true, description: 'removedFromAlerts / listingsRemoved: proactive versus on notice' }) proactiveShare: number | null;
  @Field(() => Float, { nullable: true, description: 'From the listing’s first sighting to the decision, median (nearest rank)' }) medianHoursToRemoval: number | null;
  @Field(() => Int, { description: 'Removed listings whose units sold the feed gave' }) removedWithUnitsKnown: number;
  @Field(() => Int, { description: 'Of those, with no unit sold as the feed last said' }) removedBeforeSale: number;
  @Field(() => Float, { nullable: true }) removedBeforeSaleShare: number | null;

  static from(f: AlertFiguresValue): AlertFigures {
    return Object.assign(new AlertFigures(), { ...f, brands: f.brands.map((b) => Object.assign(new BrandAlertFigures(), { ...b, brandId: toGlobalId('Brand', b.brandId) })) });
  }
}
