import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { downloadFromApi, postToApi } from '../common/apiRoutes';
import { useUpload } from '../common/useUpload';
import { graphql } from '../gql';
import { Button } from '../ui/Button';
import { HttpApiError, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { Page } from '../ui/Page';

const FormBrandsQuery = graphql(`
  query TakedownFormBrands {
    viewer { organisation { id name brands { id name } } }
    agentAuthorisations { id status expiresOn agent { id } principal { id name } brands { id name } }
  }
`);

interface Filed { id: string; listingCount: number; status: string }

/** The form's field names as the filer reads them in the PDF. */
const FIELD_WORDS: Record<string, string> = {
  right: 'Right cited',
  reason: 'Reason',
  listing_01: 'Listing addresses (at least one)',
  signatory: 'Name of the signatory',
  good_faith: 'Good-faith declaration',
};
const fieldWords = (field: string) => FIELD_WORDS[field] ?? field.replace(/^listing_0?(\d+)$/, 'Listing address $1');

/** What the API said about a refused form, field by field, beside its message. */
function FormProblems({ error }: { error: unknown }) {
  if (!(error instanceof HttpApiError)) return null;
  const missing = Array.isArray(error.details.missingFields) ? (error.details.missingFields as string[]) : [];
  const problems = Array.isArray(error.details.problems) ? (error.details.problems as { field: string; message: string }[]) : [];
  if (!missing.length && !problems.length) return null;
  return (
    <section aria-label="What to correct in the form" className="panel">
      <h2>Correct the form and upload it again</h2>
      <ul>
        {missing.map((f) => <li key={f}><strong>{fieldWords(f)}</strong>: still to fill in</li>)}
        {problems.map((p) => <li key={p.field}><strong>{fieldWords(p.field)}</strong>: {p.message}</li>)}
      </ul>
    </section>
  );
}

/**
 * /takedown/form: a member downloads the fillable PDF form for one of its brands (or a brand it
 * files for as an agent), fills it in any PDF reader and uploads it here (or sends it to the
 * alliance's takedown address). Each marketplace's listings become one request of channel
 * PDF_FORM; a form refused is answered with every field still to fill in or correct.
 */
export function FormFilingPage() {
  const { data, loading, error: loadError } = useQuery(FormBrandsQuery, { fetchPolicy: 'cache-and-network' });
  const [brandId, setBrandId] = useState('');
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>();
  const [filed, setFiled] = useState<Filed[]>();
  const { setFile, file, busy, error, formKey, submit: upload } = useUpload(async (chosen) => {
    setFiled(undefined);
    setFiled((await postToApi<{ requests: Filed[] }>('/takedown-forms', chosen)).requests);
  });

  if (loading && !data) return <main><p>Loading…</p></main>;
  if (loadError && !data) return <main><p role="alert">{loadError.message}</p></main>;

  const today = new Date().toISOString().slice(0, 10);
  const organisation = data?.viewer.organisation;
  const brands = organisation?.brands ?? [];
  const authorised = (data?.agentAuthorisations ?? []).filter((a) => a.status === 'ACTIVE' && a.expiresOn >= today && a.agent?.id === organisation?.id);
  const downloadErrors = placeErrors(downloadError, ['brandId']);
  const errors = placeErrors(error, ['file']);

  const download = async () => {
    setDownloading(true);
    setDownloadError(undefined);
    try {
      await downloadFromApi(`/takedown-forms?${new URLSearchParams({ brandId })}`, 'takedown-form.pdf');
    } catch (e) {
      setDownloadError(e);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Page title="File with a PDF form" width="wide">
      <p className="crumbs"><Link to="/takedown">Takedown requests</Link></p>
      <section aria-label="Download a form" className="panel stack">
        <h2>1. Download the form</h2>
        <p className="hint">The form lists the brand’s verified, unexpired rights and has room for 20 listing addresses; more listings go in a <Link to="/takedown/bulk">CSV</Link>. It can also be sent back as an e-mail attachment.</p>
        <Field label="Brand" name="brandId" errors={downloadErrors}>
          <select value={brandId} onChange={(e) => setBrandId(e.target.value)}>
            <option value="">Choose a brand…</option>
            {brands.length > 0 && <optgroup label={organisation?.name ?? 'Yours'}>{brands.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}</optgroup>}
            {authorised.map((a) => (
              <optgroup key={a.id} label={`As agent for ${a.principal?.name ?? 'a rights holder'} (until ${a.expiresOn})`}>
                {a.brands.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
              </optgroup>
            ))}
          </select>
        </Field>
        <FormAlert message={downloadErrors.form} />
        <div><Button variant="secondary" onClick={download} busy={downloading} busyLabel="Preparing…" disabled={!brandId}>Download the PDF form</Button></div>
      </section>

      <form key={formKey} onSubmit={upload} aria-label="Upload a filled form" className="panel stack">
        <h2>2. Upload the filled form</h2>
        <Field label="Filled form (PDF)" name="file" errors={errors}>
          <input type="file" accept="application/pdf,.pdf" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
        </Field>
        <FormAlert message={errors.form} />
        <div><Button type="submit" busy={busy} busyLabel="Filing…" disabled={!file}>Upload and file</Button></div>
      </form>
      <FormProblems error={error} />

      {filed && (
        <section aria-label="Filed from the form" className="panel">
          <h2>Filed</h2>
          <ul>
            {filed.map((r) => (
              <li key={r.id}><Link to={`/takedown/${encodeURIComponent(r.id)}`}>Request with {r.listingCount === 1 ? '1 listing' : `${r.listingCount} listings`}</Link></li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}
