import { Controller, Headers, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../common/auth.decorators.js';
import { badInput } from '../common/errors.js';
import { AuthService } from '../identity/auth.service.js';
import { ImportJob } from './intel-exchange.models.js';
import { ImportService } from './import.service.js';

/**
 * POST /imports?format=CSV&fileName=x.csv with the file as the raw request body (any size up to
 * MAX_IMPORT_BYTES, streamed to disk) and the API's bearer credentials; answers the queued job.
 */
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportService,
    private readonly auth: AuthService,
  ) {}

  @Public()
  @Post()
  async upload(@Query('format') format: string, @Query('fileName') fileName: string | undefined, @Headers('authorization') authorization: string | undefined, @Req() req: Request) {
    const ctx = await this.auth.authenticateHeader(authorization);
    if (format !== 'CSV' && format !== 'STIX') throw badInput('format', 'format must be CSV or STIX');
    const name = (fileName ?? `import.${format.toLowerCase()}`).replace(/[/\\]/g, '_').slice(0, 255);
    return ImportJob.from(await this.imports.start(ctx, format, name, req));
  }
}
