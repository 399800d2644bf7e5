import { PDFCheckBox, PDFDocument, PDFDropdown, PDFTextField, StandardFonts, rgb, type PDFFont, type PDFForm, type PDFPage } from 'pdf-lib';

/**
 * The fillable takedown form (channel PDF_FORM): an AcroForm a member downloads for one brand,
 * fills in any PDF reader and uploads back (or attaches to an e-mail). Building and reading it are
 * pure; who may have it, the signed reference it carries and what it files are the API's.
 */

/** Listing address fields on one form; more listings go in a CSV. */
export const FORM_LISTINGS = 20;

/** The form's field names: the API's answers name the missing ones with these. */
export const FORM_FIELDS = {
  reference: 'countermark_reference',
  brand: 'brand',
  right: 'right',
  reason: 'reason',
  statement: 'statement',
  signatory: 'signatory',
  goodFaith: 'good_faith',
  listing: (n: number) => `listing_${String(n).padStart(2, '0')}`,
} as const;

export interface TakedownFormSpec {
  allianceName: string;
  organisationName: string;
  brandName: string;
  /** Citable rights as the dropdown shows them (`EUIPO trademark 018123456`); one is preselected when there is one. */
  rights: readonly string[];
  /** Reasons the rights support, as the dropdown shows them (`COUNTERFEIT`). */
  reasons: readonly string[];
  /** The marketplaces the alliance files with, printed as a hint. */
  marketplaces: readonly string[];
  /** The signed reference that ties the form to its alliance, organisation and brand. */
  reference: string;
  issuedAt: string;
}

export interface FilledTakedownForm {
  reference: string | null;
  right: string | null;
  reason: string | null;
  statement: string | null;
  signatory: string | null;
  goodFaith: boolean;
  /** Filled listing fields in order, by field name. */
  listings: { field: string; url: string }[];
}

export type TakedownFormRead = { ok: true; form: FilledTakedownForm } | { ok: false; reason: string };

const DECLARATION =
  'I declare in good faith that the use of the material listed above is not authorised by the rights holder, its agent or the law, that the information in this notice is accurate, and that I am authorised to act for the rights holder.';

/** Text the standard fonts can draw (WinAnsi); anything else becomes "?" on the page (field values keep it). */
const drawable = (font: PDFFont, text: string) => [...text].map((c) => { try { font.encodeText(c); return c; } catch { return '?'; } }).join('');

