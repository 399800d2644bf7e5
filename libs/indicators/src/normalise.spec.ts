import { describe, expect, it } from '@jest/globals';
import { IndicatorType as T } from './indicator-type.js';
import { allSame, key, refused } from './normalise.testing.js';

describe('phone numbers → E.164', () => {
  it('reads local, international and punctuated forms of one number as the same key', () => {
    expect(allSame(T.PHONE, ['138 0013 8000', '+86 138 0013 8000', '0086-138-0013-8000', '(+86) 13800138000', '+86.138.0013.8000'], { defaultCountry: 'CN' })).toBe('+8613800138000');
    expect(allSame(T.PHONE, ['(212) 555-0123', '212.555.0123', '+1 212 555 0123', '001 212 555 0123'], { defaultCountry: 'US' })).toBe('+12125550123');
    expect(allSame(T.PHONE, ['020 7946 0958', '+44 20 7946 0958', '+44 (0)20 7946 0958'], { defaultCountry: 'GB' })).toBe('+442079460958');
  });

  it('uses the report country only for numbers without a country code', () => {
    expect(key(T.PHONE, '+49 30 901820', { defaultCountry: 'CN' })).toBe('+4930901820');
    expect(key(T.PHONE, '030 901820', { defaultCountry: 'DE' })).toBe('+4930901820');
  });

  it('refuses what cannot be a phone number', () => {
    expect(refused(T.PHONE, 'call me maybe', { defaultCountry: 'CN' })).toBeTruthy();
    expect(refused(T.PHONE, '12', { defaultCountry: 'CN' })).toBeTruthy();
    expect(refused(T.PHONE, '138 0013 8000')).toMatch(/country code/);
  });
});

describe('e-mail addresses', () => {
  it('lower-cases and applies the providers’ own rules where they are safe', () => {
    expect(allSame(T.EMAIL, ['Fake.Seller+shop1@GMail.com', 'fakeseller@gmail.com', ' f.a.k.e.seller@googlemail.com '])).toBe('fakeseller@gmail.com');
    expect(key(T.EMAIL, 'Sales+eu@Outlook.com')).toBe('sales@outlook.com');
    // elsewhere dots and tags may be different mailboxes: kept
    expect(key(T.EMAIL, 'john.smith+orders@example.co.uk')).toBe('john.smith+orders@example.co.uk');
    expect(key(T.EMAIL, 'info@Bücher.example')).toBe('info@xn--bcher-kva.example');
  });

  it('refuses values that are not e-mail addresses', () => {
    expect(refused(T.EMAIL, 'seller.gmail.com')).toMatch(/@/);
    expect(refused(T.EMAIL, 'seller@')).toBeTruthy();
    expect(refused(T.EMAIL, 'seller@localhost')).toBeTruthy();
    expect(refused(T.EMAIL, 'two words@example.com')).toBeTruthy();
  });
});

describe('URLs', () => {
  it('canonicalises scheme, case, www, default ports, fragments, tracking parameters and query order', () => {
    expect(
      allSame(T.URL, [
        'HTTPS://WWW.Fake-Shop.example:443/Products/Bag?color=red&size=m&utm_source=fb&fbclid=abc#reviews',
        'http://fake-shop.example/Products/Bag?size=m&color=red',
        'fake-shop.example/Products/Bag/?size=m&color=red&gclid=x',
      ]),
    ).toBe('fake-shop.example/Products/Bag?color=red&size=m');
    expect(key(T.URL, 'https://item.taobao.com/item.htm?spm=a21n57.1.0.0&id=6543210987&ali_refid=xyz')).toBe('item.taobao.com/item.htm?id=6543210987');
  });

  it('keeps what tells pages apart', () => {
    expect(key(T.URL, 'https://shop.example/a?page=2')).not.toBe(key(T.URL, 'https://shop.example/a?page=3'));
    expect(key(T.URL, 'https://shop.example:8443/a')).toBe('shop.example:8443/a');
  });

  it('refuses non-web addresses', () => {
    expect(refused(T.URL, 'javascript:alert(1)')).toBeTruthy();
    expect(refused(T.URL, 'not a url')).toBeTruthy();
    expect(refused(T.URL, 'ftp://files.example/x')).toBeTruthy();
  });
});

