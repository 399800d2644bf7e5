import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { DataSource } from 'typeorm';
import { Role } from '../../../../libs/domain/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { BrandService } from '../brands/brand.service.js';
import { forbidden, notFound } from '../common/errors.js';
import type { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { spoolToDisk } from '../files/spool.js';
import { JobsService, type RunningJob } from '../jobs/jobs.service.js';
import type { MarketplaceRow } from './marketplace.repository.js';
import { MarketplaceService } from './marketplace.service.js';
import { TakedownBulkRepository, type BulkLine, type BulkRow } from './takedown-bulk.repository.js';
import type { NewListing } from './takedown.repository.js';
import { MAX_LISTINGS, readListing, TakedownReason, TakedownService, type CitableRight } from './takedown.service.js';

const BULK_QUEUE = 'takedown.bulk';
/** The columns a bulk file has (a header row names them; order free, case free). */
export const BULK_COLUMNS = ['brand', 'right', 'reason', 'url', 'listing_id', 'store_id', 'store_name', 'price', 'currency'] as const;
const REQUIRED = ['brand', 'right', 'url'];
const LINES_PER_WRITE = 1000;
/**
 * Requests of one file being filed at once while its rows are read on: reading (CSV, URLs) and
 * filing (the database) overlap instead of taking turns.
 */
const FILING_IN_FLIGHT = 2;

interface Group {
  brandId: string;
  right: { trademarkId: string | null; ipRightId: string | null };
  reason: TakedownReason;
  marketplace: MarketplaceRow;
  chunk: number;
  lines: { line: number; listing: Omit<NewListing, 'position'> }[];
  /** Every listing of the group so far, to refuse one named twice (a listing id per entry: a few MB for 100,000 rows). */
  seen: Map<string, number>;
}

/** Bytes to text, refusing anything that is not UTF-8 (a file saved as Latin-1 or GBK fails whole, rather than filing mangled names). */
function utf8(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _encoding, done) {
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/**
 * Bulk CSV filing (issue 16, outcome 3, BULK_CSV): the file is spooled to disk and read by a job,
 * a row at a time; valid rows are grouped into requests (one per brand, right, reason and
 * marketplace, at most 300 listings each) filed through the same path as the form, invalid rows
 * are explained (line, column, message). Each request's client key is made from the file's hash,
 * its group and its place, so the same file uploaded again files nothing twice. Memory holds the
 * open groups (≤ 300 listings each) and a thousand row results.
 */
@Injectable()
export class TakedownBulkService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: TakedownBulkRepository,
    private readonly takedowns: TakedownService,
    private readonly marketplaces: MarketplaceService,
    private readonly brands: BrandService,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.jobs.register<{ bulkId: string }>({
      name: BULK_QUEUE, retryLimit: 2, retryDelaySeconds: 30, backoff: true, expireInSeconds: 60 * 60,
      handle: (job) => this.run(job), describe: (p) => `Takedown CSV ${p.bulkId}`,
    });
  }

  async start(ctx: RequestContext, fileName: string, content: Readable | Buffer): Promise<BulkRow> {
    if ((ctx.role !== Role.MEMBER_ADMIN && ctx.role !== Role.MEMBER_ANALYST) || !ctx.organisationId) throw forbidden('Members file takedown requests for their own brands');
    if (ctx.activeMember !== true) throw forbidden('Your organisation is not an active member of the alliance');
    const id = randomUUID();
    const storageKey = join('takedown-bulk', ctx.allianceId, id);
    const limit = this.config.MAX_IMPORT_BYTES;
    const { size, sha256 } = await spoolToDisk(content, join(this.config.filesDir, storageKey), limit, `The file is larger than ${Math.round(limit / 1048576)} MiB`);
    await this.dataSource.transaction(async (em) => {
      await this.repository.insert(em, { allianceId: ctx.allianceId, id, organisationId: ctx.organisationId!, userId: ctx.actorId, fileName, storageKey, sizeBytes: size, sha256 });
      await this.audit.record(em, ctx, { action: 'takedown.bulk_uploaded', targetType: 'TakedownBulkImport', targetId: id, after: { fileName, sizeBytes: size, sha256 } });
      await this.jobs.send(BULK_QUEUE, { bulkId: id }, { em, ctx });
    });
    return (await this.repository.byIds(ctx.allianceId, [id], null))[0];
  }

  /** Runs waiting bulk files now, in this process (tests). */
  dispatch(): Promise<number> {
    return this.jobs.drain(BULK_QUEUE);
  }

  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, BulkRow>> {
    if (!ids.length) return new Map();
    return new Map((await this.repository.byIds(ctx.allianceId, ids, ctx.isCoordinator ? null : ctx.organisationId ?? '00000000-0000-0000-0000-000000000000')).map((b) => [b.id, b]));
  }

  async require(ctx: RequestContext, id: string): Promise<BulkRow> {
    const row = (await this.byIds(ctx, [id])).get(id);
    if (!row) throw notFound('Bulk import', 'id');
    return row;
  }

  list(ctx: RequestContext, limit: number): Promise<BulkRow[]> {
    if (!ctx.isCoordinator && !ctx.organisationId) return Promise.resolve([]);
    return this.repository.list(ctx.allianceId, ctx.isCoordinator ? null : ctx.organisationId, limit);
  }

  lines(ctx: RequestContext, bulk: BulkRow, q: { status?: BulkLine['status']; afterLine: number; limit: number }): Promise<BulkLine[]> {
    return this.repository.lines(ctx.allianceId, bulk.id, q);
  }

  private async run(job: RunningJob<{ bulkId: string }>): Promise<void> {
    const ctx = job.context;
    if (!ctx) return;
    const bulk = (await this.repository.byIds(ctx.allianceId, [job.payload.bulkId], null))[0];
    if (!bulk || bulk.status === 'DONE') return;
    await this.repository.begin(ctx.allianceId, bulk.id);
    try {
      await this.file(ctx, bulk);
      await this.repository.finish(ctx.allianceId, bulk.id, 'DONE', null);
      await rm(join(this.config.filesDir, bulk.storageKey), { force: true });
    } catch (error) {
      const message = /encoded data was not valid|invalid.*utf-8/i.test(String(error))
        ? 'The file is not UTF-8 text: save it as “CSV UTF-8” and upload it again'
        : error instanceof Error ? error.message : String(error);
      if (job.finalAttempt || message.startsWith('The file')) {
        await this.repository.finish(ctx.allianceId, bulk.id, 'FAILED', message.slice(0, 1000));
        return;
      }
      throw error;
    }
  }

  private async file(ctx: RequestContext, bulk: BulkRow): Promise<void> {
    const organisationId = bulk.organisationId;
    const marketplaces = await this.marketplaces.list(ctx);
    const own = (await this.brands.brandsByOrganisationIds(ctx, [organisationId])).get(organisationId) ?? [];
    const brandsByName = new Map(own.map((b) => [b.name.trim().toLowerCase(), b]));
    const rights = new Map<string, CitableRight>(); // `${brandId}:${NUMBER}`
    for (const list of (await this.takedowns.citableRights(ctx, own.map((b) => b.id))).values()) {
      for (const r of list) rights.set(`${r.brandId}:${r.number.toUpperCase()}`, r);
    }

    const groups = new Map<string, Group>();
    let pending: BulkLine[] = [];
    let requestsFiled = 0;
    const started = new Date();
    const save = async (force = false) => {
      if (!force && pending.length < LINES_PER_WRITE) return;
      // taken before the write: rows read and requests filed meanwhile go with the next one
      const lines = pending;
      const filed = requestsFiled;
      pending = [];
      requestsFiled = 0;
      await this.repository.addLines(ctx.allianceId, bulk.id, lines, filed);
    };
    const refuse = (line: number, field: string, message: string) => pending.push({ line, status: 'REFUSED', field, message, requestId: null });
    const filing = new Set<Promise<void>>();
    let failure: { error: unknown } | null = null;
    /** Waits until at most `most` requests are being filed; a write that failed ends the file (the job retries it). */
    const settle = async (most: number) => {
      while (filing.size > most) await Promise.race(filing);
      if (failure) throw failure.error;
    };
    const flush = async (key: string, group: Group) => {
      if (!group.lines.length) return;
      const lines = group.lines;
      group.lines = [];
      const clientKey = `csv:${bulk.sha256.slice(0, 24)}:${createHash('sha256').update(key).digest('hex').slice(0, 16)}:${group.chunk++}`;
      const tracked: Promise<void> = fileGroup(group, lines, clientKey)
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => filing.delete(tracked));
      filing.add(tracked);
      await settle(FILING_IN_FLIGHT - 1);
    };
    const fileGroup = async (group: Group, lines: Group['lines'], clientKey: string) => {
      try {
        const row = await this.takedowns.file(ctx, {
          brandId: group.brandId, ...group.right, marketplaceId: group.marketplace.id, reason: group.reason, statement: null, channel: 'BULK_CSV', clientKey,
          listings: lines.map((l) => ({ url: l.listing.url, listingId: l.listing.listingId, storeId: l.listing.storeId, storeName: l.listing.storeName, price: l.listing.price === null ? null : Number(l.listing.price), currency: l.listing.currency })),
        });
        if (row.submittedAt >= started) requestsFiled += 1;
        for (const l of lines) pending.push({ line: l.line, status: 'FILED', field: null, message: null, requestId: row.id });
      } catch (error) {
        const e = error as { message?: string; field?: string };
        for (const l of lines) pending.push({ line: l.line, status: 'REFUSED', field: e.field ?? null, message: e.message ?? 'Not filed', requestId: null });
      }
      await save();
    };

    const source = createReadStream(join(this.config.filesDir, bulk.storageKey));
    const text = utf8();
    const parser = parse({ bom: true, columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, relax_column_count: true, info: true });
    // pipe() does not pass errors on: the reader of the parser must see a bad byte or a lost file
    source.on('error', (error) => parser.destroy(error));
    text.on('error', (error) => parser.destroy(error));
    source.pipe(text).pipe(parser);
    let checkedHeader = false;
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
        if (!checkedHeader) {
          const missing = REQUIRED.filter((c) => !(c in record));
          if (missing.length) throw new Error(`The file has no ${missing.join(', ')} column: its header row names ${BULK_COLUMNS.join(', ')}`);
          checkedHeader = true;
        }
        const line = info.lines;
        const brand = brandsByName.get((record.brand ?? '').toLowerCase());
        if (!brand) {
          refuse(line, 'brand', `No brand of your organisation is named “${record.brand ?? ''}”`);
          await save();
          continue;
        }
        const right = rights.get(`${brand.id}:${(record.right ?? '').toUpperCase()}`);
        if (!right) {
          refuse(line, 'right', `${brand.name} has no right numbered “${record.right ?? ''}” on file`);
          await save();
          continue;
        }
        if (right.unusable) {
          refuse(line, 'right', `The right ${record.right} is ${right.unusable}`);
          await save();
          continue;
        }
        const reason = (record.reason || right.reasons[0]).toUpperCase().replace(/[\s-]+/g, '_') as TakedownReason;
        if (!right.reasons.includes(reason)) {
          refuse(line, 'reason', `This right supports ${right.reasons.join(' or ')}`);
          await save();
          continue;
        }
        const price = record.price ? Number(record.price.replace(',', '.')) : null;
        if (price !== null && Number.isNaN(price)) {
          refuse(line, 'price', 'A price is a number (12.50)');
          await save();
          continue;
        }
        const read = readListing({ url: record.url ?? '', listingId: record.listing_id, storeId: record.store_id, storeName: record.store_name, price, currency: record.currency }, marketplaces);
        if (!read.ok) {
          refuse(line, read.field === 'listingId' ? 'listing_id' : read.field, read.message);
          await save();
          continue;
        }
        const key = `${brand.id}|${right.trademarkId ?? right.ipRightId}|${reason}|${read.marketplace.id}`;
        let group = groups.get(key);
        if (!group) {
          group = { brandId: brand.id, right: { trademarkId: right.trademarkId, ipRightId: right.ipRightId }, reason, marketplace: read.marketplace, chunk: 0, lines: [], seen: new Map() };
          groups.set(key, group);
        }
        const listingKey = read.listing.listingId!.toLowerCase();
        const earlier = group.seen.get(listingKey);
        if (earlier !== undefined) {
          refuse(line, 'url', `The same listing as line ${earlier}`);
          await save();
          continue;
        }
        group.seen.set(listingKey, line);
        group.lines.push({ line, listing: read.listing });
        if (group.lines.length >= MAX_LISTINGS) await flush(key, group);
      }
      if (!checkedHeader) throw new Error('The file has no rows');
      for (const [key, group] of groups) await flush(key, group);
      await settle(0);
    } finally {
      await Promise.allSettled(filing); // whatever ended the file, nothing of it is written after
    }
    await save(true);
  }
}
