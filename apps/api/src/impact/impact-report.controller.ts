import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { badInput, unauthenticated } from '../common/errors.js';
import type { RequestContext } from '../common/request-context.js';
import { impactReportCsv } from './impact-report.csv.js';
import { impactReportPdf } from './impact-report.pdf.js';
import { ImpactService } from './impact.service.js';

type WithContext = Request & { requestContext?: RequestContext };

/**
 * GET /impact-report.csv?year= and GET /impact-report.pdf?year= with the API's bearer credentials
 * (or the web client's session cookie with its CSRF header, through the auth guard as for the
 * evidence packs): the impact report as CSV or as a printable PDF with charts, from the same
 * service call as `impactReport` (and so under the same rule of who may read it): the figures are
 * the same.
 */
@Controller()
export class ImpactReportController {
  constructor(private readonly impact: ImpactService) {}

  @Get('impact-report.csv')
  async csv(@Query('year') year: string | undefined, @Req() req: WithContext, @Res() res: Response): Promise<void> {
    const report = await this.impact.report(contextOf(req), yearOf(year));
    send(res, 'text/csv; charset=utf-8', `impact-report-${report.year}.csv`, impactReportCsv(report));
  }

  @Get('impact-report.pdf')
  async pdf(@Query('year') year: string | undefined, @Req() req: WithContext, @Res() res: Response): Promise<void> {
    const { report, allianceName } = await this.impact.reportWithAlliance(contextOf(req), yearOf(year));
    send(res, 'application/pdf', `impact-report-${report.year}.pdf`, await impactReportPdf(report, allianceName));
  }
}

function contextOf(req: WithContext): RequestContext {
  if (!req.requestContext) throw unauthenticated();
  return req.requestContext;
}

function yearOf(year: string | undefined): number {
  if (!year || !/^\d{1,6}$/.test(year)) throw badInput('year', 'year is a whole number, such as 2026');
  return Number(year);
}

function send(res: Response, contentType: string, fileName: string, body: string | Buffer): void {
  res.setHeader('content-type', contentType);
  res.setHeader('content-disposition', `attachment; filename="${fileName}"`);
  res.setHeader('cache-control', 'private, no-store');
  res.send(body);
}
