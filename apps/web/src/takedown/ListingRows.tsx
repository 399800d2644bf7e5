import { useEffect, useId, useState } from 'react';
import { uploadFile, type UploadedFile } from '../evidence/EvidenceUpload';
import { Button } from '../ui/Button';
import { DataTable, type Column } from '../ui/DataTable';
import { apiErrors } from '../ui/errors';

/** The API takes at most this many listings in one request, and this many screenshots a listing. */
export const MAX_LISTINGS = 300;
export const MAX_SCREENSHOTS = 5;

export interface ListingDraft {
  /** stable across edits and removals, for React and for the API's errors */
  rowId: number;
  url: string;
  storeName: string;
  /** as typed, so a half-typed price is not lost */
  price: string;
  currency: string;
  /** pictures uploaded for this listing (POST /files), sent as screenshotFileIds */
  screenshots: UploadedFile[];
}

/** Per-field messages of one row (`listings.3.url` → the fourth listing sent). */
export type ListingErrors = Partial<Record<'url' | 'storeName' | 'price' | 'currency' | 'screenshots', string>>;

/** What `parseListingUrl` answers: the marketplace and the ids it read. */
export interface ParsedListing {
  marketplace: { name: string };
  listingId?: string | null;
  storeId?: string | null;
}

/** Reads a URL as the API does; rejects with the API's error (an unknown marketplace: the known ones are in the message). */
export type ParseListing = (url: string) => Promise<ParsedListing>;

let nextRowId = 1;
export function newListing(): ListingDraft {
  return { rowId: nextRowId++, url: '', storeName: '', price: '', currency: '', screenshots: [] };
}

/**
 * The API names a listing's field `listings.3.url` (or `listings[3].url`): the message goes to the
 * row that was sent fourth. A missing listing id is the URL's fault, so it shows there.
 */
export function listingRowErrors(error: unknown, sentRowIds: readonly number[]): Map<number, ListingErrors> {
  const out = new Map<number, ListingErrors>();
  for (const e of apiErrors(error)) {
    const match = e.field ? /^listings[.[](\d+)\]?(?:\.(\w+))?(?:\.\d+)?$/.exec(e.field) : null;
    const rowId = match ? sentRowIds[Number(match[1])] : undefined;
    if (rowId === undefined) continue;
    const named = match![2];
    const field: keyof ListingErrors = named === 'storeName' || named === 'price' || named === 'currency' ? named : named === 'screenshotFileIds' ? 'screenshots' : 'url';
    out.set(rowId, { ...out.get(rowId), [field]: out.get(rowId)?.[field] ?? e.message });
  }
  return out;
}

type ParseState = { state: 'idle' } | { state: 'checking' } | { state: 'ok'; listing: ParsedListing } | { state: 'refused'; message: string };

/**
 * A listing's URL, read by the API while it is typed (after a pause of `delay` ms, so a URL typed
 * letter by letter is asked about once): the marketplace and listing id it names, or why it names
 * none. What it read is the input's description, and so is the API's error for the row at filing.
 */
