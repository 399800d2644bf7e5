import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PDFDocument, type PDFForm } from 'pdf-lib';
import { Role } from '../../libs/domain/src/index.js';
import { FORM_FIELDS } from '../../libs/takedown/src/index.js';
import { DEMO_MEMBER_PEOPLE, DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { citableRightOf } from '../factories/takedown.factory.js';
import { TestApp } from '../support/test-app.js';

// Issue 16, outcome 3 (PDF_FORM): a fillable form generated for a brand with the member's rights;
// the filled form uploaded back becomes requests; a form that is not ours, tampered with, issued to
// another organisation or incomplete is answered with the fields at fault and files nothing.
const MAX_BYTES = 512 * 1024;

/** Fills the form as a person would in a PDF reader, and saves it. */
async function fill(pdf: Buffer, values: (form: PDFForm) => void): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf);
  values(doc.getForm());
  return Buffer.from(await doc.save());
}

describe('takedowns by PDF form', () => {
  let t: TestApp;
  let admin: string;
  let right: Awaited<ReturnType<typeof citableRightOf>>;
  let rightLabel: string;

  const download = (brandId: string, token?: string) => {
    const req = t.http().get(`/takedown-forms?brandId=${encodeURIComponent(brandId)}`).buffer(true).parse((stream, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => done(null, Buffer.concat(chunks)));
    });
    return token ? req.set('authorization', `Bearer ${token}`) : req;
  };
  const upload = (pdf: Buffer, token = admin) => t.http().post('/takedown-forms').set('authorization', `Bearer ${token}`).set('content-type', 'application/pdf').send(pdf);
  const requests = async () => (await t.sql(`SELECT count(*)::int AS n FROM takedown_request`))[0].n as number;
  const formOf = async (token = admin) => {
    const res = await download(right.brandId, token);
    expect(res.status).toBe(200);
    return res.body as Buffer;
  };
  const complete = (form: PDFForm, listings: string[]) => {
    form.getDropdown(FORM_FIELDS.right).select(rightLabel);
    form.getDropdown(FORM_FIELDS.reason).select('COUNTERFEIT');
    listings.forEach((url, i) => form.getTextField(FORM_FIELDS.listing(i + 1)).setText(url));
    form.getTextField(FORM_FIELDS.statement).setText('Copies of our bag with our photos.');
    form.getTextField(FORM_FIELDS.signatory).setText('Zhenlan Admin');
    form.getCheckBox(FORM_FIELDS.goodFaith).check();
  };

  beforeAll(async () => {
    t = await TestApp.startWithDemo({ MAX_FILE_BYTES: MAX_BYTES }, { intel: false });
    admin = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    right = await citableRightOf(t, DEMO_USERS.memberAdmin);
    const [mark] = await t.sql(`SELECT office FROM trademark WHERE id = $1`, [right.trademarkUuid]);
    rightLabel = `${mark.office} trademark ${right.registrationNumber}`;
  });
  afterAll(() => t.close());

  it('generates the form for a member’s brand with its citable rights and a signed reference', async () => {
    const res = await download(right.brandId, admin);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="takedown-form-[a-z0-9-]+\.pdf"$/);
    const form = (await PDFDocument.load(res.body as Buffer)).getForm();
    expect(form.getDropdown(FORM_FIELDS.right).getOptions()).toContain(rightLabel);
    expect(form.getDropdown(FORM_FIELDS.reason).getOptions()).toContain('COUNTERFEIT');
    const [citable] = await t.sql(
      `SELECT (SELECT count(*) FROM trademark WHERE brand_id = $1 AND verification_status = 'VERIFIED' AND (expires_on IS NULL OR expires_on >= current_date))
            + (SELECT count(*) FROM ip_right WHERE brand_id = $1 AND verification_status = 'VERIFIED' AND (expires_on IS NULL OR expires_on >= current_date)) AS n`, [right.brandUuid]);
    expect(form.getDropdown(FORM_FIELDS.right).getOptions()).toHaveLength(Number(citable.n)); // only rights a request may cite
    expect(form.getTextField(FORM_FIELDS.reference).getText()).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
  });

  it('refuses the form to callers who may not file for the brand', async () => {
    expect((await download(right.brandId)).status).toBe(401);
    for (const email of [DEMO_USERS.partner, DEMO_USERS.platformReviewer, DEMO_USERS.coordinator]) {
      const res = await download(right.brandId, await t.login(email, DEMO_PASSWORD));
      expect(res.status).toBe(403);
    }
    const other = DEMO_MEMBER_PEOPLE.find((p) => p.role === Role.MEMBER_ADMIN && p.email !== DEMO_USERS.memberAdmin)!;
    const res = await download(right.brandId, await t.login(other.email, DEMO_PASSWORD));
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body.toString())).toMatchObject({ code: 'FORBIDDEN', field: 'brandId' });
    const bad = await download('not-an-id', admin);
    expect(JSON.parse(bad.body.toString())).toMatchObject({ code: 'BAD_USER_INPUT', field: 'brandId' });
  });

  it('files a filled form as one request of channel PDF_FORM per marketplace, and the same form again files nothing twice', async () => {
    const pdf = await fill(await formOf(), (form) => complete(form, [
      'https://item.taobao.com/item.htm?id=970001&spm=a21',
      'https://www.aliexpress.com/item/1005009700002.html',
      'https://item.taobao.com/item.htm?id=970003',
      'https://item.taobao.com/item.htm?id=970001',
    ]));
    const before = await requests();
    const res = await upload(pdf);
    expect(res.status).toBe(201);
    expect(res.body.requests).toHaveLength(2);
    expect(res.body.requests.map((r: { listingCount: number }) => r.listingCount).sort()).toEqual([1, 2]);
    const filed = await t.sql(
      `SELECT r.channel, r.brand_id, r.trademark_id, r.reason, r.statement, m.name AS marketplace, array_agg(l.url ORDER BY l.position) AS urls
         FROM takedown_request r JOIN marketplace m ON m.id = r.marketplace_id JOIN takedown_listing l ON l.request_id = r.id
        WHERE r.channel = 'PDF_FORM' GROUP BY r.alliance_id, r.id, m.name ORDER BY m.name`);
    expect(filed).toEqual([
      expect.objectContaining({ channel: 'PDF_FORM', brand_id: right.brandUuid, trademark_id: right.trademarkUuid, reason: 'COUNTERFEIT', marketplace: 'AliExpress', urls: ['https://www.aliexpress.com/item/1005009700002.html'] }),
      expect.objectContaining({ marketplace: 'Taobao', urls: ['https://item.taobao.com/item.htm?id=970001&spm=a21', 'https://item.taobao.com/item.htm?id=970003'] }),
    ]);
    expect(filed[0].statement).toBe('Copies of our bag with our photos.\n\nGood-faith declaration made on the PDF form by Zhenlan Admin.');
    expect(await requests()).toBe(before + 2);

    const again = await upload(pdf);
    expect(again.status).toBe(201);
    expect(again.body.requests.map((r: { id: string }) => r.id).sort()).toEqual(res.body.requests.map((r: { id: string }) => r.id).sort());
    expect(await requests()).toBe(before + 2);

    // the same form changed afterwards is another filing: refused, download a new form
    const changed = await fill(pdf, (form) => form.getTextField(FORM_FIELDS.listing(3)).setText('https://item.taobao.com/item.htm?id=970099'));
    expect((await upload(changed)).body).toMatchObject({ code: 'CONFLICT', field: 'file' });
    expect(await requests()).toBe(before + 2);
  });

  it('answers an incomplete form with every field still to fill in, and files nothing', async () => {
    const before = await requests();
    const res = await upload(await formOf());
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('The form is incomplete: fill in') });
    expect(res.body.missingFields).toEqual(expect.arrayContaining([FORM_FIELDS.listing(1), FORM_FIELDS.signatory, FORM_FIELDS.goodFaith]));
    expect(res.body.field).toBe(res.body.missingFields[0]);

    const unsigned = await fill(await formOf(), (form) => {
      complete(form, ['https://item.taobao.com/item.htm?id=971001']);
      form.getCheckBox(FORM_FIELDS.goodFaith).uncheck();
    });
    expect((await upload(unsigned)).body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'good_faith', missingFields: ['good_faith'], message: 'The form is incomplete: fill in the good-faith declaration' });
    expect(await requests()).toBe(before);
  });

  it('refuses the whole form when a listing cannot be filed, naming each listing field at fault', async () => {
    const before = await requests();
    const pdf = await fill(await formOf(), (form) => complete(form, ['https://item.taobao.com/item.htm?id=972001', 'https://fakes.example/item/2', 'not a url at all']));
    const res = await upload(pdf);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'listing_02' });
    expect(res.body.problems).toEqual([
      { field: 'listing_02', message: expect.stringContaining('Not an address of a marketplace the alliance works with') },
      { field: 'listing_03', message: expect.any(String) },
    ]);
    expect(await requests()).toBe(before);
  });

  it('refuses a file that is not a PDF, a PDF that is not the form, a tampered reference and another organisation’s form', async () => {
    const before = await requests();
    expect((await upload(Buffer.from('brand,right,url\n'))).body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file', message: 'This file is not a PDF' });
    const foreign = await PDFDocument.create();
    foreign.addPage();
    expect((await upload(Buffer.from(await foreign.save()))).body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file', message: expect.stringContaining('not a Countermark takedown form') });

    // the reference names another brand: its signature no longer matches
    const pdf = await formOf();
    const tampered = await fill(pdf, (form) => {
      complete(form, ['https://item.taobao.com/item.htm?id=973001']);
      const field = form.getTextField(FORM_FIELDS.reference);
      const [v, payload, mac] = field.getText()!.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      field.setText([v, Buffer.from(JSON.stringify({ ...claims, b: '00000000-0000-4000-8000-000000000000' })).toString('base64url'), mac].join('.'));
    });
    expect((await upload(tampered)).body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file', message: expect.stringContaining('reference is missing or was changed') });

    const filled = await fill(pdf, (form) => complete(form, ['https://item.taobao.com/item.htm?id=973002']));
    const other = DEMO_MEMBER_PEOPLE.find((p) => p.role === Role.MEMBER_ADMIN && p.email !== DEMO_USERS.memberAdmin)!;
    const res = await upload(filled, await t.login(other.email, DEMO_PASSWORD));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN', field: 'file' });
    expect((await upload(filled, await t.login(DEMO_USERS.platformReviewer, DEMO_PASSWORD))).status).toBe(403);
    expect(await requests()).toBe(before);
  });

  it('refuses a form over the size limit before reading it', async () => {
    const res = await upload(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(MAX_BYTES + 1, 0x20)]));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file', message: 'A form is at most 512 KiB' });
  });
});
