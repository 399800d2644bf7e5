import { skipToken, useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { apolloClient } from '../common/apollo';
import { enumLabel } from '../common/format';
import { graphql } from '../gql';
import type { TakedownReason } from '../gql/graphql';
import { Button } from '../ui/Button';
import { placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { Page } from '../ui/Page';
import { REASON_LABELS, REASONS_OF } from './labels';
import { listingRowErrors, ListingsTable, newListing, type ListingDraft, type ParseListing } from './ListingRows';

graphql(`
  fragment CitableRights on Brand {
    id name
    trademarks { id office registrationNumber verificationStatus expiresOn }
    ipRights { id kind office number title verificationStatus expiresOn }
  }
`);

const FilingFormQuery = graphql(`
  query TakedownFilingForm {
    viewer { organisation { id name brands { ...CitableRights } } }
    agentAuthorisations { id status expiresOn agent { id } principal { id name } brands { id name } }
  }
`);

/** An authorised brand's rights, read when it is chosen (all authorisations' brands with their rights at once would cost too much). */
const BrandRightsQuery = graphql(`
  query BrandRights($id: ID!) {
    node(id: $id) { __typename id ... on Brand { ...CitableRights } }
  }
`);

const ParseListingUrlQuery = graphql(`
  query ParseListingUrl($url: String!) {
    parseListingUrl(url: $url) { url listingId storeId marketplace { id name } }
  }
`);

const FileTakedownMutation = graphql(`
  mutation FileTakedown($input: FileTakedownInput!) {
    fileTakedown(input: $input) { id status }
  }
`);

const FIELDS = ['brandId', 'trademarkId', 'ipRightId', 'reason', 'statement', 'listings', 'marketplaceId', 'clientKey'];

/** A right a request may cite: verified by the coordinators and not expired. */
interface Right { value: string; label: string; kind: keyof typeof REASONS_OF }

/** A key of the form's own: submitting twice (a double click, a retry after a lost answer) files once. */
function clientKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `portal-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** `19.90` or `19,90` as a number (NaN for anything else). */
const priceOf = (typed: string) => (/^\d+(?:[.,]\d*)?$/.test(typed.trim()) ? Number(typed.trim().replace(',', '.')) : Number.NaN);

/** The API reads the URL: the same address asked twice is answered from the cache. */
const parseListing: ParseListing = async (url) => (await apolloClient.query({ query: ParseListingUrlQuery, variables: { url } })).data!.parseListingUrl;

/**
 * /takedown/new: a member files a takedown request for one of its brands, citing a verified right
 * of it, against 1–300 listings of one marketplace read from their URLs as they are typed. Filed
 * through the PORTAL channel with a key of this form, so a double submit files once; the API's
 * refusals land on the field or listing row they name. Filed, the request's page opens.
 */
export function FileTakedownPage() {
  const navigate = useNavigate();
  const { data, loading, error: loadError } = useQuery(FilingFormQuery, { fetchPolicy: 'cache-and-network' });
  const [key] = useState(clientKey);
  const [brandId, setBrandId] = useState('');
  const [right, setRight] = useState('');
  const [reason, setReason] = useState<TakedownReason | ''>('');
  const [statement, setStatement] = useState('');
  const [listings, setListings] = useState<ListingDraft[]>(() => [newListing()]);
  const [sentRowIds, setSentRowIds] = useState<number[]>([]);
  // rows changed since the API refused them: their old messages no longer apply
  const [edited, setEdited] = useState<ReadonlySet<number>>(new Set());
  const [error, setError] = useState<unknown>();
  const [file, { loading: filing }] = useMutation(FileTakedownMutation, { refetchQueries: ['TakedownRequests'] });
  const today = new Date().toISOString().slice(0, 10);
  const organisation = data?.viewer.organisation;
  const brands = organisation?.brands ?? [];
  // an agent files for the brands a rights holder authorised it for, until the authorisation expires
  const authorised = (data?.agentAuthorisations ?? []).filter((a) => a.status === 'ACTIVE' && a.expiresOn >= today && a.agent?.id === organisation?.id);
  const agentBrand = brandId && !brands.some((b) => b.id === brandId) ? brandId : undefined;
  const agentRights = useQuery(BrandRightsQuery, agentBrand ? { variables: { id: agentBrand } } : skipToken);

  if (loading && !data) return <main><p>Loading…</p></main>;
  if (loadError && !data) return <main><p role="alert">{loadError.message}</p></main>;

  const current = (r: { verificationStatus: string; expiresOn?: string | null }) => r.verificationStatus === 'VERIFIED' && (!r.expiresOn || r.expiresOn >= today);
  const node = agentRights.data?.node;
  const brand = brands.find((b) => b.id === brandId) ?? (node?.__typename === 'Brand' && node.id === agentBrand ? node : undefined);
  const rights: Right[] = brand ? [
    ...brand.trademarks.filter(current).map((t) => ({ value: `trademark:${t.id}`, label: `Trademark ${t.office} ${t.registrationNumber}`, kind: 'TRADEMARK' as const })),
    ...brand.ipRights.filter(current).map((r) => ({ value: `ip:${r.id}`, label: `${enumLabel(r.kind)} ${r.office} ${r.number}${r.title ? ` (${r.title})` : ''}`, kind: r.kind })),
  ] : [];
  const cited = rights.find((r) => r.value === right);
  const reasons = cited ? REASONS_OF[cited.kind] : [];

  const errors = placeErrors(error, FIELDS);
  const byRow = listingRowErrors(error, sentRowIds);
  for (const rowId of edited) byRow.delete(rowId);
  // a price that is no number would reach the API as nothing: said here, on its row
  for (const l of listings) {
    if (l.price.trim() && !Number.isFinite(priceOf(l.price))) byRow.set(l.rowId, { ...byRow.get(l.rowId), price: 'A price is a number, e.g. 19.90' });
  }
  const listingsError = byRow.size === 0 ? errors.byField.listings : undefined;

  const chooseBrand = (id: string) => {
    setBrandId(id);
    setRight('');
    setReason('');
  };
  const chooseRight = (value: string) => {
    setRight(value);
    const kind = rights.find((r) => r.value === value)?.kind;
    setReason(kind ? REASONS_OF[kind][0] : '');
  };

  const changeListings = (rows: ListingDraft[]) => {
    const before = new Map(listings.map((l) => [l.rowId, l]));
    setEdited((e) => new Set([...e, ...rows.filter((r) => before.get(r.rowId) !== r).map((r) => r.rowId)]));
    setListings(rows);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (filing) return;
    setError(undefined);
    setEdited(new Set());
    if (listings.some((l) => l.price.trim() && !Number.isFinite(priceOf(l.price)))) return;
    const sent = listings.filter((l) => l.url.trim());
    setSentRowIds(sent.map((l) => l.rowId));
    const [kind, id] = right.split(':');
    try {
      const result = await file({
        variables: {
          input: {
            brandId,
            trademarkId: kind === 'trademark' ? id : undefined,
            ipRightId: kind === 'ip' ? id : undefined,
            reason: reason as TakedownReason,
            statement: statement.trim() || undefined,
            channel: 'PORTAL',
            clientKey: key,
            listings: sent.map((l) => ({
              url: l.url.trim(),
              storeName: l.storeName.trim() || undefined,
              price: l.price.trim() ? priceOf(l.price) : undefined,
              currency: l.currency.trim() || undefined,
              screenshotFileIds: l.screenshots.length ? l.screenshots.map((f) => f.id) : undefined,
            })),
          },
        },
      });
      navigate(`/takedown/${encodeURIComponent(result.data!.fileTakedown.id)}`);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Page title="New takedown request" width="wide">
      <p className="crumbs"><Link to="/takedown">Takedown requests</Link></p>
      {brands.length === 0 && authorised.length === 0 ? <p>Your organisation has no brand registered: add one with a verified trademark first.</p> : (
        <form onSubmit={submit} aria-label="New takedown request" className="takedown-form">
          <section className="panel">
            <h2>The right infringed</h2>
            <div className="grid-2">
              <Field label="Brand" name="brandId" errors={errors}>
                <select value={brandId} onChange={(e) => chooseBrand(e.target.value)} required>
                  <option value="">Choose a brand…</option>
                  {authorised.length === 0 ? brands.map((b) => <option key={b.id} value={b.id}>{b.name}</option>) : (
                    <>
                      {brands.length > 0 && <optgroup label={organisation?.name ?? 'Yours'}>{brands.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}</optgroup>}
                      {authorised.map((a) => (
                        <optgroup key={a.id} label={`As agent for ${a.principal?.name ?? 'a rights holder'} (until ${a.expiresOn})`}>
                          {a.brands.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
                        </optgroup>
                      ))}
                    </>
                  )}
                </select>
              </Field>
              <Field label="Right cited" error={errors.byField.trademarkId ?? errors.byField.ipRightId}
                hint={agentBrand && agentRights.loading ? 'Reading the brand’s rights…' : brand && rights.length === 0 ? 'This brand has no verified, unexpired right: the coordinators verify trademarks and other rights first' : 'A verified, unexpired trademark or other right of the brand'}>
                <select value={right} onChange={(e) => chooseRight(e.target.value)} required disabled={!brand}>
                  <option value="">{brand ? 'Choose a right…' : 'Choose a brand first'}</option>
                  {rights.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
                </select>
              </Field>
              <Field label="Reason" name="reason" errors={errors}>
                <select value={reason} onChange={(e) => setReason(e.target.value as TakedownReason)} required disabled={!cited}>
                  {!cited && <option value="">Choose a right first</option>}
                  {reasons.map((r) => <option key={r} value={r}>{REASON_LABELS[r]}</option>)}
                </select>
              </Field>
            </div>
            <Field label="Statement" name="statement" errors={errors} hint="Optional: why these listings infringe (the reviewer reads it)">
              <textarea rows={3} maxLength={5000} value={statement} onChange={(e) => setStatement(e.target.value)} />
            </Field>
          </section>
          <ListingsTable rows={listings} onChange={changeListings} parse={parseListing} errors={byRow} error={listingsError} />
          <FormAlert message={errors.form} />
          <div className="actions">
            <Button type="submit" busy={filing} busyLabel="Filing…">File request</Button>
            <span className="hint">The marketplace’s reviewers decide within the alliance’s SLA.</span>
          </div>
        </form>
      )}
    </Page>
  );
}
