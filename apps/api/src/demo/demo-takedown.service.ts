import { Injectable } from '@nestjs/common';
import { PDFDocument } from 'pdf-lib';
import { Readable } from 'node:stream';
import { TrademarkVerificationStatus } from '../../../../libs/domain/src/index.js';
import { FORM_FIELDS, TakedownAction } from '../../../../libs/takedown/src/index.js';
import { BrandService } from '../brands/brand.service.js';
import { RequestContext } from '../common/request-context.js';
import { AuthService } from '../identity/auth.service.js';
import { MarketplaceService } from '../takedown/marketplace.service.js';
import { TakedownBulkService } from '../takedown/takedown-bulk.service.js';
import { TakedownEmailService } from '../takedown/takedown-email.service.js';
import { TakedownFormService } from '../takedown/takedown-form.service.js';
import { TakedownNoticeService } from '../takedown/takedown-notice.service.js';
import type { TakedownChannel } from '../takedown/takedown.repository.js';
import { TakedownReason, TakedownService } from '../takedown/takedown.service.js';
import { seededRandom } from './demo-random.js';

export const DEMO_LOTUSMART = { name: 'Lotusmart', domain: 'lotusmart.example' };
const HOUR = 3_600_000;
/** Requests filed at once while loading (the pool has 10 connections; each request's work is a few transactions in a row). */
const PARALLEL = 6;
/** How the year's requests came in: mostly the portal, then members' tools, CSVs, forms and e-mail. */
const CHANNELS: [TakedownChannel, number][] = [['PORTAL', 0.45], ['API', 0.2], ['BULK_CSV', 0.15], ['PDF_FORM', 0.1], ['EMAIL', 0.1]];

/**
 * The demo's takedowns (issue 16): Lotusmart, the marketplace whose reviewers work inside
 * Countermark, and a year of requests from the sharing members through the real service — most
 * decided within the 24-hour SLA, a few late — plus a queue with requests due soon, one past due
 * and one waiting on the rights holder, so the demo reviewer lands on work to do; and two requests
 * on Taobao, which has no reviewers of its own, for the coordinator. The year came in through every
 * channel; a store removed and upheld three times is a flagged repeat infringer whose next listing
 * waits in the queue marked; two sellers' counter-notices are open; and a CSV, a filled PDF form and
 * an e-mail go through their own paths, so each page has something to show.
 */
@Injectable()
export class DemoTakedownService {
  constructor(
    private readonly marketplaces: MarketplaceService,
    private readonly takedowns: TakedownService,
    private readonly brands: BrandService,
    private readonly auth: AuthService,
    private readonly notices: TakedownNoticeService,
    private readonly bulk: TakedownBulkService,
    private readonly forms: TakedownFormService,
    private readonly email: TakedownEmailService,
  ) {}

