import { useApolloClient } from '@apollo/client/react';
import { useState } from 'react';
import { Button } from '../ui/Button';
import { apiErrors } from '../ui/errors';
import { graphql } from '../gql';
import type { ExchangeFormat, ExportIntelInput } from '../gql/graphql';
import { downloadFromApi } from '../common/apiRoutes';
import { downloadFile } from './download';

const ExportIntel = graphql(`
  query ExportIntel($input: ExportIntelInput!) {
    exportIntel(input: $input) { fileName contentType content reports }
  }
`);

const FORMATS: { format: ExchangeFormat; label: string }[] = [
  { format: 'STIX', label: 'Export STIX' },
  { format: 'CSV', label: 'Export CSV' },
];

/** A network's export, of any size: GET /exports streams it (CSV, or a STIX bundle). Answers the file name the API gave it. */
function streamedExport(format: ExchangeFormat, networkId: string): Promise<string> {
  return downloadFromApi(`/exports?${new URLSearchParams({ format, networkId })}`, `countermark.${format === 'STIX' ? 'stix.json' : 'csv'}`);
}

/**
 * "Export STIX" and "Export CSV" for a network or chosen reports: the API writes the file from what
 * the caller may see, and the browser saves it under the API's name. A network streams from
 * GET /exports, whatever its size; chosen reports (a page of the feed, one report) come back in
 * the GraphQL answer of exportIntel, with their count.
 */
export function ExportButtons({ scope, label, showLabel = false, disabled }: {
  /** a network, or the reports to export */
  scope: Omit<ExportIntelInput, 'format'>;
  /** what is exported, for the group's accessible name */
  label: string;
  /** say it on screen too, where the buttons stand away from what they export */
  showLabel?: boolean;
  disabled?: boolean;
}) {
  const client = useApolloClient();
  const [busy, setBusy] = useState<ExchangeFormat | null>(null);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();

  const run = async (format: ExchangeFormat) => {
    setBusy(format);
    setError(undefined);
    setDone(undefined);
    try {
      if (scope.networkId) {
        setDone(`${await streamedExport(format, String(scope.networkId))} saved`);
        return;
      }
      // an export is a file, not data to keep: never cached
      const { data } = await client.query({ query: ExportIntel, variables: { input: { ...scope, format } }, fetchPolicy: 'no-cache' });
      const file = data?.exportIntel;
      if (!file) throw new Error('The export came back empty');
      downloadFile(file.content, file.fileName, file.contentType);
      setDone(`${file.fileName}: ${file.reports === 1 ? '1 report' : `${file.reports} reports`}`);
    } catch (e) {
      setError(apiErrors(e).map((x) => x.message).join(' '));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div role="group" aria-label={label} className="actions export">
      {showLabel && <span className="hint" aria-hidden="true">{label}:</span>}
      {FORMATS.map((f) => (
        <Button key={f.format} variant="secondary" disabled={disabled || busy !== null} onClick={() => run(f.format)}>
          {busy === f.format ? 'Exporting…' : f.label}
        </Button>
      ))}
      {done && <span role="status" className="hint">{done}</span>}
      {error && <p role="alert" className="form-error">{error}</p>}
    </div>
  );
}
