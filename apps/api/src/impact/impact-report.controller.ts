import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { badInput, unauthenticated } from '../common/errors.js';
import type { RequestContext } from '../common/request-context.js';
import { impactReportCsv } from './impact-report.csv.js';
import { ImpactService } from './impact.service.js';

/**
 * GET /impact-report.csv?year= with the API's bearer credentials (or the web client's session
 * cookie with its CSRF header, through the auth guard as for the evidence packs): the impact
 * report as CSV, from the same service call as `impactReport`, so the figures are the same.
 */
@Controller('impact-report.csv')
export class ImpactReportController {
  constructor(private readonly impact: ImpactService) {}

  @Get()
  async download(@Query('year') year: string | undefined, @Req() req: Request & { requestContext?: RequestContext }, @Res() res: Response): Promise<void> {
    const ctx = req.requestContext;
    if (!ctx) throw unauthenticated();
    if (!year || !/^\d{1,6}$/.test(year)) throw badInput('year', 'year is a whole number, such as 2026');
    const report = await this.impact.report(ctx, Number(year));
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="impact-report-${report.year}.csv"`);
    res.setHeader('cache-control', 'private, no-store');
    res.send(impactReportCsv(report));
  }
}
