import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Brand } from '../../brands/brand.models.js';
import { BrandService } from '../../brands/brand.service.js';
import { Loaders, RequestLoaders } from '../../common/loaders.js';
import { ConnectionArgs } from '../../common/pagination.js';
import { Ctx, RequestContext } from '../../common/request-context.js';
import { Organisation } from '../../members/member.models.js';
import { MemberService } from '../../members/member.service.js';
import { IntelReportConnection } from '../reports/intel-report.models.js';
import { CounterfeiterNetwork, NetworkEvent, NetworkIndicator, NetworkSummary } from './network.models.js';
import { NetworkService } from './network.service.js';

@Resolver(() => CounterfeiterNetwork)
export class NetworkResolver {
  constructor(
    private readonly networks: NetworkService,
    private readonly memberService: MemberService,
    private readonly brandService: BrandService,
  ) {}

  private summaryOf(n: CounterfeiterNetwork, ctx: RequestContext, loaders: Loaders) {
    return loaders
      .get('networkSummary', async (ids: readonly string[]) => new Map(await Promise.all(ids.map(async (id) => [id, await this.networks.summary(ctx, id)] as const))), null)
      .load(n.mergedIntoUuid ?? n.uuid);
  }

  @ResolveField(() => NetworkSummary, { description: 'Counts and dates over the reports the caller may see' })
  async summary(@Parent() n: CounterfeiterNetwork, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<NetworkSummary> {
    const s = await this.summaryOf(n, ctx, loaders);
    return { reportCount: s?.reportCount ?? 0, firstSeen: s?.firstSeen ?? null, lastSeen: s?.lastSeen ?? null };
  }

  @ResolveField(() => IntelReportConnection)
  async reports(@Parent() n: CounterfeiterNetwork, @Ctx() ctx: RequestContext, @Args() page: ConnectionArgs) {
    return this.networks.reports(ctx, n.mergedIntoUuid ?? n.uuid, page.first, page.after);
  }

  @ResolveField(() => [NetworkIndicator], { description: 'Indicators of the visible reports, grouped by key, most shared first' })
  async indicators(@Parent() n: CounterfeiterNetwork, @Ctx() ctx: RequestContext, @Args('first', { type: () => Int, defaultValue: 200 }) first: number): Promise<NetworkIndicator[]> {
    return this.networks.indicators(ctx, n.mergedIntoUuid ?? n.uuid, first);
  }

  @ResolveField(() => [Brand], { description: 'Brands hit, within the caller’s visibility' })
  async brands(@Parent() n: CounterfeiterNetwork, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Brand[]> {
    const s = await this.summaryOf(n, ctx, loaders);
    return [...(await this.brandService.brandsByIds(ctx, s?.brandIds ?? [])).values()].map(Brand.from);
  }

  @ResolveField(() => [Organisation], { description: 'Reporting members the caller may see' })
  async reportingOrganisations(@Parent() n: CounterfeiterNetwork, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Organisation[]> {
    const s = await this.summaryOf(n, ctx, loaders);
    return [...(await this.memberService.organisationsByIds(ctx, s?.organisationIds ?? [])).values()].map(Organisation.from);
  }

  @ResolveField(() => CounterfeiterNetwork, { nullable: true, description: 'Where this network went when it merged into a larger one' })
  async mergedInto(@Parent() n: CounterfeiterNetwork, @Ctx() ctx: RequestContext): Promise<CounterfeiterNetwork | null> {
    if (!n.mergedIntoUuid) return null;
    const e = (await this.networks.byIds(ctx, [n.mergedIntoUuid])).get(n.mergedIntoUuid);
    return e ? CounterfeiterNetwork.from(e) : null;
  }

  @ResolveField(() => [NetworkEvent], { description: 'How the network came to be, oldest first' })
  async events(@Parent() n: CounterfeiterNetwork, @Ctx() ctx: RequestContext): Promise<NetworkEvent[]> {
    return (await this.networks.events(ctx, n.uuid)).map(NetworkEvent.from);
  }
}