  async load(input: { allianceId: string; allianceSlug: string; reviewerId: string; reviewerOrganisationId: string; memberAdminIds: string[]; memberAdminEmail: string }): Promise<number> {
    const random = seededRandom(1601);
    const system = RequestContext.system(input.allianceId);
    await this.marketplaces.create(system, {
      name: DEMO_LOTUSMART.name, domains: [DEMO_LOTUSMART.domain], listingTemplate: '/goods/{id}.html', storeTemplate: '?shop={id}', jurisdiction: 'CN',
      abuseEmail: `ip-protection@${DEMO_LOTUSMART.domain}`, reviewerOrganisationId: input.reviewerOrganisationId,
    });
    const reviewer = await this.auth.contextOfUserId(input.reviewerId);
    const today = new Date().toISOString().slice(0, 10);
    const complainants: { ctx: RequestContext; cited: { brandId: string; trademarkId: string; brandName: string; label: string }[] }[] = [];
    for (const adminId of input.memberAdminIds) {
      const ctx = await this.auth.contextOfUserId(adminId);
      const brands = [...(await this.brands.brandsByOrganisationIds(ctx, [ctx.organisationId!])).get(ctx.organisationId!) ?? []];
      const trademarks = (await this.brands.trademarksByBrandIds(ctx, brands.map((b) => b.id)));
      const cited = brands.flatMap((b) => (trademarks.get(b.id) ?? []).filter((t) => t.verificationStatus === TrademarkVerificationStatus.VERIFIED && (!t.expiresOn || t.expiresOn > today))
        .map((t) => ({ brandId: b.id, trademarkId: t.id, brandName: b.name, label: `${t.office} trademark ${t.registrationNumber}` })));
      if (ctx.activeMember && cited.length) complainants.push({ ctx, cited });
    }
    if (!complainants.length) return 0;

    // every draw is made first, in order, so the demo is the same at each load; the work then runs a few requests at a time
    let filed = 0;
    let store = 0;
    const plan = (marketplace: 'lotusmart' | 'taobao', listings: number) => {
      const { ctx, cited } = random.pick(complainants);
      const { brandId, trademarkId } = random.pick(cited);
      const right = { brandId, trademarkId };
      store += 1;
      const urls = Array.from({ length: listings }, (_, i) =>
        marketplace === 'lotusmart'
          ? { url: `https://www.${DEMO_LOTUSMART.domain}/goods/LM-${10_000 + filed * 10 + i}.html?shop=seller_${store % 23}`, price: random.int(9, 90) + 0.9, currency: 'CNY' }
          : { url: `https://item.taobao.com/item.htm?id=${600_000 + filed * 10 + i}`, storeName: `Taobao seller ${store % 17}` });
      filed += 1;
      const input = { ...right, reason: random.chance(0.7) ? TakedownReason.COUNTERFEIT : TakedownReason.TRADEMARK_INFRINGEMENT, listings: urls, channel: this.channel(random.int(0, 999) / 1000), statement: null };
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

    const [first] = complainants;
    const right = first.cited[0];
    const filing = { brandId: right.brandId, trademarkId: right.trademarkId, reason: TakedownReason.COUNTERFEIT, statement: null };
    const lotusmart = (id: number, shop: string) => ({ url: `https://www.${DEMO_LOTUSMART.domain}/goods/LM-${id}.html?shop=${shop}`, price: 19.9, currency: 'CNY' });
    // a repeat infringer: three removals of one store, each counter-noticed and upheld, within the year
    for (const [k, daysAgo] of [270, 150, 40].entries()) {
      const row = await this.takedowns.file(first.ctx, { ...filing, channel: 'PORTAL', listings: [lotusmart(90_001 + k, 'lm_repeat_store')] });
      await this.counterNoticed(reviewer, row.id, 'GENUINE_GOODS');
      await this.takedowns.answerCounterNotice(first.ctx, row.id, 'Our test purchase of this listing was a counterfeit; the report is attached to our intelligence.', true);
      await this.takedowns.act(reviewer, row.id, TakedownAction.UPHOLD, 'The rights holder’s test purchase shows the goods are not genuine');
      const submittedAt = new Date(now - daysAgo * 24 * HOUR);
      await this.takedowns.backdate(system, row.id, submittedAt, new Date(submittedAt.getTime() + 5 * HOUR));
    }
    // its next listing waits in the queue, marked as a repeat offence
    await this.takedowns.file(first.ctx, { ...filing, channel: 'API', listings: [lotusmart(90_010, 'lm_repeat_store')] });
    // open counter-notices: one waits on the rights holder's answer, one was answered and waits on the reviewer
    const waiting = await this.takedowns.file(first.ctx, { ...filing, channel: 'PORTAL', listings: [lotusmart(90_020, 'seller_5')] });
    await this.counterNoticed(reviewer, waiting.id, 'AUTHORISED');
    const answered = await this.takedowns.file(first.ctx, { ...filing, channel: 'PORTAL', listings: [lotusmart(90_030, 'seller_9')] });
    await this.counterNoticed(reviewer, answered.id, 'NO_RIGHT');
    await this.takedowns.answerCounterNotice(first.ctx, answered.id, 'The listing uses our registered mark on identical goods (class 18); the seller shows no licence.', false);
    filed += 7;

    // the other channels through their own paths (the CSV and the e-mail are filed by their jobs once the app runs)
    const line = (id: number) => `${right.brandName},${right.label.split(' ').at(-1)},COUNTERFEIT,https://www.${DEMO_LOTUSMART.domain}/goods/LM-${id}.html?shop=seller_12,29.90,CNY`;
    await this.bulk.start(first.ctx, 'weekly-sweep.csv', Buffer.from(['brand,right,reason,url,price,currency', line(91_001), line(91_002), line(91_003), 'Unknown brand,1,COUNTERFEIT,https://www.lotusmart.example/goods/LM-91004.html,,', ''].join('\n')));
    const { pdf } = await this.forms.form(first.ctx, right.brandId);
    const doc = await PDFDocument.load(pdf);
    const fields = doc.getForm();
    fields.getDropdown(FORM_FIELDS.right).select(right.label);
    fields.getDropdown(FORM_FIELDS.reason).select(TakedownReason.COUNTERFEIT);
    fields.getTextField(FORM_FIELDS.listing(1)).setText(`https://www.${DEMO_LOTUSMART.domain}/goods/LM-92001.html?shop=seller_3`);
    fields.getTextField(FORM_FIELDS.signatory).setText('Zhenlan Admin');
    fields.getCheckBox(FORM_FIELDS.goodFaith).check();
    filed += (await this.forms.fileFromPdf(first.ctx, await doc.save())).length;
    const intake = await this.email.admit(input.memberAdminEmail, `takedowns+${input.allianceSlug}@countermark.test`);
    await this.email.accept(intake, Readable.from([[
      `From: ${input.memberAdminEmail}`, `To: takedowns+${input.allianceSlug}@countermark.test`, 'Subject: Two more copies on Lotusmart', `Message-ID: <demo-takedown@${DEMO_LOTUSMART.domain}>`,
      'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '',
      `Brand: ${right.brandName}`, `Right: ${right.label.split(' ').at(-1)}`, 'Reason: counterfeit', '',
      `https://www.${DEMO_LOTUSMART.domain}/goods/LM-93001.html?shop=seller_4`, `https://www.${DEMO_LOTUSMART.domain}/goods/LM-93002.html?shop=seller_4`, '',
    ].join('\r\n')]));
    return filed;
  }

  /** One of `CHANNELS`, by a draw in [0, 1). */
  private channel(draw: number): TakedownChannel {
    let sum = 0;
    for (const [channel, share] of CHANNELS) if (draw < (sum += share)) return channel;
    return 'PORTAL';
  }

  /** Accepted by the reviewer, then counter-noticed by the seller through the notice's link. */
  private async counterNoticed(reviewer: RequestContext, id: string, reason: 'AUTHORISED' | 'GENUINE_GOODS' | 'NO_RIGHT'): Promise<void> {
    const row = await this.takedowns.act(reviewer, id, TakedownAction.ACCEPT, 'Demo decision');
    await this.takedowns.fileCounterNotice(id, this.notices.counterNoticeToken(row), {
      reason, statement: 'These goods come from an authorised distributor; invoices are available on request.', contactName: 'Store owner', contactEmail: 'owner@seller.example', evidenceUrls: [],
    });
  }
}
