import { describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { buildTakedownForm, FORM_FIELDS, FORM_LISTINGS, readTakedownForm, type TakedownFormSpec } from './pdf-form.js';

const spec: TakedownFormSpec = {
  allianceName: 'Demo Alliance',
  organisationName: 'Lumen Leather',
  brandName: 'Lumen 鹿门',
  rights: ['EUIPO trademark 018123456', 'CNIPA trademark 30123456'],
  reasons: ['COUNTERFEIT', 'TRADEMARK_INFRINGEMENT'],
  marketplaces: ['Taobao', 'Amazon'],
  reference: 'v1.eyJmIjoiYWJjIn0.c2ln',
  issuedAt: '2026-12-06',
};

/** Fills the form as a PDF reader would: by field name, saved as a new file. */
async function fill(bytes: Uint8Array, values: (form: ReturnType<PDFDocument['getForm']>) => void): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(bytes);
  values(pdf.getForm());
  return pdf.save();
}

describe('the fillable takedown form', () => {
  it('carries the brand, the rights and reasons to choose, listing fields, the declaration and its reference', async () => {
    const pdf = await PDFDocument.load(await buildTakedownForm(spec));
    const form = pdf.getForm();
    expect(form.getTextField(FORM_FIELDS.brand).getText()).toBe('Lumen ??'); // the standard font draws WinAnsi only
    expect(form.getTextField(FORM_FIELDS.brand).isReadOnly()).toBe(true);
    expect(form.getDropdown(FORM_FIELDS.right).getOptions()).toEqual(spec.rights);
    expect(form.getDropdown(FORM_FIELDS.right).getSelected()).toEqual([]); // two rights: the filer chooses
    expect(form.getDropdown(FORM_FIELDS.reason).getOptions()).toEqual(spec.reasons);
    expect(form.getTextField(FORM_FIELDS.reference).getText()).toBe(spec.reference);
    expect(form.getTextField(FORM_FIELDS.reference).isReadOnly()).toBe(true);
    expect(form.getCheckBox(FORM_FIELDS.goodFaith).isChecked()).toBe(false);
    expect(form.getTextField(FORM_FIELDS.listing(FORM_LISTINGS)).getText()).toBeUndefined();
    expect(pdf.getPageCount()).toBe(2);
  });

  it('preselects the only right and reason', async () => {
    const pdf = await PDFDocument.load(await buildTakedownForm({ ...spec, rights: [spec.rights[0]], reasons: ['COPYRIGHT_INFRINGEMENT'] }));
    expect(pdf.getForm().getDropdown(FORM_FIELDS.right).getSelected()).toEqual([spec.rights[0]]);
    expect(pdf.getForm().getDropdown(FORM_FIELDS.reason).getSelected()).toEqual(['COPYRIGHT_INFRINGEMENT']);
  });

  it('reads back what the filer typed, skipping empty listing fields', async () => {
    const filled = await fill(await buildTakedownForm(spec), (form) => {
      form.getDropdown(FORM_FIELDS.right).select(spec.rights[1]);
      form.getDropdown(FORM_FIELDS.reason).select('COUNTERFEIT');
      form.getTextField(FORM_FIELDS.listing(1)).setText(' https://item.taobao.com/item.htm?id=1 ');
      form.getTextField(FORM_FIELDS.listing(4)).setText('https://www.amazon.de/dp/B01ABCDEFG');
      form.getTextField(FORM_FIELDS.statement).setText('Fake bags.\nSame photos as ours.');
      form.getTextField(FORM_FIELDS.signatory).setText('Ana Ruiz');
      form.getCheckBox(FORM_FIELDS.goodFaith).check();
    });
    const read = await readTakedownForm(filled);
    expect(read).toEqual({
      ok: true,
      form: {
        reference: spec.reference, right: spec.rights[1], reason: 'COUNTERFEIT', statement: 'Fake bags.\nSame photos as ours.', signatory: 'Ana Ruiz', goodFaith: true,
        listings: [{ field: 'listing_01', url: 'https://item.taobao.com/item.htm?id=1' }, { field: 'listing_04', url: 'https://www.amazon.de/dp/B01ABCDEFG' }],
      },
    });
  });

  it('reads an empty form as empty, for the API to name what is missing', async () => {
    const read = await readTakedownForm(await buildTakedownForm(spec));
    expect(read).toEqual({ ok: true, form: { reference: spec.reference, right: null, reason: null, statement: null, signatory: null, goodFaith: false, listings: [] } });
  });

  it('refuses a file that is not a PDF, a damaged PDF and a PDF that is not the form', async () => {
    expect(await readTakedownForm(Buffer.from('listing,url\n1,https://x'))).toEqual({ ok: false, reason: 'This file is not a PDF' });
    expect(await readTakedownForm(Buffer.from('%PDF-1.7\n garbage'))).toEqual({ ok: false, reason: 'This PDF could not be read (damaged, or encrypted)' });
    const other = await PDFDocument.create();
    other.addPage();
    other.getForm().createTextField('name').setText('x');
    expect(await readTakedownForm(await other.save())).toEqual({ ok: false, reason: 'This PDF is not a Countermark takedown form: download the form for your brand in Countermark' });
  });
});
