import { useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { CategoryPicker } from '../categories/CategoryPicker';
import { countryName } from '../common/countries';
import { CountrySelect } from '../common/CountrySelect';
import { Button } from '../ui/Button';
import { apiErrors, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { formatBytes, SHARING_LEVEL_ORDER, sharingLevelLabel, sharingLevelMeaning } from '../common/format';
import { EvidenceUpload, type UploadedFile } from '../evidence/EvidenceUpload';
import { graphql } from '../gql';
import type { ReportEditableFragment, ReportKind, SharingLevel } from '../gql/graphql';
import { checkRows, IndicatorTable, newRow, type IndicatorRow, type RowErrors } from './IndicatorTable';
import { qualifierFromKey } from './indicatorKeys';
import { REPORT_KINDS } from './labels';

graphql(`
  fragment ReportEditable on IntelReport {
    id kind title summary confidence sharingLevel status country countries marketplaces firstObservedOn lastObservedOn
    reporter { id }
    brands { id name }
    categories { id name }
    evidence { id fileName sizeBytes }
    indicators { id type value key note }
  }
`);

const CreateReport = graphql(`
  mutation CreateReport($input: CreateReportInput!) {
    createReport(input: $input) { ...ReportEditable }
  }
`);

const UpdateReport = graphql(`
  mutation UpdateReport($input: UpdateReportInput!) {
    updateReport(input: $input) { ...ReportEditable }
  }
`);

const PublishDraft = graphql(`
  mutation PublishDraft($reportId: ID!) {
    publishReport(reportId: $reportId) { id status publishedAt network { id } }
  }
`);

const FIELDS = [
  'reportId', 'kind', 'title', 'summary', 'confidence', 'sharingLevel', 'country', 'countries', 'marketplaces', 'brandIds', 'categoryIds',
  'firstObservedOn', 'lastObservedOn', 'evidenceFileIds', 'indicators',
];

interface Values {
  kind: ReportKind;
  title: string;
  summary: string;
  /** as typed, so a half-typed number is not lost */
  confidence: string;
  sharingLevel: SharingLevel;
  country: string;
  countries: string[];
  marketplaces: string[];
  brandIds: string[];
  categoryIds: string[];
  firstObservedOn: string;
  lastObservedOn: string;
  evidence: UploadedFile[];
  indicators: IndicatorRow[];
}

function valuesOf(report: ReportEditableFragment | undefined, defaultSharingLevel: SharingLevel, marketplaces: readonly string[]): Values {
  if (!report) {
    return {
      kind: 'ONLINE_SELLER', title: '', summary: '', confidence: '50', sharingLevel: defaultSharingLevel, country: '', countries: [], marketplaces: [],
      brandIds: [], categoryIds: [], firstObservedOn: '', lastObservedOn: '', evidence: [], indicators: [newRow()],
    };
  }
  const country = report.country ?? '';
  return {
    kind: report.kind,
    title: report.title,
    summary: report.summary,
    confidence: String(report.confidence),
    sharingLevel: report.sharingLevel,
    country,
    countries: report.countries,
    marketplaces: report.marketplaces,
    brandIds: report.brands.map((b) => b.id),
    categoryIds: report.categories.map((c) => c.id),
    firstObservedOn: report.firstObservedOn ?? '',
    lastObservedOn: report.lastObservedOn ?? '',
    evidence: report.evidence.map((f) => ({ id: f.id, fileName: f.fileName, sizeBytes: f.sizeBytes })),
    indicators: report.indicators.map((i) => ({ ...newRow(i.type), value: i.value, note: i.note ?? '', qualifier: qualifierFromKey(i.type, i.value, i.key, { country: country || undefined, marketplaces }) })),
  };
}

/** The API names an indicator's field `indicators.2.value`: the message goes to that row. */
function rowErrors(error: unknown, sentRowIds: readonly number[]): Map<number, RowErrors> {
  const out = new Map<number, RowErrors>();
  for (const e of apiErrors(error)) {
    const match = e.field ? /^indicators[.[](\d+)\]?(?:\.(type|value|qualifier|note))?/.exec(e.field) : null;
    const rowId = match ? sentRowIds[Number(match[1])] : undefined;
    if (rowId === undefined) continue;
    const field = (match![2] ?? 'value') as keyof RowErrors;
    out.set(rowId, { ...out.get(rowId), [field]: out.get(rowId)?.[field] ?? e.message });
  }
  return out;
}

// how the marketplaces write their own names; the alliance lists them in lower case
const MARKETPLACE_NAMES: Record<string, string> = { aliexpress: 'AliExpress', ebay: 'eBay', jd: 'JD.com' };
const marketplaceName = (m: string) => MARKETPLACE_NAMES[m] ?? m.charAt(0).toUpperCase() + m.slice(1);

/**
 * A report, new or existing: a draft is saved or published, a published report amended (the API
 * keeps the earlier version). The indicator table checks every value in the browser first; the
 * API's answer goes to the field or row it names, and after saving the report's page opens.
 */
export function ReportForm({ report, brands, categories, marketplaces, defaultSharingLevel, defaultCountry }: {
  report?: ReportEditableFragment;
  /** the caller's organisation's brands */
  brands: readonly { id: string; name: string }[];
  categories: readonly { id: string; name: string }[];
  /** the alliance's marketplaces */
  marketplaces: readonly string[];
  defaultSharingLevel: SharingLevel;
  /** where phones are read when the report names no country: the organisation's, else the alliance's */
  defaultCountry: string;
}) {
  const navigate = useNavigate();
  const formId = useId();
  const [form, setForm] = useState<Values>(() => valuesOf(report, defaultSharingLevel, marketplaces));
  const [error, setError] = useState<unknown>();
  const [blocked, setBlocked] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [sentRowIds, setSentRowIds] = useState<number[]>([]);
  const [uploadKey, setUploadKey] = useState(0);
  const [create] = useMutation(CreateReport, { refetchQueries: ['IntelFeed'] });
  const [update] = useMutation(UpdateReport, { refetchQueries: ['IntelFeed'] });
  const [publishDraft] = useMutation(PublishDraft, { refetchQueries: ['IntelFeed'] });

  const status = report?.status ?? 'DRAFT';
  const amending = status === 'PUBLISHED';
  const errors = placeErrors(error, FIELDS);
  const byRow = rowErrors(error, sentRowIds);
  // a message about the indicators that names no row it can be shown at
  const indicatorsError = byRow.size === 0 ? errors.byField.indicators : undefined;
  const set = (changes: Partial<Values>) => setForm((f) => ({ ...f, ...changes }));
  const readIn = form.country || defaultCountry;
  // brands already on the report that are not the organisation's stay choosable
  const brandChoices = [...brands, ...(report?.brands ?? []).filter((b) => !brands.some((o) => o.id === b.id))];

  const save = async (publish: boolean) => {
    setError(undefined);
    setBlocked(undefined);
    const sent = form.indicators.filter((r) => r.value.trim());
    const checks = checkRows(form.indicators, readIn, marketplaces);
    const wrong = form.indicators.map((r, i) => ({ n: i + 1, check: checks[i] })).filter(({ check }) => check.result && (!check.result.ok || check.duplicateOf !== undefined));
    if (wrong.length) {
      setBlocked(`Fix or remove indicator${wrong.length > 1 ? 's' : ''} ${wrong.map((w) => w.n).join(', ')} first: ${wrong.length > 1 ? 'their values have' : 'its value has'} no key or repeat${wrong.length > 1 ? '' : 's'} an earlier one.`);
      return;
    }
    setSentRowIds(sent.map((r) => r.rowId));
    const fields = {
      kind: form.kind,
      title: form.title,
      summary: form.summary,
      confidence: Number.parseInt(form.confidence, 10),
      sharingLevel: form.sharingLevel,
      country: form.country || undefined,
      countries: form.countries,
      marketplaces: form.marketplaces,
      brandIds: form.brandIds,
      categoryIds: form.categoryIds,
      firstObservedOn: form.firstObservedOn || undefined,
      lastObservedOn: form.lastObservedOn || undefined,
      evidenceFileIds: form.evidence.map((f) => f.id),
      indicators: sent.map((r) => ({ type: r.type, value: r.value, qualifier: r.qualifier || undefined, note: r.note.trim() || undefined })),
    };
    setBusy(true);
    try {
      let id: string;
      if (!report) {
        id = (await create({ variables: { input: { ...fields, publish } } })).data!.createReport.id;
      } else {
        id = (await update({ variables: { input: { ...fields, reportId: report.id } } })).data!.updateReport.id;
        if (publish && status === 'DRAFT') await publishDraft({ variables: { reportId: id } });
      }
      navigate(`/intel/${encodeURIComponent(id)}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void save(submitter?.value === 'publish');
  };

  const toggle = (list: string[], item: string, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

  return (
    <form onSubmit={submit} aria-label={report ? 'Edit report' : 'New report'} className="report-form">
      <section className="panel">
        <h2>The counterfeiter</h2>
        <div className="grid-2">
          <Field label="Kind" name="kind" errors={errors}>
            <select value={form.kind} onChange={(e) => set({ kind: e.target.value as ReportKind })}>
              {REPORT_KINDS.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
            </select>
          </Field>
          <Field label="Title" name="title" errors={errors}>
            <input value={form.title} onChange={(e) => set({ title: e.target.value })} required minLength={3} maxLength={300} />
          </Field>
        </div>
        <Field label="Summary" name="summary" errors={errors} hint="What you saw, where, and why you believe it is counterfeit">
          <textarea rows={4} value={form.summary} onChange={(e) => set({ summary: e.target.value })} />
        </Field>
        <div className="grid-2">
          <Field label="Confidence (0–100)" name="confidence" errors={errors}>
            <input type="number" min={0} max={100} step={1} value={form.confidence} onChange={(e) => set({ confidence: e.target.value })} required />
          </Field>
          <Field label="Sharing level" name="sharingLevel" errors={errors} hint={`Shared with ${sharingLevelMeaning(form.sharingLevel)}`}>
            <select value={form.sharingLevel} onChange={(e) => set({ sharingLevel: e.target.value as SharingLevel })}>
              {SHARING_LEVEL_ORDER.map((l) => <option key={l} value={l}>{sharingLevelLabel(l)}</option>)}
            </select>
          </Field>
          <Field label="Country" name="country" errors={errors} hint={`Where the counterfeiter operates; phones without a country code are read in it${form.country ? '' : ` (now ${countryName(defaultCountry)})`}`}>
            <CountrySelect value={form.country} onChange={(country) => set({ country })} emptyLabel="Not given" />
          </Field>
          <Field label="Also active in" name="countries" errors={errors} hint={form.countries.length ? undefined : 'Other countries, if any'}>
            <CountrySelect value="" emptyLabel="Add a country…" onChange={(c) => c && !form.countries.includes(c) && set({ countries: [...form.countries, c] })} />
          </Field>
        </div>
        {form.countries.length > 0 && (
          <ul className="chips" aria-label="Also active in">
            {form.countries.map((c) => (
              <li key={c}>
                {countryName(c)}
                <Button variant="link" onClick={() => set({ countries: form.countries.filter((x) => x !== c) })}>
                  Remove<span className="sr-only"> {countryName(c)}</span>
                </Button>
              </li>
            ))}
          </ul>
        )}
        <div className="grid-2">
          <Field label="First observed" name="firstObservedOn" errors={errors}>
            <input type="date" value={form.firstObservedOn} onChange={(e) => set({ firstObservedOn: e.target.value })} />
          </Field>
          <Field label="Last observed" name="lastObservedOn" errors={errors}>
            <input type="date" value={form.lastObservedOn} min={form.firstObservedOn || undefined} onChange={(e) => set({ lastObservedOn: e.target.value })} />
          </Field>
        </div>
      </section>

      <section className="panel">
        <h2>What it hits</h2>
        <fieldset className={errors.byField.brandIds ? 'checkboxes invalid' : 'checkboxes'} aria-describedby={errors.byField.brandIds ? `${formId}-brands` : undefined}>
          <legend>Affected brands</legend>
          {brandChoices.length === 0 && <span className="hint">Your organisation has no brand registered.</span>}
          {brandChoices.map((b) => (
            <label key={b.id} className="check">
              <input type="checkbox" checked={form.brandIds.includes(b.id)} onChange={(e) => set({ brandIds: toggle(form.brandIds, b.id, e.target.checked) })} />
              {b.name}
            </label>
          ))}
          {errors.byField.brandIds && <span id={`${formId}-brands`} className="field-error">{errors.byField.brandIds}</span>}
        </fieldset>
        <CategoryPicker legend="Categories" categories={categories} selected={form.categoryIds} onChange={(categoryIds) => set({ categoryIds })} error={errors.byField.categoryIds} />
        <fieldset className={errors.byField.marketplaces ? 'checkboxes invalid' : 'checkboxes'} aria-describedby={errors.byField.marketplaces ? `${formId}-marketplaces` : undefined}>
          <legend>Marketplaces</legend>
          {/* the alliance's, and any the report names that the alliance no longer lists */}
          {[...new Set([...marketplaces, ...form.marketplaces])].map((m) => (
            <label key={m} className="check">
              <input type="checkbox" checked={form.marketplaces.includes(m)} onChange={(e) => set({ marketplaces: toggle(form.marketplaces, m, e.target.checked) })} />
              {marketplaceName(m)}
            </label>
          ))}
          {errors.byField.marketplaces && <span id={`${formId}-marketplaces`} className="field-error">{errors.byField.marketplaces}</span>}
        </fieldset>
      </section>

      <section className="panel">
        <h2>Evidence</h2>
        {form.evidence.length > 0 && (
          <ul className="files" aria-label="Evidence files">
            {form.evidence.map((f) => (
              <li key={f.id}>
                {f.fileName} <span className="hint">({formatBytes(f.sizeBytes)})</span>
                <Button variant="link" onClick={() => set({ evidence: form.evidence.filter((x) => x.id !== f.id) })}>
                  Remove<span className="sr-only"> {f.fileName}</span>
                </Button>
              </li>
            ))}
          </ul>
        )}
        <EvidenceUpload
          key={uploadKey}
          withKind={false}
          label="Add an evidence file"
          hint="Screenshots, test-purchase receipts, documents: PDF, image or text"
          error={errors.byField.evidenceFileIds}
          onChange={(_evidence, file) => {
            if (!file) return;
            setForm((f) => ({ ...f, evidence: [...f.evidence, file] }));
            setUploadKey((k) => k + 1);
          }}
        />
      </section>

      <IndicatorTable rows={form.indicators} onChange={(indicators) => set({ indicators })} country={readIn} marketplaces={marketplaces} errors={byRow} error={indicatorsError} />

      <FormAlert message={blocked ?? errors.form} />
      <div className="actions">
        {amending ? (
          <Button type="submit" value="amend" busy={busy} busyLabel="Saving…">Save amendment</Button>
        ) : (
          <>
            <Button type="submit" value="draft" variant="secondary" busy={busy} busyLabel="Saving…">Save draft</Button>
            <Button type="submit" value="publish" disabled={busy}>Publish</Button>
          </>
        )}
        {amending && <span className="hint">Amending keeps the earlier version in the report’s history.</span>}
      </div>
    </form>
  );
}