export function ListingUrlField({ n, value, onChange, parse, error, delay = 350 }: {
  /** 1-based position, for the label */
  n: number;
  value: string;
  onChange: (url: string) => void;
  parse: ParseListing;
  /** the API's message for this row's URL when filing was refused */
  error?: string;
  delay?: number;
}) {
  const id = useId();
  const [read, setRead] = useState<ParseState>({ state: 'idle' });
  const url = value.trim();

  useEffect(() => {
    if (!url) {
      setRead({ state: 'idle' });
      return;
    }
    let current = true;
    setRead({ state: 'checking' });
    const timer = setTimeout(() => {
      parse(url).then(
        (listing) => current && setRead({ state: 'ok', listing }),
        (e: unknown) => current && setRead({ state: 'refused', message: apiErrors(e)[0]?.message ?? 'Could not read this URL' }),
      );
    }, delay);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [url, parse, delay]);

  const invalid = read.state === 'refused' || Boolean(error);
  return (
    <>
      <label htmlFor={`${id}-url`} className="sr-only">URL of listing {n}</label>
      <input id={`${id}-url`} type="url" value={value} placeholder="https://…" aria-invalid={invalid || undefined}
        aria-describedby={[read.state !== 'idle' ? `${id}-read` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined}
        onChange={(e) => onChange(e.target.value)} />
      <output id={`${id}-read`} htmlFor={`${id}-url`} aria-live="polite" className={`listing-read ${read.state}`}>
        {read.state === 'checking' && 'Reading…'}
        {read.state === 'ok' && (
          <>
            <strong>{read.listing.marketplace.name}</strong>
            {read.listing.listingId ? <> · listing <code>{read.listing.listingId}</code></> : ' · no listing id in this address'}
            {read.listing.storeId && <> · store <code>{read.listing.storeId}</code></>}
          </>
        )}
        {read.state === 'refused' && read.message}
      </output>
      {error && <span id={`${id}-error`} className="field-error">{error}</span>}
    </>
  );
}

/**
 * A listing's screenshots: pictures uploaded as soon as they are chosen (the bytes through POST
 * /files), listed by name with a way to take each back, at most MAX_SCREENSHOTS.
 */
function ScreenshotsField({ n, value, onChange, error }: { n: number; value: readonly UploadedFile[]; onChange: (files: UploadedFile[]) => void; error?: string }) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [uploadError, setUploadError] = useState<string>();
  const choose = async (files: File[]) => {
    setUploadError(undefined);
    const room = MAX_SCREENSHOTS - value.length;
    if (files.length > room) setUploadError(`At most ${MAX_SCREENSHOTS} screenshots a listing`);
    setBusy(true);
    const stored: UploadedFile[] = [];
    try {
      for (const file of files.slice(0, Math.max(0, room))) stored.push(await uploadFile(file));
    } catch (e) {
      setUploadError(apiErrors(e).map((x) => x.message).join(' '));
    } finally {
      setBusy(false);
      if (stored.length) onChange([...value, ...stored]);
    }
  };
  const message = uploadError ?? error;
  return (
    <>
      <label htmlFor={`${id}-shots`} className="sr-only">Screenshots of listing {n}</label>
      <input id={`${id}-shots`} type="file" multiple accept="image/png,image/jpeg,image/webp,image/gif" disabled={busy || value.length >= MAX_SCREENSHOTS}
        aria-invalid={message ? true : undefined} aria-describedby={message ? `${id}-error` : undefined}
        onChange={(e) => { void choose([...(e.target.files ?? [])]); e.target.value = ''; }} />
      {busy && <span className="hint">Uploading…</span>}
      {value.length > 0 && (
        <ul className="screenshot-list" aria-label={`Screenshots of listing ${n}`}>
          {value.map((f) => (
            <li key={f.id}>{f.fileName} <Button variant="link" small onClick={() => onChange(value.filter((x) => x.id !== f.id))}>Remove<span className="sr-only"> {f.fileName}</span></Button></li>
          ))}
        </ul>
      )}
      {message && <span id={`${id}-error`} className="field-error">{message}</span>}
    </>
  );
}

/**
 * The request's listings as an editable table: the URL (read as typed), and the store name, price
 * and currency the URL does not carry. Rows are added up to the API's 300 and removed freely.
 */
export function ListingsTable({ rows, onChange, parse, errors, error }: {
  rows: readonly ListingDraft[];
  onChange: (rows: ListingDraft[]) => void;
  parse: ParseListing;
  errors: ReadonlyMap<number, ListingErrors>;
  /** a message about the listings as a whole (none, or too many) */
  error?: string;
}) {
  const baseId = useId();
  const update = (rowId: number, changes: Partial<ListingDraft>) => onChange(rows.map((r) => (r.rowId === rowId ? { ...r, ...changes } : r)));
  const idOf = (row: ListingDraft, field: string) => `${baseId}-${row.rowId}-${field}`;
  const text = (field: 'storeName' | 'price' | 'currency', label: string, props: Record<string, unknown> = {}) =>
    (row: ListingDraft, i: number) => {
      const message = errors.get(row.rowId)?.[field];
      return (
        <>
          <label htmlFor={idOf(row, field)} className="sr-only">{label} of listing {i + 1}</label>
          <input id={idOf(row, field)} value={row[field]} aria-invalid={message ? true : undefined} aria-describedby={message ? `${idOf(row, field)}-error` : undefined}
            onChange={(e) => update(row.rowId, { [field]: e.target.value })} {...props} />
          {message && <span id={`${idOf(row, field)}-error`} className="field-error">{message}</span>}
        </>
      );
    };
  const columns: Column<ListingDraft>[] = [
    { id: 'n', header: '#', className: 'num', cell: (_, i) => i + 1 },
    { id: 'url', header: 'Listing URL', className: 'url', cell: (row, i) => (
      <ListingUrlField n={i + 1} value={row.url} onChange={(url) => update(row.rowId, { url })} parse={parse} error={errors.get(row.rowId)?.url} />
    ) },
    { id: 'store', header: 'Store name', cell: text('storeName', 'Store name', { maxLength: 200 }) },
    { id: 'price', header: 'Price', className: 'price', cell: text('price', 'Price', { inputMode: 'decimal', placeholder: '0.00' }) },
    { id: 'currency', header: 'Currency', className: 'currency', cell: text('currency', 'Currency', { maxLength: 3, placeholder: 'CNY' }) },
    { id: 'screenshots', header: 'Screenshots', cell: (row, i) => (
      <ScreenshotsField n={i + 1} value={row.screenshots} onChange={(screenshots) => update(row.rowId, { screenshots })} error={errors.get(row.rowId)?.screenshots} />
    ) },
    { id: 'actions', header: <span className="sr-only">Actions</span>, cell: (row, i) => (
      <Button variant="secondary" small disabled={rows.length === 1} onClick={() => onChange(rows.filter((r) => r.rowId !== row.rowId))}>
        Remove<span className="sr-only"> listing {i + 1}</span>
      </Button>
    ) },
  ];
  return (
    <fieldset className={error ? 'listings invalid' : 'listings'}>
      <legend>Listings</legend>
      <p className="hint">One listing per row, all on one marketplace; its listing id is read from the URL as you type. Price, currency and screenshots (up to 5 pictures a listing) are optional.</p>
      <DataTable label="Listings" className="listing-table" columns={columns} rows={rows} rowKey={(row) => String(row.rowId)}
        rowProps={(row, i) => ({ className: errors.has(row.rowId) ? 'listing-row refused' : 'listing-row', 'data-row': i + 1 })} />
      {error && <span className="field-error">{error}</span>}
      <div className="actions">
        <Button variant="secondary" disabled={rows.length >= MAX_LISTINGS} onClick={() => onChange([...rows, newListing()])}>Add listing</Button>
        <span className="count">{rows.length} of at most {MAX_LISTINGS}</span>
      </div>
    </fieldset>
  );
}
