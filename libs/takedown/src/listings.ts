import { getDomain } from 'tldts';
import { marketplaceRule, type MarketplaceRule } from '../../indicators/src/index.js';

/**
 * Which of an alliance's marketplaces a listing URL belongs to, and its listing and store ids
 * (issue 16, outcome 2). A marketplace reads its URLs either by a built-in rule of
 * `libs/indicators` (the same rules intelligence uses for MARKETPLACE_* indicators) or by the
 * templates a coordinator gives for a marketplace without one: a path with `{id}` where the id
 * stands (`/item/{id}.html`) or a query parameter (`?id={id}`). Templates compile to anchored
 * patterns whose only variable part is a bounded run of id characters, so no input makes them slow.
 */
export interface MarketplaceUrlSpec {
  /** The alliance's own name for it ("Lotusmart"). */
  name: string;
  /** A built-in rule's name (`taobao`), or null for templates. */
  rule: string | null;
  /** Registrable domains (custom marketplaces; built-in rules bring their own). */
  domains: readonly string[];
  listingTemplate: string | null;
  storeTemplate: string | null;
}

export interface ParsedListing<M extends MarketplaceUrlSpec = MarketplaceUrlSpec> {
  marketplace: M;
  url: string;
  listingId: string | null;
  storeId: string | null;
}

export type ListingParse<M extends MarketplaceUrlSpec> = { ok: true; listing: ParsedListing<M> } | { ok: false; reason: string };

const ID = '([\\p{L}\\p{N}_.-]{1,120})';

/** The template's problem, or null when it reads. */
export function templateProblem(template: string): string | null {
  if (template.length > 200) return 'A template has at most 200 characters';
  if ((template.match(/\{id\}/g) ?? []).length !== 1) return 'A template holds {id} exactly once';
  if (!template.startsWith('/') && !template.startsWith('?')) return 'A template is a path (/item/{id}.html) or a query parameter (?id={id})';
  if (template.startsWith('?') && !/^\?[A-Za-z0-9_.-]{1,40}=\{id\}$/.test(template)) return 'A query template is ?name={id}';
  if (/[\s#]/.test(template)) return 'A template has no spaces and no #';
  return null;
}

function templateReader(template: string): (url: URL) => string | null {
  if (template.startsWith('?')) {
    const name = template.slice(1, template.indexOf('='));
    return (url) => url.searchParams.get(name) || null;
  }
  const [before, after] = template.split('{id}');
  const pattern = new RegExp(`^${escape(before)}${ID}${escape(after)}(?:/|$)`, 'u');
  return (url) => pattern.exec(decodePath(url.pathname))?.[1] ?? null;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** How a marketplace reads its URLs: its built-in rule, or its templates. */
export function urlRuleOf(spec: MarketplaceUrlSpec): MarketplaceRule {
  const builtIn = spec.rule ? marketplaceRule(spec.rule) : undefined;
  if (builtIn) return builtIn;
  return {
    name: spec.name.toLowerCase(),
    domains: [...spec.domains],
    listing: spec.listingTemplate ? templateReader(spec.listingTemplate) : undefined,
    store: spec.storeTemplate ? templateReader(spec.storeTemplate) : undefined,
  };
}

/** Reads a listing URL among the given marketplaces; a URL of none of them is refused naming them. */
export function parseListingUrl<M extends MarketplaceUrlSpec>(raw: string, marketplaces: readonly M[]): ListingParse<M> {
  const text = raw.trim();
  if (!text) return { ok: false, reason: 'The listing URL is empty' };
  if (text.length > 2048) return { ok: false, reason: 'A listing URL has at most 2,048 characters' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, reason: 'Not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'A listing URL starts with https:// or http://' };
  const domain = getDomain(url.hostname);
  for (const marketplace of marketplaces) {
    const rule = urlRuleOf(marketplace);
    if (!domain || !rule.domains.includes(domain)) continue;
    const listingId = rule.listing?.(url) ?? null;
    const storeId = rule.store?.(url) ?? null;
    if (!listingId && !storeId) return { ok: false, reason: `No listing or store id found in this ${marketplace.name} address` };
    url.hash = '';
    return { ok: true, listing: { marketplace, url: url.toString(), listingId, storeId } };
  }
  return { ok: false, reason: `Not an address of a marketplace the alliance works with (${marketplaces.map((m) => m.name).join(', ') || 'none yet'})` };
}

/** The alliance-facing names and jurisdictions of the built-in URL rules (a new alliance gets one marketplace each). */
export const BUILT_IN_MARKETPLACES: Readonly<Record<string, { name: string; jurisdiction: string }>> = {
  taobao: { name: 'Taobao', jurisdiction: 'CN' },
  tmall: { name: 'Tmall', jurisdiction: 'CN' },
  aliexpress: { name: 'AliExpress', jurisdiction: 'CN' },
  alibaba: { name: 'Alibaba.com', jurisdiction: 'CN' },
  amazon: { name: 'Amazon', jurisdiction: 'US' },
  ebay: { name: 'eBay', jurisdiction: 'US' },
  jd: { name: 'JD.com', jurisdiction: 'CN' },
  pinduoduo: { name: 'Pinduoduo', jurisdiction: 'CN' },
  shopee: { name: 'Shopee', jurisdiction: 'SG' },
  lazada: { name: 'Lazada', jurisdiction: 'SG' },
  etsy: { name: 'Etsy', jurisdiction: 'US' },
  walmart: { name: 'Walmart', jurisdiction: 'US' },
};
