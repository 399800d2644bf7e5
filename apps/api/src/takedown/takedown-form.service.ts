import { Injectable } from '@nestjs/common';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { buildTakedownForm, FORM_FIELDS, readTakedownForm } from '../../../../libs/takedown/src/index.js';
import { AllianceService } from '../alliances/alliance.service.js';
import { badInput, conflict, DomainError, ErrorCode } from '../common/errors.js';
import type { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { MemberService } from '../members/member.service.js';
import { MarketplaceService } from './marketplace.service.js';
import type { TakedownRow } from './takedown.repository.js';
import { groupListingUrls, TakedownReason, TakedownService } from './takedown.service.js';

/** What a form's reference vouches for: alliance, organisation it was issued to, brand, the form's own id, when. */
interface FormClaims {
  a: string;
  o: string;
  b: string;
  f: string;
  t: string;
}

/** What the filer sees for each field the API names. */
const FIELD_WORDS: Record<string, string> = {
  [FORM_FIELDS.right]: 'the right cited',
  [FORM_FIELDS.reason]: 'the reason',
  [FORM_FIELDS.listing(1)]: 'at least one listing address',
  [FORM_FIELDS.signatory]: 'the name of the signatory',
  [FORM_FIELDS.goodFaith]: 'the good-faith declaration',
};

const NOT_OURS = 'The form reference is missing or was changed: this is not a form Countermark issued as it was issued. Download a new form for your brand';

/**
 * Takedown requests by fillable PDF form (issue 16, channel PDF_FORM). A member downloads the form
 * for one of its brands (or a brand it files for as an agent): the brand's citable rights and their
 * reasons to choose from, listing fields, a statement, the good-faith declaration, and a reference
 * signed with the server's secret that ties the form to the alliance, the organisation and the
 * brand. The filled form comes back by upload or as an e-mail attachment; a form that is not ours,
 * was tampered with, or was issued to another organisation is refused, an incomplete one is answered
 * with the fields to fill in, and nothing is filed until the whole form can be.
 */
@Injectable()
export class TakedownFormService {
  constructor(
    private readonly takedowns: TakedownService,
    private readonly marketplaces: MarketplaceService,
    private readonly members: MemberService,
    private readonly alliances: AllianceService,
    private readonly config: AppConfig,
  ) {}

  async form(ctx: RequestContext, brandId: string): Promise<{ fileName: string; pdf: Uint8Array }> {
    const { brand } = await this.takedowns.fileableBrand(ctx, brandId);
    const rights = ((await this.takedowns.citableRights(ctx, [brand.id])).get(brand.id) ?? []).filter((r) => !r.unusable);
    if (!rights.length) throw badInput('brandId', `${brand.name} has no verified, unexpired right on file for a request to cite`);
    const [alliance, organisation, marketplaces] = await Promise.all([
      this.alliances.get(ctx),
      this.members.organisationsByIds(ctx, [ctx.organisationId!]).then((m) => m.get(ctx.organisationId!)!),
      this.marketplaces.list(ctx),
    ]);
    const issuedAt = new Date().toISOString();
    const reference = this.sign({ a: ctx.allianceId, o: ctx.organisationId!, b: brand.id, f: randomUUID(), t: issuedAt });
    const pdf = await buildTakedownForm({
      allianceName: alliance.name, organisationName: organisation.name, brandName: brand.name,
      rights: rights.map((r) => r.label), reasons: [...new Set(rights.flatMap((r) => r.reasons))],
      marketplaces: marketplaces.map((m) => m.name), reference, issuedAt: issuedAt.slice(0, 10),
    });
    const slug = brand.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'brand';
    return { fileName: `takedown-form-${slug}.pdf`, pdf };
  }

  /**
   * A filled form filed as requests of channel PDF_FORM, one per marketplace of its listings. The
   * form's id keys them: the same form sent twice (uploaded, then e-mailed) files nothing twice.
   */
  async fileFromPdf(ctx: RequestContext, bytes: Uint8Array): Promise<TakedownRow[]> {
    const read = await readTakedownForm(bytes);
    if (!read.ok) throw badInput('file', read.reason);
    const form = read.form;
    const claims = this.verify(form.reference);
    if (claims.a !== ctx.allianceId || claims.o !== ctx.organisationId) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'This form was issued to another organisation: download a form of your own', 'file');
    }
    const { brand } = await this.takedowns.fileableBrand(ctx, claims.b, 'file');

    const missing = [
      !form.right && FORM_FIELDS.right,
      !form.reason && FORM_FIELDS.reason,
      !form.listings.length && FORM_FIELDS.listing(1),
      !form.signatory && FORM_FIELDS.signatory,
      !form.goodFaith && FORM_FIELDS.goodFaith,
    ].filter((f): f is string => Boolean(f));
    if (missing.length) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `The form is incomplete: fill in ${missing.map((f) => FIELD_WORDS[f]).join(', ')}`, missing[0], { missingFields: missing });
    }

    const rights = (await this.takedowns.citableRights(ctx, [brand.id])).get(brand.id) ?? [];
    const right = rights.find((r) => r.label === form.right);
    if (!right) throw badInput(FORM_FIELDS.right, `${brand.name} has no right “${form.right}” on file`);
    if (right.unusable) throw badInput(FORM_FIELDS.right, `The right ${right.label} is ${right.unusable}`);
    const reason = form.reason as TakedownReason;
    if (!right.reasons.includes(reason)) throw badInput(FORM_FIELDS.reason, `${right.label} supports the reason ${right.reasons.join(' or ')}, not “${form.reason}”`);

    // every listing is read before anything is filed: a form is filed whole or answered
    const { groups, unread } = groupListingUrls(form.listings, await this.marketplaces.list(ctx));
    const problems = unread.map(({ field, message }) => ({ field, message }));
    if (problems.length) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems[0].field, { problems });
    }

    const statement = [form.statement, `Good-faith declaration made on the PDF form by ${form.signatory}.`].filter(Boolean).join('\n\n');
    const filed: TakedownRow[] = [];
    for (const [marketplaceId, { listings }] of groups) {
      try {
        filed.push(await this.takedowns.file(ctx, {
          brandId: brand.id, trademarkId: right.trademarkId, ipRightId: right.ipRightId, reason, statement,
          listings, channel: 'PDF_FORM', clientKey: `pdf:${claims.f}:${marketplaceId}`,
        }));
      } catch (error) {
        if (error instanceof DomainError && error.code === ErrorCode.CONFLICT && error.field === 'clientKey') {
          throw conflict('This form was filed already with other values: download a new form for another request', undefined, 'file');
        }
        throw error;
      }
    }
    return filed;
  }

  private sign(claims: FormClaims): string {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `v1.${payload}.${this.mac(payload)}`;
  }

  private verify(reference: string | null): FormClaims {
    const [version, payload, mac] = reference?.split('.') ?? [];
    if (version !== 'v1' || !payload || !mac) throw badInput('file', NOT_OURS);
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw badInput('file', NOT_OURS);
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as FormClaims;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.config.sessionSecret()).update(`takedown-form:${payload}`).digest('base64url');
  }
}
