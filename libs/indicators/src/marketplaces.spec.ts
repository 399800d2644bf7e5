import { describe, expect, it } from '@jest/globals';
import { IndicatorType as T } from './indicator-type.js';
import { marketplaceFromTemplates, marketplaceRules } from './marketplaces.js';
import { allApart, allSame, key, refused } from './normalise.testing.js';

// issue 18, outcome 4: one key per listing and per store, whatever form the address was shared in
describe('listings in all the forms apps and share buttons produce', () => {
  it('Taobao: desktop, mobile H5, the old a.m. path, world.taobao, share text', () => {
    expect(
      allSame(T.MARKETPLACE_LISTING, [
        'https://item.taobao.com/item.htm?spm=a1z10.1-c.w4004&id=654321098765&ns=1&abbucket=9',
        'https://h5.m.taobao.com/awp/core/detail.htm?id=654321098765&ut_sk=1.x',
        'https://a.m.taobao.com/i654321098765.htm',
        'https://world.taobao.com/item/654321098765.htm',
        'https://m.intl.taobao.com/detail/detail.html?id=654321098765',
        '【淘宝】https://item.taobao.com/item.htm?id=654321098765 「Leather bag 2024 new」',
      ]),
    ).toBe('taobao:listing:654321098765');
  });

  it('Amazon: slugs, mobile, locale prefix, old paths, amzn.com, every country site', () => {
    expect(
      allSame(T.MARKETPLACE_LISTING, [
        'https://www.amazon.com/Fake-Handbag-Leather/dp/B0C1234567/ref=sr_1_3?keywords=bag&th=1&psc=1',
        'https://www.amazon.com/gp/product/B0C1234567?smid=A1B2C3D4E5F6G7',
        'https://www.amazon.co.uk/gp/aw/d/B0C1234567/',
        'https://www.amazon.de/-/en/dp/B0C1234567',
        'https://www.amazon.com/exec/obidos/ASIN/B0C1234567/',
        'https://www.amazon.com/product-reviews/B0C1234567/',
        'https://amzn.com/B0C1234567',
        'https://www.amazon.com.mx/dp/b0c1234567',
        'Check out this deal on Amazon: https://www.amazon.com/dp/B0C1234567?ref_=cm_sw_r_cp',
      ]),
    ).toBe('amazon:listing:b0c1234567');
  });

  it('AliExpress, eBay, JD, Tmall, Lazada, Shopee, Etsy, Walmart', () => {
    expect(allSame(T.MARKETPLACE_LISTING, ['https://www.aliexpress.com/item/1005006123456789.html?algo_pvid=x', 'https://m.aliexpress.com/item/1005006123456789.html', 'https://he.aliexpress.com/item/Designer-Bag/1005006123456789.html', 'https://www.aliexpress.com/i/1005006123456789.html', 'https://m.aliexpress.com/app/detail.html?productId=1005006123456789'])).toBe('aliexpress:listing:1005006123456789');
    expect(allSame(T.MARKETPLACE_LISTING, ['https://www.ebay.com/itm/385123456789', 'https://www.ebay.co.uk/itm/Designer-Bag-New/385123456789?hash=item59', 'https://m.ebay.com/itm/385123456789?_trksid=p2047675', 'https://cgi.ebay.com/ws/eBayISAPI.dll?ViewItem&item=385123456789'])).toBe('ebay:listing:385123456789');
    expect(allSame(T.MARKETPLACE_LISTING, ['https://item.jd.com/100012345678.html', 'https://item.m.jd.com/product/100012345678.html?pps=x', 'https://item.m.jd.com/ware/view.action?wareId=100012345678', 'https://npcitem.jd.hk/100012345678.html'])).toBe('jd:listing:100012345678');
    expect(allSame(T.MARKETPLACE_LISTING, ['https://detail.tmall.com/item.htm?id=612345678901&skuId=1', 'https://detail.m.tmall.com/item.htm?id=612345678901', 'https://chaoshi.detail.tmall.com/item.htm?id=612345678901'])).toBe('tmall:listing:612345678901');
    expect(allSame(T.MARKETPLACE_LISTING, ['https://www.lazada.sg/products/luxury-bag-i123456789-s987654321.html?spm=a2o42', 'https://www.lazada.sg/products/pdp-i123456789.html', 'https://www.lazada.sg/products/i123456789.html'])).toBe('lazada:listing:123456789');
    expect(allSame(T.MARKETPLACE_LISTING, ['https://shopee.sg/Luxury-Bag-i.123456.7890123', 'https://shopee.sg/product/123456/7890123', 'https://shopee.sg/universal-link/product/123456/7890123?smtt=0.0.9'])).toBe('shopee:listing:7890123');
    expect(allSame(T.MARKETPLACE_LISTING, ['https://www.etsy.com/listing/1234567890/handmade-bag', 'https://www.etsy.com/uk/listing/1234567890/handmade-bag?ref=share', 'https://etsy.com/listing/1234567890'])).toBe('etsy:listing:1234567890');
    expect(allSame(T.MARKETPLACE_LISTING, ['https://www.walmart.com/ip/Fake-Bag/123456789', 'https://www.walmart.com/ip/123456789?selectedSellerId=101'])).toBe('walmart:listing:123456789');
  });

  it('keeps apart different listings, marketplaces and a store from a listing', () => {
    allApart(T.MARKETPLACE_LISTING, [
      'https://item.taobao.com/item.htm?id=654321098765',
      'https://item.taobao.com/item.htm?id=654321098766',
      'https://detail.tmall.com/item.htm?id=654321098765', // another marketplace, another key
      'https://www.amazon.com/dp/B0C1234567',
      'https://www.amazon.com/dp/B0C1234568',
      'https://www.ebay.com/itm/385123456789',
      'https://www.aliexpress.com/item/385123456789.html',
    ]);
    expect(key(T.MARKETPLACE_STORE, 'taobao:654321098765')).not.toBe(key(T.MARKETPLACE_LISTING, 'taobao:654321098765'));
  });
});

