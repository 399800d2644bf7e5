import { describe, expect, it } from '@jest/globals';
import type { MarketplaceUrlSpec } from '../../../../libs/takedown/src/index.js';
import { MAX_IMAGE_BYTES, readFeedListing, readImage } from './feed-listing.js';

const taobao: MarketplaceUrlSpec = { name: 'Taobao', rule: 'taobao', domains: [], listingTemplate: null, storeTemplate: null };
const lotusmart: MarketplaceUrlSpec = { name: 'Lotusmart', rule: null, domains: ['lotusmart.example'], listingTemplate: '/goods/{id}.html', storeTemplate: '?shop={id}' };
const all = [taobao, lotusmart];
const named = (text: string) => all.find((m) => m.name.toLowerCase() === text.toLowerCase() || m.rule === text.toLowerCase());
const now = new Date('2026-12-07T03:00:00Z');
const read = (row: unknown) => readFeedListing(row, all, named, now);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('a feed row', () => {
  it('reads a full listing, its ids from the URL', () => {
    const result = read({
      url: 'https://m.lotusmart.example/goods/LM-1.html?shop=s77#x', title: ' Bag ', priceMinor: 1999, currency: 'usd', unitsSold: 3,
      storeName: 'S77', sellerContacts: ['+86 138 0000 0000', 'x@y.example', 'x@y.example'], images: [{ url: 'https://img.example/a.jpg' }, { dataBase64: PNG.toString('base64') }],
      firstSeenAt: '2026-12-01T00:00:00Z',
    });
    expect(result).toEqual({
      ok: true,
      listing: {
        marketplace: lotusmart, listingId: 'LM-1', url: 'https://m.lotusmart.example/goods/LM-1.html?shop=s77', title: 'Bag', description: null, priceMinor: 1999, currency: 'USD', unitsSold: 3,
        storeId: 's77', storeName: 'S77', sellerContacts: ['+86 138 0000 0000', 'x@y.example'], images: [{ url: 'https://img.example/a.jpg' }, { bytes: PNG, contentType: 'image/png' }],
        firstSeenAt: new Date('2026-12-01T00:00:00Z'),
      },
    });
  });

  it('takes a named marketplace and the row’s own listing id; first seen defaults to now', () => {
    const result = read({ marketplace: 'taobao', listingId: '42', url: 'https://item.taobao.com/', title: 'x' });
    expect(result).toMatchObject({ ok: true, listing: { marketplace: taobao, listingId: '42', firstSeenAt: now } });
  });

  it('refuses a URL of another marketplace than the one named, and an unknown marketplace', () => {
    expect(read({ marketplace: 'Taobao', url: 'https://lotusmart.example/goods/1.html', title: 'x' })).toMatchObject({ ok: false, problems: [{ field: 'url' }] });
    expect(read({ marketplace: 'Nowhere', url: 'https://lotusmart.example/goods/1.html', title: 'x' })).toMatchObject({
      ok: false, problems: [{ field: 'marketplace', reason: 'Nowhere is not a marketplace the alliance works with (Taobao, Lotusmart)' }],
    });
    expect(read({ url: 'https://fakes.example/1', title: 'x' })).toMatchObject({ ok: false, problems: [{ field: 'url' }] });
  });

  it('names every problem of a bad row', () => {
    const result = read({ url: 'https://item.taobao.com/item.htm?id=7', title: '', price: 19.99, priceMinor: 19.99, currency: 'ZZZ', unitsSold: -1, description: 'd'.repeat(20_001), sellerContacts: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.listingId).toBe('7');
    expect(result.problems.map((p) => p.field).sort()).toEqual(['currency', 'description', 'price', 'priceMinor', 'sellerContacts', 'title', 'unitsSold']);
    expect(result.problems.find((p) => p.field === 'price')?.reason).toMatch(/priceMinor/);
    expect(result.problems.find((p) => p.field === 'currency')?.reason).toBe('ZZZ is not an ISO 4217 currency');
  });

  it('wants a currency with a price, and no future first sighting', () => {
    expect(read({ url: 'https://item.taobao.com/item.htm?id=7', title: 'x', priceMinor: 100 })).toMatchObject({ ok: false, problems: [{ field: 'currency', reason: 'A price needs its currency' }] });
    expect(read({ url: 'https://item.taobao.com/item.htm?id=7', title: 'x', firstSeenAt: '2027-01-01T00:00:00Z' })).toMatchObject({ ok: false, problems: [{ field: 'firstSeenAt' }] });
    expect(read({ url: 'https://item.taobao.com/item.htm?id=7', title: 'x', firstSeenAt: 'yesterday' })).toMatchObject({ ok: false, problems: [{ field: 'firstSeenAt' }] });
    expect(read([1, 2])).toMatchObject({ ok: false, problems: [{ field: null, reason: 'A listing is a JSON object' }] });
  });
});

describe('a feed image', () => {
  it('refuses what is not an image, a huge one and a wrong declared type', () => {
    expect(readImage({ dataBase64: Buffer.from('MZ\x90\x00 not a picture').toString('base64') })).toEqual({ reason: 'Not an image: a PNG, JPEG, WebP or GIF is expected' });
    expect(readImage({ dataBase64: Buffer.alloc(MAX_IMAGE_BYTES + 10, 0xff).toString('base64') })).toEqual({ reason: 'An image is at most 2 MiB' });
    expect(readImage({ dataBase64: PNG.toString('base64'), contentType: 'image/jpeg' })).toEqual({ reason: 'The content is image/png, not image/jpeg' });
    expect(readImage({ url: 'javascript:alert(1)' })).toMatchObject({ reason: expect.stringMatching(/http/) });
    expect(readImage({ url: 'https://a.example/x.png', dataBase64: 'AAAA' })).toMatchObject({ reason: expect.stringMatching(/not both/) });
    expect(readImage({ dataBase64: '***' })).toEqual({ reason: 'dataBase64 is not base64' });
  });
});
