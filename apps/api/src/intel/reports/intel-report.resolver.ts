import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Brand } from '../../brands/brand.models.js';
import { BrandService } from '../../brands/brand.service.js';
import { IndustryCategory } from '../../categories/industry-category.model.js';
import { IndustryCategoryService } from '../../categories/industry-category.service.js';
import { Scopes } from '../../common/auth.decorators.js';
import { Loaders, RequestLoaders } from '../../common/loaders.js';
import { uuidOf } from '../../common/node.js';
import { Ctx, RequestContext } from '../../common/request-context.js';
import { EvidenceFile } from '../../files/evidence-file.model.js';
import { FileStorageService } from '../../files/file-storage.service.js';
import { Organisation } from '../../members/member.models.js';
import { MemberService } from '../../members/member.service.js';
import { CreateReportInput, MAX_INDICATORS_PER_REPORT, ReportFields, ReportsArgs, RetractReportInput, UpdateReportInput } from './dto/intel-report.inputs.js';
import { IntelReportService, type ReportValues } from './intel-report.service.js';
import { CounterfeiterNetwork } from '../correlation/network.models.js';
import { Indicator, IntelReport, IntelReportConnection, IntelReportVersion } from './intel-report.models.js';

function reportValues(input: ReportFields): ReportValues {
  return {
    ...input,
    brandUuids: input.brandIds?.map((id, i) => uuidOf(id, Brand.typename, `brandIds.${i}`)),
    categoryUuids: input.categoryIds?.map((id, i) => uuidOf(id, IndustryCategory.typename, `categoryIds.${i}`)),
    evidenceFileUuids: input.evidenceFileIds?.map((id, i) => uuidOf(id, EvidenceFile.typename, `evidenceFileIds.${i}`)),
  };
}

/** What a loadMany found: neither missing (hidden) nor failed. */
const present = <T>(values: (T | null | Error)[]): T[] => values.filter((v): v is T => v !== null && !(v instanceof Error));

const reportUuid = (id: string) => uuidOf(id, IntelReport.typename, 'reportId');

@Resolver(() => IntelReport)
export class IntelReportResolver {
  constructor(
    private readonly reports: IntelReportService,
    private readonly memberService: MemberService,
    private readonly brandService: BrandService,
    private readonly categoryService: IndustryCategoryService,
    private readonly files: FileStorageService,
  ) {}

  @Scopes('intel:read')
  @Query(() => IntelReportConnection, { description: 'The intelligence feed: reports the caller may see, newest first' })
  async intelReports(@Ctx() ctx: RequestContext, @Args() { first, after, filter }: ReportsArgs) {
    return this.reports.feed(ctx, filter ?? {}, first, after);
  }

  @Mutation(() => IntelReport, { description: 'A draft, or published at once with `publish: true`' })
  async createReport(@Ctx() ctx: RequestContext, @Args('input') input: CreateReportInput): Promise<IntelReport> {
    return IntelReport.from(await this.reports.create(ctx, reportValues(input), input.publish ?? false));
  }

  @Mutation(() => IntelReport, { description: 'Edits a draft; amends a published report (the earlier version is kept)' })
  async updateReport(@Ctx() ctx: RequestContext, @Args('input') input: UpdateReportInput): Promise<IntelReport> {
    return IntelReport.from(await this.reports.update(ctx, reportUuid(input.reportId), reportValues(input)));
  }

  @Mutation(() => IntelReport)
  async publishReport(@Ctx() ctx: RequestContext, @Args('reportId', { type: () => ID }) reportId: string): Promise<IntelReport> {
    return IntelReport.from(await this.reports.publish(ctx, reportUuid(reportId)));
  }

  @Mutation(() => IntelReport, { description: 'Withdraws a published report: it leaves its network, which may split' })
  async retractReport(@Ctx() ctx: RequestContext, @Args('input') input: RetractReportInput): Promise<IntelReport> {
    return IntelReport.from(await this.reports.retract(ctx, reportUuid(input.reportId), input.reason));
  }

