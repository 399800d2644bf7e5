import { Controller, Get, Headers, Logger, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Public } from '../common/auth.decorators.js';
import { badInput, forbidden } from '../common/errors.js';
import { uuidOf } from '../common/node.js';
import { AuthService } from '../identity/auth.service.js';
import { CounterfeiterNetwork } from '../intel/correlation/network.models.js';
import { toCsvRows } from './csv-export.js';
import type { ExportReport } from './exchange-report.js';
import { ExportService, STIX_CONTENT_TYPE } from './export.service.js';

/** A STIX download whose client has taken nothing for this long is ended (its spool goes with it). */
const STALLED_DOWNLOAD_MS = 10 * 60 * 1000;

/**
 * GET /exports?format=CSV|STIX[&networkId=…] with the API's bearer credentials: every published
 * report the caller may see (or a network's) as CSV or as a STIX 2.1 bundle, read a page of
 * reports at a time, so an export has no size limit and flat memory. The CSV streams page by page
 * (each page its own query); the bundle is read in one snapshot into a spool on disk and then sent
 * from it (`ExportService.stixDownload`), so a slow client holds no pooled connection.
 * `exportIntel` in GraphQL answers the same for up to 5,000 reports (its bundle lists the same
 * objects sorted by type and id).
 */
@Controller('exports')
export class ExportsController {
  private readonly logger = new Logger('Exports');

  constructor(
    private readonly exports: ExportService,
    private readonly auth: AuthService,
  ) {}

  @Public()
  @Get()
  async download(@Query('format') format: string, @Query('networkId') networkId: string | undefined, @Headers('authorization') authorization: string | undefined, @Res() res: Response) {
    const ctx = await this.auth.authenticateHeader(authorization);
    if (!ctx.hasScope('intel:read')) throw forbidden('Exporting needs the intel:read scope');
    if (format !== 'CSV' && format !== 'STIX') throw badInput('format', 'The format is CSV or STIX');
    const networkUuid = networkId ? uuidOf(networkId, CounterfeiterNetwork.typename, 'networkId') : undefined;
    const fileName = await this.exports.fileNameOf(ctx, format);
    if (format === 'STIX') {
      const { bytes, stream } = await this.exports.stixDownload(ctx, { networkUuid });
      res.setHeader('content-disposition', `attachment; filename="${fileName}"`);
      res.setHeader('content-type', STIX_CONTENT_TYPE);
      res.setHeader('content-length', String(bytes));
      res.setTimeout(STALLED_DOWNLOAD_MS, () => res.destroy());
      // an aborted download or a failed read ends the response (and closes the spool), not the process
      await pipeline(stream, res).catch((error: unknown) => {
        if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') this.logger.warn(`A STIX download failed: ${String(error)}`);
        res.destroy();
      });
      return;
    }
    res.setHeader('content-disposition', `attachment; filename="${fileName}"`);
    const pages = this.exports.pages(ctx, { networkUuid });
    async function* reports(): AsyncGenerator<ExportReport> {
      for await (const page of pages) yield* page;
    }
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    await pipeline(Readable.from(toCsvRows(reports())), res);
  }
}
