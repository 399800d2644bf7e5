import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { AllianceService } from '../alliances/alliance.service.js';
import { Public } from '../common/auth.decorators.js';
import { badInput, forbidden } from '../common/errors.js';
import { AuthService } from '../identity/auth.service.js';
import { TakedownArchiveService } from './takedown-archive.service.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * GET /exports/takedown-notices?from=YYYY-MM-DD&to=YYYY-MM-DD with the API's credentials
 * (coordinators): the notice archive of the decided requests submitted in [from, to) as CSV,
 * streamed (issue 16, outcome 8).
 */
@Controller('exports/takedown-notices')
export class TakedownArchiveController {
  constructor(
    private readonly archive: TakedownArchiveService,
    private readonly auth: AuthService,
    private readonly alliances: AllianceService,
  ) {}

  @Public()
  @Get()
  async download(@Query('from') from: string, @Query('to') to: string, @Headers('authorization') authorization: string | undefined, @Res() res: Response) {
    const ctx = await this.auth.authenticateHeader(authorization);
    if (!ctx.isCoordinator) throw forbidden('The notice archive is exported by the coordinators');
    if (typeof from !== 'string' || !DAY.test(from) || Number.isNaN(Date.parse(from))) throw badInput('from', 'from is a date (YYYY-MM-DD)');
    if (typeof to !== 'string' || !DAY.test(to) || Number.isNaN(Date.parse(to))) throw badInput('to', 'to is a date (YYYY-MM-DD)');
    if (to <= from) throw badInput('to', 'to comes after from');
    const alliance = await this.alliances.get(ctx);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${alliance.slug}-takedown-notices-${from}-to-${to}.csv"`);
    await pipeline(this.archive.csv(ctx, new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`), alliance.name), res);
  }
}
