import { getDomain } from 'tldts';
import { marketplaceFromTemplates, marketplaceRule, type MarketplaceRule, type MarketplaceTemplates } from '../../indicators/src/index.js';

/**
 * Which of an alliance's marketplaces a listing URL belongs to, and its listing and store ids
 * (issue 16, outcome 2). A marketplace reads its URLs either by a built-in rule of
 * `libs/indicators` (the same rules intelligence uses for MARKETPLACE_* indicators) or by the
 * templates a coordinator gives for a marketplace without one (`marketplaceFromTemplates`: a path
 * with `{id}` where the id stands, `/item/{id}.html`, or a query parameter, `?id={id}`).
 */
export interface MarketplaceUrlSpec extends MarketplaceTemplates {
  /** The alliance's own name for it ("Lotusmart"). */
  name: string;
  /** A built-in rule's name (`taobao`), or null for templates (then `domains` are its registrable domains). */
  rule: string | null;
}

export interface ParsedListing<M extends MarketplaceUrlSpec = MarketplaceUrlSpec> {
  marketplace: M;
  url: string;
  listingId: string | null;
  storeId: string | null;
}

export type ListingParse<M extends MarketplaceUrlSpec> = { ok: true; listing: ParsedListing<M> } | { ok: false; reason: string };

export { templateProblem } from '../../indicators/src/index.js';

/** Each marketplace row's rule, built once while the row is in use (a bulk file reads every URL against the same rows). */
const rules = new WeakMap<MarketplaceUrlSpec, MarketplaceRule>();

/** How a marketplace reads its URLs: its built-in rule, or its templates. */
export function urlRuleOf(spec: MarketplaceUrlSpec): MarketplaceRule {
  let rule = rules.get(spec);
  if (!rule) rules.set(spec, (rule = (spec.rule ? marketplaceRule(spec.rule) : undefined) ?? marketplaceFromTemplates(spec)));
  return rule;
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
