import { describe, expect, it } from '@jest/globals';
import { IndicatorType as T } from './indicator-type.js';
import { unwrap } from './labels.js';
import { allApart, allSame, key, refused } from './normalise.testing.js';

// issue 18, outcome 1: values as people paste them
describe('wrappers around a value', () => {
  it('drops quotes, brackets and trailing punctuation, Western and CJK', () => {
    expect(unwrap('"sales@fakebags.example".')).toBe('sales@fakebags.example');
    expect(unwrap('【+86 138 0013 8000】')).toBe('+86 138 0013 8000');
    expect(unwrap('「FakeBags888」。')).toBe('FakeBags888');
    expect(unwrap('(<https://shop.example/a>);')).toBe('https://shop.example/a');
    expect(unwrap('“Guangzhou Shiny Leather Co., Ltd.”')).toBe('Guangzhou Shiny Leather Co., Ltd');
  });

  it('keeps what belongs to the value: a closing bracket inside, a slash', () => {
    expect(unwrap('Shiny (HK) Ltd')).toBe('Shiny (HK) Ltd');
    expect(unwrap('https://shop.example/a/')).toBe('https://shop.example/a/');
  });
});

describe('labels do not change the key', () => {
  it('phones: Tel:, tel:, Phone, 电话, Téléphone, a WhatsApp number', () => {
    expect(
      allSame(T.PHONE, ['+86 138 0013 8000', 'Tel: +86 138 0013 8000', 'tel:+8613800138000', 'TEL. +86-138-0013-8000', 'Phone +86 138 0013 8000', 'Mobile No.: +86 13800138000', '电话：+86 138 0013 8000', '手机: 13800138000', 'WhatsApp: +86 138 0013 8000', '"+86 138 0013 8000",'], { defaultCountry: 'CN' }),
    ).toBe('+8613800138000');
    expect(key(T.PHONE, 'Téléphone : 01 42 68 53 00', { defaultCountry: 'FR' })).toBe('+33142685300');
  });

  it('e-mail: mailto: (with its query), Email:, 邮箱：, angle brackets', () => {
    expect(allSame(T.EMAIL, ['sales@fakebags.example', 'mailto:sales@fakebags.example', 'MAILTO:Sales@FakeBags.example?subject=Order', 'Email: sales@fakebags.example', 'E-mail: <sales@fakebags.example>', '邮箱：sales@fakebags.example', '(sales@fakebags.example)'])).toBe('sales@fakebags.example');
  });

  it('IBANs and account numbers: IBAN, IBAN:, Account No., 账号', () => {
    expect(allSame(T.BANK_ACCOUNT, ['DE89 3704 0044 0532 0130 00', 'IBAN DE89 3704 0044 0532 0130 00', 'IBAN: DE89370400440532013000', 'iban de89 3704 0044 0532 0130 00.', 'Account No.: DE89 3704 0044 0532 0130 00'])).toBe('DE89370400440532013000');
    expect(allSame(T.BANK_ACCOUNT, ['6222 0212 3456 7890 123', '账号：6222 0212 3456 7890 123', 'A/C No: 6222-0212-3456-7890-123'])).toBe('6222021234567890123');
  });

  it('payment accounts: the provider stays in the key, its colon does not', () => {
    expect(allSame(T.PAYMENT_ACCOUNT, ['alipay 2088 1234 5678', 'Alipay: 2088 1234 5678', 'alipay：208812345678'])).toBe('alipay208812345678');
    expect(key(T.PAYMENT_ACCOUNT, 'Email: Seller.Pay@gmail.com')).toBe('sellerpay@gmail.com');
  });

  it('hashes: 0x, sha256:, pHash:', () => {
    expect(allSame(T.IMAGE_HASH, ['F0E1D2C3B4A59687', '0xF0E1D2C3B4A59687', 'pHash: 0xf0e1d2c3b4a59687', '"f0e1d2c3b4a59687"'])).toBe('f0e1d2c3b4a59687');
    expect(key(T.IMAGE_HASH, `sha256: ${'ab'.repeat(32)}`)).toBe('ab'.repeat(32));
  });

  it('messaging handles: WeChat:, 微信：, 微信号:, WeChat ID, vx', () => {
    expect(allSame(T.MESSAGING_HANDLE, ['WeChat: FakeBags888', '微信：FakeBags888', '微信号: FakeBags888', 'WeChat ID: FakeBags888', 'vx: fakebags888', '【微信：FakeBags888】'])).toBe('WECHAT:fakebags888');
  });

  it('URLs, domains, tracking numbers, IP addresses, names and addresses', () => {
    expect(allSame(T.URL, ['https://fake-shop.example/bag', 'URL: https://fake-shop.example/bag', '链接：https://fake-shop.example/bag', '<https://fake-shop.example/bag>.'])).toBe('fake-shop.example/bag');
    expect(allSame(T.DOMAIN, ['fake-shop.example', 'Website: www.fake-shop.example', '域名：fake-shop.example'])).toBe('fake-shop.example');
    expect(allSame(T.TRACKING_NUMBER, ['1Z 999 AA1 01 2345 6784', 'Tracking No.: 1Z 999 AA1 01 2345 6784', '运单号：1Z999AA10123456784'])).toBe('1Z999AA10123456784');
    expect(allSame(T.IP_ADDRESS, ['203.0.113.7', 'IP: 203.0.113.7', 'IP:203.0.113.7', '[203.0.113.7]'])).toBe('203.0.113.7');
    expect(key(T.IP_ADDRESS, 'abcd::1')).toBe('abcd::1'); // an IPv6 address's own colons are no label
    expect(allSame(T.PERSON_NAME, ['Li Wei', 'Name: Li Wei', '联系人：Li Wei', '收件人: Li Wei'])).toBe('li wei');
    expect(allSame(T.COMPANY_NAME, ['Guangzhou Shiny Leather Co., Ltd.', 'Company: Guangzhou Shiny Leather Co., Ltd.'])).toBe('guangzhou shiny leather');
  });

  it('keeps apart what only looks alike', () => {
    allApart(T.PHONE, ['Tel: +86 138 0013 8000', 'Tel: +86 138 0013 8001', 'Fax: +86 20 1234 5678']);
    allApart(T.IMAGE_HASH, ['0xf0e1d2c3b4a59687', '0xf0e1d2c3b4a59688']);
    // a word before a name is part of it unless it is a label with its colon
    allApart(T.COMPANY_NAME, ['Contact Lens Ltd', 'Lens Ltd']);
    allApart(T.POSTAL_ADDRESS, ['Address Lane 5', 'Lane 5']);
  });
});

