import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { simpleParser, type Attachment, type ParsedMail } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { open, readFile, rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Role } from '../../../../libs/domain/src/index.js';
import { AllianceRepository } from '../alliances/alliance.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { BrandService } from '../brands/brand.service.js';
import { badInput, DomainError, forbidden } from '../common/errors.js';
import { toGlobalId } from '../common/node.js';
import { NodeRegistry } from '../common/node-registry.js';
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from '../common/pagination.js';
import type { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { FileStorageService } from '../files/file-storage.service.js';
import { spoolToDisk } from '../files/spool.js';
import { AuthService } from '../identity/auth.service.js';
import { JobsService, type RunningJob } from '../jobs/jobs.service.js';
import { MailService } from '../mail/mail.service.js';
import { MarketplaceService } from './marketplace.service.js';
import { TakedownBulkService } from './takedown-bulk.service.js';
import { TakedownFormService } from './takedown-form.service.js';
import { listingUrls, MAX_MAIL_LISTINGS, readFields, reasonName, type MailFields } from './takedown-email.message.js';
import { TakedownInboundMail } from './takedown-email.model.js';
import { TakedownEmailRepository, type InboundMailRow, type InboundMailStatus, type MailProblem, type MailRefusalReason } from './takedown-email.repository.js';
import { TakedownBulkImport, TakedownRequest } from './takedown.models.js';
import { groupListingUrls, MAX_LISTINGS, TakedownReason, TakedownService } from './takedown.service.js';

const EMAIL_QUEUE = 'takedown.email';
/** Attachments read from one message (CSV files and PDF forms); more are named in the reply, not read. */
export const MAX_MAIL_ATTACHMENTS = 10;
/** A header section larger than this is refused: no sender needs it, a parser would pay for it. */
const MAX_HEADER_BYTES = 256 * 1024;
/** Unknown addresses a reply lists one by one (a message of 3,000 gets a summary line). */
const MAX_LISTED_PROBLEMS = 25;
/** Problems recorded and answered for one message (hundreds of ignored attachments end in a summary line). */
export const MAX_PROBLEMS = 40;

/** An SMTP answer the listener gives instead of 250 (550: refused for good, 451: try again later). */
export class SmtpRefusal extends Error {
  constructor(readonly responseCode: number, message: string) {
    super(message);
  }
}

/** Who a message comes from and which alliance it goes to, settled at RCPT TO. */
export interface MailIntake {
  allianceId: string;
  recipient: string;
  sender: string;
  ctx: RequestContext;
}

interface Outcome {
  requestIds: string[];
  bulkImportIds: string[];
  problems: MailProblem[];
  /** Lines for the reply: what was filed, with links. */
  filed: string[];
  failed?: boolean;
}

const MEMBER_ROLES = new Set<Role>([Role.MEMBER_ADMIN, Role.MEMBER_ANALYST]);

/**
 * Takedowns by e-mail (issue 16, outcome 3, EMAIL). The SMTP listener (takedown-email.listener.ts)
 * asks `admit` at RCPT TO — the recipient names the alliance (`takedowns+<slug>@…` or `<slug>@…`),
 * the envelope sender must be the registered address of an active member's person there, else 550
 * and the alliance's count of refusals grows — and hands the message to `accept` at DATA, which
 * stores its source as an evidence file (hashed) with its row and its job in one transaction
 * before the listener answers 250. The job reads the message, files its listings (channel EMAIL),
 * its CSV attachments (the bulk path) and its PDF forms, records the outcome on the row and answers
 * the sender through the outbox: what was filed, or what is missing. Nothing accepted is lost: a
 * message whose job fails for good is recorded FAILED and its sender told.
 */
@Injectable()
export class TakedownEmailService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: TakedownEmailRepository,
    private readonly alliances: AllianceRepository,
    private readonly auth: AuthService,
    private readonly files: FileStorageService,
    private readonly takedowns: TakedownService,
    private readonly bulk: TakedownBulkService,
    private readonly forms: TakedownFormService,
    private readonly marketplaces: MarketplaceService,
    private readonly brands: BrandService,
    private readonly jobs: JobsService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly nodes: NodeRegistry,
    private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.jobs.register<{ mailId: string }>({
      // two messages at once per process: one's parsing in Node overlaps the other's filing in
      // PostgreSQL (one at a time, a burst of 200 drained at 19–22 messages/s on a slow day)
      name: EMAIL_QUEUE, retryLimit: 3, retryDelaySeconds: 30, backoff: true, expireInSeconds: 15 * 60, concurrency: 2,
      handle: (job) => this.process(job), describe: (p) => `Takedown e-mail ${p.mailId}`,
    });
    this.nodes.registerBatch(TakedownInboundMail.typename, (ctx, uuids) => this.byIds(ctx, uuids), TakedownInboundMail.from);
  }

  // ---- the SMTP conversation ------------------------------------------------------------------

  /** RCPT TO: the alliance the recipient names, and a sender who may file there; a 550 otherwise (counted for the alliance). */
  async admit(sender: string, recipient: string): Promise<MailIntake> {
    const at = recipient.lastIndexOf('@');
    const local = (at >= 0 ? recipient.slice(0, at) : recipient).toLowerCase();
    const slug = local.includes('+') ? local.slice(local.indexOf('+') + 1) : local;
    const alliance = slug ? await this.alliances.findBySlug(this.dataSource.manager, slug) : null;
    if (!alliance) throw new SmtpRefusal(550, '5.1.1 No such mailbox');
    // the same answer whoever the sender is, so the listener does not tell which addresses are registered
    const ctx = sender ? await this.auth.contextOfEmail(sender) : null;
    const member = ctx && ctx.allianceId === alliance.id && MEMBER_ROLES.has(ctx.role) && ctx.organisationId && ctx.activeMember === true;
    if (!member) {
      await this.repository.countRefusal(alliance.id, 'UNKNOWN_SENDER');
      throw new SmtpRefusal(550, '5.7.1 This mailbox takes takedown requests from the registered addresses of the alliance’s active members only');
    }
    return { allianceId: alliance.id, recipient, sender, ctx };
  }

  /**
   * DATA: the message is stored whole (RFC 822 source, SHA-256) as an evidence file of the sender's
   * organisation, with its row and its job, before this answers; a message over the size limit,
   * whose From header is not the envelope sender, or (with TAKEDOWN_SMTP_AUTHSERV_ID) that the MTA
   * did not see pass DMARC is refused and counted, and nothing of it is kept.
   */
  async accept(intake: MailIntake, source: Readable & { sizeExceeded?: boolean }): Promise<string> {
    const { ctx } = intake;
    const mailId = randomUUID();
    const fileId = randomUUID();
    const path = this.files.pathOf(ctx.allianceId, fileId);
    const limit = this.config.TAKEDOWN_SMTP_MAX_BYTES;
    const tooLarge = `5.3.4 Message too large: at most ${Math.floor(limit / 1048576) || limit} ${limit >= 1048576 ? 'MiB' : 'bytes'}`;
    let spooled: { size: number; sha256: string };
    try {
      spooled = await spoolToDisk(source, path, limit, tooLarge, { readPastLimit: true });
    } catch (error) {
      if (error instanceof DomainError && error.message === tooLarge) {
        await this.refuse(intake, 'TOO_LARGE', 552, tooLarge);
      }
      if (error instanceof DomainError) throw new SmtpRefusal(554, '5.6.0 Empty message');
      throw new SmtpRefusal(451, '4.3.0 The message could not be stored; try again later');
    }
    if (source.sizeExceeded) {
      await rm(path, { force: true });
      await this.refuse(intake, 'TOO_LARGE', 552, tooLarge);
    }
    let head: ParsedMail;
    try {
      head = await this.headersOf(path);
      this.checkSender(intake, head);
    } catch (error) {
      await rm(path, { force: true });
      if (error instanceof SmtpRefusal) throw error;
      if (error instanceof RefusedSender) await this.refuse(intake, error.reason, 550, error.message);
      throw new SmtpRefusal(550, '5.6.0 The message’s header could not be read');
    }
    try {
      await this.dataSource.transaction(async (em) => {
        await this.files.recordSpooled(em, ctx, { id: fileId, fileName: `takedown-mail-${mailId}.eml`, contentType: 'message/rfc822', sizeBytes: spooled.size, sha256: spooled.sha256 });
        await this.repository.insert(em, {
          allianceId: ctx.allianceId, id: mailId, organisationId: ctx.organisationId!, userId: ctx.actorId, envelopeFrom: intake.sender, recipient: intake.recipient,
          messageId: head.messageId?.slice(0, 998) ?? null, subject: head.subject?.slice(0, 998) ?? null, sourceFileId: fileId, sizeBytes: spooled.size, sha256: spooled.sha256,
        });
        await this.audit.record(em, ctx, { action: 'takedown.email_received', targetType: 'TakedownInboundMail', targetId: mailId, after: { sourceFileId: fileId, sizeBytes: spooled.size, sha256: spooled.sha256 } });
        await this.jobs.send(EMAIL_QUEUE, { mailId }, { em, ctx });
      });
    } catch {
      await rm(path, { force: true });
      throw new SmtpRefusal(451, '4.3.0 The message could not be stored; try again later');
    }
    return mailId;
  }

  private async refuse(intake: MailIntake, reason: MailRefusalReason, code: number, message: string): Promise<never> {
    await this.repository.countRefusal(intake.allianceId, reason);
    throw new SmtpRefusal(code, message);
  }

  /** The header section alone, parsed (the body is read by the job). */
  private async headersOf(path: string): Promise<ParsedMail> {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(MAX_HEADER_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, MAX_HEADER_BYTES, 0);
      const text = buffer.subarray(0, bytesRead);
      const crlf = text.indexOf('\r\n\r\n');
      const lf = text.indexOf('\n\n');
      const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
      if (end < 0 && bytesRead === MAX_HEADER_BYTES) throw new SmtpRefusal(552, '5.3.4 The message’s header is too large');
      const header = end < 0 ? text : text.subarray(0, end);
      return await simpleParser(Buffer.concat([header, Buffer.from('\r\n\r\n')]), { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
    } finally {
      await handle.close();
    }
  }

  /** The spoof defence this process can apply (the MTA in front applies DMARC): From is the envelope sender, and the MTA says so when asked. */
  private checkSender(intake: MailIntake, head: ParsedMail): void {
    const from = head.from?.value ?? [];
    if (from.length !== 1 || (from[0].address ?? '').toLowerCase() !== intake.sender.toLowerCase()) {
      throw new RefusedSender('SPOOFED_SENDER', '5.7.1 The From header must be the envelope sender, a registered address');
    }
    if (head.headers.has('auto-submitted') && String(head.headers.get('auto-submitted')).toLowerCase() !== 'no') {
      throw new SmtpRefusal(550, '5.7.1 Automatic messages are not read');
    }
    const authservId = this.config.TAKEDOWN_SMTP_AUTHSERV_ID?.toLowerCase();
    if (authservId) {
      const passed = head.headerLines
        .filter((h) => h.key === 'authentication-results')
        .map((h) => h.line.slice(h.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' '))
        .some((value) => value.split(';')[0].trim().split(/\s+/)[0].toLowerCase() === authservId && /(^|[;\s])dmarc\s*=\s*pass\b/i.test(value));
      if (!passed) throw new RefusedSender('NOT_AUTHENTICATED', '5.7.1 The sender’s domain did not pass DMARC');
    }
  }

  // ---- the job: read, file, answer -------------------------------------------------------------

  /** Runs waiting messages now, in this process (tests). */
  dispatch(): Promise<number> {
    return this.jobs.drain(EMAIL_QUEUE);
  }

  private async process(job: RunningJob<{ mailId: string }>): Promise<void> {
    const ctx = job.context;
    if (!ctx) return;
    const [mail] = await this.repository.byIds(ctx.allianceId, [job.payload.mailId], null);
    if (!mail || mail.status !== 'RECEIVED') return;
    let outcome: Outcome;
    try {
      const parsed = await simpleParser(await readFile(this.files.pathOf(ctx.allianceId, mail.sourceFileId)), { skipImageLinks: true, skipTextToHtml: true });
      outcome = await this.fileFrom(ctx, mail, parsed);
    } catch (error) {
      // a retry files nothing twice (client keys); after the last one the sender still hears of it
      if (!job.finalAttempt) throw error;
      outcome = {
        requestIds: [], bulkImportIds: [], filed: [], failed: true,
        problems: [{ field: 'message', message: 'The message could not be read or filed (an error on our side); the coordinators see it and can file it again' }],
      };
    }
    await this.finish(ctx, mail, outcome);
  }

  private async fileFrom(ctx: RequestContext, mail: InboundMailRow, parsed: ParsedMail): Promise<Outcome> {
    const outcome: Outcome = { requestIds: [], bulkImportIds: [], problems: [], filed: [] };
    let read = 0;
    for (const [i, a] of parsed.attachments.entries()) {
      const name = (a.filename ?? `attachment ${i + 1}`).replace(/[/\\\u0000-\u001f]/g, '_').slice(0, 255);
      const kind = attachmentKind(a);
      if (!kind) {
        // pictures inside the text (a signature's logo) are part of the text, not attachments
        if (!a.related) outcome.problems.push({ field: 'attachment', message: `${name} (${a.contentType}) was not read: only CSV files of listings and Countermark’s PDF form are` });
        continue;
      }
      if (read >= MAX_MAIL_ATTACHMENTS) {
        outcome.problems.push({ field: 'attachment', message: `${name} was not read: at most ${MAX_MAIL_ATTACHMENTS} attachments are read from one message` });
        continue;
      }
      read += 1;
      if (a.size > this.config.MAX_FILE_BYTES) {
        outcome.problems.push({ field: 'attachment', message: `${name} was not read: it is larger than ${Math.floor(this.config.MAX_FILE_BYTES / 1048576)} MiB` });
        continue;
      }
      try {
        if (kind === 'CSV') {
          const bulk = await this.bulk.start(ctx, name, a.content);
          outcome.bulkImportIds.push(bulk.id);
          outcome.filed.push(`${name}: bulk import ${toGlobalId(TakedownBulkImport.typename, bulk.id)}, filed row by row in the background; each row's result: ${this.config.publicUrl}/takedown/bulk`);
        } else {
          for (const row of await this.forms.fileFromPdf(ctx, a.content)) {
            const id = toGlobalId(TakedownRequest.typename, row.id);
            outcome.requestIds.push(row.id);
            outcome.filed.push(`${name}: request ${id}, ${row.listingCount} listing${row.listingCount === 1 ? '' : 's'}: ${this.config.publicUrl}/takedown/${encodeURIComponent(id)}`);
          }
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcome.problems.push({ field: 'attachment', message: `${name}: ${error.message}` });
      }
    }

    const text = parsed.text ?? '';
    const urls = listingUrls(text, parsed.html);
    if (urls.length) await this.fileListings(ctx, mail, readFields(parsed.subject ?? '', text), urls, outcome);
    else if (!read) outcome.problems.push({ field: 'url', message: 'No listing addresses were found: write each listing’s address (https://…) in the text of the message, or attach a CSV of listings' });
    return outcome;
  }

  /** The listings of the text, filed as requests of one brand, right and reason, one per marketplace and 300 listings. */
  private async fileListings(ctx: RequestContext, mail: InboundMailRow, fields: MailFields, urls: string[], outcome: Outcome): Promise<void> {
    const problem = (field: string, message: string) => outcome.problems.push({ field, message });
    const organisationId = mail.organisationId;
    const own = (await this.brands.brandsByOrganisationIds(ctx, [organisationId])).get(organisationId) ?? [];
    const rightsOf = await this.takedowns.citableRights(ctx, own.map((b) => b.id));
    const names = own.map((b) => b.name).join(', ');
    const sameRight = (number: string, given: string) => number.replace(/[\s.]/g, '').toUpperCase() === given.replace(/[\s.]/g, '').toUpperCase();

    let brand = fields.brand ? own.find((b) => b.name.trim().toLowerCase() === fields.brand!.trim().toLowerCase()) : undefined;
    if (fields.brand && !brand) return void problem('brand', `No brand of your organisation is named “${fields.brand}” (yours: ${names || 'none'})`);
    if (!brand && fields.right) {
      const holders = own.filter((b) => (rightsOf.get(b.id) ?? []).some((r) => sameRight(r.number, fields.right!)));
      if (holders.length === 1) brand = holders[0];
    }
    if (!brand && own.length === 1) brand = own[0];
    if (!brand) {
      return void problem('brand', own.length ? `Name the brand on a line “Brand: <name>”: your organisation has ${own.length} (${names})` : 'Your organisation has no brand on file');
    }

    const rights = rightsOf.get(brand.id) ?? [];
    const citable = rights.filter((r) => !r.unusable);
    let right = fields.right ? rights.find((r) => sameRight(r.number, fields.right!)) : citable.length === 1 ? citable[0] : undefined;
    if (fields.right && !right) return void problem('right', `${brand.name} has no right numbered “${fields.right}” on file`);
    if (right?.unusable) return void problem('right', `The right ${right.label} is ${right.unusable}`);
    if (!right) {
      return void problem('right', citable.length
        ? `Name the right on a line “Right: <number>”: ${brand.name} has ${citable.length} a request may cite (${citable.map((r) => r.label).join(', ')})`
        : `${brand.name} has no verified, unexpired right on file for a request to cite`);
    }
    const reason = (fields.reason ? reasonName(fields.reason) : right.reasons[0]) as TakedownReason;
    if (!right.reasons.includes(reason)) return void problem('reason', `${right.label} supports the reason ${right.reasons.join(' or ')}, not “${fields.reason}”`);

    const known = await this.marketplaces.list(ctx);
    const { groups, unread } = groupListingUrls(urls.slice(0, MAX_MAIL_LISTINGS).map((url) => ({ field: 'url', url })), known);
    for (const u of unread.slice(0, MAX_LISTED_PROBLEMS)) problem('url', `${u.url}: ${u.message}`);
    if (unread.length > MAX_LISTED_PROBLEMS) problem('url', `${unread.length - MAX_LISTED_PROBLEMS} more addresses are not listings of a marketplace the alliance works with`);
    if (urls.length > MAX_MAIL_LISTINGS) problem('url', `Only the first ${MAX_MAIL_LISTINGS} addresses were read: send more as a CSV attachment`);
    if (!groups.size) return void problem('url', `None of the addresses is a listing of a marketplace the alliance works with (${known.map((m) => m.name).join(', ')})`);

    for (const [marketplaceId, group] of groups) {
      for (let chunk = 0; chunk * MAX_LISTINGS < group.listings.length; chunk++) {
        const listings = group.listings.slice(chunk * MAX_LISTINGS, (chunk + 1) * MAX_LISTINGS);
        try {
          const row = await this.takedowns.file(ctx, {
            brandId: brand.id, trademarkId: right.trademarkId, ipRightId: right.ipRightId, reason, statement: fields.statement ?? null,
            listings, channel: 'EMAIL', clientKey: `email:${mail.id}:${marketplaceId}:${chunk}`,
          });
          outcome.requestIds.push(row.id);
          const id = toGlobalId(TakedownRequest.typename, row.id);
          outcome.filed.push(`Request ${id}: ${row.listingCount} listing${row.listingCount === 1 ? '' : 's'} on ${group.marketplace.name}, ${brand.name}, ${right.label}, ${reason}: ${this.config.publicUrl}/takedown/${encodeURIComponent(id)}`);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          problem(error.field?.replace(/^listings\.\d+\./, '') ?? 'listings', `${group.marketplace.name}: ${error.message}`);
        }
      }
    }
  }

  /** The outcome on the row and the answer to the sender in the outbox, once (a second run of the job finds the row done). */
  private async finish(ctx: RequestContext, mail: InboundMailRow, outcome: Outcome): Promise<void> {
    const status: Exclude<InboundMailStatus, 'RECEIVED'> = outcome.failed ? 'FAILED' : outcome.requestIds.length || outcome.bulkImportIds.length ? 'FILED' : 'REFUSED';
    if (outcome.problems.length > MAX_PROBLEMS) {
      const more = outcome.problems.length - MAX_PROBLEMS + 1;
      outcome.problems = [...outcome.problems.slice(0, MAX_PROBLEMS - 1), { field: 'message', message: `and ${more} more of the same kind` }];
    }
    await this.dataSource.transaction(async (em) => {
      const recorded = await this.repository.finish(em, ctx.allianceId, mail.id, { status, requestIds: outcome.requestIds, bulkImportIds: outcome.bulkImportIds, problems: outcome.problems });
      if (!recorded) return;
      await this.audit.record(em, ctx, {
        action: 'takedown.email_processed', targetType: 'TakedownInboundMail', targetId: mail.id,
        after: { status, requests: outcome.requestIds.length, bulkImports: outcome.bulkImportIds.length, problems: outcome.problems.length },
      });
      await this.mail.enqueue(em, { allianceId: ctx.allianceId, kind: 'takedown.email_reply', to: mail.envelopeFrom, subject: `Re: ${mail.subject ?? 'your takedown e-mail'}`.slice(0, 998), body: this.replyBody(mail, status, outcome) });
    });
  }

  private replyBody(mail: InboundMailRow, status: InboundMailStatus, outcome: Outcome): string {
    const lines = [
      `Countermark received your e-mail “${mail.subject ?? '(no subject)'}” on ${mail.receivedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC.`,
      `It is kept as evidence (SHA-256 ${mail.sha256}), reference ${toGlobalId(TakedownInboundMail.typename, mail.id)}.`,
      '',
    ];
    if (outcome.filed.length) lines.push('Filed:', ...outcome.filed.map((f) => `- ${f}`), '');
    else lines.push(status === 'FAILED' ? 'Nothing was filed:' : 'Nothing was filed. What is missing or wrong:');
    if (outcome.problems.length) lines.push(...(outcome.filed.length ? ['Not filed:'] : []), ...outcome.problems.map((p) => `- ${p.field}: ${p.message}`), '');
    if (status !== 'FILED') {
      lines.push(
        'How to file by e-mail: write each listing’s address (https://…) in the text, and on lines of their own',
        '  Brand: <one of your brands>              (not needed when your organisation has one brand)',
        '  Right: <trademark or IP right number>    (not needed when the brand has one right to cite)',
        '  Reason: COUNTERFEIT                      (optional; the right’s first reason otherwise)',
        '  Statement: <a sentence for the reviewer> (optional)',
        'or attach a CSV of listings (the columns of the bulk filing page).',
      );
    }
    return lines.join('\n');
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** Coordinators see the alliance's messages; a member's people their organisation's; anyone else none. */
  private scope(ctx: RequestContext): { organisationId: string | null } | null {
    if (ctx.isCoordinator) return { organisationId: null };
    if (MEMBER_ROLES.has(ctx.role) && ctx.organisationId) return { organisationId: ctx.organisationId };
    return null;
  }

  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, InboundMailRow>> {
    const scope = this.scope(ctx);
    if (!scope || !ids.length) return new Map();
    return new Map((await this.repository.byIds(ctx.allianceId, ids, scope.organisationId)).map((m) => [m.id, m]));
  }

  async page(ctx: RequestContext, q: { status?: InboundMailStatus; first?: number; after?: string }): Promise<Connection<InboundMailRow>> {
    const limit = pageSize(q.first);
    const after = decodeCursor(q.after, 2) as [string, string] | null;
    const scope = this.scope(ctx);
    if (!scope) return toConnection<InboundMailRow, InboundMailRow>([], limit, 0, () => '', (m) => m);
    const { rows, total } = await this.repository.page(ctx.allianceId, scope.organisationId, { status: q.status, after, limit });
    return toConnection(rows, limit, total, (m) => encodeCursor([m.receivedAt.toISOString(), m.id]), (m) => m);
  }

  /** Messages refused at the door over the last `days` days (UTC), per reason: coordinators only. */
  async refusals(ctx: RequestContext, days: number): Promise<{ since: string; counts: Map<MailRefusalReason, number> }> {
    if (!ctx.isCoordinator) throw forbidden('The coordinators see the refused e-mails');
    if (!Number.isInteger(days) || days < 1 || days > 366) throw badInput('days', 'days is 1 to 366');
    const since = new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
    return { since, counts: await this.repository.refusals(ctx.allianceId, since) };
  }
}

/** A sender refused after DATA, counted under its reason. */
class RefusedSender extends Error {
  constructor(readonly reason: MailRefusalReason, message: string) {
    super(message);
  }
}

/** CSV of listings, a PDF form, or neither (by type and name; a PDF must start like one). */
function attachmentKind(a: Attachment): 'CSV' | 'PDF' | null {
  const name = (a.filename ?? '').toLowerCase();
  const type = a.contentType.toLowerCase();
  if (type === 'text/csv' || name.endsWith('.csv')) return 'CSV';
  if ((type === 'application/pdf' || name.endsWith('.pdf')) && a.content.subarray(0, 5).toString('latin1') === '%PDF-') return 'PDF';
  return null;
}