describe('domains → registrable domain', () => {
  it('reduces hosts and URLs to the domain a registrant holds', () => {
    expect(allSame(T.DOMAIN, ['shop.fake-brand.co.uk', 'https://WWW.fake-brand.co.uk/path', 'fake-brand.co.uk.', 'm.shop.fake-brand.co.uk'])).toBe('fake-brand.co.uk');
    expect(key(T.DOMAIN, 'seller123.myshopify.com')).toBe('seller123.myshopify.com'); // a public suffix: each shop is its own registrant
    expect(key(T.DOMAIN, 'münchen-outlet.de')).toBe('xn--mnchen-outlet-wob.de');
  });

  it('refuses values with no registrable domain', () => {
    expect(refused(T.DOMAIN, 'localhost')).toBeTruthy();
    expect(refused(T.DOMAIN, 'co.uk')).toBeTruthy();
  });
});

describe('marketplace stores and listings', () => {
  it('extracts store ids from store URLs of the listed marketplaces', () => {
    expect(allSame(T.MARKETPLACE_STORE, ['https://shop123456789.taobao.com/?spm=a1z10', 'shop123456789.taobao.com/index.htm', 'taobao:123456789'])).toBe('taobao:store:123456789');
    expect(allSame(T.MARKETPLACE_STORE, ['https://www.aliexpress.com/store/1101234567?spm=2114', 'https://aliexpress.com/store/1101234567/pages/all-items.html'])).toBe('aliexpress:store:1101234567');
    expect(key(T.MARKETPLACE_STORE, 'https://www.amazon.de/s?me=A1B2C3D4E5F6G7&marketplaceID=A1PA6795UKMFR9')).toBe('amazon:store:a1b2c3d4e5f6g7');
    expect(key(T.MARKETPLACE_STORE, 'https://www.ebay.co.uk/str/cheapbags4u?_trksid=p2047675')).toBe('ebay:store:cheapbags4u');
    expect(key(T.MARKETPLACE_STORE, '998877', { qualifier: 'shopee' })).toBe('shopee:store:998877');
  });

  it('extracts listing ids from listing URLs', () => {
    expect(allSame(T.MARKETPLACE_LISTING, ['https://item.taobao.com/item.htm?spm=a1z10.1&id=654321098765', 'taobao:654321098765'])).toBe('taobao:listing:654321098765');
    expect(allSame(T.MARKETPLACE_LISTING, ['https://www.amazon.com/Fake-Handbag-Leather/dp/B0C1234567/ref=sr_1_3?keywords=bag', 'https://amazon.com/gp/product/b0c1234567'])).toBe('amazon:listing:B0C1234567'.toLowerCase());
    expect(key(T.MARKETPLACE_LISTING, 'https://www.aliexpress.com/item/1005006123456789.html?algo_pvid=x')).toBe('aliexpress:listing:1005006123456789');
    expect(key(T.MARKETPLACE_LISTING, 'https://www.ebay.com/itm/Designer-Bag-New/385123456789?hash=item59')).toBe('ebay:listing:385123456789');
    expect(key(T.MARKETPLACE_LISTING, 'https://shopee.sg/Luxury-Bag-i.123456.7890123')).toBe('shopee:listing:7890123');
  });

  it('refuses marketplaces the alliance does not list and addresses without an id', () => {
    expect(refused(T.MARKETPLACE_STORE, 'https://shop1.taobao.com', { marketplaces: ['amazon'] })).toMatch(/marketplace the alliance lists/);
    expect(refused(T.MARKETPLACE_LISTING, 'https://www.amazon.com/gp/help/customer')).toMatch(/No listing id/);
    expect(refused(T.MARKETPLACE_STORE, '123456')).toMatch(/marketplace/);
  });
});

