/**
 * How to read store and listing ids out of a marketplace's addresses. An alliance lists the
 * marketplaces it watches by name; these rules say how each one's URLs look.
 */
export interface MarketplaceRule {
  /** Stable lower-case name, the prefix of every key: `taobao:store:123`. */
  name: string;
  /** Registrable domains the marketplace serves from. */
  domains: string[];
  store?: (url: URL) => string | null;
  listing?: (url: URL) => string | null;
}

const pathMatch = (re: RegExp) => (url: URL) => re.exec(url.pathname)?.[1] ?? null;
const param = (...names: string[]) => (url: URL) => {
  for (const n of names) {
    const v = url.searchParams.get(n);
    if (v) return v;
  }
  return null;
};
const first = (...readers: ((url: URL) => string | null)[]) => (url: URL) => {
  for (const r of readers) {
    const v = r(url);
    if (v) return v;
  }
  return null;
};
const subdomain = (re: RegExp) => (url: URL) => re.exec(url.hostname)?.[1] ?? null;

export const MARKETPLACE_RULES: readonly MarketplaceRule[] = [
  {
    name: 'taobao',
    domains: ['taobao.com'],
    store: first(subdomain(/^shop(\d+)\.taobao\.com$/), param('shop_id', 'shopId', 'user_number_id')),
    listing: first(param('id', 'itemId'), pathMatch(/\/item\/(\d+)/)),
  },
  {
    name: 'tmall',
    domains: ['tmall.com'],
    store: first(param('shop_id', 'shopId', 'user_id'), subdomain(/^([a-z0-9-]+)\.tmall\.com$/)),
    listing: param('id', 'itemId'),
  },
  {
    name: 'aliexpress',
    domains: ['aliexpress.com', 'aliexpress.us', 'aliexpress.ru'],
    store: first(pathMatch(/\/store\/(?:[a-z]+\/)?(\d+)/), param('storeId', 'store_id')),
    listing: pathMatch(/\/item\/(?:[^/]*?)(\d+)\.html/),
  },
  {
    name: 'alibaba',
    domains: ['alibaba.com'],
    store: subdomain(/^([a-z0-9-]+)\.en\.alibaba\.com$/),
    listing: pathMatch(/\/product-detail\/(?:.*?_)?(\d+)\.html/),
  },
  {
    name: 'amazon',
    domains: ['amazon.com', 'amazon.co.uk', 'amazon.de', 'amazon.fr', 'amazon.it', 'amazon.es', 'amazon.co.jp', 'amazon.cn', 'amazon.ca', 'amazon.com.au', 'amazon.in', 'amazon.nl'],
    store: param('seller', 'me'),
    listing: (url) => (/\/(?:dp|gp\/product|gp\/aw\/d)\/([A-Z0-9]{10})(?:[/?]|$)/i.exec(url.pathname)?.[1] ?? null)?.toUpperCase() ?? null,
  },
  {
    name: 'ebay',
    domains: ['ebay.com', 'ebay.co.uk', 'ebay.de', 'ebay.fr', 'ebay.it', 'ebay.es', 'ebay.com.au'],
    store: first(pathMatch(/\/str\/([^/?#]+)/), pathMatch(/\/usr\/([^/?#]+)/)),
    listing: pathMatch(/\/itm\/(?:[^/]*\/)?(\d{9,15})/),
  },
  {
    name: 'jd',
    domains: ['jd.com'],
    store: first(pathMatch(/\/index-(\d+)\.html/), subdomain(/^shop(\d+)\.jd\.com$/)),
    listing: pathMatch(/^\/(\d+)\.html/),
  },
  {
    name: 'pinduoduo',
    domains: ['pinduoduo.com', 'yangkeduo.com'],
    store: param('mall_id'),
    listing: param('goods_id'),
  },
  {
    name: 'shopee',
    domains: ['shopee.com', 'shopee.sg', 'shopee.com.my', 'shopee.co.id', 'shopee.co.th', 'shopee.ph', 'shopee.vn', 'shopee.tw', 'shopee.com.br'],
    store: first(pathMatch(/\/shop\/(\d+)/), (url) => /-i\.(\d+)\.\d+/.exec(url.pathname)?.[1] ?? null),
    listing: first(pathMatch(/\/product\/\d+\/(\d+)/), (url) => /-i\.\d+\.(\d+)/.exec(url.pathname)?.[1] ?? null),
  },
  {
    name: 'lazada',
    domains: ['lazada.com', 'lazada.sg', 'lazada.com.my', 'lazada.co.id', 'lazada.co.th', 'lazada.com.ph', 'lazada.vn'],
    store: pathMatch(/\/shop\/([^/?#]+)/),
    listing: (url) => /-i(\d+)(?:-s\d+)?\.html/.exec(url.pathname)?.[1] ?? null,
  },
  {
    name: 'etsy',
    domains: ['etsy.com'],
    store: pathMatch(/\/shop\/([^/?#]+)/),
    listing: pathMatch(/\/listing\/(\d+)/),
  },
  {
    name: 'walmart',
    domains: ['walmart.com'],
    store: first(pathMatch(/\/seller\/(\d+)/), param('sellerId')),
    listing: pathMatch(/\/ip\/(?:[^/]+\/)?(\d+)/),
  },
];

export const DEFAULT_MARKETPLACES: readonly string[] = MARKETPLACE_RULES.map((r) => r.name);

export function marketplaceRule(name: string): MarketplaceRule | undefined {
  return MARKETPLACE_RULES.find((r) => r.name === name.toLowerCase());
}
