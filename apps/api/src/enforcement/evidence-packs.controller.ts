import { Controller, Get, Logger, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { unauthenticated } from '../common/errors.js';
import { uuidOf } from '../common/node.js';
import type { RequestContext } from '../common/request-context.js';
import { EnforcementCase } from './enforcement-case.models.js';
import { EvidencePackService } from './evidence-pack.service.js';

/** A pack whose client has taken nothing for this long is ended. */
const STALLED_DOWNLOAD_MS = 10 * 60 * 1000;

/**
 * GET /evidence-packs/{caseId} with the API's bearer credentials (or the web client's session cookie
 * with its CSRF header, through the auth guard as for POST /files): the case's evidence pack (a zip:
 * manifest.json, custody.ndjson, summary.pdf, files/…) for coordinators, the lead member and the
 * partner the case is referred to; each download is an EXPORTED custody event. Not under /cases,
 * which is the web client's.
 */
@Controller('evidence-packs')
export class EvidencePacksController {
  private readonly logger = new Logger('EvidencePacks');

  constructor(private readonly packs: EvidencePackService) {}

  @Get(':caseId')
  async download(@Param('caseId') caseId: string, @Req() req: Request & { requestContext?: RequestContext }, @Res() res: Response): Promise<void> {
    const ctx = req.requestContext;
    if (!ctx) throw unauthenticated();
    const { fileName, stream } = await this.packs.export(ctx, uuidOf(caseId, EnforcementCase.typename, 'caseId'));
    res.setHeader('content-type', 'application/zip');
    res.setHeader('content-disposition', `attachment; filename="${fileName}"`);
    res.setHeader('cache-control', 'private, no-store');
    res.setTimeout(STALLED_DOWNLOAD_MS, () => res.destroy());
    await pipeline(stream, res).catch((error: unknown) => {
      if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') this.logger.warn(`An evidence pack download failed: ${String(error)}`);
      res.destroy();
    });
  }
}