describe('stores', () => {
  it('reads a store from its pages, desktop and mobile, and from listings that carry it', () => {
    expect(allSame(T.MARKETPLACE_STORE, ['https://shop123456789.taobao.com/?spm=a1z10', 'https://shop123456789.m.taobao.com', 'https://store.taobao.com/shop/view_shop.htm?user_number_id=123456789'])).toBe('taobao:store:123456789');
    expect(allSame(T.MARKETPLACE_STORE, ['https://fakebrand.tmall.com/', 'https://fakebrand.m.tmall.com/shop/shop_auction_search.htm', 'https://fakebrand.tmall.com/category-1234.htm?spm=x'])).toBe('tmall:store:fakebrand');
    expect(allSame(T.MARKETPLACE_STORE, ['https://www.aliexpress.com/store/1101234567?spm=2114', 'https://m.aliexpress.com/store/storeHome.htm?storeId=1101234567', 'https://www.aliexpress.com/store/all-wholesale-products/1101234567.html', 'https://www.aliexpress.com/store/product/Bag/1101234567_32812345678.html'])).toBe('aliexpress:store:1101234567');
    expect(allSame(T.MARKETPLACE_STORE, ['https://www.amazon.de/s?me=A1B2C3D4E5F6G7&marketplaceID=A1PA6795UKMFR9', 'https://www.amazon.com/sp?seller=A1B2C3D4E5F6G7', 'https://www.amazon.com/dp/B0C1234567?smid=A1B2C3D4E5F6G7'])).toBe('amazon:store:a1b2c3d4e5f6g7');
    expect(allSame(T.MARKETPLACE_STORE, ['https://mall.jd.com/index-1000001234.html', 'https://shop.m.jd.com/?shopId=1000001234'])).toBe('jd:store:1000001234');
    expect(allSame(T.MARKETPLACE_STORE, ['https://shopee.sg/shop/123456', 'https://shopee.sg/Luxury-Bag-i.123456.7890123', 'https://shopee.sg/product/123456/7890123'])).toBe('shopee:store:123456');
  });

  it('a marketplace page is no store: detail.tmall.com, www.tmall.com', () => {
    expect(refused(T.MARKETPLACE_STORE, 'https://detail.tmall.com/item.htm?id=612345678901')).toMatch(/No store id/);
    expect(refused(T.MARKETPLACE_STORE, 'https://www.tmall.com/')).toMatch(/No store id/);
    allApart(T.MARKETPLACE_STORE, ['https://fakebrand.tmall.com/', 'https://fakebrand2.tmall.com/', 'https://shop123456789.taobao.com', 'https://shop123456780.taobao.com']);
  });
});

