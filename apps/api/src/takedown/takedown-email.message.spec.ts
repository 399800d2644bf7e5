import { describe, expect, it } from '@jest/globals';
import { listingUrls, ownText, readFields, reasonName } from './takedown-email.message.js';

describe('reading a takedown e-mail', () => {
  it('reads the fields from lines of their own, the body before the subject, the first line of each', () => {
    const body = 'Hello,\n\nBrand: Aurora Audio\n  right :  EU-018123456 \nReason: counterfeit\nBrand: Other\n';
    expect(readFields('Takedown; Brand: Ignored; Statement: from the subject', body)).toEqual({
      brand: 'Aurora Audio', right: 'EU-018123456', reason: 'counterfeit', statement: 'from the subject',
    });
    expect(readFields('Brand: Aurora | Trademark: 123', 'only https://x.example/1')).toEqual({ brand: 'Aurora', right: '123' });
    expect(readFields('Re: takedown', 'Brand:\nno fields here')).toEqual({});
  });

  it('leaves quoted replies and the signature out', () => {
    const body = 'https://a.example/1\n> Brand: Quoted\n> https://quoted.example/2\n-- \nACME https://acme.example';
    expect(ownText(body)).toBe('https://a.example/1');
    expect(readFields('', body)).toEqual({});
    expect(listingUrls(body)).toEqual(['https://a.example/1']);
  });

  it('finds listing addresses in running text once each, without the punctuation around them', () => {
    const text = 'See https://item.taobao.com/item.htm?id=1, and (https://item.taobao.com/item.htm?id=2).\n'
      + 'Also <https://shop.example/p/(3)> and https://item.taobao.com/item.htm?id=1 again; http://x.example/a?b=c&d=e.';
    expect(listingUrls(text)).toEqual([
      'https://item.taobao.com/item.htm?id=1', 'https://item.taobao.com/item.htm?id=2', 'https://shop.example/p/(3)', 'http://x.example/a?b=c&d=e',
    ]);
  });

  it('falls back to the HTML part’s links, leaving quoted blocks out', () => {
    const html = '<p><a href="https://item.taobao.com/item.htm?id=7&amp;spm=1">listing</a></p><blockquote><a href=\'https://old.example/1\'>x</a></blockquote>';
    expect(listingUrls('no addresses in the text', html)).toEqual(['https://item.taobao.com/item.htm?id=7&spm=1']);
    expect(listingUrls('https://a.example/1', html)).toEqual(['https://a.example/1']);
  });

  it('spells reasons as the enum does', () => {
    expect(reasonName(' Trademark infringement ')).toBe('TRADEMARK_INFRINGEMENT');
    expect(reasonName('design-infringement')).toBe('DESIGN_INFRINGEMENT');
  });
});