describe('bad labels', () => {
  it('refuses a label that contradicts the type, saying what the label says', () => {
    expect(refused(T.EMAIL, 'Tel: +86 138 0013 8000')).toMatch(/“Tel:” says this is a phone number, not an email/);
    expect(refused(T.PHONE, 'Email: sales@fakebags.example')).toMatch(/says this is an e-mail address/);
    expect(refused(T.PHONE, 'WeChat: +86 138 0013 8000')).toMatch(/says this is a messaging handle/);
    expect(refused(T.BANK_ACCOUNT, 'SWIFT: DEUTDEFF')).toMatch(/bank code \(BIC\/SWIFT\), not an account/);
    expect(refused(T.PAYMENT_ACCOUNT, 'IBAN DE89 3704 0044 0532 0130 00')).toMatch(/says this is an IBAN/);
    expect(refused(T.URL, 'mailto:sales@fakebags.example')).toMatch(/says this is an e-mail address, not a url/);
    expect(refused(T.MESSAGING_HANDLE, 'Tel: +86 138 0013 8000')).toMatch(/says this is a phone number/);
    expect(refused(T.POSTAL_ADDRESS, '电话：+86 138 0013 8000')).toMatch(/says this is a phone number, not a postal address/);
    expect(refused(T.MARKETPLACE_LISTING, 'Shop: https://shop123456789.taobao.com')).toMatch(/says this is a store/);
  });

  it('refuses a value that is only a label', () => {
    for (const [type, value] of [[T.PHONE, 'Tel:'], [T.PHONE, 'tel:'], [T.EMAIL, 'mailto:'], [T.BANK_ACCOUNT, 'IBAN'], [T.BANK_ACCOUNT, 'IBAN: '], [T.IMAGE_HASH, '0x'], [T.MESSAGING_HANDLE, '微信：'], [T.MESSAGING_HANDLE, 'WeChat:'], [T.URL, 'Link:'], [T.PERSON_NAME, 'Name:']] as const) {
      expect([value, refused(type, value)]).toEqual([value, expect.stringMatching(/only a label|empty/)]);
    }
  });

  it('knows a label in any case, with dots, spaces and its ending (No., number, ID, #)', () => {
    const labels = ['TEL.', 'T E L', 'Phone Number', 'ACCOUNT NO.', 'a/c no', 'A/C No.', 'SHA-256', 'MD5', 'sha1', 'E-Mail', 'Tracking #', 'TRACKING NUMBER', 'IP Address', 'WeChat ID', 'Kakao Talk', 'Swift Code', 'Tél.', 'TÉLÉPHONE', '0X', 'Sendungsnummer', 'Ship To', '运单号'];
    for (const value of labels) expect([value, refused(T.TRACKING_NUMBER, value)]).toEqual([value, expect.stringMatching(/only a label/)]);
    for (const value of ['sha2', 'accountnumbers', 'Seller.1@shop.example', 'IMP100000X5', 'kontonummernummer']) expect([value, key(T.TRACKING_NUMBER, value)]).toEqual([value, expect.any(String)]);
  });

  it('takes the names of an object\'s properties for no label ("constructor" once failed the import)', () => {
    expect(key(T.COMPANY_NAME, 'Constructor: Acme Ltd')).toBe('constructor acme');
    expect(key(T.TRACKING_NUMBER, 'constructor AB12345')).toBe('CONSTRUCTORAB12345');
    expect(key(T.TRACKING_NUMBER, '__proto__')).toBe('PROTO');
  });

  it('names a label it does not know when the value does not read', () => {
    expect(refused(T.EMAIL, 'Kontaktadresse: sales@fakebags.example')).toMatch(/“Kontaktadresse:” is no label we know/);
    expect(refused(T.IMAGE_HASH, 'blurhash: f0e1d2c3b4a59687')).toMatch(/“blurhash:” is no label we know/);
    expect(refused(T.PHONE, '""')).toMatch(/empty/);
  });
});
