import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { postToApi } from '../common/apiRoutes';
import { useUpload } from '../common/useUpload';
import { formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { TakedownBulkImportRowFragment } from '../gql/graphql';
import { Button } from '../ui/Button';
import { DataTable, type Column } from '../ui/DataTable';
import { placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { Page } from '../ui/Page';

const ROWS_PAGE = 100;

graphql(`
  fragment TakedownBulkImportRow on TakedownBulkImport {
    id fileName status error rowsRead rowsFiled rowsRefused requestsFiled createdAt finishedAt
  }
`);

const BulkImportsQuery = graphql(`
  query TakedownBulkImports {
    takedownBulkImports(first: 20) { ...TakedownBulkImportRow }
  }
`);

const BulkImportRowsQuery = graphql(`
  query TakedownBulkImportRows($id: ID!, $status: String, $afterLine: Int! = 0) {
    takedownBulkImport(id: $id) {
      ...TakedownBulkImportRow
      rows(afterLine: $afterLine, first: 100, status: $status) { line status field message requestId }
    }
  }
`);

type BulkImport = TakedownBulkImportRowFragment;
type Row = { line: number; status: string; field?: string | null; message?: string | null; requestId?: string | null };

const running = (b: BulkImport) => b.status === 'QUEUED' || b.status === 'RUNNING';

const STATUS_WORDS: Record<string, string> = { QUEUED: 'Waiting for a worker', RUNNING: 'Filing', DONE: 'Done', FAILED: 'Failed' };

const IMPORT_COLUMNS = (open: (id: string) => void): Column<BulkImport>[] => [
  { id: 'file', header: 'File', cell: (b) => <Button variant="link" onClick={() => open(b.id)}>{b.fileName}</Button> },
  { id: 'status', header: 'Status', cell: (b) => STATUS_WORDS[b.status] ?? b.status },
  { id: 'read', header: 'Rows read', className: 'num', cell: (b) => b.rowsRead },
  { id: 'filed', header: 'Filed', className: 'num', cell: (b) => b.rowsFiled },
  { id: 'refused', header: 'Refused', className: 'num', cell: (b) => b.rowsRefused },
  { id: 'requests', header: 'Requests', className: 'num', cell: (b) => b.requestsFiled },
  { id: 'when', header: 'Uploaded', className: 'nowrap', cell: (b) => formatDateTime(b.createdAt) },
];

const ROW_COLUMNS: Column<Row>[] = [
  { id: 'line', header: 'Line', className: 'num', cell: (r) => r.line },
  { id: 'status', header: 'Result', cell: (r) => <span className={`badge bulk-${r.status.toLowerCase()}`}>{r.status === 'FILED' ? 'Filed' : 'Refused'}</span> },
  { id: 'field', header: 'Column', cell: (r) => (r.field ? <code>{r.field}</code> : '') },
  { id: 'message', header: 'Why', cell: (r) => r.message ?? '' },
  { id: 'request', header: 'Request', cell: (r) => (r.requestId ? <Link to={`/takedown/${encodeURIComponent(r.requestId)}`}>Open</Link> : '') },
];

/** One upload: its progress while the job files it, then every row's result (refused ones with the column at fault). */
function BulkImportResult({ id }: { id: string }) {
  const [refusedOnly, setRefusedOnly] = useState(false);
  const status = refusedOnly ? 'REFUSED' : undefined;
  const { data, loading, error, fetchMore, startPolling, stopPolling } = useQuery(BulkImportRowsQuery, {
    variables: { id, status },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  const bulk = data?.takedownBulkImport;
  const working = bulk ? running(bulk) : false;
  // poll while the job works, stop once it is done
  useEffect(() => {
    if (working) startPolling(1000);
    else stopPolling();
    return () => stopPolling();
  }, [working, startPolling, stopPolling]);
  if (!bulk) return loading ? <p>Loading…</p> : <p role="alert">{error?.message}</p>;
  const shown = refusedOnly ? bulk.rowsRefused : bulk.rowsFiled + bulk.rowsRefused;
  return (
    <section aria-label={`Results of ${bulk.fileName}`} className="panel stack">
      <h2>{bulk.fileName}</h2>
      <div className="bulk-progress">
        {/* the job does not know the file's length ahead: the bar runs until it is done */}
        <progress aria-label="Filing progress" max={1} value={running(bulk) ? undefined : 1} />
        <span role="status">
          {STATUS_WORDS[bulk.status] ?? bulk.status}: {bulk.rowsRead} rows read, {bulk.rowsFiled} filed in {bulk.requestsFiled === 1 ? '1 request' : `${bulk.requestsFiled} requests`}, {bulk.rowsRefused} refused
        </span>
      </div>
      {bulk.error && <p role="alert" className="form-error">{bulk.error}</p>}
      <label className="check"><input type="checkbox" checked={refusedOnly} onChange={(e) => setRefusedOnly(e.target.checked)} /> Refused rows only</label>
      <DataTable label="Row results" columns={ROW_COLUMNS} rows={bulk.rows} rowKey={(r) => String(r.line)} loading={loading} error={error}
        empty={<p>{running(bulk) ? 'No row filed yet.' : 'No row to show.'}</p>}
        loadMore={{
          hasNextPage: bulk.rows.length < shown && bulk.rows.length % ROWS_PAGE === 0,
          loading,
          onLoadMore: () => fetchMore({ variables: { afterLine: bulk.rows.at(-1)?.line ?? 0 } }),
        }} />
    </section>
  );
}

/**
 * /takedown/bulk: a member files many listings at once from a CSV (channel BULK_CSV). The job
 * groups valid rows into requests (one per brand, right, reason and marketplace, at most 300
 * listings each) and explains every refused row; the same file uploaded again files nothing twice.
 */
export function BulkFilingPage() {
  const [openId, setOpenId] = useState<string>();
  const imports = useQuery(BulkImportsQuery, { fetchPolicy: 'cache-and-network' });
  const { setFile, file, busy, error, formKey, submit } = useUpload(async (chosen) => {
    const { id } = await postToApi<{ id: string }>(`/takedown-imports?${new URLSearchParams({ fileName: chosen.name })}`, chosen);
    setOpenId(id);
    await imports.refetch();
  });
  const errors = placeErrors(error, ['fileName']);
  const shown = openId ?? imports.data?.takedownBulkImports[0]?.id;

  return (
    <Page title="File from a CSV" width="wide">
      <p className="crumbs"><Link to="/takedown">Takedown requests</Link></p>
      <form key={formKey} onSubmit={submit} aria-label="Upload a CSV" className="panel stack">
        <p className="hint">
          A header row names the columns, in any order: <code>brand</code>, <code>right</code> (the registration number), <code>url</code>, and optionally{' '}
          <code>reason</code>, <code>listing_id</code>, <code>store_id</code>, <code>store_name</code>, <code>price</code>, <code>currency</code>.
          Each brand, right, reason and marketplace becomes one request of up to 300 listings.
        </p>
        <Field label="CSV file" name="fileName" errors={errors}>
          <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
        </Field>
        <FormAlert message={errors.form} />
        <div><Button type="submit" busy={busy} busyLabel="Uploading…" disabled={!file}>Upload and file</Button></div>
      </form>
      {shown && <BulkImportResult key={shown} id={shown} />}
      <section aria-label="Uploads">
        <h2>Your uploads</h2>
        <DataTable label="Uploads" columns={IMPORT_COLUMNS(setOpenId)} rows={imports.data?.takedownBulkImports} rowKey={(b) => b.id}
          loading={imports.loading} error={imports.error} empty={<p>No upload yet.</p>} />
      </section>
    </Page>
  );
}
