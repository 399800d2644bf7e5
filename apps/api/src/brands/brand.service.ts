import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { EvidenceKind, foldOwnerName, TrademarkVerificationStatus, type TrademarkOffice } from '../../../../libs/domain/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { badInput, conflict, forbidden, notFound } from '../common/errors.js';
import { groupBy } from '../common/loaders.js';
import { NodeRegistry } from '../common/node-registry.js';
import type { RequestContext } from '../common/request-context.js';
import { EvidenceFileRepository } from '../files/evidence-file.repository.js';
import { MemberAccess } from '../members/member-access.js';
import { MemberService } from '../members/member.service.js';
import { OrganisationRepository } from '../members/organisation.repository.js';
import type { BrandEntity, TrademarkEntity, TrademarkEvidenceEntity } from './brand.entity.js';
import { BrandRepository } from './brand.repository.js';
import { Brand, Trademark } from './brand.models.js';

export interface BrandFields {
  name?: string;
  description?: string;
  website?: string;
}

export interface TrademarkValues {
  office: TrademarkOffice;
  registrationNumber: string;
  niceClasses: number[];
  ownerName: string;
  registeredOn?: string;
  expiresOn?: string;
  evidence?: { fileUuid: string; kind: EvidenceKind }[];
}

/** Brands of member organisations and the trademarks that back them, with their verification. */
@Injectable()
export class BrandService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: MemberAccess,
    private readonly members: MemberService,
    private readonly audit: AuditService,
    private readonly nodes: NodeRegistry,
    private readonly brands: BrandRepository,
    private readonly organisations: OrganisationRepository,
    private readonly files: EvidenceFileRepository,
  ) {}

  onModuleInit() {
    this.nodes.registerBatch(Brand.typename, (ctx, uuids) => this.brandsByIds(ctx, uuids), Brand.from);
    this.nodes.registerBatch(Trademark.typename, (ctx, uuids) => this.trademarksByIds(ctx, uuids), Trademark.from);
    // members find a member by its brands' names and count what active members hold
    this.members.searchDirectoryAlso(BrandRepository.nameMatches);
    this.members.countHoldings((allianceId) => this.brands.activeMemberHoldings(allianceId));
  }

  /**
   * The alliance's active members and their brands at each instant (the impact report's quarter
   * ends): members active then, and the brands they held that were registered by then (a brand
   * removed since is not counted). Counts only; the caller's service authorises the aggregate.
   */
  async holdingsAt(ctx: RequestContext, instants: readonly Date[]): Promise<{ members: number; brands: number }[]> {
    const [active, perHolder] = await Promise.all([this.members.activeOrganisationsAt(ctx, instants), this.brands.brandsPerHolderBefore(ctx.allianceId, instants)]);
    const brands = instants.map(() => 0);
    for (const r of perHolder) if (active[r.at]?.has(r.organisationId)) brands[r.at] += r.brands;
    return instants.map((_, i) => ({ members: active[i].size, brands: brands[i] }));
  }

  // ---- reads: every one filtered by the caller's visibility -------------------------------

  async brandsByIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, BrandEntity>> {
    if (ids.length === 0) return new Map();
    const v = this.access.memberOwnedCondition(ctx, 'b.organisation_id');
    const rows = await this.brands.brandsByIds(ctx.allianceId, ids, v);
    return new Map(rows.map((r) => [r.id, r]));
  }

  async brandsByOrganisationIds(ctx: RequestContext, orgIds: readonly string[]): Promise<Map<string, BrandEntity[]>> {
    if (orgIds.length === 0) return new Map();
    const v = this.access.memberOwnedCondition(ctx, 'b.organisation_id');
    const rows = await this.brands.brandsByOrganisationIds(ctx.allianceId, orgIds, v);
    return groupBy(rows, (r) => r.organisationId);
  }

  async trademarksByIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, TrademarkEntity>> {
    if (ids.length === 0) return new Map();
    const v = this.access.memberOwnedCondition(ctx, 'b.organisation_id');
    const rows = await this.brands.trademarksByIds(ctx.allianceId, ids, v);
    return new Map(rows.map((r) => [r.id, r]));
  }

  async trademarksByBrandIds(ctx: RequestContext, brandIds: readonly string[]): Promise<Map<string, TrademarkEntity[]>> {
    if (brandIds.length === 0) return new Map();
    const v = this.access.memberOwnedCondition(ctx, 'b.organisation_id');
    const rows = await this.brands.trademarksByBrandIds(ctx.allianceId, brandIds, v);
    return groupBy(rows, (r) => r.brandId);
  }

  async evidenceByTrademarkIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, TrademarkEvidenceEntity[]>> {
    if (ids.length === 0) return new Map();
    const rows = await this.brands.evidenceByTrademarkIds(ctx.allianceId, ids);
    return groupBy(rows, (r) => r.trademarkId);
  }

  // ---- brands ---------------------------------------------------------------------------------

  async createBrand(ctx: RequestContext, organisationId: string | null, fields: Required<Pick<BrandFields, 'name'>> & BrandFields): Promise<BrandEntity> {
    const orgId = organisationId ?? ctx.organisationId;
    if (!orgId) throw badInput('organisationId', 'Say which organisation owns the brand');
    await this.requireManageable(ctx, orgId, 'organisationId');
    return this.dataSource.transaction(async (em) => {
      await this.members.assertEditable(em, ctx, orgId);
      await this.assertBrandNameFree(em, orgId, fields.name);
      const brand = await this.brands.insertBrand(em, {
        allianceId: ctx.allianceId, organisationId: orgId, name: fields.name.trim(), description: fields.description ?? null, website: fields.website ?? null,
      });
      await this.audit.record(em, ctx, { action: 'brand.created', targetType: 'Brand', targetId: brand.id, after: brand });
      return brand;
    });
  }

  async updateBrand(ctx: RequestContext, brandId: string, fields: BrandFields): Promise<BrandEntity> {
    const before = await this.requireBrand(ctx, brandId);
    await this.requireManageable(ctx, before.organisationId, 'brandId');
    return this.dataSource.transaction(async (em) => {
      await this.members.assertEditable(em, ctx, before.organisationId);
      if (fields.name && fields.name.trim().toLowerCase() !== before.name.toLowerCase()) await this.assertBrandNameFree(em, before.organisationId, fields.name);
      const after = { ...before, ...fields, name: (fields.name ?? before.name).trim() };
      await this.brands.updateBrand(em, brandId, { name: after.name, description: after.description, website: after.website });
      await this.audit.record(em, ctx, { action: 'brand.updated', targetType: 'Brand', targetId: brandId, before, after });
      return this.brands.findBrandOrFail(em, brandId);
    });
  }

  async removeBrand(ctx: RequestContext, brandId: string): Promise<void> {
    const before = await this.requireBrand(ctx, brandId);
    await this.requireManageable(ctx, before.organisationId, 'brandId');
    await this.dataSource.transaction(async (em) => {
      await this.members.assertEditable(em, ctx, before.organisationId);
      const trademarks = await this.brands.deleteBrand(em, brandId);
      await this.audit.record(em, ctx, { action: 'brand.removed', targetType: 'Brand', targetId: brandId, before: { ...before, trademarks } });
    });
  }

  // ---- trademarks -----------------------------------------------------------------------------

  async addTrademark(ctx: RequestContext, brandId: string, values: TrademarkValues): Promise<TrademarkEntity> {
    const brand = await this.requireBrand(ctx, brandId);
    await this.requireManageable(ctx, brand.organisationId, 'brandId');
    this.checkDates(values);
    return this.dataSource.transaction(async (em) => {
      await this.members.assertEditable(em, ctx, brand.organisationId);
      await this.assertRegistrationFree(em, ctx, values.office, values.registrationNumber);
      await this.checkEvidence(em, ctx, brand.organisationId, values.evidence ?? []);
      const trademark = await this.brands.insertTrademark(em, {
        allianceId: ctx.allianceId,
        brandId,
        office: values.office,
        registrationNumber: values.registrationNumber.trim(),
        niceClasses: [...values.niceClasses].sort((a, b) => a - b),
        ownerName: values.ownerName.trim(),
        registeredOn: values.registeredOn ?? null,
        expiresOn: values.expiresOn ?? null,
        verificationStatus: TrademarkVerificationStatus.PENDING,
      });
      await this.attachEvidence(em, ctx, trademark.id, values.evidence ?? []);
      await this.audit.record(em, ctx, { action: 'trademark.added', targetType: 'Trademark', targetId: trademark.id, after: { ...trademark, evidence: values.evidence ?? [] } });
      return trademark;
    });
  }

  /** A changed trademark goes back to PENDING: a coordinator verifies it again. */
  async updateTrademark(ctx: RequestContext, trademarkId: string, values: TrademarkValues): Promise<TrademarkEntity> {
    const before = await this.requireTrademark(ctx, trademarkId);
    const brand = await this.requireBrand(ctx, before.brandId);
    await this.requireManageable(ctx, brand.organisationId, 'trademarkId');
    this.checkDates(values);
    return this.dataSource.transaction(async (em) => {
      await this.members.assertEditable(em, ctx, brand.organisationId);
      await this.assertRegistrationFree(em, ctx, values.office, values.registrationNumber, trademarkId);
      await this.checkEvidence(em, ctx, brand.organisationId, values.evidence ?? []);
      await this.brands.updateTrademark(em, trademarkId, {
        office: values.office,
        registrationNumber: values.registrationNumber.trim(),
        niceClasses: [...values.niceClasses].sort((a, b) => a - b),
        ownerName: values.ownerName.trim(),
        registeredOn: values.registeredOn ?? null,
        expiresOn: values.expiresOn ?? null,
        verificationStatus: TrademarkVerificationStatus.PENDING,
        verificationNote: null,
        verifiedBy: null,
        verifiedAt: null,
      });
      if (values.evidence) {
        await this.brands.deleteEvidence(em, trademarkId);
        await this.attachEvidence(em, ctx, trademarkId, values.evidence);
      }
      const after = await this.brands.findTrademarkOrFail(em, trademarkId);
      await this.audit.record(em, ctx, { action: 'trademark.updated', targetType: 'Trademark', targetId: trademarkId, before, after });
      return after;
    });
  }

  async removeTrademark(ctx: RequestContext, trademarkId: string): Promise<void> {
    const before = await this.requireTrademark(ctx, trademarkId);
    const brand = await this.requireBrand(ctx, before.brandId);
    await this.requireManageable(ctx, brand.organisationId, 'trademarkId');
    await this.dataSource.transaction(async (em) => {
      await this.members.assertEditable(em, ctx, brand.organisationId);
      await this.brands.deleteTrademark(em, trademarkId);
      await this.audit.record(em, ctx, { action: 'trademark.removed', targetType: 'Trademark', targetId: trademarkId, before });
    });
  }

  /**
   * A coordinator verifies a trademark when its owner is the member organisation (legal names
   * compared after folding case, punctuation, diacritics and legal forms) or when an
   * authorisation letter from the owner is attached.
   */
  async review(ctx: RequestContext, trademarkId: string, decision: 'VERIFIED' | 'REJECTED', note: string | null): Promise<TrademarkEntity> {
    if (decision === 'REJECTED' && !note?.trim()) throw badInput('note', 'Say why the trademark is rejected');
    return this.dataSource.transaction(async (em) => {
      const before = await this.brands.findTrademarkForUpdate(em, ctx.allianceId, trademarkId);
      if (!before) throw notFound('Trademark', 'trademarkId');
      if (decision === 'VERIFIED') {
        const brand = await this.brands.findBrandOrFail(em, before.brandId);
        const org = await this.organisations.findByIdOrFail(em, brand.organisationId);
        const owner = foldOwnerName(before.ownerName);
        const matches = [org.legalName, org.name].some((n) => n && foldOwnerName(n) === owner);
        const letters = await this.brands.countAuthorisationLetters(em, trademarkId);
        if (!matches && letters === 0) {
          throw conflict(
            `The owner "${before.ownerName}" is not ${org.legalName ?? org.name}: attach an authorisation letter from the owner before verifying`,
            undefined,
            'ownerName',
          );
        }
      }
      const status = decision === 'VERIFIED' ? TrademarkVerificationStatus.VERIFIED : TrademarkVerificationStatus.REJECTED;
      await this.brands.updateTrademark(em, trademarkId, { verificationStatus: status, verificationNote: note, verifiedBy: ctx.actorId, verifiedAt: new Date() });
      const after = await this.brands.findTrademarkOrFail(em, trademarkId);
      await this.audit.record(em, ctx, { action: `trademark.${decision.toLowerCase()}`, targetType: 'Trademark', targetId: trademarkId, before, after });
      return after;
    });
  }

  // ---- rules ----------------------------------------------------------------------------------

  async requireBrand(ctx: RequestContext, brandId: string, field = 'brandId'): Promise<BrandEntity> {
    const brand = (await this.brandsByIds(ctx, [brandId])).get(brandId);
    if (!brand) throw notFound('Brand', field);
    return brand;
  }

  private async requireTrademark(ctx: RequestContext, trademarkId: string): Promise<TrademarkEntity> {
    const trademark = (await this.trademarksByIds(ctx, [trademarkId])).get(trademarkId);
    if (!trademark) throw notFound('Trademark', 'trademarkId');
    return trademark;
  }

  private async requireManageable(ctx: RequestContext, organisationId: string, field: string): Promise<void> {
    const visible = await this.access.visibleOrganisationIds(ctx, [organisationId]);
    if (!visible.has(organisationId)) throw notFound('Organisation', field);
    if (!this.access.canManageOrganisation(ctx, organisationId)) throw forbidden('Only the organisation’s admins and the coordinators may change its brands');
  }

  private checkDates(values: TrademarkValues): void {
    if (values.registeredOn && values.expiresOn && values.expiresOn <= values.registeredOn) {
      throw badInput('expiresOn', 'expiresOn must be after registeredOn');
    }
  }

  private async assertBrandNameFree(em: EntityManager, organisationId: string, name: string): Promise<void> {
    if (await this.brands.organisationHasBrandNamed(em, organisationId, name.trim())) throw conflict(`The organisation already has a brand named "${name.trim()}"`, undefined, 'name');
  }

  private async assertRegistrationFree(em: EntityManager, ctx: RequestContext, office: string, number: string, exceptId?: string): Promise<void> {
    const ids = await this.brands.trademarkIdsRegistered(em, ctx.allianceId, office, number.trim());
    if (ids.some((id) => id !== exceptId)) throw conflict(`${office} registration ${number.trim()} is already on file in this alliance`, undefined, 'registrationNumber');
  }

  private async checkEvidence(em: EntityManager, ctx: RequestContext, organisationId: string, evidence: { fileUuid: string }[]): Promise<void> {
    for (const [i, e] of evidence.entries()) {
      const file = await this.files.find(ctx.allianceId, e.fileUuid, em);
      const mine = file && (ctx.isCoordinator || file.organisationId === organisationId);
      if (!mine) throw badInput(`evidence.${i}.fileId`, 'Unknown file: upload it first');
    }
  }

  private async attachEvidence(em: EntityManager, ctx: RequestContext, trademarkId: string, evidence: { fileUuid: string; kind: EvidenceKind }[]): Promise<void> {
    const unique = [...new Map(evidence.map((e) => [e.fileUuid, e])).values()];
    await this.brands.insertEvidence(em, unique.map((e) => ({ allianceId: ctx.allianceId, trademarkId, fileId: e.fileUuid, kind: e.kind })));
  }
}
