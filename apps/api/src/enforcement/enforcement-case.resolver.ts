import { Args, Field, ID, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { CaseAction, caseActionsFor } from '../../../../libs/enforcement/src/index.js';
import { Brand } from '../brands/brand.models.js';
import { BrandService } from '../brands/brand.service.js';
import { Roles } from '../common/auth.decorators.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { uuidOf } from '../common/node.js';
import { mapConnection } from '../common/pagination.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import { EvidenceFile } from '../files/evidence-file.model.js';
import { FileStorageService } from '../files/file-storage.service.js';
import { CounterfeiterNetwork } from '../intel/correlation/network.models.js';
import { NetworkService } from '../intel/correlation/network.service.js';
import { IntelReport } from '../intel/reports/intel-report.models.js';
import { IntelReportService } from '../intel/reports/intel-report.service.js';
import { Organisation } from '../members/member.models.js';
import { MemberService } from '../members/member.service.js';
import { Alert } from '../monitoring/monitoring-alert.models.js';
import { MonitoringAlertService } from '../monitoring/monitoring-alert.service.js';
import { Partnership } from '../partners/partner.models.js';
import { PartnerService } from '../partners/partner.service.js';
import { TakedownRequest } from '../takedown/takedown.models.js';
import { TakedownService } from '../takedown/takedown.service.js';
import {
  AddCourtResultInput,
  AttachCaseEvidenceInput,
  EnforcementCasePageArgs,
  LinkEnforcementCaseInput,
  LogEnforcementActionInput,
  MoveEnforcementCaseInput,
  OpenEnforcementCaseInput,
  RecordEnforcementOutcomesInput,
  ReferralThresholdsInput,
} from './dto/enforcement-case.inputs.js';
import {
  CaseEvidenceAttachment,
  CourtResult,
  EnforcementAction,
  EnforcementCase,
  EnforcementCaseConnection,
  EnforcementCaseTransition,
  EnforcementReferral,
  EnforcementTarget,
  ReferralCandidate,
  ReferralThresholds,
} from './enforcement-case.models.js';
import type { CaseLinkKind } from './enforcement-case.repository.js';
import { EnforcementCaseService, type CaseLinks } from './enforcement-case.service.js';

const C = EnforcementCase.typename;
const ids = (given: string[] | undefined, type: string, field: string) => given?.map((id) => uuidOf(id, type, field));

@ObjectType('ReferralCandidates')
export class ReferralCandidates {
  @Field(() => ReferralThresholds) thresholds: ReferralThresholds;
  @Field(() => [ReferralCandidate], { description: 'Strongest first (reports, then upheld takedowns); at most 100' }) candidates: ReferralCandidate[];
}

@Resolver(() => EnforcementCase)
export class EnforcementCaseResolver {
  constructor(
    private readonly cases: EnforcementCaseService,
    private readonly members: MemberService,
    private readonly brandService: BrandService,
    private readonly networkService: NetworkService,
    private readonly reportService: IntelReportService,
    private readonly takedownService: TakedownService,
    private readonly alertService: MonitoringAlertService,
    private readonly files: FileStorageService,
  ) {}

  @Query(() => EnforcementCaseConnection, {
    description: 'Cases the caller may see, newest first: all (coordinators), those it leads or takes part in (members), those referred to it (law-enforcement partners)',
  })
  async enforcementCases(@Ctx() ctx: RequestContext, @Args() args: EnforcementCasePageArgs) {
    const networkId = args.networkId ? uuidOf(args.networkId, CounterfeiterNetwork.typename, 'networkId') : undefined;
    return mapConnection(await this.cases.page(ctx, { ...args, networkId }), EnforcementCase.from);
  }

  @Query(() => EnforcementCase, { description: 'NOT_FOUND for a case the caller may not see, as for one that does not exist' })
  async enforcementCase(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<EnforcementCase> {
    return EnforcementCase.from(await this.cases.require(ctx, uuidOf(id, C)));
  }

  @Mutation(() => EnforcementCase, { description: 'Opens a case (coordinators, and active members for cases they lead) from networks, reports, takedowns and monitoring alerts the caller may see' })
  async openEnforcementCase(@Ctx() ctx: RequestContext, @Args('input') input: OpenEnforcementCaseInput): Promise<EnforcementCase> {
    return EnforcementCase.from(await this.cases.open(ctx, {
      ...input,
      ...this.links(input),
      leadOrganisationId: input.leadOrganisationId ? uuidOf(input.leadOrganisationId, Organisation.typename, 'leadOrganisationId') : null,
      participantOrganisationIds: ids(input.participantOrganisationIds, Organisation.typename, 'participantOrganisationIds'),
      brandIds: ids(input.brandIds, Brand.typename, 'brandIds'),
    }));
  }

  @Mutation(() => EnforcementCase, { description: 'Links more networks, reports, takedowns or monitoring alerts the caller may see' })
  async linkEnforcementCase(@Ctx() ctx: RequestContext, @Args('input') input: LinkEnforcementCaseInput): Promise<EnforcementCase> {
    return EnforcementCase.from(await this.cases.link(ctx, uuidOf(input.caseId, C, 'caseId'), this.links(input)));
  }

  private links(input: { networkIds?: string[]; reportIds?: string[]; takedownIds?: string[]; alertIds?: string[] }): CaseLinks {
    return {
      networkIds: ids(input.networkIds, CounterfeiterNetwork.typename, 'networkIds'),
      reportIds: ids(input.reportIds, IntelReport.typename, 'reportIds'),
      takedownIds: ids(input.takedownIds, TakedownRequest.typename, 'takedownIds'),
      alertIds: ids(input.alertIds, Alert.typename, 'alertIds'),
    };
  }

  @Mutation(() => EnforcementCase, { description: 'Moves the case along its lifecycle; CONFLICT (field action) naming what is possible when the step is not' })
  async moveEnforcementCase(@Ctx() ctx: RequestContext, @Args('input') input: MoveEnforcementCaseInput): Promise<EnforcementCase> {
    const referral = input.referral ? { ...input.referral, partnershipId: uuidOf(input.referral.partnershipId, Partnership.typename, 'referral.partnershipId') } : null;
    return EnforcementCase.from(await this.cases.move(ctx, uuidOf(input.id, C), input.action, input.note ?? null, referral));
  }

  @Mutation(() => EnforcementCase, { description: 'Sets the outcome figures (ACTION_TAKEN or PROSECUTION)' })
  async recordEnforcementOutcomes(@Ctx() ctx: RequestContext, @Args('input') input: RecordEnforcementOutcomesInput): Promise<EnforcementCase> {
    return EnforcementCase.from(await this.cases.recordOutcomes(ctx, uuidOf(input.id, C), input));
  }

  @Mutation(() => EnforcementAction, { description: 'Adds a dated entry to the case’s log (coordinators and the case’s members, until the case ends)' })
  async logEnforcementAction(@Ctx() ctx: RequestContext, @Args('input') input: LogEnforcementActionInput): Promise<EnforcementAction> {
    return EnforcementAction.from(await this.cases.logAction(ctx, uuidOf(input.caseId, C, 'caseId'), input));
  }

  @Mutation(() => CourtResult, { description: 'Records a court’s decision (while the case is in PROSECUTION)' })
  async addCourtResult(@Ctx() ctx: RequestContext, @Args('input') input: AddCourtResultInput): Promise<CourtResult> {
    return CourtResult.from(await this.cases.addCourtResult(ctx, uuidOf(input.caseId, C, 'caseId'), input));
  }

  @Mutation(() => EnforcementCase, { description: 'Attaches evidence files the caller may open; whoever sees the case (the referred partner included) may then open them' })
  async attachCaseEvidence(@Ctx() ctx: RequestContext, @Args('input') input: AttachCaseEvidenceInput): Promise<EnforcementCase> {
    return EnforcementCase.from(await this.cases.attachEvidence(ctx, uuidOf(input.caseId, C, 'caseId'), input.fileIds.map((id) => uuidOf(id, EvidenceFile.typename, 'fileIds'))));
  }

  @Roles(Role.COORDINATOR)
  @Query(() => ReferralCandidates, { description: 'Networks above the alliance’s referral thresholds, with the figures that put them there (coordinators)' })
  async referralCandidates(@Ctx() ctx: RequestContext): Promise<ReferralCandidates> {
    const { thresholds, candidates } = await this.cases.referralCandidates(ctx);
    return {
      thresholds: ReferralThresholds.from(thresholds),
      candidates: candidates.map((c) => Object.assign(new ReferralCandidate(), {
        networkUuid: c.networkId, openCases: c.openCases,
        figures: { reports: c.reports, members: c.members, brands: c.brands, upheldTakedowns: c.upheldTakedowns, recentReports: c.recentReports },
      })),
    };
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => ReferralThresholds, { description: 'Sets the alliance’s referral thresholds (coordinators)' })
  async setReferralThresholds(@Ctx() ctx: RequestContext, @Args('input') input: ReferralThresholdsInput): Promise<ReferralThresholds> {
    return ReferralThresholds.from(await this.cases.setThresholds(ctx, { ...input }));
  }

  // ── fields ──────────────────────────────────────────────────────────────────────────────────

  @ResolveField(() => [CaseAction], { description: 'What the caller may do to the case now' })
  availableActions(@Parent() c: EnforcementCase, @Ctx() ctx: RequestContext): CaseAction[] {
    const actor = this.cases.actorFor(ctx, c.row);
    return actor ? caseActionsFor(c.status, actor) : [];
  }

  @ResolveField(() => Organisation, { nullable: true, description: 'The member leading the case (null when the caller may not see members)' })
  async leadOrganisation(@Parent() c: EnforcementCase, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Organisation | null> {
    const e = await loaders.get('organisationById', (keys: readonly string[]) => this.members.organisationsByIds(ctx, keys), null).load(c.row.leadOrganisationId);
    return e ? Organisation.from(e) : null;
  }

  @ResolveField(() => [Organisation], { description: 'The other members taking part that the caller may see' })
  async participants(@Parent() c: EnforcementCase, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Organisation[]> {
    const rows = await loaders.get('caseMembers', (keys: readonly string[]) => this.cases.membersOf(ctx, keys), []).load(c.row.id);
    const orgs = await loaders.get('organisationById', (keys: readonly string[]) => this.members.organisationsByIds(ctx, keys), null).loadMany(rows.map((r) => r.organisationId));
    return present(orgs).map(Organisation.from);
  }

  @ResolveField(() => [EnforcementTarget])
  async targets(@Parent() c: EnforcementCase, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<EnforcementTarget[]> {
    return (await loaders.get('caseTargets', (keys: readonly string[]) => this.cases.targetsOf(ctx, keys), []).load(c.row.id)).map(EnforcementTarget.from);
  }

  @ResolveField(() => [Brand], { description: 'The brands concerned that the caller may see' })
  async brands(@Parent() c: EnforcementCase, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Brand[]> {
    const rows = await loaders.get('caseBrands', (keys: readonly string[]) => this.cases.brandsOf(ctx, keys), []).load(c.row.id);
    const found = await loaders.get('brandById', (keys: readonly string[]) => this.brandService.brandsByIds(ctx, keys), null).loadMany(rows.map((r) => r.brandId));
    return present(found).map(Brand.from);
  }

  private async linked(ctx: RequestContext, loaders: Loaders, c: EnforcementCase, kind: CaseLinkKind): Promise<string[]> {
    const rows = await loaders.get('caseLinks', (keys: readonly string[]) => this.cases.linksOf(ctx, keys), []).load(c.row.id);
    return rows.filter((l) => l.kind === kind).map((l) => l.targetId);
  }

  @ResolveField(() => [CounterfeiterNetwork], { description: 'Linked networks the caller may see (a partner: those its intelligence scopes show)' })
  async networks(@Parent() c: EnforcementCase, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<CounterfeiterNetwork[]> {
    const found = await loaders.get('networkById', (keys: readonly string[]) => this.networkService.byIds(ctx, keys), null).loadMany(await this.linked(ctx, loaders, c, 'NETWORK'));
    return present(found).map(CounterfeiterNetwork.from);
  }

  @ResolveField(() => [IntelReport], { description: 'Linked intelligence reports the caller may see' })
  async reports(@Parent() c: EnforcementCase, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<IntelReport[]> {
    const found = await loaders.get('intelReportById', (keys: readonly string[]) => this.reportService.byIds(ctx, keys), null).loadMany(await this.linked(ctx, loaders, c, 'INTEL_REPORT'));
    return present(found).map(IntelReport.from);
  }

  @ResolveField(() => [TakedownRequest], { description: 'Linked takedown requests the caller may see' })
  async takedowns(@Parent() c: EnforcementCase, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<TakedownRequest[]> {
    const found = await loaders.get('takedownById', (keys: readonly string[]) => this.takedownService.byIds(ctx, keys), null).loadMany(await this.linked(ctx, loaders, c, 'TAKEDOWN'));
    return present(found).map((r) => TakedownRequest.from(r));
  }

  @ResolveField(() => [Alert], {
    description: 'Linked monitoring alerts the caller may read: the people of the brand-owning member alone (coordinators, other members and partners see none, as everywhere for alerts)',
  })
  async alerts(@Parent() c: EnforcementCase, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Alert[]> {
    const found = await loaders.get('alertById', (keys: readonly string[]) => this.alertService.byIds(ctx, keys), null).loadMany(await this.linked(ctx, loaders, c, 'ALERT'));
    return present(found);
  }

  @ResolveField(() => [EnforcementCaseTransition])
  async history(@Parent() c: EnforcementCase, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<EnforcementCaseTransition[]> {
    return (await loaders.get('caseTransitions', (keys: readonly string[]) => this.cases.transitionsOf(ctx, keys), []).load(c.row.id)).map(EnforcementCaseTransition.from);
  }

  @ResolveField(() => [EnforcementAction], { description: 'The dated log, oldest first' })
  async actions(@Parent() c: EnforcementCase, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<EnforcementAction[]> {
    return (await loaders.get('caseActions', (keys: readonly string[]) => this.cases.actionsOf(ctx, keys), []).load(c.row.id)).map(EnforcementAction.from);
  }

  @ResolveField(() => [CourtResult])
  async courtResults(@Parent() c: EnforcementCase, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<CourtResult[]> {
    return (await loaders.get('caseCourtResults', (keys: readonly string[]) => this.cases.courtResultsOf(ctx, keys), []).load(c.row.id)).map(CourtResult.from);
  }

  @ResolveField(() => [EvidenceFile], { description: 'Evidence files attached to the case that the caller may open' })
  async evidence(@Parent() c: EnforcementCase, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<EvidenceFile[]> {
    const rows = await loaders.get('caseEvidence', (keys: readonly string[]) => this.cases.evidenceOf(ctx, keys), []).load(c.row.id);
    const found = await loaders.get('fileById', (keys: readonly string[]) => this.files.byIds(ctx, keys), null).loadMany(rows.map((r) => r.fileId));
    return present(found).map(EvidenceFile.from);
  }

  @ResolveField(() => [CaseEvidenceAttachment], { description: 'The evidence files attached to the case that the caller may open, with when each was attached, oldest first' })
  async evidenceAttachments(@Parent() c: EnforcementCase, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<CaseEvidenceAttachment[]> {
    const rows = await loaders.get('caseEvidence', (keys: readonly string[]) => this.cases.evidenceOf(ctx, keys), []).load(c.row.id);
    const found = await loaders.get('fileById', (keys: readonly string[]) => this.files.byIds(ctx, keys), null).loadMany(rows.map((r) => r.fileId));
    return rows.flatMap((r, i) => {
      const f = found[i];
      return f && !(f instanceof Error) ? [Object.assign(new CaseEvidenceAttachment(), { file: EvidenceFile.from(f), attachedAt: r.attachedAt })] : [];
    });
  }
}

@Resolver(() => EnforcementReferral)
export class EnforcementReferralResolver {
  constructor(private readonly partners: PartnerService) {}

  @ResolveField(() => Partnership, { nullable: true, description: 'The law-enforcement partnership (null when the caller may not see it)' })
  async partnership(@Parent() r: EnforcementReferral, @Ctx() ctx: RequestContext): Promise<Partnership | null> {
    const [p] = await this.partners.visible(ctx, [r.partnershipUuid]);
    return p ? Partnership.from(p) : null;
  }
}

@Resolver(() => ReferralCandidate)
export class ReferralCandidateResolver {
  constructor(private readonly networks: NetworkService) {}

  @ResolveField(() => CounterfeiterNetwork)
  async network(@Parent() c: ReferralCandidate, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<CounterfeiterNetwork> {
    const e = await loaders.get('networkById', (keys: readonly string[]) => this.networks.byIds(ctx, keys), null).load(c.networkUuid);
    return CounterfeiterNetwork.from(e!);
  }
}

function present<T>(values: readonly (T | null | Error)[]): T[] {
  return values.filter((v): v is T => v !== null && !(v instanceof Error));
}
