import { describe, expect, it } from '@jest/globals';
import { derivedKeys, KeyDerivation as Via } from './derived-keys.js';
import { IndicatorType as T } from './indicator-type.js';
import { marketplaceFromTemplates } from './marketplaces.js';
import { key } from './normalise.testing.js';

const only = (type: T, raw: string, options = {}) => derivedKeys(type, raw, options).map((d) => `${d.type} ${d.key} (${d.via})`);

// issue 18, outcome 3: a value of one type that contains another links through it
describe('a URL is also its registrable domain', () => {
  it('every form of a shop address derives the DOMAIN a DOMAIN indicator of the shop has', () => {
    const domain = key(T.DOMAIN, 'replica-bags-outlet.com');
    for (const url of [
      'https://www.replica-bags-outlet.com/products/lv-neverfull?variant=4412&utm_source=fb',
      'http://replica-bags-outlet.com',
      'replica-bags-outlet.com/collections/all',
      'https://checkout.replica-bags-outlet.com/cart/4412:1',
    ]) expect(derivedKeys(T.URL, url)).toEqual([{ type: T.DOMAIN, key: domain, via: Via.URL_DOMAIN }]);
  });

  it('reads the public suffix list: a subdomain of a .co.uk shop is the shop', () => {
    expect(only(T.URL, 'https://sale.cheap-nike-trainers.co.uk/air-max-90')).toEqual(['DOMAIN cheap-nike-trainers.co.uk (URL_DOMAIN)']);
  });

  it('keeps two shops on one hosting platform apart (private suffixes: myshopify.com, github.io)', () => {
    expect(only(T.URL, 'https://luxe-bags-a.myshopify.com/products/x')).toEqual(['DOMAIN luxe-bags-a.myshopify.com (URL_DOMAIN)']);
    expect(only(T.URL, 'https://luxe-bags-b.myshopify.com/products/x')).toEqual(['DOMAIN luxe-bags-b.myshopify.com (URL_DOMAIN)']);
  });

  it('never derives a marketplace’s own domain: two sellers on taobao.com or amazon.fr stay apart', () => {
    expect(derivedKeys(T.URL, 'https://item.taobao.com/item.htm?id=654321098765')).toEqual([]);
    expect(derivedKeys(T.URL, 'https://item.taobao.com/item.htm?id=123456789012')).toEqual([]);
    expect(derivedKeys(T.URL, 'https://www.amazon.fr/dp/B0C1234567')).toEqual([]); // amazon.fr is in no seeded exclusion
    expect(derivedKeys(T.URL, 'https://www.ebay.de/itm/334455667788')).toEqual([]);
    // a marketplace the alliance does not list is still a marketplace
    expect(derivedKeys(T.URL, 'https://www.etsy.com/listing/123456/bag', { marketplaces: ['taobao'] })).toEqual([]);
    // nor the domain of a marketplace the alliance added
    const lotus = marketplaceFromTemplates({ name: 'Lotus Mart', domains: ['lotusmart.example'], listingTemplate: '/p/{id}', storeTemplate: null });
    expect(derivedKeys(T.URL, 'https://lotusmart.example/p/991', { extraMarketplaces: [lotus] })).toEqual([]);
  });

  it('never derives the domain of a platform many parties share: social pages, short links, drives', () => {
    for (const url of ['https://www.facebook.com/luxurybags.outlet1', 'https://www.instagram.com/replica.kicks/', 'https://linktr.ee/fakeshop', 'https://bit.ly/3xYzAbc', 'https://drive.google.com/file/d/1AbC/view', 'https://www.paypal.me/shopowner']) {
      expect([url, derivedKeys(T.URL, url)]).toEqual([url, []]);
    }
  });
});

describe('a click-to-chat link is also a phone', () => {
  const phone = key(T.PHONE, '+86 138 0013 8000');

  it('wa.me, api.whatsapp.com and t.me/+ links derive the PHONE the number has', () => {
    for (const url of ['https://wa.me/8613800138000', 'wa.me/+8613800138000?text=Hi%20I%20want%20the%20bag', 'https://api.whatsapp.com/send?phone=8613800138000&text=hello', 'https://t.me/+8613800138000']) {
      expect([url, derivedKeys(T.URL, url)]).toEqual([url, [{ type: T.PHONE, key: phone, via: Via.PHONE_LINK }]]);
    }
  });

  it('a messenger account that is a number is that phone; a name is not', () => {
    expect(derivedKeys(T.MESSAGING_HANDLE, 'WhatsApp: +86 138-0013-8000')).toEqual([{ type: T.PHONE, key: phone, via: Via.PHONE_LINK }]);
    expect(derivedKeys(T.MESSAGING_HANDLE, 'https://wa.me/8613800138000')).toEqual([{ type: T.PHONE, key: phone, via: Via.PHONE_LINK }]);
    expect(derivedKeys(T.MESSAGING_HANDLE, 't.me/+8613800138000')).toEqual([{ type: T.PHONE, key: phone, via: Via.PHONE_LINK }]);
    expect(key(T.MESSAGING_HANDLE, 't.me/+8613800138000')).toBe(`TELEGRAM:${phone}`);
    expect(derivedKeys(T.MESSAGING_HANDLE, 'WeChat: fakebags888')).toEqual([]);
    expect(derivedKeys(T.MESSAGING_HANDLE, 'https://t.me/fakebags_shop')).toEqual([]);
  });

  it('keeps apart what only looks like a number: a group invitation, a QR message link, two numbers', () => {
    expect(derivedKeys(T.URL, 'https://t.me/+AbCdEfGh12345678')).toEqual([]);
    expect(derivedKeys(T.URL, 'https://wa.me/message/KQ3ZL6OFAHD2N1')).toEqual([]);
    expect(only(T.URL, 'https://wa.me/447911123456')).toEqual(['PHONE +447911123456 (PHONE_LINK)']);
    expect(only(T.URL, 'https://wa.me/447911123457')).toEqual(['PHONE +447911123457 (PHONE_LINK)']);
  });
});

