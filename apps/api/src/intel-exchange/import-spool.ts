import { createReadStream } from 'node:fs';
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

/** The spool's lines a megabyte of it at a time: the writing phase reads tens of thousands, and readline's iterator cost a promise each. */
export async function* spoolLines(path: string): AsyncGenerator<string[]> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1024 * 1024 }) as AsyncIterable<string>) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    if (lines.length) yield lines;
  }
  if (rest) yield [rest];
}
