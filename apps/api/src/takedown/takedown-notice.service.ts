import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { TakedownStatus } from '../../../../libs/takedown/src/index.js';
import { BrandService } from '../brands/brand.service.js';
import { IpRightService } from '../brands/ip-right.service.js';
import { toGlobalId } from '../common/node.js';
import { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { MemberService } from '../members/member.service.js';
import { MarketplaceService } from './marketplace.service.js';
import { TakedownRepository, type ListingRow, type TakedownRow } from './takedown.repository.js';

/** What a notice says about a request: the seller's page, the e-mail and its PDF, the webhook's body. */
export interface NoticeContent {
  requestId: string;
  status: TakedownStatus;
  marketplace: string;
  complainant: string;
  agent: string | null;
  brand: string;
  right: string;
  reason: string;
  statement: string | null;
  submittedAt: Date;
  decidedAt: Date | null;
  counterDeadline: Date | null;
  counterNoticeUrl: string;
  listings: ListingRow[];
}

/**
 * A takedown's notice, as the seller and the marketplace read it: its content (names read as the
 * alliance, since neither has a context of their own), the secret link a seller counter-notifies
 * through (an HMAC of the request, so nothing is stored and nothing can be guessed), and the PDF.
 */
@Injectable()
export class TakedownNoticeService {
  constructor(
    private readonly repository: TakedownRepository,
    private readonly marketplaces: MarketplaceService,
    private readonly brands: BrandService,
    private readonly members: MemberService,
    private readonly ipRights: IpRightService,
    private readonly config: AppConfig,
  ) {}

  counterNoticeToken(row: Pick<TakedownRow, 'allianceId' | 'id'>): string {
    return createHmac('sha256', this.config.sessionSecret()).update(`counter-notice:${row.allianceId}:${row.id}`).digest('base64url');
  }

  counterNoticeUrl(row: Pick<TakedownRow, 'allianceId' | 'id'>): string {
    return `${this.config.publicUrl}/counter-notice/${toGlobalId('TakedownRequest', row.id)}?token=${this.counterNoticeToken(row)}`;
  }

  async content(row: TakedownRow): Promise<NoticeContent> {
    const ctx = RequestContext.system(row.allianceId);
    const organisations = [row.organisationId, ...(row.agentOrganisationId ? [row.agentOrganisationId] : [])];
    const [marketplace, brands, orgs, listings, trademark, other] = await Promise.all([
      this.marketplaces.require(ctx, row.marketplaceId),
      this.brands.brandsByIds(ctx, [row.brandId]),
      this.members.organisationsByIds(ctx, organisations),
      this.repository.listingsOf(row.allianceId, [row.id]),
      row.trademarkId ? this.brands.trademarksByIds(ctx, [row.trademarkId]).then((m) => m.get(row.trademarkId!)) : null,
      row.ipRightId ? this.ipRights.byIds(ctx, [row.ipRightId]).then((m) => m.get(row.ipRightId!)) : null,
    ]);
    return {
      requestId: toGlobalId('TakedownRequest', row.id), status: row.status, marketplace: marketplace.name,
      complainant: orgs.get(row.organisationId)?.legalName ?? orgs.get(row.organisationId)?.name ?? '—',
      agent: row.agentOrganisationId ? orgs.get(row.agentOrganisationId)?.name ?? null : null,
      brand: brands.get(row.brandId)?.name ?? '—',
      right: trademark ? `${trademark.office} trademark ${trademark.registrationNumber}` : other ? `${other.office} ${other.kind.toLowerCase()} ${other.number}` : '—',
      reason: row.reason, statement: row.statement, submittedAt: row.submittedAt, decidedAt: row.decidedAt, counterDeadline: row.counterDeadline,
      counterNoticeUrl: this.counterNoticeUrl(row), listings,
    };
  }

  /** The notice as a PDF: who complains, for which right, the listings, and how to counter-notify. */
  async pdf(notice: NoticeContent): Promise<Buffer> {
    const doc = await PDFDocument.create();
    doc.setTitle(`Takedown notice ${notice.requestId}`);
    doc.setProducer('Countermark');
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const bold = await doc.embedFont(StandardFonts.HelveticaBold);
    const writer = new PageWriter(doc, font, bold);
    writer.line('Notice of infringing listings', { size: 16, bold: true });
    writer.line(`Reference ${notice.requestId}`, { size: 9 });
    writer.gap();
    writer.line(`Marketplace: ${notice.marketplace}`);
    writer.line(`Rights holder: ${notice.complainant}${notice.agent ? `, represented by ${notice.agent}` : ''}`);
    writer.line(`Brand: ${notice.brand}`);
    writer.line(`Right cited: ${notice.right}`);
    writer.line(`Reason: ${notice.reason.toLowerCase().replace(/_/g, ' ')}`);
    writer.line(`Filed: ${notice.submittedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; accepted: ${notice.decidedAt?.toISOString().slice(0, 16).replace('T', ' ') ?? '—'} UTC`);
    if (notice.statement) writer.paragraph(`Statement: ${notice.statement}`);
    writer.gap();
    writer.line(`Listings (${notice.listings.length})`, { bold: true });
    for (const l of notice.listings) {
      writer.paragraph(`${l.position}. ${l.url}  —  listing ${l.listingId ?? '—'}${l.storeId ? `, store ${l.storeId}` : ''}${l.storeName ? ` (${l.storeName})` : ''}`, 9);
    }
    writer.gap();
    writer.paragraph(
      `The rights holder states in good faith that the listings above are not authorised by the owner of the right cited. A seller who believes a listing was removed by mistake may file a counter-notice${notice.counterDeadline ? ` until ${notice.counterDeadline.toISOString().slice(0, 10)}` : ''} at:`,
    );
    writer.paragraph(notice.counterNoticeUrl, 8);
    return Buffer.from(await doc.save());
  }
}

/** The standard fonts speak WinAnsi: other characters (CJK names, emoji) are written as '?'. */
export const winAnsi = (text: string) => [...text].map((c) => (c.charCodeAt(0) < 256 || '—–’“”'.includes(c) ? c : '?')).join('');

/** Lines of text down A4 pages, wrapped to the width, with a new page when one fills. */
export class PageWriter {
  private page: PDFPage;
  private y = 0;
  private static readonly MARGIN = 50;

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.page = this.newPage();
  }

  private newPage(): PDFPage {
    const page = this.doc.addPage([595.28, 841.89]);
    this.y = page.getHeight() - PageWriter.MARGIN;
    return page;
  }

  line(text: string, options: { size?: number; bold?: boolean } = {}): void {
    const size = options.size ?? 11;
    if (this.y < PageWriter.MARGIN + size) this.page = this.newPage();
    this.page.drawText(winAnsi(text), { x: PageWriter.MARGIN, y: this.y, size, font: options.bold ? this.bold : this.font });
    this.y -= size * 1.4;
  }

  paragraph(raw: string, size = 11): void {
    const text = winAnsi(raw);
    const width = this.page.getWidth() - 2 * PageWriter.MARGIN;
    let current = '';
    for (const word of text.split(/\s+/)) {
      const next = current ? `${current} ${word}` : word;
      if (this.font.widthOfTextAtSize(next, size) > width && current) {
        this.line(current, { size });
        current = word;
      } else current = next;
      while (this.font.widthOfTextAtSize(current, size) > width && current.length > 1) {
        let cut = current.length - 1;
        while (cut > 1 && this.font.widthOfTextAtSize(current.slice(0, cut), size) > width) cut -= 1;
        this.line(current.slice(0, cut), { size });
        current = current.slice(cut);
      }
    }
    if (current) this.line(current, { size });
  }

  gap(): void {
    this.y -= 8;
  }
}
