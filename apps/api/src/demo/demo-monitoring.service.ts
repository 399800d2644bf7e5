import { Injectable } from '@nestjs/common';
import { BrandService } from '../brands/brand.service.js';
import type { RequestContext } from '../common/request-context.js';
import { AuthService } from '../identity/auth.service.js';
import { NetworkService } from '../intel/correlation/network.service.js';
import { MonitoringRuleKind } from '../monitoring/dto/monitoring-rule.input.js';
import { ListingFeedService } from '../monitoring/listing-feed.service.js';
import { MonitoringRuleService } from '../monitoring/monitoring-rule.service.js';
import { seededRandom } from './demo-random.js';

/** Brands watched, listings pushed per watched brand. */
const WATCHED_BRANDS = 3;
const LISTINGS_PER_BRAND = 12;
const PRODUCTS = ['handbag', 'sneakers', 'wallet', 'watch', 'headphones', 'charger', 'sunglasses', 'perfume'];

/**
 * The demo's monitoring (issue 17): three active members' first brands get a keyword rule (the
 * brand's name) and a price floor, and a member's crawler pushes a feed of Taobao listings naming
 * them through the real feed — some from stores the alliance's intelligence holds, some far too
 * cheap — so the matching job leaves alerts to triage, ranked by score. Answers the listings pushed.
 */
@Injectable()
export class DemoMonitoringService {
  constructor(
    private readonly auth: AuthService,
    private readonly brands: BrandService,
    private readonly rules: MonitoringRuleService,
    private readonly feed: ListingFeedService,
    private readonly networks: NetworkService,
  ) {}

  async load(input: { coordinatorId: string; memberAdminIds: string[] }): Promise<number> {
    const random = seededRandom(1701);
    const watched: { ctx: RequestContext; name: string }[] = [];
    for (const adminId of input.memberAdminIds) {
      if (watched.length >= WATCHED_BRANDS) break;
      const ctx = await this.auth.contextOfUserId(adminId);
      if (!ctx.activeMember) continue;
      const [brand] = (await this.brands.brandsByOrganisationIds(ctx, [ctx.organisationId!])).get(ctx.organisationId!) ?? [];
      if (!brand) continue;
      await this.rules.create(ctx, brand.id, { kind: MonitoringRuleKind.KEYWORD, name: 'Brand name', terms: [brand.name], excludedTerms: ['case for', 'compatible with'] });
      await this.rules.create(ctx, brand.id, { kind: MonitoringRuleKind.PRICE_FLOOR, name: 'Too cheap to be real', terms: [brand.name], floor: { amountMinor: '20000', currency: 'CNY' } });
      watched.push({ ctx, name: brand.name });
    }
    if (!watched.length) return 0;

    // stores the alliance's intelligence names (Taobao's, as the coordinator sees them), so some sellers are known counterfeiters
    const known = (await this.networks.referralFigures(await this.auth.contextOfUserId(input.coordinatorId), new Date(0)))
      .flatMap((n) => n.storeKeys).filter((k) => k.startsWith('taobao:store:')).map((k) => k.slice('taobao:store:'.length)).sort().slice(0, 6);
    const rows: { row: number; value: unknown }[] = [];
    for (const { name } of watched) {
      for (let i = 0; i < LISTINGS_PER_BRAND; i++) {
        const id = 880_000 + rows.length;
        const cheap = random.chance(0.3);
        // each brand's first two sellers are known to intelligence, then about one in five
        const storeId = known.length && (i < 2 || random.chance(0.2)) ? known[rows.length % known.length] : `demo-shop-${random.int(1, 40)}`;
        rows.push({
          row: rows.length + 1,
          value: {
            url: `https://item.taobao.com/item.htm?id=${id}`, title: `${name} ${random.pick(PRODUCTS)} ${random.chance(0.5) ? 'original' : 'new season'}`,
            priceMinor: cheap ? random.int(900, 4000) : random.int(22_000, 90_000), currency: 'CNY', unitsSold: random.int(0, 40),
            storeId, storeName: `Store ${storeId}`, firstSeenAt: new Date(Date.now() - random.int(1, 20) * 86_400_000).toISOString(),
          },
        });
      }
    }
    // the first member's crawler (its people push as the member)
    const summary = await this.feed.push(watched[0].ctx, rows, async () => undefined, 'GRAPHQL');
    return summary.accepted + summary.updated;
  }
}
