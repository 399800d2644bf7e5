import { Controller, Headers, HttpCode, PayloadTooLargeException, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../common/auth.decorators.js';
import { AppConfig } from '../config/app-config.js';
import { AuthService } from '../identity/auth.service.js';
import { CallerBudget } from '../identity/caller-budget.js';
import { MAX_IMAGE_BYTES, MAX_IMAGES } from './feed-listing.js';
import { LISTING_COST, ListingFeedService, type IncomingRow } from './listing-feed.service.js';
import { BodyTooLarge, readNdjson } from './ndjson.js';

/** A line holds a listing and its pictures as base64 (each at most MAX_IMAGE_BYTES), with room for its text. */
export const MAX_LINE_BYTES = Math.ceil((MAX_IMAGES * MAX_IMAGE_BYTES * 4) / 3) + 1024 * 1024;

/**
 * POST /monitoring/listings.ndjson: one listing a line (the fields of `pushListings`' rows), read
 * as it arrives and written a chunk at a time, so a body of any number of lines holds one chunk in
 * memory; at most MAX_IMPORT_BYTES. Credentials: `Authorization: Bearer` (an API key or a
 * session), the same callers as `pushListings`. Answers a JSON summary: accepted, updated,
 * refused and the problems by line number. Each chunk is charged to the caller's per-minute cost
 * budget before it is written: a spent budget stops the stream (429 with the summary so far and
 * `stoppedAtLine`; send the lines from there again).
 */
@Controller('monitoring')
export class ListingFeedController {
  constructor(
    private readonly feed: ListingFeedService,
    private readonly auth: AuthService,
    private readonly budget: CallerBudget,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('listings.ndjson')
  @HttpCode(200)
  async push(@Headers('authorization') authorization: string | undefined, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const ctx = await this.auth.authenticateHeader(authorization);
    this.feed.assertMayPush(ctx);
    const limit = this.config.MAX_IMPORT_BYTES;
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) throw new PayloadTooLargeException(`The body is larger than ${Math.round(limit / 1048576)} MiB: send it in parts`);
    const caller = Object.assign(req, { requestContextPromise: Promise.resolve(ctx) });
    await this.budget.charge(caller, 1); // a spent budget refuses the stream before it is read
    let tooLarge: BodyTooLarge | null = null;
    const lines = async function* (): AsyncGenerator<IncomingRow> {
      try {
        for await (const line of readNdjson(req, { maxLineBytes: MAX_LINE_BYTES, maxBodyBytes: limit })) {
          yield line.ok ? { row: line.line, value: line.value } : { row: line.line, reason: line.reason };
        }
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        tooLarge = error;
      }
    };
    const summary = await this.feed.push(ctx, lines(), (listings) => this.budget.charge(caller, listings * LISTING_COST), 'NDJSON');
    const { stoppedAtRow, ...rest } = summary;
    const answer = { ...rest, stoppedAtLine: stoppedAtRow };
    if (stoppedAtRow !== null) {
      res.status(429).setHeader('retry-after', String(summary.retryAfterSeconds ?? 60));
      // the rest of the body is not read: the connection closes with the answer
      res.setHeader('connection', 'close');
      return { code: 'RATE_LIMITED', ...answer };
    }
    if (tooLarge) {
      res.status(413).setHeader('connection', 'close');
      return { code: 'BAD_USER_INPUT', field: 'body', message: `The body is larger than ${Math.round(limit / 1048576)} MiB: the lines before it went in`, ...answer };
    }
    return answer;
  }
}
