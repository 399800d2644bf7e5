import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { getDomain } from 'tldts';
import { DataSource } from 'typeorm';
import { OrganisationKind } from '../../../../libs/domain/src/index.js';
import { marketplaceRule } from '../../../../libs/indicators/src/index.js';
import { BUILT_IN_MARKETPLACES, isBusinessDay, parseListingUrl, templateProblem, urlRuleOf, type ParsedListing } from '../../../../libs/takedown/src/index.js';
import { AllianceEvents } from '../alliances/alliance-events.js';
import { AuditService } from '../audit/audit.service.js';
import { badInput, conflict, DomainError, ErrorCode, notFound } from '../common/errors.js';
import type { RequestContext } from '../common/request-context.js';
import { IntelSettings } from '../intel/intel-settings.js';
import { MemberService } from '../members/member.service.js';
import { AppConfig } from '../config/app-config.js';
import { webhookUrlProblem } from './webhook-target.js';
import { MarketplaceRepository, type MarketplaceRow, type MarketplaceValues } from './marketplace.repository.js';

export interface MarketplaceInput {
  name: string;
  rule?: string | null;
  domains?: string[];
  listingTemplate?: string | null;
  storeTemplate?: string | null;
  jurisdiction: string;
  abuseEmail?: string | null;
  webhookUrl?: string | null;
  reviewerOrganisationId?: string | null;
  counterNoticeDays?: number | null;
  answerDays?: number | null;
  allowsTrusted?: boolean | null;
}

/**
 * The marketplaces an alliance works with (issue 16, outcome 2): how their listing URLs read, where
 * notices go (abuse address, webhook), whose reviewers decide inside Countermark, and the
 * jurisdiction whose business days count. Coordinators keep the list; every signed-in person of the
 * alliance reads it (the filing form parses URLs against it).
 */