/** Words wrapped to a width. */
function wrap(font: PDFFont, size: number, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

export async function buildTakedownForm(spec: TakedownFormSpec): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Takedown request: ${spec.brandName}`);
  pdf.setCreator('Countermark');
  pdf.setSubject(`Notice-and-takedown form of ${spec.allianceName}`);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const form = pdf.getForm();
  const grey = rgb(0.35, 0.35, 0.35);
  const left = 50;
  const width = 495;
  let page: PDFPage = pdf.addPage([595.28, 841.89]);
  let y = 790;
  const text = (value: string, options: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb> } = {}) => {
    const size = options.size ?? 10;
    const f = options.bold ? bold : font;
    for (const line of wrap(f, size, drawable(f, value), width)) {
      page.drawText(line, { x: left, y, size, font: f, color: options.color });
      y -= size + 4;
    }
  };
  const label = (value: string) => { text(value, { size: 9, bold: true }); y -= 2; };

  text(`${spec.allianceName}: notice-and-takedown request`, { size: 16, bold: true });
  y -= 4;
  text(`For ${spec.brandName}, filed by ${spec.organisationName}. Fill in the fields, save the PDF and upload it in Countermark (Takedown › File with a PDF form) or send it as an attachment to the alliance's takedown address. Each marketplace's listings become one request.`, { color: grey });
  y -= 10;

  label('Brand');
  const brand = form.createTextField(FORM_FIELDS.brand);
  brand.setText(drawable(font, spec.brandName));
  brand.addToPage(page, { x: left, y: y - 8, width, height: 20, font, borderWidth: 0, backgroundColor: rgb(0.94, 0.94, 0.94) });
  brand.enableReadOnly();
  y -= 40;

  label('Right cited (a verified, unexpired right of the brand)');
  const right = form.createDropdown(FORM_FIELDS.right);
  right.addOptions([...spec.rights]);
  if (spec.rights.length === 1) right.select(spec.rights[0]);
  right.addToPage(page, { x: left, y: y - 8, width, height: 20, font });
  y -= 40;

  label('Reason');
  const reason = form.createDropdown(FORM_FIELDS.reason);
  reason.addOptions([...spec.reasons]);
  if (spec.reasons.length === 1) reason.select(spec.reasons[0]);
  reason.addToPage(page, { x: left, y: y - 8, width, height: 20, font });
  y -= 40;

  label(`Listing addresses (one per field, up to ${FORM_LISTINGS}; marketplaces: ${spec.marketplaces.join(', ')})`);
  for (let n = 1; n <= FORM_LISTINGS; n++) {
    const listing = form.createTextField(FORM_FIELDS.listing(n));
    listing.setMaxLength(2048);
    listing.addToPage(page, { x: left, y: y - 8, width, height: 16, font });
    y -= 19;
  }
  y -= 14;

  page = pdf.addPage([595.28, 841.89]);
  y = 790;
  label('Statement to the marketplace (what makes these listings infringing)');
  const statement = form.createTextField(FORM_FIELDS.statement);
  statement.enableMultiline();
  statement.setMaxLength(4000);
  statement.addToPage(page, { x: left, y: y - 118, width, height: 120, font });
  y -= 140;

  label('Good-faith declaration');
  text(DECLARATION, { color: grey });
  y -= 4;
  const goodFaith = form.createCheckBox(FORM_FIELDS.goodFaith);
  goodFaith.addToPage(page, { x: left, y: y - 10, width: 14, height: 14 });
  page.drawText('I make this declaration', { x: left + 22, y: y - 7, size: 10, font });
  y -= 36;

  label('Name of the signatory');
  const signatory = form.createTextField(FORM_FIELDS.signatory);
  signatory.setMaxLength(200);
  signatory.addToPage(page, { x: left, y: y - 8, width, height: 20, font });
  y -= 60;

  text(`Form reference (do not change; issued ${spec.issuedAt}):`, { size: 8, color: grey });
  const reference = form.createTextField(FORM_FIELDS.reference);
  reference.setText(spec.reference);
  reference.addToPage(page, { x: left, y: y - 6, width, height: 12, font, borderWidth: 0 });
  reference.setFontSize(5);
  reference.enableReadOnly();

  return pdf.save();
}

const valueOf = (field: unknown): string | null => {
  if (field instanceof PDFTextField) return field.getText()?.trim() || null;
  if (field instanceof PDFDropdown) return field.getSelected()[0]?.trim() || null;
  return null;
};

/** The values of a filled form; a file that is not a PDF, or a PDF without the form's fields, is refused. */
export async function readTakedownForm(bytes: Uint8Array): Promise<TakedownFormRead> {
  if (bytes.length < 5 || Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') return { ok: false, reason: 'This file is not a PDF' };
  let form: PDFForm;
  try {
    form = (await PDFDocument.load(bytes, { updateMetadata: false })).getForm();
  } catch {
    return { ok: false, reason: 'This PDF could not be read (damaged, or encrypted)' };
  }
  const field = (name: string) => form.getFieldMaybe(name);
  const reference = field(FORM_FIELDS.reference);
  if (!(reference instanceof PDFTextField)) return { ok: false, reason: 'This PDF is not a Countermark takedown form: download the form for your brand in Countermark' };
  const check = field(FORM_FIELDS.goodFaith);
  const listings: { field: string; url: string }[] = [];
  for (let n = 1; n <= FORM_LISTINGS; n++) {
    const url = valueOf(field(FORM_FIELDS.listing(n)));
    if (url) listings.push({ field: FORM_FIELDS.listing(n), url });
  }
  return {
    ok: true,
    form: {
      reference: valueOf(reference),
      right: valueOf(field(FORM_FIELDS.right)),
      reason: valueOf(field(FORM_FIELDS.reason)),
      statement: valueOf(field(FORM_FIELDS.statement)),
      signatory: valueOf(field(FORM_FIELDS.signatory)),
      goodFaith: check instanceof PDFCheckBox && check.isChecked(),
      listings,
    },
  };
}
