import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { TakedownBulkService } from '../../apps/api/src/takedown/takedown-bulk.service.js';
import { citableRightOf } from '../factories/takedown.factory.js';
import { TestApp } from '../support/test-app.js';

// Issue 16, outcome 3 (BULK_CSV): valid rows filed in requests of at most 300 listings, invalid rows
// explained by line and column, the same file uploaded again files nothing twice.
const BULK = `query($id: ID!) { takedownBulkImport(id: $id) { status error rowsRead rowsFiled rowsRefused requestsFiled
  refused: rows(status: "REFUSED") { line field message } filed: rows(status: "FILED", first: 1000) { line requestId } } }`;

describe('bulk CSV filing', () => {
  let t: TestApp;
  let admin: string;
  let brand: string;
  let mark: string;
  let pending: string;

  const upload = async (csv: string | Buffer, token = admin) =>
    t.http().post('/takedown-imports?fileName=listings.csv').set('authorization', `Bearer ${token}`).set('content-type', 'text/csv').send(Buffer.isBuffer(csv) ? csv : Buffer.from(csv));
  const finished = async (id: string) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      await t.get(TakedownBulkService).dispatch();
      const bulk = (await t.ok(BULK, { id }, admin)).takedownBulkImport;
      if (bulk.status === 'DONE' || bulk.status === 'FAILED' || Date.now() > deadline) return bulk;
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  beforeAll(async () => {
    t = await TestApp.startWithDemo({}, { intel: false });
    admin = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    const right = await citableRightOf(t, DEMO_USERS.memberAdmin);
    brand = right.brandName;
    mark = right.registrationNumber;
    await t.sql(`INSERT INTO trademark (alliance_id, brand_id, office, registration_number, nice_classes, owner_name, verification_status)
                 SELECT alliance_id, id, 'USPTO', 'PENDING-1', '{25}', 'x', 'PENDING' FROM brand WHERE id = $1`, [right.brandUuid]);
    pending = 'PENDING-1';
  });
  afterAll(() => t.close());

  const csv = () => {
    const lines = ['Brand,Right,Reason,URL,Listing_ID,Store_ID,Store_Name,Price,Currency'];
    for (let i = 0; i < 650; i++) lines.push(`${brand},${mark},counterfeit,https://item.taobao.com/item.htm?id=${500_000 + i},,shop${i % 7},"Shop, ${i % 7}",${(i % 90) + 9.9},CNY`);
    lines.push(`No Such Brand,${mark},,https://item.taobao.com/item.htm?id=1,,,,,`); // line 652
    lines.push(`${brand},X-404,,https://item.taobao.com/item.htm?id=2,,,,,`); // 653
    lines.push(`${brand},${pending},,https://item.taobao.com/item.htm?id=3,,,,,`); // 654
    lines.push(`${brand},${mark},,https://fakes.example/item/4,,,,,`); // 655
    lines.push(`${brand},${mark},,https://item.taobao.com/item.htm?id=5,,,,twelve,CNY`); // 656
    lines.push(`${brand},${mark},counterfeit,https://item.taobao.com/item.htm?id=500000,,,,,`); // 657: the same as line 2
    lines.push(`${brand},${mark},copyright infringement,https://item.taobao.com/item.htm?id=7,,,,,`); // 658
    return `${lines.join('\n')}\n`;
  };

  it('files the valid rows in requests of at most 300 listings and explains every refused row', async () => {
    const res = await upload(csv());
    expect(res.status).toBe(201);
    const bulk = await finished(res.body.id);
    expect(bulk).toMatchObject({ status: 'DONE', error: null, rowsRead: 657, rowsFiled: 650, rowsRefused: 7, requestsFiled: 3 });
    expect(bulk.refused).toEqual([
      { line: 652, field: 'brand', message: expect.stringContaining('No brand of your organisation') },
      { line: 653, field: 'right', message: expect.stringContaining('no right numbered “X-404”') },
      { line: 654, field: 'right', message: expect.stringContaining('not verified') },
      { line: 655, field: 'url', message: expect.stringContaining('Not an address of a marketplace') },
      { line: 656, field: 'price', message: 'A price is a number (12.50)' },
      { line: 657, field: 'url', message: 'The same listing as line 2' },
      { line: 658, field: 'reason', message: expect.stringContaining('COUNTERFEIT or TRADEMARK_INFRINGEMENT') },
    ]);
    // by size: two requests of a file are filed at once (FILING_IN_FLIGHT), so their submission times may come in either order
    const requests = await t.sql(`SELECT listing_count FROM takedown_request WHERE channel = 'BULK_CSV' ORDER BY listing_count DESC`);
    expect(requests.map((r) => r.listing_count)).toEqual([300, 300, 50]);
    const [stored] = await t.sql(`SELECT store_id, store_name, price::text FROM takedown_listing l JOIN takedown_request r ON r.id = l.request_id WHERE r.channel = 'BULK_CSV' AND l.url LIKE '%id=500001'`);
    expect(stored).toEqual({ store_id: 'shop1', store_name: 'Shop, 1', price: '10.90' });
  });

  it('files nothing twice when the same file is uploaded again', async () => {
    const before = (await t.sql(`SELECT count(*)::int AS n FROM takedown_request`))[0].n;
    const first = (await t.sql(`SELECT DISTINCT request_id::text FROM takedown_bulk_row WHERE status = 'FILED'`)).map((r) => r.request_id).sort();
    const bulk = await finished((await upload(csv())).body.id);
    expect(bulk).toMatchObject({ status: 'DONE', rowsFiled: 650, rowsRefused: 7, requestsFiled: 0 });
    expect((await t.sql(`SELECT count(*)::int AS n FROM takedown_request`))[0].n).toBe(before);
    expect([...new Set(bulk.filed.map((r: any) => r.requestId))]).toHaveLength(3);
    expect(first).toHaveLength(3);
  });

  it('fails a file that is not UTF-8 or has no header, saying why, and refuses people who do not file', async () => {
    const latin1 = Buffer.concat([Buffer.from('brand,right,url\n'), Buffer.from([0x43, 0x61, 0x66, 0xe9]), Buffer.from(`,${mark},https://item.taobao.com/item.htm?id=9\n`)]);
    expect(await finished((await upload(latin1)).body.id)).toMatchObject({ status: 'FAILED', error: expect.stringContaining('not UTF-8') });
    expect(await finished((await upload('name,link\nx,y\n')).body.id)).toMatchObject({ status: 'FAILED', error: expect.stringContaining('no brand, right, url column') });
    const reviewer = await t.login(DEMO_USERS.platformReviewer, DEMO_PASSWORD);
    expect((await upload(csv(), reviewer)).status).toBe(403);
    expect((await upload('')).status).toBe(400);
  });
});