@Injectable()
export class MarketplaceService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: MarketplaceRepository,
    private readonly alliances: AllianceEvents,
    private readonly members: MemberService,
    private readonly audit: AuditService,
    private readonly intelSettings: IntelSettings,
    private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    // intelligence reads MARKETPLACE_* values with these too (retired ones included: only new takedowns stop)
    this.intelSettings.ownMarketplacesFrom(async (allianceId, em) => (await this.repository.list(allianceId, true, em)).map(urlRuleOf));
    this.alliances.onCreated((em, alliance) =>
      this.repository.seed(
        em,
        alliance.id,
        alliance.marketplaces.filter((rule) => BUILT_IN_MARKETPLACES[rule]).map((rule) => ({ rule, ...BUILT_IN_MARKETPLACES[rule] })),
      ),
    );
  }

  list(ctx: RequestContext, includeRetired = false): Promise<MarketplaceRow[]> {
    return this.repository.list(ctx.allianceId, includeRetired);
  }

  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, MarketplaceRow>> {
    if (!ids.length) return new Map();
    return new Map((await this.repository.byIds(ctx.allianceId, ids)).map((m) => [m.id, m]));
  }

  async require(ctx: RequestContext, id: string, field = 'marketplaceId'): Promise<MarketplaceRow> {
    const found = (await this.byIds(ctx, [id])).get(id);
    if (!found) throw notFound('Marketplace', field);
    return found;
  }

  /** A listing URL read among the alliance's active marketplaces (or one of them); refused naming the known ones. */
  async parse(ctx: RequestContext, url: string, field = 'url', only?: MarketplaceRow): Promise<ParsedListing<MarketplaceRow>> {
    const marketplaces = only ? [only] : await this.list(ctx);
    const parsed = parseListingUrl(url, marketplaces);
    if (!parsed.ok) throw new DomainError(ErrorCode.BAD_USER_INPUT, parsed.reason, field, { knownMarketplaces: marketplaces.map((m) => m.name) });
    return parsed.listing;
  }

  async create(ctx: RequestContext, input: MarketplaceInput): Promise<MarketplaceRow> {
    const values = await this.validated(ctx, input);
    return this.dataSource.transaction(async (em) => {
      if (await this.repository.nameTaken(em, ctx.allianceId, values.name)) throw conflict(`The alliance already has a marketplace named ${values.name}`, undefined, 'name');
      const row = await this.repository.insert(em, ctx.allianceId, values);
      await this.audit.record(em, ctx, { action: 'marketplace.created', targetType: 'Marketplace', targetId: row.id, after: row });
      return row;
    });
  }

  async update(ctx: RequestContext, id: string, input: MarketplaceInput): Promise<MarketplaceRow> {
    const before = await this.require(ctx, id, 'id');
    const values = await this.validated(ctx, input);
    return this.dataSource.transaction(async (em) => {
      if (await this.repository.nameTaken(em, ctx.allianceId, values.name, id)) throw conflict(`The alliance already has a marketplace named ${values.name}`, undefined, 'name');
      const row = await this.repository.update(em, ctx.allianceId, id, { ...values, status: before.status });
      await this.audit.record(em, ctx, { action: 'marketplace.updated', targetType: 'Marketplace', targetId: id, before, after: row });
      return row;
    });
  }

  /** Retired: no new requests; its requests keep their history. */
  async setStatus(ctx: RequestContext, id: string, status: MarketplaceRow['status']): Promise<MarketplaceRow> {
    const before = await this.require(ctx, id, 'id');
    return this.dataSource.transaction(async (em) => {
      const row = await this.repository.update(em, ctx.allianceId, id, { ...before, status });
      await this.audit.record(em, ctx, { action: status === 'RETIRED' ? 'marketplace.retired' : 'marketplace.reactivated', targetType: 'Marketplace', targetId: id });
      return row;
    });
  }

  private async validated(ctx: RequestContext, input: MarketplaceInput): Promise<MarketplaceValues> {
    const name = input.name.trim();
    if (!name) throw badInput('name', 'A marketplace needs a name');
    const rule = input.rule?.trim().toLowerCase() || null;
    if (rule && !marketplaceRule(rule)) throw badInput('rule', `No built-in rule ${rule}; known: ${Object.keys(BUILT_IN_MARKETPLACES).join(', ')}`);
    const domains = [...new Set((input.domains ?? []).map((d) => d.trim().toLowerCase()).filter(Boolean))];
    domains.forEach((d, i) => {
      if (getDomain(d) !== d) throw badInput(`domains.${i}`, `${d} is not a registrable domain (example.com, not www.example.com)`);
    });
    const listingTemplate = input.listingTemplate?.trim() || null;
    const storeTemplate = input.storeTemplate?.trim() || null;
    for (const [field, template] of [['listingTemplate', listingTemplate], ['storeTemplate', storeTemplate]] as const) {
      const problem = template ? templateProblem(template) : null;
      if (problem) throw badInput(field, problem);
    }
    if (!rule) {
      if (!domains.length) throw badInput('domains', 'A marketplace without a built-in rule needs its domains');
      if (!listingTemplate) throw badInput('listingTemplate', 'A marketplace without a built-in rule needs a listing template (/item/{id}.html or ?id={id})');
    }
    const jurisdiction = input.jurisdiction.trim().toUpperCase();
    try {
      isBusinessDay('2026-01-05', { country: jurisdiction });
    } catch {
      throw badInput('jurisdiction', `No holiday calendar for ${jurisdiction}: give a country code (CN, US, DE)`);
    }
    const webhookUrl = input.webhookUrl?.trim() || null;
    const webhookProblem = webhookUrl && webhookUrlProblem(webhookUrl, this.config.WEBHOOK_PRIVATE_TARGETS);
    if (webhookProblem) throw badInput('webhookUrl', webhookProblem);
    const reviewerOrganisationId = input.reviewerOrganisationId ?? null;
    if (reviewerOrganisationId) {
      const organisation = (await this.members.organisationsByIds(ctx, [reviewerOrganisationId])).get(reviewerOrganisationId);
      if (!organisation) throw notFound('Organisation', 'reviewerOrganisationId');
      if (organisation.kind !== OrganisationKind.MARKETPLACE) throw badInput('reviewerOrganisationId', 'Reviewers come from a marketplace organisation');
    }
    return {
      name, rule, domains, listingTemplate, storeTemplate, jurisdiction, abuseEmail: input.abuseEmail?.trim() || null, webhookUrl, reviewerOrganisationId,
      counterNoticeDays: input.counterNoticeDays ?? 3, answerDays: input.answerDays ?? 10, allowsTrusted: input.allowsTrusted ?? false,
    };
  }
}