describe('bank and payment accounts', () => {
  it('validates and compacts IBANs', () => {
    expect(allSame(T.BANK_ACCOUNT, ['DE89 3704 0044 0532 0130 00', 'de89370400440532013000', 'DE89-3704-0044-0532-0130-00'])).toBe('DE89370400440532013000');
    expect(key(T.BANK_ACCOUNT, 'GB29 NWBK 6016 1331 9268 19')).toBe('GB29NWBK60161331926819');
  });

  it('refuses impossible IBANs', () => {
    expect(refused(T.BANK_ACCOUNT, 'DE89 3704 0044 0532 0130 01')).toMatch(/IBAN/);
    expect(refused(T.BANK_ACCOUNT, 'GB00 NWBK 6016 1331 9268 19')).toMatch(/IBAN/);
  });

  it('compacts other account numbers', () => {
    expect(allSame(T.BANK_ACCOUNT, ['6222 0212 3456 7890 123', '6222-0212-3456-7890-123'])).toBe('6222021234567890123');
    expect(allSame(T.PAYMENT_ACCOUNT, ['Seller.Pay@GMAIL.com', 'sellerpay@gmail.com'])).toBe('sellerpay@gmail.com');
    expect(key(T.PAYMENT_ACCOUNT, 'alipay 2088 1234 5678')).toBe('alipay208812345678');
  });
});

describe('messaging handles', () => {
  it('qualifies handles by platform and folds their spelling', () => {
    expect(allSame(T.MESSAGING_HANDLE, ['WeChat: FakeBags888', 'weixin:fakebags888', '微信：FakeBags888'])).toBe('WECHAT:fakebags888');
    expect(allSame(T.MESSAGING_HANDLE, ['telegram:@CheapWatches', 'https://t.me/cheapwatches', 'tg: cheapwatches'])).toBe('TELEGRAM:cheapwatches');
    expect(allSame(T.MESSAGING_HANDLE, ['WhatsApp: +86 138 0013 8000', 'https://wa.me/8613800138000', 'wa:008613800138000'])).toBe('WHATSAPP:+8613800138000');
    expect(key(T.MESSAGING_HANDLE, 'bags_factory', { qualifier: 'line' })).toBe('LINE:bags_factory');
  });

  it('refuses a handle without its platform', () => {
    expect(refused(T.MESSAGING_HANDLE, 'fakebags888')).toMatch(/messenger/);
  });
});

describe('names and addresses fold', () => {
  it('folds case, punctuation, width and diacritics', () => {
    expect(allSame(T.PERSON_NAME, ['José  Álvarez', 'JOSE ALVAREZ', 'jose-alvarez', 'Ｊｏｓｅ Ａｌｖａｒｅｚ'])).toBe('jose alvarez');
    expect(allSame(T.POSTAL_ADDRESS, ['12, Rue de l’Église, 75004 Paris', '12 rue de l eglise 75004 PARIS'].map((s) => s.replace('l’Église', 'l Église')))).toBe('12 rue de l eglise 75004 paris');
    expect(allSame(T.COMPANY_NAME, ['Guangzhou Shiny Leather Co., Ltd.', 'GUANGZHOU SHINY LEATHER CO LTD', 'Guangzhou Shiny Leather Limited'])).toBe('guangzhou shiny leather');
  });

  it('refuses a value with nothing in it', () => {
    expect(refused(T.COMPANY_NAME, ' ... ')).toBeTruthy();
    expect(refused(T.PERSON_NAME, '')).toBeTruthy();
  });
});

describe('IP addresses, tracking numbers, image hashes', () => {
  it('normalises IP addresses', () => {
    expect(key(T.IP_ADDRESS, '203.0.113.7')).toBe('203.0.113.7');
    expect(key(T.IP_ADDRESS, '::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(allSame(T.IP_ADDRESS, ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1', '[2001:db8::1]'])).toBe('2001:db8::1');
    expect(refused(T.IP_ADDRESS, '999.1.1.1')).toBeTruthy();
    expect(refused(T.IP_ADDRESS, '1')).toBeTruthy();
  });

  it('compacts tracking numbers and checks image hashes', () => {
    expect(allSame(T.TRACKING_NUMBER, ['1Z 999 AA1 01 2345 6784', '1z999aa10123456784', '1Z-999-AA1-01-2345-6784'])).toBe('1Z999AA10123456784');
    expect(key(T.IMAGE_HASH, 'F0E1D2C3B4A59687')).toBe('f0e1d2c3b4a59687');
    expect(refused(T.IMAGE_HASH, 'not-a-hash')).toBeTruthy();
  });

  it('refuses values that are too long', () => {
    expect(refused(T.COMPANY_NAME, 'x'.repeat(5000))).toMatch(/longer/);
  });
});
