import { Controller, Headers, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../common/auth.decorators.js';
import { AuthService } from '../identity/auth.service.js';
import { TakedownBulkImport } from './takedown.models.js';
import { TakedownBulkService } from './takedown-bulk.service.js';

/**
 * POST /takedown-imports?fileName=x.csv with the CSV as the raw request body (streamed to disk, up to
 * MAX_IMPORT_BYTES) and the API's credentials: answers the queued bulk import; its rows' results
 * are read from `takedownBulkImport` as the job files them.
 */
@Controller('takedown-imports')
export class TakedownBulkController {
  constructor(
    private readonly bulk: TakedownBulkService,
    private readonly auth: AuthService,
  ) {}

  @Public()
  @Post()
  async upload(@Query('fileName') fileName: string | undefined, @Headers('authorization') authorization: string | undefined, @Req() req: Request) {
    const ctx = await this.auth.authenticateHeader(authorization);
    const name = (fileName ?? 'takedowns.csv').replace(/[/\\]/g, '_').slice(0, 255);
    return TakedownBulkImport.from(await this.bulk.start(ctx, name, req));
  }
}