describe('an e-mail used as a payment account is also an e-mail', () => {
  it('with or without the provider’s name, in the provider’s own folding', () => {
    const email = key(T.EMAIL, 'salesdept@gmail.com');
    for (const value of ['PayPal: Sales.Dept+shop@gmail.com', 'salesdept@gmail.com', 'paypal salesdept@googlemail.com']) {
      expect([value, derivedKeys(T.PAYMENT_ACCOUNT, value)]).toEqual([value, [{ type: T.EMAIL, key: email, via: Via.PAYMENT_EMAIL }]]);
    }
    expect(only(T.PAYMENT_ACCOUNT, '支付宝：seller88@163.com')).toEqual(['EMAIL seller88@163.com (PAYMENT_EMAIL)']);
  });

  it('an account number is no e-mail, and two mailboxes stay two', () => {
    expect(derivedKeys(T.PAYMENT_ACCOUNT, 'Alipay: 2088123412341234')).toEqual([]);
    expect(only(T.PAYMENT_ACCOUNT, 'PayPal: orders@shop-one.example')).toEqual(['EMAIL orders@shop-one.example (PAYMENT_EMAIL)']);
    expect(only(T.PAYMENT_ACCOUNT, 'PayPal: orders@shop-two.example')).toEqual(['EMAIL orders@shop-two.example (PAYMENT_EMAIL)']);
  });
});

describe('a marketplace address that carries the store is also the store', () => {
  it('Shopee and AliExpress listings, as URL or as listing, derive the store a store address has', () => {
    const store = key(T.MARKETPLACE_STORE, 'https://shopee.sg/shop/123456');
    expect(derivedKeys(T.URL, 'https://shopee.sg/Fake-Bag-2024-i.123456.7890123?sp_atk=abc')).toEqual([{ type: T.MARKETPLACE_STORE, key: store, via: Via.LISTING_STORE }]);
    expect(derivedKeys(T.MARKETPLACE_LISTING, 'https://shopee.sg/product/123456/7890123')).toEqual([{ type: T.MARKETPLACE_STORE, key: store, via: Via.LISTING_STORE }]);
    expect(only(T.MARKETPLACE_LISTING, 'https://www.aliexpress.com/store/product/fake-watch/2233445_1005001234567890.html')).toEqual(['MARKETPLACE_STORE aliexpress:store:2233445 (LISTING_STORE)']);
    expect(only(T.URL, 'https://www.amazon.com/dp/B0C1234567?smid=A1B2C3D4E5F6G7')).toEqual(['MARKETPLACE_STORE amazon:store:a1b2c3d4e5f6g7 (LISTING_STORE)']);
  });

  it('two shops’ listings stay apart; a listing without its store, a bare id and the marketplace selling as itself derive nothing', () => {
    expect(only(T.URL, 'https://shopee.sg/Bag-i.111111.222222')).toEqual(['MARKETPLACE_STORE shopee:store:111111 (LISTING_STORE)']);
    expect(only(T.URL, 'https://shopee.sg/Bag-i.333333.222222')).toEqual(['MARKETPLACE_STORE shopee:store:333333 (LISTING_STORE)']);
    expect(derivedKeys(T.MARKETPLACE_LISTING, 'https://www.aliexpress.com/item/1005001234567890.html')).toEqual([]);
    expect(derivedKeys(T.MARKETPLACE_LISTING, 'taobao:654321098765')).toEqual([]);
    expect(derivedKeys(T.URL, 'https://www.amazon.com/dp/B0C1234567?smid=ATVPDKIKX0DER')).toEqual([]);
    // a marketplace the alliance does not list reads no store
    expect(derivedKeys(T.URL, 'https://shopee.sg/Bag-i.111111.222222', { marketplaces: ['taobao'] })).toEqual([]);
  });
});

describe('what derives nothing', () => {
  it('values of other types, and values that do not read as their type', () => {
    expect(derivedKeys(T.EMAIL, 'seller@fake-shop.example')).toEqual([]);
    expect(derivedKeys(T.DOMAIN, 'fake-shop.example')).toEqual([]);
    expect(derivedKeys(T.PHONE, '+8613800138000')).toEqual([]);
    expect(derivedKeys(T.URL, 'not a url')).toEqual([]);
    expect(derivedKeys(T.PAYMENT_ACCOUNT, '')).toEqual([]);
  });
});
