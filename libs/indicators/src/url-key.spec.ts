import { describe, expect, it } from '@jest/globals';
import { normalizedUrlKey, plainUrlKey } from './url-key.js';

// issue 14, outcome 6: the quick path of a URL's key must give normalize-url's key, or none
const HOSTS = [
  'shop.example', 'www.shop.example', 'WWW.Shop.Example', 'www.www.shop.example', 'www.example', 'shop.example.', 'item.taobao.com', 'detail.tmall.com',
  'www.amazon.co.uk', 'shop.example:8080', 'shop.example:80', 'shop.example:443', 'xn--fiqs8s.example', '中国.example', 'user:pw@shop.example', 'user@shop.example',
  '203.0.113.7', '[2001:db8::1]', 'shop_1.example', 'a.b.c.d.example', 'www.a-b.example', 'ＳＨＯＰ.example',
];
const PATHS = [
  '', '/', '/item', '/item/', '/a/b/c', '/item/123.html', '/index.html', '/a/index.php', '/a/index.htm/', '/a/INDEX.HTML', '/index.json', '//double//slash',
  '/a//b', '/a%20b', '/%E5%95%86%E5%93%81', '/商品', '/a b', '/a+b', "/it's", '/a;b=c', '/~user/', '/a/./b/../c', '/a\\b', '/a:b@c', '/dp/B08N5WRWNW/ref=sr_1_1',
  '/a/https://b.example/c', '/a%2Fb', '/a/%2e%2e/b', '/(x)', '/a$b!c*d', '/a^b', '/a`b', '/a{b}',
];
const QUERIES = [
  '', '?', '?id=1', '?id=1&utm_source=feed', '?b=2&a=1', '?a=1&a=0', '?utm_source=x', '?spm=a.b.c&id=55', '?a', '?a&b=', '?a=&b', '?=', '?=x', '?a==b',
  '?a=1&&b=2', '?&a=1&', '?q=a+b', '?q=a%20b', '?q=%26', '?q=%2B', '?next=/a/', '?url=https://x.example/y?z=1', "?q=it's", '?Ref=1', '?ref=1&REF=2', '?x=~*',
  '?a=(1);b', '?UTM_Medium=x', '?q=中', '?b&a&b=1', '?z=1&y&x=', '?hash=1&id=2', '?_ga=1&_gaa=2', '?a=1/', '?a=%', '?a=b%3Dc', '?a="b"', '?a=<b>', '?a=b|c',
  '?id=1&sort=new&page=2&utm_campaign=x&fbclid=y',
];
const HASHES = ['', '#:~:text=x'];

describe('the quick path of a URL key', () => {
  it('gives normalize-url\'s key for every URL it takes, and passes on the rest', () => {
    let taken = 0;
    let compared = 0;
    const wrong: string[] = [];
    for (const scheme of ['http://', 'HTTPS://'])
      for (const host of HOSTS)
        for (const path of PATHS)
          for (const query of QUERIES)
            for (const hash of HASHES) {
              let url: URL;
              try {
                url = new URL(`${scheme}${host}${path}${query}${hash}`);
              } catch {
                continue;
              }
              let slow: string | null;
              try {
                slow = normalizedUrlKey(url);
              } catch {
                slow = null;
              }
              const quick = plainUrlKey(url);
              compared += 1;
              if (quick === null) continue;
              taken += 1;
              if (quick !== slow) wrong.push(`${url.href}: ${quick} instead of ${slow}`);
            }
    expect(wrong.slice(0, 20)).toEqual([]);
    expect(compared).toBeGreaterThan(50_000);
    expect(taken).toBeGreaterThan(compared / 4);
  });

  it('takes the URLs most files hold', () => {
    for (const href of [
      'https://www.shop12.imp100000.example/item?id=12&utm_source=feed',
      'https://item.taobao.com/item.htm?id=612345678901&spm=a21n57.1.0.0',
      'https://www.amazon.co.uk/dp/B08N5WRWNW/ref=sr_1_1?keywords=bag&qid=1',
      'http://fake-shop.example/bag/',
      'https://shop.example',
    ]) {
      const url = new URL(href);
      expect([href, plainUrlKey(url)]).toEqual([href, normalizedUrlKey(url)]);
    }
  });
});
