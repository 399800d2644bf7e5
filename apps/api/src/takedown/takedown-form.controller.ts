import { Controller, Get, Headers, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Brand } from '../brands/brand.models.js';
import { Public } from '../common/auth.decorators.js';
import { toGlobalId, uuidOf } from '../common/node.js';
import { AppConfig } from '../config/app-config.js';
import { readUpTo } from '../files/spool.js';
import { AuthService } from '../identity/auth.service.js';
import { TakedownRequest } from './takedown.models.js';
import { TakedownFormService } from './takedown-form.service.js';

/**
 * GET /takedown-forms?brandId=<Brand id>: the fillable PDF form for one of the caller's brands.
 * POST /takedown-forms with the filled PDF as the raw body (up to MAX_FILE_BYTES): answers the
 * requests it filed, `{ requests: [{ id, listingCount, status }] }`, or the error with the field at
 * fault (`missingFields` lists every field still to fill in, `problems` every refused listing).
 */
@Controller('takedown-forms')
export class TakedownFormController {
  constructor(
    private readonly forms: TakedownFormService,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  async download(@Query('brandId') brandId: string, @Headers('authorization') authorization: string | undefined, @Res() res: Response) {
    const ctx = await this.auth.authenticateHeader(authorization);
    const { fileName, pdf } = await this.forms.form(ctx, uuidOf(brandId, Brand.typename, 'brandId'));
    res.setHeader('content-type', 'application/pdf');
    res.setHeader('content-disposition', `attachment; filename="${fileName}"`);
    res.end(Buffer.from(pdf));
  }

  @Public()
  @Post()
  async upload(@Headers('authorization') authorization: string | undefined, @Req() req: Request) {
    const ctx = await this.auth.authenticateHeader(authorization);
    const limit = this.config.MAX_FILE_BYTES;
    const size = limit >= 1048576 ? `${Math.floor(limit / 1048576)} MiB` : `${Math.floor(limit / 1024)} KiB`;
    const pdf = await readUpTo(req, limit, `A form is at most ${size}`);
    const filed = await this.forms.fileFromPdf(ctx, pdf);
    return { requests: filed.map((r) => ({ id: toGlobalId(TakedownRequest.typename, r.id), listingCount: r.listingCount, status: r.status })) };
  }
}
