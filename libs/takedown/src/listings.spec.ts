import { describe, expect, it } from '@jest/globals';
import { parseListingUrl, templateProblem, type MarketplaceUrlSpec } from './listings.js';

const taobao: MarketplaceUrlSpec = { name: 'Taobao', rule: 'taobao', domains: [], listingTemplate: null, storeTemplate: null };
const amazon: MarketplaceUrlSpec = { name: 'Amazon', rule: 'amazon', domains: [], listingTemplate: null, storeTemplate: null };
const lotusmart: MarketplaceUrlSpec = { name: 'Lotusmart', rule: null, domains: ['lotusmart.example'], listingTemplate: '/goods/{id}.html', storeTemplate: '?shop={id}' };
const all = [taobao, amazon, lotusmart];

describe('listing URLs', () => {
  it('reads built-in marketplaces with the intelligence rules', () => {
    const parsed = parseListingUrl('https://item.taobao.com/item.htm?id=6543210&spm=a1z10', all);
    expect(parsed).toMatchObject({ ok: true, listing: { marketplace: taobao, listingId: '6543210', storeId: null } });
    expect(parseListingUrl('www.amazon.de/Some-Slug/dp/b01abcdefg?tag=x', all)).toMatchObject({ ok: true, listing: { marketplace: amazon, listingId: 'B01ABCDEFG' } });
  });

  it('reads a custom marketplace by its templates, path and query', () => {
    const parsed = parseListingUrl('https://m.lotusmart.example/goods/LM-88412.html?shop=store_77#reviews', all);
    expect(parsed).toEqual({ ok: true, listing: { marketplace: lotusmart, url: 'https://m.lotusmart.example/goods/LM-88412.html?shop=store_77', listingId: 'LM-88412', storeId: 'store_77' } });
    expect(parseListingUrl('https://lotusmart.example/goods/other/LM-1.html', all)).toEqual({ ok: false, reason: 'No listing or store id found in this Lotusmart address' });
  });

  it('refuses a URL of an unknown marketplace, naming the known ones', () => {
    expect(parseListingUrl('https://fakes.example/item/1', all)).toEqual({
      ok: false,
      reason: 'Not an address of a marketplace the alliance works with (Taobao, Amazon, Lotusmart)',
    });
    expect(parseListingUrl('mailto:x@y.z', all)).toMatchObject({ ok: false });
    expect(parseListingUrl('ftp://item.taobao.com/item.htm?id=1', all)).toEqual({ ok: false, reason: 'A listing URL starts with https:// or http://' });
    expect(parseListingUrl(`https://item.taobao.com/${'a'.repeat(2100)}`, all)).toEqual({ ok: false, reason: 'A listing URL has at most 2,048 characters' });
  });

  it('checks templates before they are kept', () => {
    expect(templateProblem('/item/{id}.html')).toBeNull();
    expect(templateProblem('?itemId={id}')).toBeNull();
    expect(templateProblem('/item/{id}/{id}')).toBe('A template holds {id} exactly once');
    expect(templateProblem('item/{id}')).toBe('A template is a path (/item/{id}.html) or a query parameter (?id={id})');
    expect(templateProblem('?a=b&id={id}')).toBe('A query template is ?name={id}');
  });

  it('bounds the id a template reads (an over-long run is no id)', () => {
    expect(parseListingUrl(`https://lotusmart.example/goods/${'a'.repeat(2000)}.html`, all)).toMatchObject({ ok: false });
    expect(parseListingUrl(`https://lotusmart.example/goods/${'a'.repeat(120)}.html`, all)).toMatchObject({ ok: true });
  });
});
