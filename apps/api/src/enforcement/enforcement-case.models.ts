import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CaseAction, CaseStatus, formatMajor } from '../../../../libs/enforcement/src/index.js';
import { Money } from '../common/money.model.js';
import { toGlobalId } from '../common/node.js';
import { ConnectionType } from '../common/pagination.js';
import { EvidenceFile } from '../files/evidence-file.model.js';
import type { ActionKind, ActionRow, CaseRow, CaseTransitionRow, CourtResultKind, CourtResultRow, ReferralThresholdsRow, TargetKind, TargetRow } from './enforcement-case.repository.js';

export enum CaseTargetKind { PERSON = 'PERSON', COMPANY = 'COMPANY', ADDRESS = 'ADDRESS', SITE = 'SITE' }
export enum CaseActionKind { TEST_BUY = 'TEST_BUY', INVESTIGATION = 'INVESTIGATION', RAID = 'RAID', SEIZURE = 'SEIZURE', LITIGATION = 'LITIGATION', OTHER = 'OTHER' }
export enum CourtResultType { CONVICTION = 'CONVICTION', ACQUITTAL = 'ACQUITTAL', SETTLEMENT = 'SETTLEMENT', INJUNCTION = 'INJUNCTION', CIVIL_JUDGMENT = 'CIVIL_JUDGMENT', OTHER = 'OTHER' }

registerEnumType(CaseStatus, { name: 'EnforcementCaseStatus', description: 'OPEN → REFERRED → ACTION_TAKEN → (PROSECUTION →) CLOSED, or DROPPED from any but a final status' });
registerEnumType(CaseAction, { name: 'EnforcementCaseAction', description: 'A step of the lifecycle: REFER (coordinators), RECORD_ACTION, PROSECUTE, CLOSE, DROP (coordinators and the lead member)' });
registerEnumType(CaseTargetKind, { name: 'EnforcementTargetKind' });
registerEnumType(CaseActionKind, { name: 'EnforcementActionKind', description: 'An entry of the case’s dated log' });
registerEnumType(CourtResultType, { name: 'CourtResultType' });

export function moneyOf(amountMinor: string | null, currency: string | null): Money | null {
  if (amountMinor === null || currency === null) return null;
  return { amountMinor, currency, amount: formatMajor({ amountMinor: BigInt(amountMinor), currency }) };
}

@ObjectType('SitesClosed', { description: 'Sites closed by kind' })
export class SitesClosed {
  @Field(() => Int) manufacturing: number;
  @Field(() => Int) warehouse: number;
  @Field(() => Int) distribution: number;
  @Field(() => Int) retail: number;
  @Field(() => Int) total: number;
}

@ObjectType('EnforcementOutcomes', { description: 'What the case achieved, as last recorded' })
export class EnforcementOutcomes {
  @Field(() => Int) arrests: number;
  @Field(() => SitesClosed) sitesClosed: SitesClosed;
  @Field(() => Int, { description: 'Units of goods seized' }) unitsSeized: number;
  @Field(() => Money, { nullable: true, description: 'Value of the goods seized' }) valueSeized: Money | null;
}

@ObjectType('EnforcementReferral', { description: 'To whom and under which reference the case was referred' })
export class EnforcementReferral {
  @Field({ description: 'The agency (unit) the case went to' }) agency: string;
  @Field({ description: 'Where it is pursued: ISO 3166-1 country, optionally -region' }) jurisdiction: string;
  @Field(() => String, { nullable: true, description: 'The agency’s own reference' }) reference: string | null;
  @Field(() => GraphQLISODateTime) referredAt: Date;
  partnershipUuid: string;
}

@ObjectType('EnforcementCase', { description: 'An offline investigation, referred to a law-enforcement partner, with its outcomes' })
export class EnforcementCase {
  static readonly typename = 'EnforcementCase';
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field(() => String, { nullable: true }) summary: string | null;
  @Field(() => CaseStatus) status: CaseStatus;
  @Field(() => GraphQLISODateTime) openedAt: Date;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
  @Field(() => EnforcementReferral, { nullable: true }) referral: EnforcementReferral | null;
  @Field(() => EnforcementOutcomes) outcomes: EnforcementOutcomes;
  row: CaseRow;

  static from(r: CaseRow): EnforcementCase {
    const sites = { manufacturing: r.sitesManufacturing, warehouse: r.sitesWarehouse, distribution: r.sitesDistribution, retail: r.sitesRetail };
    return Object.assign(new EnforcementCase(), {
      id: toGlobalId(EnforcementCase.typename, r.id), row: r, title: r.title, summary: r.summary, status: r.status, openedAt: r.openedAt, updatedAt: r.updatedAt,
      referral: r.referredPartnershipId
        ? { agency: r.referralAgency!, jurisdiction: r.referralJurisdiction!, reference: r.referralReference, referredAt: r.referredAt!, partnershipUuid: r.referredPartnershipId }
        : null,
      outcomes: {
        arrests: r.arrests, unitsSeized: Number(r.unitsSeized), valueSeized: moneyOf(r.valueSeizedMinor, r.valueSeizedCurrency),
        sitesClosed: { ...sites, total: sites.manufacturing + sites.warehouse + sites.distribution + sites.retail },
      },
    });
  }
}

