/**
 * How to read store and listing ids out of a marketplace's addresses. An alliance lists the
 * marketplaces it watches by name; these rules say how each one's URLs look.
 */
export interface MarketplaceRule {
  /** Stable lower-case name, the prefix of every key: `taobao:store:123`. */
  name: string;
  /** Registrable domains the marketplace serves from. */
  domains: string[];
  /** Hosts of links that hide the id (`amzn.to/…`): only opening them tells which listing they are. */
  shortLinks?: string[];
  store?: (url: URL) => string | null;
  listing?: (url: URL) => string | null;
  /** The templates an alliance's own marketplace was made from (`marketplaceFromTemplates`): the rule as data, for another thread. */
  templates?: MarketplaceTemplates;
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

// hosts of a marketplace that serve pages, not a store of that name ("detail.tmall.com")
const SERVICE_HOSTS = /^(?:www|m|detail|list|login|chaoshi|pages|s|search|world|h5|wap|i|help|store|shop|buyer|seller|cart|mall)$/;
const storeSubdomain = (domain: string) => (url: URL) => {
  const m = new RegExp(`^([a-z0-9-]+)\\.(?:m\\.)?${domain.replace(/\./g, '\\.')}$`).exec(url.hostname);
  return m && !SERVICE_HOSTS.test(m[1]) ? m[1] : null;
};
const ASIN = /^[A-Z0-9]{10}$/i;
const asin = (id: string | null) => (id && ASIN.test(id) ? id.toUpperCase() : null);

/**
 * The built-in rules: every form the marketplaces' sites, apps and share buttons produce where the
 * id is in the address (desktop, mobile, old paths, slugs before the id, tracking parameters).
 * Short links that hide the id (`shortLinks`) are refused with a reason: only opening them tells.
 */
export const MARKETPLACE_RULES: readonly MarketplaceRule[] = [
  {
    name: 'taobao',
    domains: ['taobao.com'],
    shortLinks: ['tb.cn', 's.click.taobao.com'],
    store: first(subdomain(/^shop(\d+)\.(?:m\.)?taobao\.com$/), param('shop_id', 'shopId', 'user_number_id')),
    // item.taobao.com/item.htm?id=, h5.m.taobao.com/awp/core/detail.htm?id=, world.taobao.com/item/1.htm, a.m.taobao.com/i1.htm
    listing: first(param('id', 'itemId', 'item_id'), pathMatch(/\/item\/(\d+)/), (url) => (url.hostname === 'a.m.taobao.com' ? /^\/i(\d+)\.htm/.exec(url.pathname)?.[1] ?? null : null)),
  },
  {
    name: 'tmall',
    domains: ['tmall.com', 'tmall.hk'],
    shortLinks: ['tb.cn'],
    // a store's own host (brand.tmall.com, brand.m.tmall.com); detail.tmall.com and the like are pages, not stores
    store: first(param('shop_id', 'shopId', 'user_id'), storeSubdomain('tmall.com'), storeSubdomain('tmall.hk')),
    listing: param('id', 'itemId', 'item_id'),
  },
  {
    name: 'aliexpress',
    domains: ['aliexpress.com', 'aliexpress.us', 'aliexpress.ru'],
    shortLinks: ['a.aliexpress.com', 's.click.aliexpress.com'],
    // /store/123, /store/all-wholesale-products/123.html, the old /store/product/slug/123_456.html
    store: first(pathMatch(/\/store\/(?:[a-z-]+\/)?(\d+)/), pathMatch(/\/store\/product\/[^/]+\/(\d+)_\d+\.html/), param('storeId', 'store_id')),
    // /item/1.html, /item/slug/1.html, /i/1.html, /store/product/slug/123_1.html, the app's ?productId=1
    listing: first(pathMatch(/\/(?:item|i)\/(?:[^/]+\/)?(?:[^/]*?)(\d{6,})\.html/), pathMatch(/\/store\/product\/[^/]+\/\d+_(\d+)\.html/), param('productId')),
  },
  {
    name: 'alibaba',
    domains: ['alibaba.com'],
    store: subdomain(/^([a-z0-9-]+)\.(?:en|m)\.alibaba\.com$/),
    listing: first(pathMatch(/\/product-detail\/(?:.*?_)?(\d+)\.html/), pathMatch(/\/product\/(\d+)(?:[/.-]|$)/)),
  },
  {
    name: 'amazon',
    domains: [
      'amazon.com', 'amazon.co.uk', 'amazon.de', 'amazon.fr', 'amazon.it', 'amazon.es', 'amazon.co.jp', 'amazon.cn', 'amazon.ca', 'amazon.com.au', 'amazon.in', 'amazon.nl',
      'amazon.com.mx', 'amazon.com.br', 'amazon.sg', 'amazon.ae', 'amazon.sa', 'amazon.se', 'amazon.pl', 'amazon.com.tr', 'amazon.com.be', 'amazon.eg', 'amzn.com',
    ],
    shortLinks: ['a.co', 'amzn.to', 'amzn.eu', 'amzn.asia'],
    store: param('seller', 'me', 'merchant', 'smid'),
    // /slug/dp/X, /gp/product/X, /gp/aw/d/X (mobile), /-/de/dp/X, /exec/obidos/ASIN/X, /o/ASIN/X, /gp/offer-listing/X, /product-reviews/X, amzn.com/X, ?asin=X
    listing: (url) =>
      asin(/\/(?:dp|gp\/product|gp\/aw\/d|exec\/obidos\/asin|o\/asin|gp\/offer-listing|product-reviews)\/([A-Z0-9]{10})(?:[/?]|$)/i.exec(url.pathname)?.[1] ?? null) ??
      asin(url.hostname === 'amzn.com' || url.hostname === 'www.amzn.com' ? /^\/([A-Z0-9]{10})(?:[/?]|$)/i.exec(url.pathname)?.[1] ?? null : null) ??
      asin(url.searchParams.get('asin')),
  },
  {
    name: 'ebay',
    domains: ['ebay.com', 'ebay.co.uk', 'ebay.de', 'ebay.fr', 'ebay.it', 'ebay.es', 'ebay.com.au', 'ebay.ca', 'ebay.at', 'ebay.ch', 'ebay.ie', 'ebay.nl', 'ebay.be', 'ebay.pl', 'ebay.com.sg', 'ebay.com.hk', 'ebay.com.my', 'ebay.ph'],
    shortLinks: ['ebay.us', 'ebay.to'],
    store: first(pathMatch(/\/str\/([^/?#]+)/), pathMatch(/\/usr\/([^/?#]+)/)),
    // /itm/1, /itm/slug/1, m.ebay.com/itm/1, the old /ws/eBayISAPI.dll?ViewItem&item=1
    listing: first(pathMatch(/\/itm\/(?:[^/]*\/)?(\d{9,15})/), (url) => /^\d{9,15}$/.exec(url.searchParams.get('item') ?? '')?.[0] ?? null),
  },
  {
    name: 'jd',
    domains: ['jd.com', 'jd.hk'],
    shortLinks: ['3.cn', 'u.jd.com'],
    store: first(pathMatch(/\/index-(\d+)\.html/), subdomain(/^shop(\d+)\.jd\.com$/), param('shopId', 'shop_id', 'venderId')),
    // item.jd.com/1.html, npcitem.jd.hk/1.html, item.m.jd.com/product/1.html, item.m.jd.com/ware/view.action?wareId=1
    listing: first(
      (url) => (/^(?:item|npcitem|item\.m)\./.test(url.hostname) ? /^\/(?:product\/)?(\d+)\.html/.exec(url.pathname)?.[1] ?? null : null),
      param('wareId', 'sku'),
    ),
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
    shortLinks: ['shope.ee', 'shp.ee'],
    // /shop/1, /product/1/2, /universal-link/product/1/2, /Slug-i.1.2
    store: first(pathMatch(/\/shop\/(\d+)/), pathMatch(/\/product\/(\d+)\/\d+/), (url) => /-i\.(\d+)\.\d+/.exec(url.pathname)?.[1] ?? null),
    listing: first(pathMatch(/\/product\/\d+\/(\d+)/), (url) => /-i\.\d+\.(\d+)/.exec(url.pathname)?.[1] ?? null),
  },
  {
    name: 'lazada',
    domains: ['lazada.com', 'lazada.sg', 'lazada.com.my', 'lazada.co.id', 'lazada.co.th', 'lazada.com.ph', 'lazada.vn'],
    store: pathMatch(/\/shop\/([^/?#]+)/),
    // /products/slug-i1-s2.html, /products/pdp-i1.html, /products/i1.html
    listing: (url) => /[/-]i(\d+)(?:-s\d+)?\.html/.exec(url.pathname)?.[1] ?? null,
  },
  {
    name: 'etsy',
    domains: ['etsy.com'],
    shortLinks: ['etsy.me'],
    store: pathMatch(/\/shop\/([^/?#]+)/),
    // /listing/1/slug, /uk/listing/1, the app's /listing/1?ref=share
    listing: pathMatch(/\/listing\/(\d+)/),
  },
  {
    name: 'walmart',
    domains: ['walmart.com', 'walmart.ca'],
    store: first(pathMatch(/\/seller\/(\d+)/), param('sellerId', 'selectedSellerId')),
    listing: pathMatch(/\/ip\/(?:[^/]+\/)?(\d+)/),
  },
];

export const DEFAULT_MARKETPLACES: readonly string[] = MARKETPLACE_RULES.map((r) => r.name);

export function marketplaceRule(name: string): MarketplaceRule | undefined {
  return MARKETPLACE_RULES.find((r) => r.name === name.toLowerCase());
}

/**
 * A marketplace the alliance adds, as data: its domains and where the id stands in its addresses,
 * a path with `{id}` (`/item/{id}.html`) or a query parameter (`?id={id}`). The takedown pillar
 * keeps these in its `marketplace` table; intelligence reads MARKETPLACE_* values with them too.
 */
export interface MarketplaceTemplates {
  name: string;
  domains: readonly string[];
  listingTemplate: string | null;
  storeTemplate: string | null;
}

const TEMPLATE_ID = '([\\p{L}\\p{N}_.-]{1,120})';

/** The template's problem, or null when it reads. */
export function templateProblem(template: string): string | null {
  if (template.length > 200) return 'A template has at most 200 characters';
  if ((template.match(/\{id\}/g) ?? []).length !== 1) return 'A template holds {id} exactly once';
  if (!template.startsWith('/') && !template.startsWith('?')) return 'A template is a path (/item/{id}.html) or a query parameter (?id={id})';
  if (template.startsWith('?') && !/^\?[A-Za-z0-9_.-]{1,40}=\{id\}$/.test(template)) return 'A query template is ?name={id}';
  if (/[\s#]/.test(template)) return 'A template has no spaces and no #';
  return null;
}

/** Compiled template readers by template: a bulk file reads every row's URL with them (compiling per URL took 0.7 s of a 30,000-row file). */
const readers = new Map<string, (url: URL) => string | null>();
const MAX_READERS = 1000;

function templateReader(template: string): (url: URL) => string | null {
  let reader = readers.get(template);
  if (!reader) {
    if (readers.size >= MAX_READERS) readers.delete(readers.keys().next().value!); // the oldest: templates are few, this only bounds the map
    readers.set(template, (reader = compileTemplate(template)));
  }
  return reader;
}

// templates compile to anchored patterns whose only variable part is a bounded run of id characters: no input makes them slow
function compileTemplate(template: string): (url: URL) => string | null {
  if (template.startsWith('?')) {
    const name = template.slice(1, template.indexOf('='));
    return (url) => url.searchParams.get(name) || null;
  }
  const [before, after] = template.split('{id}');
  const pattern = new RegExp(`^${escapeRegExp(before)}${TEMPLATE_ID}${escapeRegExp(after)}(?:/|$)`, 'u');
  return (url) => pattern.exec(decodePath(url.pathname))?.[1] ?? null;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The key prefix of an alliance's marketplace: its name in lower case, words joined by "-" ("Lotus Mart" → lotus-mart). */
export const marketplaceKeyName = (name: string) => name.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');

/** The rule of a marketplace an alliance added by templates. */
export function marketplaceFromTemplates(spec: MarketplaceTemplates): MarketplaceRule {
  return {
    name: marketplaceKeyName(spec.name),
    domains: [...spec.domains],
    listing: spec.listingTemplate ? templateReader(spec.listingTemplate) : undefined,
    store: spec.storeTemplate ? templateReader(spec.storeTemplate) : undefined,
    templates: { name: spec.name, domains: [...spec.domains], listingTemplate: spec.listingTemplate, storeTemplate: spec.storeTemplate },
  };
}

/**
 * The rules values are read with: the built-in ones (those the alliance lists, all when it lists
 * none), then the alliance's own. A domain a built-in rule reads stays the built-in's, and a
 * built-in rule the alliance does not list stays off even when its takedown table keeps that
 * marketplace (the list is the one switch for the built-in marketplaces).
 */
export function marketplaceRules(allowed?: readonly string[], extra: readonly MarketplaceRule[] = []): MarketplaceRule[] {
  const names = allowed?.map((m) => m.toLowerCase());
  const builtIn = MARKETPLACE_RULES.filter((r) => !names || names.includes(r.name));
  const governed = new Set(MARKETPLACE_RULES.map((r) => r.name));
  return [...builtIn, ...extra.filter((r) => !governed.has(r.name))];
}
