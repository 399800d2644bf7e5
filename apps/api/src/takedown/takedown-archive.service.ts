import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import { TakedownStatus } from '../../../../libs/takedown/src/index.js';
import { BrandService } from '../brands/brand.service.js';
import { IpRightService } from '../brands/ip-right.service.js';
import { toGlobalId } from '../common/node.js';
import type { RequestContext } from '../common/request-context.js';
import { MemberService } from '../members/member.service.js';
import { ComplainantRepository } from './complainant.repository.js';
import { MarketplaceService } from './marketplace.service.js';
import { TakedownRepository, type TakedownRow } from './takedown.repository.js';

/** The columns of the export, in the terms a public notice archive (Lumen) uses. */
export const ARCHIVE_COLUMNS = ['notice_id', 'type', 'date_sent', 'date_decided', 'sender', 'principal', 'recipient', 'rights_cited', 'urls', 'action_taken', 'counter_notice', 'channel'] as const;
const PAGE = 500;

const ACTION_TAKEN: Record<TakedownStatus, string> = {
  SUBMITTED: 'Pending', UNDER_REVIEW: 'Pending', NEEDS_INFO: 'Pending',
  ACCEPTED: 'Removed', COUNTER_NOTICED: 'Removed; counter-notice pending', UPHELD: 'Removed; removal upheld',
  REJECTED: 'Rejected: not removed', REINSTATED: 'Reinstated after counter-notice',
};

/**
 * The alliance's notice archive for a period (issue 16, outcome 8): every decided request as one
 * row in the fields a public notice archive uses, streamed a page at a time. A member that asked
 * for it has its name withheld (as sender and as principal). The counter-notice column says whether
 * and when one was filed and why; the seller's secret link is not published.
 */
@Injectable()
export class TakedownArchiveService {
  constructor(
    private readonly repository: TakedownRepository,
    private readonly complainants: ComplainantRepository,
    private readonly marketplaces: MarketplaceService,
    private readonly brands: BrandService,
    private readonly ipRights: IpRightService,
    private readonly members: MemberService,
  ) {}

  csv(ctx: RequestContext, from: Date, to: Date, allianceName: string): Readable {
    return Readable.from(this.rows(ctx, from, to, allianceName)).pipe(stringify({ header: true, columns: [...ARCHIVE_COLUMNS] }));
  }

  async *rows(ctx: RequestContext, from: Date, to: Date, allianceName: string): AsyncGenerator<Record<(typeof ARCHIVE_COLUMNS)[number], string>> {
    let after: { submittedAt: Date; id: string } | null = null;
    for (;;) {
      const page: TakedownRow[] = await this.repository.archivePage(ctx.allianceId, from, to, after, PAGE);
      if (!page.length) return;
      yield* await this.describe(ctx, page, allianceName);
      const last: TakedownRow = page[page.length - 1];
      after = { submittedAt: last.submittedAt, id: last.id };
      if (page.length < PAGE) return;
    }
  }

  private async describe(ctx: RequestContext, page: TakedownRow[], allianceName: string) {
    const ids = page.map((r) => r.id);
    const orgIds = [...new Set(page.flatMap((r) => [r.organisationId, ...(r.agentOrganisationId ? [r.agentOrganisationId] : [])]))];
    const [orgs, privacy, markets, marks, others, listings, counters] = await Promise.all([
      this.members.organisationsByIds(ctx, orgIds),
      this.complainants.byOrganisationIds(ctx.allianceId, orgIds),
      this.marketplaces.byIds(ctx, [...new Set(page.map((r) => r.marketplaceId))]),
      this.brands.trademarksByIds(ctx, page.flatMap((r) => (r.trademarkId ? [r.trademarkId] : []))),
      this.ipRights.byIds(ctx, page.flatMap((r) => (r.ipRightId ? [r.ipRightId] : []))),
      this.repository.listingsOf(ctx.allianceId, ids),
      this.repository.counterNoticesOf(ctx.allianceId, ids),
    ]);
    const withheld = new Set(privacy.filter((p) => p.withholdName).map((p) => p.organisationId));
    const nameOf = (id: string) => (withheld.has(id) ? `Withheld (a member of ${allianceName})` : orgs.get(id)?.legalName ?? orgs.get(id)?.name ?? '');
    return page.map((r) => {
      const own = listings.filter((l) => l.requestId === r.id);
      const removed = own.filter((l) => l.outcome === 'REMOVED').length;
      const mark = r.trademarkId ? marks.get(r.trademarkId) : null;
      const other = r.ipRightId ? others.get(r.ipRightId) : null;
      const counter = counters.find((c) => c.requestId === r.id);
      const action = ACTION_TAKEN[r.status];
      return {
        notice_id: toGlobalId('TakedownRequest', r.id),
        type: r.reason.toLowerCase().replace(/_/g, ' '),
        date_sent: r.submittedAt.toISOString(),
        date_decided: r.decidedAt?.toISOString() ?? '',
        sender: nameOf(r.agentOrganisationId ?? r.organisationId),
        principal: nameOf(r.organisationId),
        recipient: markets.get(r.marketplaceId)?.name ?? '',
        rights_cited: mark ? `${mark.office} trademark ${mark.registrationNumber}` : other ? `${other.office} ${other.kind.toLowerCase()} ${other.number}` : '',
        urls: own.map((l) => l.url).join('\n'),
        action_taken: r.status === TakedownStatus.REJECTED || r.status === TakedownStatus.REINSTATED ? action : `${action} (${removed} of ${own.length} listings)`,
        counter_notice: counter ? `Filed ${counter.filedAt.toISOString().slice(0, 10)} by the ${counter.filedByKind === 'SELLER' ? 'seller' : 'marketplace'}: ${counter.reason.toLowerCase().replace(/_/g, ' ')}` : '',
        channel: r.channel,
      };
    });
  }
}