export const EnforcementCaseConnection = ConnectionType(EnforcementCase, 'EnforcementCase');

@ObjectType('EnforcementTarget', { description: 'A person, company, address or site the case is about' })
export class EnforcementTarget {
  @Field(() => Int) position: number;
  @Field(() => CaseTargetKind) kind: TargetKind;
  @Field() name: string;
  @Field(() => String, { nullable: true }) detail: string | null;

  static from(t: TargetRow): EnforcementTarget {
    return Object.assign(new EnforcementTarget(), { position: t.position, kind: t.kind, name: t.name, detail: t.detail });
  }
}

@ObjectType('EnforcementCaseTransition', { description: 'One step of a case’s history' })
export class EnforcementCaseTransition {
  @Field(() => CaseStatus, { nullable: true }) fromStatus: CaseStatus | null;
  @Field(() => CaseStatus) toStatus: CaseStatus;
  @Field({ description: 'OPEN, or an EnforcementCaseAction' }) action: string;
  @Field({ description: 'COORDINATOR or LEAD (the lead member’s people)' }) actorKind: string;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => GraphQLISODateTime) at: Date;

  static from(t: CaseTransitionRow): EnforcementCaseTransition {
    return Object.assign(new EnforcementCaseTransition(), { fromStatus: t.fromStatus, toStatus: t.toStatus, action: t.action, actorKind: t.actorKind, note: t.note, at: t.at });
  }
}

@ObjectType('EnforcementAction', { description: 'A dated entry of the case’s log: a test buy, a raid, litigation, …' })
export class EnforcementAction {
  @Field(() => ID) id: string;
  @Field(() => CaseActionKind) kind: ActionKind;
  @Field({ description: 'The day it happened (YYYY-MM-DD)' }) occurredOn: string;
  @Field() summary: string;
  @Field(() => GraphQLISODateTime) recordedAt: Date;

  static from(a: ActionRow): EnforcementAction {
    return Object.assign(new EnforcementAction(), { id: toGlobalId('EnforcementAction', a.id), kind: a.kind, occurredOn: a.occurredOn, summary: a.summary, recordedAt: a.recordedAt });
  }
}

@ObjectType('CaseEvidenceAttachment', { description: 'An evidence file on the case, and when it was attached' })
export class CaseEvidenceAttachment {
  @Field(() => EvidenceFile) file: EvidenceFile;
  @Field(() => GraphQLISODateTime) attachedAt: Date;
}

@ObjectType('CourtResult', { description: 'A court’s decision in the case' })
export class CourtResult {
  @Field(() => ID) id: string;
  @Field({ description: 'YYYY-MM-DD' }) decidedOn: string;
  @Field() court: string;
  @Field(() => CourtResultType) result: CourtResultKind;
  @Field(() => String, { nullable: true }) defendant: string | null;
  @Field(() => Int, { nullable: true, description: 'Custodial sentence in months' }) sentenceMonths: number | null;
  @Field(() => Money, { nullable: true, description: 'Fine or damages awarded' }) fine: Money | null;
  @Field(() => String, { nullable: true }) detail: string | null;

  static from(r: CourtResultRow): CourtResult {
    return Object.assign(new CourtResult(), {
      id: toGlobalId('CourtResult', r.id), decidedOn: r.decidedOn, court: r.court, result: r.result, defendant: r.defendant, sentenceMonths: r.sentenceMonths,
      fine: moneyOf(r.fineMinor, r.fineCurrency), detail: r.detail,
    });
  }
}

@ObjectType('ReferralThresholds', { description: 'A network becomes a referral candidate when every figure reaches its threshold (0: not considered)' })
export class ReferralThresholds {
  @Field(() => Int) minReports: number;
  @Field(() => Int, { description: 'Reporting member organisations' }) minMembers: number;
  @Field(() => Int) minBrands: number;
  @Field(() => Int, { description: 'Upheld takedown requests that removed listings of the network’s stores' }) minUpheldTakedowns: number;
  @Field(() => Int, { description: 'Reports published within recentDays' }) minRecentReports: number;
  @Field(() => Int) recentDays: number;

  static from(t: ReferralThresholdsRow): ReferralThresholds {
    return Object.assign(new ReferralThresholds(), t);
  }
}

@ObjectType('ReferralFigures', { description: 'The figures that put a network among the referral candidates' })
export class ReferralFigures {
  @Field(() => Int) reports: number;
  @Field(() => Int) members: number;
  @Field(() => Int) brands: number;
  @Field(() => Int) upheldTakedowns: number;
  @Field(() => Int) recentReports: number;
}

@ObjectType('ReferralCandidate', { description: 'A network above the alliance’s referral thresholds' })
export class ReferralCandidate {
  @Field(() => ReferralFigures) figures: ReferralFigures;
  @Field(() => Int, { description: 'Cases linking the network that are not closed or dropped' }) openCases: number;
  networkUuid: string;
}
