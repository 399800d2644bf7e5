import { Args, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { Roles } from '../common/auth.decorators.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { uuidOf } from '../common/node.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import { EvidenceFile } from '../files/evidence-file.model.js';
import { FileStorageService } from '../files/file-storage.service.js';
import { Organisation } from '../members/member.models.js';
import { MemberService } from '../members/member.service.js';
import { Brand, Trademark, TrademarkEvidence } from './brand.models.js';
import { BrandService, type TrademarkValues } from './brand.service.js';
import { AddTrademarkInput, CreateBrandInput, TrademarkFields, TrademarkReviewInput, UpdateBrandInput, UpdateTrademarkInput } from './dto/brand.inputs.js';

function trademarkValues(input: TrademarkFields): TrademarkValues {
  return {
    ...input,
    evidence: input.evidence?.map((e, i) => ({ fileUuid: uuidOf(e.fileId, EvidenceFile.typename, `evidence.${i}.fileId`), kind: e.kind })),
  };
}

@Resolver(() => Brand)
export class BrandResolver {
  constructor(
    private readonly brands: BrandService,
    private readonly memberService: MemberService,
  ) {}

  @ResolveField(() => Organisation)
  async organisation(@Parent() b: Brand, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Organisation> {
    const e = await loaders.get('organisationById', (ids: readonly string[]) => this.memberService.organisationsByIds(ctx, ids), null).load(b.organisationUuid);
    return Organisation.from(e!);
  }

  @ResolveField(() => [Trademark])
  async trademarks(@Parent() b: Brand, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Trademark[]> {
    const rows = await loaders.get('trademarksByBrand', (ids: readonly string[]) => this.brands.trademarksByBrandIds(ctx, ids), []).load(b.uuid);
    return rows.map(Trademark.from);
  }

  @Mutation(() => Brand, { description: 'Coordinators, or the organisation’s admins while drafting the application or as an active member' })
  async createBrand(@Ctx() ctx: RequestContext, @Args('input') input: CreateBrandInput): Promise<Brand> {
    const orgUuid = input.organisationId ? uuidOf(input.organisationId, Organisation.typename, 'organisationId') : null;
    return Brand.from(await this.brands.createBrand(ctx, orgUuid, input));
  }

  @Mutation(() => Brand)
  async updateBrand(@Ctx() ctx: RequestContext, @Args('input') input: UpdateBrandInput): Promise<Brand> {
    const { brandId, ...fields } = input;
    return Brand.from(await this.brands.updateBrand(ctx, uuidOf(brandId, Brand.typename, 'brandId'), fields));
  }

  @Mutation(() => ID, { description: 'Removes a brand and its trademarks; answers its id' })
  async removeBrand(@Ctx() ctx: RequestContext, @Args('brandId', { type: () => ID }) brandId: string): Promise<string> {
    await this.brands.removeBrand(ctx, uuidOf(brandId, Brand.typename, 'brandId'));
    return brandId;
  }
}

@Resolver(() => Trademark)
export class TrademarkResolver {
  constructor(
    private readonly brands: BrandService,
    private readonly files: FileStorageService,
  ) {}

  @ResolveField(() => Brand)
  async brand(@Parent() t: Trademark, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Brand> {
    const e = await loaders.get('brandById', (ids: readonly string[]) => this.brands.brandsByIds(ctx, ids), null).load(t.brandUuid);
    return Brand.from(e!);
  }

  @ResolveField(() => [TrademarkEvidence])
  async evidence(@Parent() t: Trademark, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<TrademarkEvidence[]> {
    const links = await loaders.get('evidenceByTrademark', (ids: readonly string[]) => this.brands.evidenceByTrademarkIds(ctx, ids), []).load(t.uuid);
    const files = await loaders.get('fileById', (ids: readonly string[]) => this.files.byIds(ctx, ids), null).loadMany(links.map((l) => l.fileId));
    return links.map((l, i) => {
      const f = files[i];
      return { kind: l.kind, file: f && !(f instanceof Error) ? EvidenceFile.from(f) : null };
    });
  }

  @Mutation(() => Trademark)
  async addTrademark(@Ctx() ctx: RequestContext, @Args('input') input: AddTrademarkInput): Promise<Trademark> {
    return Trademark.from(await this.brands.addTrademark(ctx, uuidOf(input.brandId, Brand.typename, 'brandId'), trademarkValues(input)));
  }

  @Mutation(() => Trademark, { description: 'Replaces the trademark’s fields (and its evidence when given); it goes back to PENDING' })
  async updateTrademark(@Ctx() ctx: RequestContext, @Args('input') input: UpdateTrademarkInput): Promise<Trademark> {
    return Trademark.from(await this.brands.updateTrademark(ctx, uuidOf(input.trademarkId, Trademark.typename, 'trademarkId'), trademarkValues(input)));
  }

  @Mutation(() => ID)
  async removeTrademark(@Ctx() ctx: RequestContext, @Args('trademarkId', { type: () => ID }) trademarkId: string): Promise<string> {
    await this.brands.removeTrademark(ctx, uuidOf(trademarkId, Trademark.typename, 'trademarkId'));
    return trademarkId;
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Trademark, { description: 'Owner must match the organisation, or an authorisation letter must be attached' })
  async verifyTrademark(@Ctx() ctx: RequestContext, @Args('input') input: TrademarkReviewInput): Promise<Trademark> {
    return Trademark.from(await this.brands.review(ctx, uuidOf(input.trademarkId, Trademark.typename, 'trademarkId'), 'VERIFIED', input.note ?? null));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Trademark)
  async rejectTrademark(@Ctx() ctx: RequestContext, @Args('input') input: TrademarkReviewInput): Promise<Trademark> {
    return Trademark.from(await this.brands.review(ctx, uuidOf(input.trademarkId, Trademark.typename, 'trademarkId'), 'REJECTED', input.note ?? null));
  }
}

@Resolver(() => Organisation)
export class OrganisationBrandsResolver {
  constructor(private readonly brandService: BrandService) {}

  @ResolveField(() => [Brand])
  async brands(@Parent() o: Organisation, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Brand[]> {
    const rows = await loaders.get('brandsByOrganisation', (ids: readonly string[]) => this.brandService.brandsByOrganisationIds(ctx, ids), []).load(o.uuid);
    return rows.map(Brand.from);
  }
}
