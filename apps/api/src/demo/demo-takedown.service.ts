import { Injectable } from '@nestjs/common';
import { TrademarkVerificationStatus } from '../../../../libs/domain/src/index.js';
import { TakedownAction } from '../../../../libs/takedown/src/index.js';
import { BrandService } from '../brands/brand.service.js';
import { RequestContext } from '../common/request-context.js';
import { AuthService } from '../identity/auth.service.js';
import { MarketplaceService } from '../takedown/marketplace.service.js';
import { TakedownReason, TakedownService } from '../takedown/takedown.service.js';
import { seededRandom } from './demo-random.js';

export const DEMO_LOTUSMART = { name: 'Lotusmart', domain: 'lotusmart.example' };
const HOUR = 3_600_000;
/** Requests filed at once while loading (the pool has 10 connections; each request's work is a few transactions in a row). */
const PARALLEL = 6;

/**
 * The demo's takedowns (issue 16): Lotusmart, the marketplace whose reviewers work inside
 * Countermark, and a year of requests from the sharing members through the real service — most
 * decided within the 24-hour SLA, a few late — plus a queue with requests due soon, one past due
 * and one waiting on the rights holder, so the demo reviewer lands on work to do; and two requests
 * on Taobao, which has no reviewers of its own, for the coordinator.
 */
@Injectable()
export class DemoTakedownService {
  constructor(
    private readonly marketplaces: MarketplaceService,
    private readonly takedowns: TakedownService,
    private readonly brands: BrandService,
    private readonly auth: AuthService,
  ) {}

  async load(input: { allianceId: string; reviewerId: string; reviewerOrganisationId: string; memberAdminIds: string[] }): Promise<number> {
    const random = seededRandom(1601);
    const system = RequestContext.system(input.allianceId);
    await this.marketplaces.create(system, {
      name: DEMO_LOTUSMART.name, domains: [DEMO_LOTUSMART.domain], listingTemplate: '/goods/{id}.html', storeTemplate: '?shop={id}', jurisdiction: 'CN',
      abuseEmail: `ip-protection@${DEMO_LOTUSMART.domain}`, reviewerOrganisationId: input.reviewerOrganisationId,
    });
    const reviewer = await this.auth.contextOfUserId(input.reviewerId);
    const today = new Date().toISOString().slice(0, 10);
    const complainants: { ctx: RequestContext; cited: { brandId: string; trademarkId: string }[] }[] = [];
    for (const adminId of input.memberAdminIds) {
      const ctx = await this.auth.contextOfUserId(adminId);
      const brands = [...(await this.brands.brandsByOrganisationIds(ctx, [ctx.organisationId!])).get(ctx.organisationId!) ?? []];
      const trademarks = (await this.brands.trademarksByBrandIds(ctx, brands.map((b) => b.id)));
      const cited = brands.flatMap((b) => (trademarks.get(b.id) ?? []).filter((t) => t.verificationStatus === TrademarkVerificationStatus.VERIFIED && (!t.expiresOn || t.expiresOn > today)).map((t) => ({ brandId: b.id, trademarkId: t.id })));
      if (ctx.activeMember && cited.length) complainants.push({ ctx, cited });
    }
    if (!complainants.length) return 0;

    // every draw is made first, in order, so the demo is the same at each load; the work then runs a few requests at a time
    let filed = 0;
    let store = 0;
    const plan = (marketplace: 'lotusmart' | 'taobao', listings: number) => {
      const { ctx, cited } = random.pick(complainants);
      const right = random.pick(cited);
      store += 1;
      const urls = Array.from({ length: listings }, (_, i) =>
        marketplace === 'lotusmart'
          ? { url: `https://www.${DEMO_LOTUSMART.domain}/goods/LM-${10_000 + filed * 10 + i}.html?shop=seller_${store % 23}`, price: random.int(9, 90) + 0.9, currency: 'CNY' }
          : { url: `https://item.taobao.com/item.htm?id=${600_000 + filed * 10 + i}`, storeName: `Taobao seller ${store % 17}` });
      filed += 1;
      const input = { ...right, reason: random.chance(0.7) ? TakedownReason.COUNTERFEIT : TakedownReason.TRADEMARK_INFRINGEMENT, listings: urls, channel: random.chance(0.6) ? 'PORTAL' as const : 'API' as const, statement: null };
      return () => this.takedowns.file(ctx, input);
    };
    const work: (() => Promise<unknown>)[] = [];
    const now = Date.now();
    // a year of decided requests on Lotusmart, about 97% within the SLA
    for (let i = 0; i < 48; i++) {
      const file = plan('lotusmart', random.int(1, 6));
      const submittedAt = new Date(now - (365 - Math.floor((i * 360) / 48)) * 24 * HOUR - random.int(0, 20) * HOUR);
      const hours = i % 33 === 7 ? random.int(25, 40) : random.int(1, 22);
      const action = random.chance(0.88) ? TakedownAction.ACCEPT : TakedownAction.REJECT;
      const decidedAt = new Date(submittedAt.getTime() + hours * HOUR + random.int(0, 59) * 60_000);
      work.push(async () => {
        const row = await file();
        await this.takedowns.act(reviewer, row.id, action, 'Demo decision');
        await this.takedowns.backdate(system, row.id, submittedAt, decidedAt);
      });
    }
    // the reviewer's queue: due in 20 h, 9 h, 3 h (warned on the next check), and 2 h overdue; one claimed; one waiting on the rights holder
    for (const ageHours of [4, 15, 21, 26]) {
      const file = plan('lotusmart', random.int(1, 4));
      work.push(async () => this.takedowns.backdate(system, (await file()).id, new Date(now - ageHours * HOUR), null));
    }
    const claim = plan('lotusmart', 2);
    work.push(async () => this.takedowns.act(reviewer, (await claim()).id, TakedownAction.START_REVIEW, null));
    const wait = plan('lotusmart', 3);
    work.push(async () => this.takedowns.act(reviewer, (await wait()).id, TakedownAction.ASK_FOR_INFO, 'Please add the product line these listings copy and a test purchase if you have one.'));
    // Taobao has no reviewers in Countermark: the coordinators decide
    for (const ageHours of [2, 18]) {
      const file = plan('taobao', 2);
      work.push(async () => this.takedowns.backdate(system, (await file()).id, new Date(now - ageHours * HOUR), null));
    }
    for (let i = 0; i < work.length; i += PARALLEL) await Promise.all(work.slice(i, i + PARALLEL).map((w) => w()));
    return filed;
  }
}
