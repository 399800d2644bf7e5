/** The CSV export of intelligence: the columns of `csv.ts`, one row per indicator (the import reads them there). */
import { stringify } from 'csv-stringify/sync';
import { CSV_COLUMNS } from './csv.js';
import { portableValue, type ExportReport } from './exchange-report.js';
import { stixReportId } from './stix.js';

const STRINGIFY = { escape_formulas: true, record_delimiter: 'unix' } as const;

/**
 * The CSV of the given reports, record by record (header first), each ending with a newline.
 * Cells that a spreadsheet would run as a formula (=, +, -, @ …) are written with a leading
 * apostrophe, which parseCsv removes again.
 */
export async function* toCsvRows(reports: Iterable<ExportReport> | AsyncIterable<ExportReport>): AsyncGenerator<string> {
  yield stringify([CSV_COLUMNS.map((c) => c.name)], { record_delimiter: 'unix' });
  for await (const { report, indicators } of reports) {
    const head = [
      stixReportId(report.id),
      report.title,
      report.kind,
      report.sharingLevel,
      report.confidence,
      report.country ?? '',
      report.firstObservedOn ?? '',
      report.lastObservedOn ?? '',
    ];
    if (indicators.length === 0) yield stringify([[...head, '', '', '', '', '']], STRINGIFY);
    for (const indicator of indicators) {
      const { value, qualifier } = portableValue(indicator, report.country);
      yield stringify([[...head, indicator.type, value, qualifier, indicator.note ?? '', indicator.key]], STRINGIFY);
    }
  }
}
