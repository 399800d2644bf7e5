import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { barChartSvg, grouped } from './impact-chart.svg.js';
import type { ImpactFigures, ImpactMemberCount, ImpactReport } from './impact.models.js';

// The PDF's fonts are PDF's standard Helvetica (nothing embedded, nothing read from disk or the
// network): pdfmake may fetch no URL and open no file but these names (its check sees them as paths).
const HELVETICA = { normal: 'Helvetica', bold: 'Helvetica-Bold', italics: 'Helvetica-Oblique', bolditalics: 'Helvetica-BoldOblique' };
const STANDARD_FONTS: ReadonlySet<string> = new Set(Object.values(HELVETICA));
pdfmake.setFonts({ Helvetica: HELVETICA });
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => STANDARD_FONTS.has(path));

const BLUE = '#2f63dc';
const GREEN = '#1f9d6b';
const ORANGE = '#e08a1e';
const GREY = '#8a94a6';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const share = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(1)}%` : '—');
const money = (m: { amount: string; currency: string } | null) => (m ? `${m.currency} ${grouped(m.amount.split('.')[0])}${m.amount.includes('.') ? `.${m.amount.split('.')[1]}` : ''}` : '—');
const num = (n: number | string) => grouped(n);

function table(header: string[], rows: (string | number)[][], widths?: (string | number)[]): Content {
  const head: TableCell[] = header.map((h, i) => ({ text: h, style: 'th', alignment: i === 0 ? 'left' : 'right' }));
  // the year's row (its period is the year alone) in bold; a period or a month never wraps
  const body: TableCell[][] = rows.map((r) => r.map((c, i) => ({ text: String(c), alignment: i === 0 ? 'left' : 'right', noWrap: i === 0 && /^\d{4}/.test(String(c)), bold: /^\d{4}$/.test(String(r[0])) })));
  return { table: { headerRows: 1, widths: widths ?? header.map((_, i) => (i === 0 ? 'auto' : '*')), body: [head, ...body] }, layout: 'lightHorizontalLines', style: 'table' };
}

function takedownRows(periods: ImpactFigures[]): (string | number)[][] {
  return periods.map((f) => [
    f.period, num(f.members), num(f.brands), num(f.takedownsReceived), num(f.takedownsProcessed), num(f.takedownsProcessedWithinSla),
    share(f.takedownsProcessedWithinSla, f.takedownsProcessed), num(f.listingsRemoved), num(f.listingsRemovedProactively), num(f.listingsRemovedOnNotice), num(f.alerts),
  ]);
}

function enforcementRows(periods: ImpactFigures[]): (string | number)[][] {
  return periods.map((f) => [
    f.period, num(f.casesOpened), num(f.casesReferred), num(f.arrests), num(f.sitesClosed.manufacturing), num(f.sitesClosed.warehouse),
    num(f.sitesClosed.distribution), num(f.sitesClosed.retail), num(f.sitesClosed.total), num(f.unitsSeized), money(f.valueSeized),
    f.valueUnconverted.map(money).join('; ') || '—',
  ]);
}

function memberTable(title: string, column: string, counts: ImpactMemberCount[]): Content {
  return [
    { text: title, style: 'h3' },
    counts.length ? table([column, 'Members'], counts.map((c) => [c.name, num(c.members)]), ['*', 50]) : { text: 'No active member.', style: 'note' },
  ];
}

/**
 * The impact report as a PDF document definition: a title page line, the quarters and the year
 * (the same figures `impactReport` answers, the CSV's), the months, and three charts drawn as
 * vector graphics — takedowns per month with the share processed within the SLA, removals
 * proactive and on notice per month, enforcement outcomes per quarter — then the members by
 * category, region and country.
 */
export function impactReportDocument(report: ImpactReport, allianceName: string, generatedAt: Date): TDocumentDefinitions {
  const periods = [...report.quarters, report.total];
  const m = report.months;
  const q = report.quarters;
  const chartWidth = 762;
  const currency = report.reportingCurrency ? `values in ${report.reportingCurrency} at the coordinators’ dated rates` : 'no reporting currency set: values unconverted';
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [40, 40, 40, 40],
    info: { title: `Impact report ${report.year} — ${allianceName}`, author: allianceName, creator: 'Countermark' },
    defaultStyle: { font: 'Helvetica', fontSize: 8.5 },
    styles: {
      title: { fontSize: 22, bold: true, margin: [0, 0, 0, 6] },
      subtitle: { fontSize: 10, color: '#555', margin: [0, 0, 0, 14] },
      h2: { fontSize: 13, bold: true, margin: [0, 12, 0, 6] },
      h3: { fontSize: 10, bold: true, margin: [0, 8, 0, 4] },
      th: { bold: true, color: '#333' },
      table: { margin: [0, 0, 0, 8] },
      note: { fontSize: 7.5, color: '#555', margin: [0, 2, 0, 6] },
    },
    footer: (page: number, pages: number) => ({ text: `${allianceName} · Impact report ${report.year} · page ${page} of ${pages}`, alignment: 'center', fontSize: 7, color: '#777', margin: [0, 12, 0, 0] }),
    content: [
      { text: `Impact report ${report.year}`, style: 'title' },
      {
        text: `${allianceName} · 1 January to 31 December ${report.year} (UTC) · generated ${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC · ${currency}`,
        style: 'subtitle',
      },

      { text: 'Members, takedowns and monitoring', style: 'h2' },
      table(['Period', 'Members', 'Brands', 'Takedowns received', 'Processed', 'Within SLA', 'Within SLA %', 'Listings removed', 'Proactively', 'On notice', 'Alerts'], takedownRows(periods)),
      { text: 'Members and brands at the end of the period (or now); takedowns by month of submission; proactive removals come from monitoring alerts raised in the period.', style: 'note' },

      { text: 'Enforcement', style: 'h2' },
      table(['Period', 'Cases opened', 'Referred', 'Arrests', 'Manufacturing', 'Warehouse', 'Distribution', 'Retail', 'Sites closed', 'Units seized', 'Value seized', 'Not converted'], enforcementRows(periods),
        [40, 40, 38, 36, 60, 50, 50, 30, 36, 56, 88, '*']),
      { text: 'Outcomes of the cases whose action was first taken in the period; a value without a rate on that day is listed as not converted.', style: 'note' },

      { text: 'Takedowns per month', style: 'h2', pageBreak: 'before' },
      {
        svg: barChartSvg({
          width: chartWidth, height: 200, categories: MONTHS,
          series: [
            { name: 'Received', color: GREY, values: m.map((x) => x.takedownsReceived) },
            { name: 'Processed', color: BLUE, values: m.map((x) => x.takedownsProcessed) },
            { name: 'Processed within the SLA', color: GREEN, values: m.map((x) => x.takedownsProcessedWithinSla) },
          ],
          notes: m.map((x) => (x.takedownsProcessed ? share(x.takedownsProcessedWithinSla, x.takedownsProcessed) : null)),
        }),
        width: chartWidth,
      },
      { text: 'Above each month: the share of processed requests decided within the SLA.', style: 'note' },
      { text: 'Listings removed per month: proactive and on notice', style: 'h3' },
      {
        svg: barChartSvg({
          width: chartWidth, height: 170, categories: MONTHS, stacked: true,
          series: [
            { name: 'Proactively (from monitoring alerts)', color: GREEN, values: m.map((x) => x.listingsRemovedProactively) },
            { name: 'On notice', color: BLUE, values: m.map((x) => x.listingsRemovedOnNotice) },
          ],
        }),
        width: chartWidth,
      },

      { text: 'Months', style: 'h2', pageBreak: 'before' },
      table(['Month', 'Takedowns received', 'Processed', 'Within SLA', 'Within SLA %', 'Listings removed', 'Proactively', 'On notice', 'Alerts'], m.map((x) => [
        x.month, num(x.takedownsReceived), num(x.takedownsProcessed), num(x.takedownsProcessedWithinSla), share(x.takedownsProcessedWithinSla, x.takedownsProcessed),
        num(x.listingsRemoved), num(x.listingsRemovedProactively), num(x.listingsRemovedOnNotice), num(x.alerts),
      ])),
      { text: 'Enforcement outcomes per quarter', style: 'h3' },
      {
        svg: barChartSvg({
          width: chartWidth, height: 170, categories: q.map((x) => x.period),
          series: [
            { name: 'Cases referred', color: GREY, values: q.map((x) => x.casesReferred) },
            { name: 'Arrests', color: ORANGE, values: q.map((x) => x.arrests) },
            { name: 'Sites closed', color: BLUE, values: q.map((x) => x.sitesClosed.total) },
          ],
        }),
        width: chartWidth,
      },

      { text: `Members on ${report.membersAt.toISOString().slice(0, 10)}`, style: 'h2', pageBreak: 'before' },
      {
        columns: [
          memberTable('By industry category', 'Category', report.membersByCategory),
          memberTable('By region', 'Region', report.membersByRegion),
          memberTable('By country', 'Country', report.membersByCountry),
        ],
        columnGap: 24,
      },
      { text: 'A member of several categories counts in each; categories and countries as they are today.', style: 'note' },
    ],
  };
}

/** The impact report as PDF bytes. */
export function impactReportPdf(report: ImpactReport, allianceName: string, generatedAt = new Date()): Promise<Buffer> {
  return pdfmake.createPdf(impactReportDocument(report, allianceName, generatedAt)).getBuffer();
}
