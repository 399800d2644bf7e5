import type { ReportValues } from '../intel/reports/report-values.js';

/**
 * A line of an import's spool (JSON, one a line, beside the upload): a checked report, its
 * indicators' keys computed. The check writes it (on the API's thread, or a CSV part's thread), the
 * writing phase reads it back in batches from its checkpoint on.
 */
export interface SpoolLine {
  r: string;
  v: ReportValues;
}

export const spoolLine = (sourceRef: string, values: ReportValues): string => `${JSON.stringify({ r: sourceRef, v: values } satisfies SpoolLine)}\n`;
