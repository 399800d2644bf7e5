import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Role } from '../../../../../libs/domain/src/index.js';
import { Roles, Scopes } from '../../common/auth.decorators.js';
import { Loaders, RequestLoaders } from '../../common/loaders.js';
import { type Connection, ConnectionArgs, mapConnection } from '../../common/pagination.js';
import { uuidOf } from '../../common/node.js';
import { Ctx, RequestContext } from '../../common/request-context.js';
import { CorrelationAdminService, type LinkStatus } from './correlation-admin.service.js';
import { CorrelationKey, CorrelationKeyConnection, DerivedIndicatorKey, LinkExplanation, OverCorrelatingKey, OverCorrelatingKeyConnection } from './correlation.models.js';
import { CorrelationKeyDecisionInput, ExcludeCorrelationKeyInput, SetCorrelationLimitInput } from './dto/correlation.inputs.js';
import { IntelReportService } from '../reports/intel-report.service.js';
import { Indicator, IntelReport } from '../reports/intel-report.models.js';

@Resolver()
export class CorrelationResolver {
  constructor(
    private readonly admin: CorrelationAdminService,
    private readonly reports: IntelReportService,
  ) {}

  @Roles(Role.COORDINATOR)
  @Query(() => CorrelationKeyConnection, { description: 'Keys that never link reports (they stay searchable), by type and key' })
  async correlationExclusions(@Ctx() ctx: RequestContext, @Args() args: ConnectionArgs): Promise<Connection<CorrelationKey>> {
    const page = await this.admin.exclusions(ctx, args.first, args.after);
    return mapConnection(page, CorrelationKey.from);
  }

  @Roles(Role.COORDINATOR)
  @Query(() => OverCorrelatingKeyConnection, { description: 'Keys over the alliance’s limit, most reports first' })
  async overCorrelatingKeys(@Ctx() ctx: RequestContext, @Args() args: ConnectionArgs): Promise<Connection<OverCorrelatingKey>> {
    return this.admin.overCorrelating(ctx, args.first, args.after);
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => CorrelationKey, { description: 'Stops a key linking reports; the networks it held together split' })
  async excludeCorrelationKey(@Ctx() ctx: RequestContext, @Args('input') input: ExcludeCorrelationKeyInput): Promise<CorrelationKey> {
    return CorrelationKey.from(await this.admin.exclude(ctx, input.type, input.value, input.reason.trim()));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => CorrelationKey, { description: 'The key links again; the networks of its reports merge' })
  async removeCorrelationExclusion(@Ctx() ctx: RequestContext, @Args('input') input: CorrelationKeyDecisionInput): Promise<CorrelationKey> {
    return CorrelationKey.from(await this.admin.removeExclusion(ctx, input.type, input.key, input.reason.trim()));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => CorrelationKey, { description: 'An over-correlating key links again, whatever its count' })
  async confirmCorrelationKey(@Ctx() ctx: RequestContext, @Args('input') input: CorrelationKeyDecisionInput): Promise<CorrelationKey> {
    return CorrelationKey.from(await this.admin.confirm(ctx, input.type, input.key, input.reason.trim()));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Int)
  async setCorrelationLimit(@Ctx() ctx: RequestContext, @Args('input') input: SetCorrelationLimitInput): Promise<number> {
    return this.admin.setLimit(ctx, input.limit);
  }

  @Scopes('intel:read')
  @Query(() => LinkExplanation, { nullable: true, description: 'Why two reports share a network; null when they do not' })
  async explainLink(
    @Ctx() ctx: RequestContext,
    @Args('fromReportId', { type: () => ID }) fromReportId: string,
    @Args('toReportId', { type: () => ID }) toReportId: string,
  ): Promise<LinkExplanation | null> {
    const result = await this.admin.explain(ctx, uuidOf(fromReportId, IntelReport.typename, 'fromReportId'), uuidOf(toReportId, IntelReport.typename, 'toReportId'));
    if (!result) return null;
    const reports = await this.reports.byIds(ctx, result.steps.flatMap((s) => (s.reportId ? [s.reportId] : [])));
    return {
      steps: result.steps.map((s) => ({ report: s.reportId ? IntelReport.from(reports.get(s.reportId)!) : null, viaType: s.viaType, viaKey: s.viaKey, values: s.values, linkValues: s.linkValues })),
    };
  }
}

@Resolver(() => Indicator)
export class IndicatorLinkStatusResolver {
  constructor(private readonly admin: CorrelationAdminService) {}

  @ResolveField(() => String, { description: 'LINKING, EXCLUDED, OVER_LIMIT (links nothing until a coordinator decides) or CONFIRMED; NOT_PUBLISHED for drafts' })
  async linkStatus(@Parent() i: Indicator, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<LinkStatus | 'NOT_PUBLISHED'> {
    return loaders.get('linkStatus', (pairs: readonly string[]) => this.admin.statuses(ctx, pairs), 'NOT_PUBLISHED' as LinkStatus).load(`${i.type}\u001f${i.key}`);
  }

  @ResolveField(() => [DerivedIndicatorKey], { description: 'Keys the value also links through (a URL’s domain, a chat link’s phone, a payment account’s e-mail, a listing’s store); none while the alliance’s derived keys are off' })
  async derivedKeys(@Parent() i: Indicator, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<DerivedIndicatorKey[]> {
    return loaders.get('derivedKeys', (ids: readonly string[]) => this.admin.derivedKeysOf(ctx, ids), [] as DerivedIndicatorKey[]).load(i.uuid);
  }
}

@Resolver(() => DerivedIndicatorKey)
export class DerivedKeyLinkStatusResolver {
  constructor(private readonly admin: CorrelationAdminService) {}

  @ResolveField(() => String, { description: 'As an indicator’s: LINKING, EXCLUDED, OVER_LIMIT or CONFIRMED; NOT_PUBLISHED for drafts' })
  async linkStatus(@Parent() d: DerivedIndicatorKey, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<LinkStatus | 'NOT_PUBLISHED'> {
    return loaders.get('linkStatus', (pairs: readonly string[]) => this.admin.statuses(ctx, pairs), 'NOT_PUBLISHED' as LinkStatus).load(`${d.type}\u001f${d.key}`);
  }
}