describe('short links and bad input', () => {
  it('refuses short links that hide the id, saying how to get it', () => {
    for (const link of ['https://m.tb.cn/h.5ABCdEf?tk=x', 'https://amzn.to/3xYzAbC', 'https://a.co/d/1AbCdEf', 'https://a.aliexpress.com/_mKd1234', 'https://shope.ee/8abc', 'https://ebay.us/AbCdEf', 'https://etsy.me/3abc', 'https://3.cn/1-ABCD', '【淘宝】https://m.tb.cn/h.5ABCdEf?tk=x CZ0001 「Leather bag」 点击链接直接打开']) {
      expect([link, refused(T.MARKETPLACE_LISTING, link)]).toEqual([link, 'A short link hides the id: open it and paste the address it leads to']);
    }
  });

  it('refuses addresses of no listed marketplace, pages without an id, and odd ids without crashing', () => {
    expect(refused(T.MARKETPLACE_LISTING, 'https://www.ebay.com/p/123456789')).toMatch(/No listing id/);
    expect(refused(T.MARKETPLACE_LISTING, 'https://fakes.example/item/1')).toMatch(/marketplace the alliance lists/);
    expect(refused(T.MARKETPLACE_LISTING, 'https://www.amazon.com/dp/B0C12345')).toMatch(/No listing id/); // an ASIN has 10 characters
    expect(key(T.MARKETPLACE_STORE, 'https://www.ebay.com/str/bad%E0name')).toBe('ebay:store:bad%e0name');
  });
});

describe('the alliance extends the table', () => {
  const lotusmart = marketplaceFromTemplates({ name: 'Lotus Mart', domains: ['lotusmart.example'], listingTemplate: '/goods/{id}.html', storeTemplate: '?shop={id}' });

  it('reads its own marketplaces with the built-in ones, by address and by name', () => {
    const options = { marketplaces: ['taobao'], extraMarketplaces: [lotusmart] };
    expect(allSame(T.MARKETPLACE_LISTING, ['https://m.lotusmart.example/goods/LM-88412.html?shop=store_77#reviews', 'lotus-mart:LM-88412'], options)).toBe('lotus-mart:listing:lm-88412');
    expect(key(T.MARKETPLACE_STORE, 'https://lotusmart.example/goods/LM-88412.html?shop=store_77', options)).toBe('lotus-mart:store:store_77');
    expect(key(T.MARKETPLACE_LISTING, 'https://item.taobao.com/item.htm?id=1', options)).toBe('taobao:listing:1');
    expect(refused(T.MARKETPLACE_LISTING, 'https://lotusmart.example/goods/LM-1.html')).toMatch(/marketplace the alliance lists/); // not without it
  });

  it('never lets an added marketplace take a built-in one’s name', () => {
    const fake = marketplaceFromTemplates({ name: 'Taobao', domains: ['taobao-copy.example'], listingTemplate: '/i/{id}', storeTemplate: null });
    expect(marketplaceRules(['taobao'], [fake]).map((r) => r.name)).toEqual(['taobao']);
  });

  it('keeps a built-in marketplace the alliance stopped listing off, though its takedown table still has it', () => {
    const walmart = marketplaceRules(undefined).find((r) => r.name === 'walmart')!;
    const options = { marketplaces: ['taobao', 'jd'], extraMarketplaces: [walmart, lotusmart] };
    expect(marketplaceRules(options.marketplaces, options.extraMarketplaces).map((r) => r.name)).toEqual(['taobao', 'jd', 'lotus-mart']);
    expect(refused(T.MARKETPLACE_LISTING, 'https://www.walmart.com/ip/shiny-bag/5550001', options)).toMatch(/marketplace the alliance lists/);
  });
});