  @ResolveField(() => Organisation, { nullable: true, description: 'The reporting organisation, when the caller may see it' })
  async reporter(@Parent() r: IntelReport, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Organisation | null> {
    const e = await loaders.get('organisationById', (ids: readonly string[]) => this.memberService.organisationsByIds(ctx, ids), null).load(r.organisationUuid);
    return e ? Organisation.from(e) : null;
  }

  @ResolveField(() => Boolean, { description: 'Whether the caller’s organisation reported it (and so may change it)' })
  mine(@Parent() r: IntelReport, @Ctx() ctx: RequestContext): boolean {
    return r.organisationUuid === ctx.organisationId;
  }

  @ResolveField(() => [Indicator], { description: `The first \`first\` indicators (default and most: ${MAX_INDICATORS_PER_REPORT}, all of them)` })
  async indicators(
    @Parent() r: IntelReport,
    @Ctx() ctx: RequestContext,
    @RequestLoaders() loaders: Loaders,
    @Args('first', { type: () => Int, defaultValue: MAX_INDICATORS_PER_REPORT }) first: number,
  ): Promise<Indicator[]> {
    const rows = await loaders.get('indicatorsByReport', (ids: readonly string[]) => this.reports.indicatorsByReportIds(ctx, ids), []).load(r.uuid);
    return rows.slice(0, first).map(Indicator.from);
  }

  @ResolveField(() => [Brand])
  async brands(@Parent() r: IntelReport, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Brand[]> {
    const ids = await loaders.get('brandIdsByReport', (keys: readonly string[]) => this.reports.brandIdsByReportIds(ctx, keys), []).load(r.uuid);
    return present(await loaders.get('brandById', (keys: readonly string[]) => this.brandService.brandsByIds(ctx, keys), null).loadMany(ids)).map(Brand.from);
  }

  @ResolveField(() => [IndustryCategory])
  async categories(@Parent() r: IntelReport, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<IndustryCategory[]> {
    const ids = await loaders.get('categoryIdsByReport', (keys: readonly string[]) => this.reports.categoryIdsByReportIds(ctx, keys), []).load(r.uuid);
    return present(await loaders.get('categoryById', (keys: readonly string[]) => this.categoryService.byIds(ctx, keys), null).loadMany(ids)).map(IndustryCategory.from);
  }

  @ResolveField(() => [EvidenceFile], { description: 'Files the caller may see' })
  async evidence(@Parent() r: IntelReport, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<EvidenceFile[]> {
    const ids = await loaders.get('evidenceIdsByReport', (keys: readonly string[]) => this.reports.evidenceIdsByReportIds(ctx, keys), []).load(r.uuid);
    return present(await loaders.get('fileById', (keys: readonly string[]) => this.files.byIds(ctx, keys), null).loadMany(ids)).map(EvidenceFile.from);
  }

  @ResolveField(() => CounterfeiterNetwork, { nullable: true, description: 'Null for drafts and retracted reports' })
  network(@Parent() r: IntelReport): CounterfeiterNetwork | null {
    return r.networkUuid && r.status === 'PUBLISHED' ? CounterfeiterNetwork.ref(r.networkUuid) : null;
  }

  @ResolveField(() => [IntelReportVersion], { description: 'Earlier versions; for the reporting organisation and coordinators' })
  async history(@Parent() r: IntelReport, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<IntelReportVersion[]> {
    const rows = await loaders.get('versionsByReport', (keys: readonly string[]) => this.reports.versionsByReportIds(ctx, keys), []).load(r.uuid);
    return rows.map(IntelReportVersion.from);
  }
}

@Resolver(() => Indicator)
export class IndicatorResolver {
  constructor(private readonly reports: IntelReportService) {}

  @ResolveField(() => IntelReport)
  async report(@Parent() i: Indicator, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<IntelReport> {
    const e = await loaders.get('intelReportById', (ids: readonly string[]) => this.reports.byIds(ctx, ids), null).load(i.reportUuid);
    return IntelReport.from(e!);
  }
}
