import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { currencyProblem, MAX_MINOR_UNITS, Role } from '../../../../libs/domain/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { BrandService } from '../brands/brand.service.js';
import { badInput, conflict, forbidden, notFound } from '../common/errors.js';
import { NodeRegistry } from '../common/node-registry.js';
import type { RequestContext } from '../common/request-context.js';
import { IntelAccess } from '../intel/intel-access.js';
import { normaliseTerm } from './alert-reasons.js';
import { DEFAULT_MAX_DISTANCE, MonitoringRuleKind, type MonitoringRuleFields } from './dto/monitoring-rule.input.js';
import { readImage } from './feed-listing.js';
import { ListingMatchRepository, type ListingView } from './listing-match.repository.js';
import { MonitoringRule } from './monitoring-alert.models.js';
import { MonitoringRuleRepository, type MonitoringRuleRow, type MonitoringRuleValues } from './monitoring-rule.repository.js';
import { perceptualHash } from './perceptual-hash.js';

/** Rules a brand may have. */
export const MAX_RULES_PER_BRAND = 50;
/** How far back a preview looks, and how many listings it shows. */
export const PREVIEW_DAYS = 30;
export const PREVIEW_LISTINGS = 20;

/**
 * Reads a rule's fields: terms normalised as listings are searched (alert-reasons.ts), blank and
 * repeated ones dropped, a floor exactly for PRICE_FLOOR, the reference pictures' perceptual hashes
 * for IMAGE. Throws BAD_USER_INPUT with the field.
 */
export async function ruleValues(input: MonitoringRuleFields): Promise<MonitoringRuleValues> {
  const terms = [...new Set(input.terms.map(normaliseTerm).filter(Boolean))];
  if (input.kind !== MonitoringRuleKind.IMAGE && !terms.length) throw badInput('terms', 'A rule needs at least one word (letters or digits)');
  if (input.kind !== MonitoringRuleKind.IMAGE && (input.images?.length || input.maxDistance != null)) throw badInput('images', 'Only an IMAGE rule has pictures');
  if (input.kind !== MonitoringRuleKind.PRICE_FLOOR && input.floor) throw badInput('floor', 'Only a PRICE_FLOOR rule has a floor');
  const excludedTerms = [...new Set((input.excludedTerms ?? []).map(normaliseTerm).filter(Boolean))];
  const clash = excludedTerms.find((x) => terms.includes(x));
  if (clash) throw badInput('excludedTerms', `“${clash}” is both a term and an excluded term`);
  const none = { floorMinor: null, currency: null, imageHashes: null, maxDistance: null };
  if (input.kind === MonitoringRuleKind.KEYWORD) return { kind: 'KEYWORD', name: input.name.trim(), terms, excludedTerms, ...none };
  if (input.kind === MonitoringRuleKind.IMAGE) {
    if (!input.images?.length) throw badInput('images', 'An IMAGE rule needs at least one picture');
    const imageHashes: bigint[] = [];
    for (const [i, dataBase64] of input.images.entries()) {
      const read = readImage({ dataBase64 });
      if ('reason' in read || !('bytes' in read)) throw badInput(`images.${i}`, 'reason' in read ? read.reason : 'Not a picture');
      try {
        imageHashes.push(await perceptualHash(read.bytes));
      } catch {
        throw badInput(`images.${i}`, 'This picture cannot be read (or is too large once decoded)');
      }
    }
    return { kind: 'IMAGE', name: input.name.trim(), terms, excludedTerms, ...none, imageHashes: [...new Set(imageHashes)], maxDistance: input.maxDistance ?? DEFAULT_MAX_DISTANCE };
  }
  if (!input.floor) throw badInput('floor', 'A PRICE_FLOOR rule needs its floor');
  if (!/^\d{1,16}$/.test(input.floor.amountMinor) || BigInt(input.floor.amountMinor) < 1n || BigInt(input.floor.amountMinor) > BigInt(MAX_MINOR_UNITS)) {
    throw badInput('floor.amountMinor', `A floor is a whole number of minor units from 1 to ${MAX_MINOR_UNITS}`);
  }
  const currency = input.floor.currency.trim().toUpperCase();
  const problem = currencyProblem(currency);
  if (problem) throw badInput('floor.currency', problem);
  return { kind: 'PRICE_FLOOR', name: input.name.trim(), terms, excludedTerms, ...none, floorMinor: BigInt(input.floor.amountMinor), currency };
}

/**
 * Each brand's monitoring rules (issue 17, outcome 2): read by the people of the member owning the
 * brand, written by its member admins while the membership is active; every change audited.
 */
@Injectable()
export class MonitoringRuleService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: MonitoringRuleRepository,
    private readonly brands: BrandService,
    private readonly intelAccess: IntelAccess,
    private readonly audit: AuditService,
    private readonly nodes: NodeRegistry,
    private readonly matching: ListingMatchRepository,
  ) {}

  onModuleInit() {
    this.nodes.registerBatch(MonitoringRule.typename, (ctx, ids) => this.byIds(ctx, ids), MonitoringRule.from);
  }

  /** The brand's own member (its people), active; admins alone when `write`. */
  private async assertOwner(ctx: RequestContext, brandId: string, write: boolean, field = 'brandId'): Promise<void> {
    if (ctx.role !== Role.MEMBER_ADMIN && ctx.role !== Role.MEMBER_ANALYST) throw forbidden('Monitoring rules are the brand owner’s');
    const brand = await this.brands.requireBrand(ctx, brandId, field);
    if (brand.organisationId !== ctx.organisationId) throw forbidden('Monitoring rules are the brand owner’s');
    if (!(await this.intelAccess.isActiveMember(ctx))) throw forbidden('Your organisation is not an active member of the alliance');
    if (write && ctx.role !== Role.MEMBER_ADMIN) throw forbidden('Only the brand owner’s admins edit its monitoring rules');
  }

  async list(ctx: RequestContext, brandId: string): Promise<MonitoringRuleRow[]> {
    await this.assertOwner(ctx, brandId, false);
    return this.rules.byBrand(ctx.allianceId, brandId);
  }

  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, MonitoringRuleRow>> {
    const found = new Map<string, MonitoringRuleRow>();
    if (!ctx.organisationId || (ctx.role !== Role.MEMBER_ADMIN && ctx.role !== Role.MEMBER_ANALYST) || !(await this.intelAccess.isActiveMember(ctx))) return found;
    for (const row of await this.rules.ofOrganisation(ctx.allianceId, ctx.organisationId, ids)) found.set(row.id, row);
    return found;
  }

  /** What the rule as given would have matched among the alliance's listings seen in the last PREVIEW_DAYS (the brand's people; nothing is kept). */
  async preview(ctx: RequestContext, brandId: string, input: MonitoringRuleFields): Promise<{ since: Date; matched: number; listings: ListingView[] }> {
    await this.assertOwner(ctx, brandId, false);
    const values = await ruleValues(input);
    const since = new Date(Date.now() - PREVIEW_DAYS * 86_400_000);
    const found = await this.matching.preview(ctx.allianceId, values, since, PREVIEW_LISTINGS);
    return { since, matched: found.matched, listings: await this.matching.views(ctx.allianceId, found.sample) };
  }

  async create(ctx: RequestContext, brandId: string, input: MonitoringRuleFields): Promise<MonitoringRuleRow> {
    await this.assertOwner(ctx, brandId, true);
    const values = await ruleValues(input);
    return this.dataSource.transaction(async (em) => {
      if ((await this.rules.countOfBrand(em, ctx.allianceId, brandId)) >= MAX_RULES_PER_BRAND) throw conflict(`A brand has at most ${MAX_RULES_PER_BRAND} monitoring rules`, undefined, 'brandId');
      const row = await this.rules.insert(em, ctx.allianceId, brandId, ctx.organisationId!, ctx.actorId, values);
      await this.audit.record(em, ctx, { action: 'monitoring_rule.created', targetType: 'MonitoringRule', targetId: row.id, after: row });
      return row;
    });
  }

  async update(ctx: RequestContext, ruleId: string, input: MonitoringRuleFields): Promise<MonitoringRuleRow> {
    const values = await ruleValues(input);
    return this.dataSource.transaction(async (em) => {
      const before = await this.rules.byId(em, ctx.allianceId, ruleId);
      if (!before || before.organisationId !== ctx.organisationId) throw notFound('MonitoringRule', 'ruleId');
      await this.assertOwner(ctx, before.brandId, true, 'ruleId');
      const after = await this.rules.update(em, ctx.allianceId, ruleId, values);
      await this.audit.record(em, ctx, { action: 'monitoring_rule.updated', targetType: 'MonitoringRule', targetId: ruleId, before, after });
      return after;
    });
  }

  async remove(ctx: RequestContext, ruleId: string): Promise<MonitoringRuleRow> {
    return this.dataSource.transaction(async (em) => {
      const before = await this.rules.byId(em, ctx.allianceId, ruleId);
      if (!before || before.organisationId !== ctx.organisationId) throw notFound('MonitoringRule', 'ruleId');
      await this.assertOwner(ctx, before.brandId, true, 'ruleId');
      await this.rules.remove(em, ctx.allianceId, ruleId);
      await this.audit.record(em, ctx, { action: 'monitoring_rule.removed', targetType: 'MonitoringRule', targetId: ruleId, before });
      return before;
    });
  }
}
