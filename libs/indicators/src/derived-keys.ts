import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { getDomain } from 'tldts';
import { IndicatorType } from './indicator-type.js';
import { stripLabel } from './labels.js';
import { MARKETPLACE_RULES, marketplaceRules } from './marketplaces.js';
import { normaliseIndicator, type NormaliseOptions } from './normalise.js';

/**
 * How a key was derived from a value of another type (issue 18, outcome 3):
 * - URL_DOMAIN: a URL's registrable domain is also a DOMAIN;
 * - PHONE_LINK: a click-to-chat link (`wa.me/…`, `api.whatsapp.com/send?phone=…`, `t.me/+…`) or a
 *   messenger account that is a phone number (WhatsApp, Signal, Viber) is also a PHONE;
 * - PAYMENT_EMAIL: an e-mail address used as a payment account is also an EMAIL;
 * - LISTING_STORE: a marketplace address (listing or store) that carries the store is also its MARKETPLACE_STORE.
 */
export enum KeyDerivation {
  URL_DOMAIN = 'URL_DOMAIN',
  PHONE_LINK = 'PHONE_LINK',
  PAYMENT_EMAIL = 'PAYMENT_EMAIL',
  LISTING_STORE = 'LISTING_STORE',
}

/** The types whose values may hold another type's key. */
export const DERIVING_TYPES: readonly IndicatorType[] = [IndicatorType.URL, IndicatorType.MARKETPLACE_LISTING, IndicatorType.MESSAGING_HANDLE, IndicatorType.PAYMENT_ACCOUNT];

export interface DerivedKey {
  type: IndicatorType;
  key: string;
  via: KeyDerivation;
}

/** How a link through a derived key is explained: "linked through the domain of this URL". */
export const DERIVATION_WORDING: Readonly<Record<KeyDerivation, string>> = {
  [KeyDerivation.URL_DOMAIN]: 'linked through the domain of this URL',
  [KeyDerivation.PHONE_LINK]: 'linked through the phone number in this chat link',
  [KeyDerivation.PAYMENT_EMAIL]: 'linked through the e-mail address of this payment account',
  [KeyDerivation.LISTING_STORE]: 'linked through the store in this marketplace address',
};

/**
 * Domains shared by many unrelated parties, where a page's path (not the domain) says whose it is:
 * a URL on them derives no DOMAIN. With them: every marketplace's domains (the built-in rules, all
 * of them whether the alliance lists them or not, and the alliance's own), and their short links.
 * The exclusion list and the over-correlation limit still catch what is missing here.
 */
export const SHARED_DOMAINS: ReadonlySet<string> = new Set([
  // messengers' click-to-chat and invitation links
  'wa.me', 'whatsapp.com', 't.me', 'telegram.me', 'telegram.org', 'line.me', 'm.me', 'viber.com', 'signal.me', 'qq.com', 'weixin.qq.com', 'wechat.com',
  // social networks, video and link-in-bio pages
  'facebook.com', 'fb.com', 'fb.me', 'instagram.com', 'tiktok.com', 'douyin.com', 'youtube.com', 'youtu.be', 'x.com', 'twitter.com', 'vk.com', 'ok.ru', 'weibo.com',
  'xiaohongshu.com', 'xhslink.com', 'pinterest.com', 'reddit.com', 'linkedin.com', 'snapchat.com', 'linktr.ee', 'beacons.ai', 'taplink.cc', 'bio.link',
  // short links, search, cloud drives and file shares
  'bit.ly', 't.co', 'tinyurl.com', 'goo.gl', 'ow.ly', 'is.gd', 'rebrand.ly', 'cutt.ly', 'shorturl.at', 'google.com', 'baidu.com', 'bing.com', 'yandex.ru',
  'drive.google.com', 'dropbox.com', 'mega.nz', 'pan.baidu.com', 'wetransfer.com', 'imgur.com', 'github.com', 'medium.com',
  // payment pages
  'paypal.com', 'paypal.me', 'alipay.com', 'stripe.com', 'wise.com', 'payoneer.com',
]);

// the marketplaces' own seller accounts (Amazon sells as itself: smid=ATVPDKIKX0DER on amazon.com): a store everyone's listings share
const MARKETPLACE_OWN_STORES = new Set(['amazon:store:atvpdkikx0der', 'amazon:store:a3p5rokl5a1ole', 'amazon:store:a3jwkakr8xb7xf']);

const BUILT_IN_MARKETPLACE_DOMAINS = new Set(MARKETPLACE_RULES.flatMap((r) => [...r.domains, ...(r.shortLinks ?? [])]));

/** Hosts of click-to-chat links whose path or `phone` parameter is the number. */
const PHONE_LINK = /^(?:https?:\/\/)?(?:www\.)?(?:wa\.me\/|(?:api\.|web\.)?whatsapp\.com\/send\/?\?(?:[^#]*&)?phone=|t\.me\/\+|telegram\.me\/\+)\+?(\d[\d-]{5,17})(?=$|[/?&#])/i;

/**
 * The keys a value holds besides its own, each with how it was derived. Pure: the same value and
 * options always derive the same keys. `ownKey`: the value's key when the caller has read it already. A value that does not read as its type derives nothing, and
 * so does a URL on a domain many parties share (a marketplace's own domain never links anyone).
 */
export function derivedKeys(type: IndicatorType, raw: string, options: NormaliseOptions = {}, ownKey?: string): DerivedKey[] {
  // most values hold nothing else: answered before any parsing (a report's values are read once already)
  if (!DERIVING_TYPES.includes(type) || (type === IndicatorType.PAYMENT_ACCOUNT && !raw?.includes('@'))) return [];
  const own = ownKey !== undefined ? { ok: true as const, key: ownKey } : normaliseIndicator(type, raw, options);
  if (!own.ok) return [];
  const read = stripLabel(type, (raw ?? '').normalize('NFKC').trim());
  const value = read.ok ? read.value : raw.trim();
  const out: DerivedKey[] = [];
  const add = (t: IndicatorType, result: { ok: true; key: string } | { ok: false; reason: string }, via: KeyDerivation) => {
    if (result.ok && !MARKETPLACE_OWN_STORES.has(result.key) && !(t === type && result.key === own.key) && !out.some((d) => d.type === t && d.key === result.key)) out.push({ type: t, key: result.key, via });
  };
  switch (type) {
    case IndicatorType.URL: {
      const phone = phoneOfLink(value);
      if (phone) add(IndicatorType.PHONE, { ok: true, key: phone }, KeyDerivation.PHONE_LINK);
      const domain = normaliseIndicator(IndicatorType.DOMAIN, own.key, options);
      if (domain.ok && !sharedDomain(domain.key, options)) add(IndicatorType.DOMAIN, domain, KeyDerivation.URL_DOMAIN);
      if (onMarketplace(own.key, options)) add(IndicatorType.MARKETPLACE_STORE, normaliseIndicator(IndicatorType.MARKETPLACE_STORE, value, options), KeyDerivation.LISTING_STORE);
      break;
    }
    case IndicatorType.MARKETPLACE_LISTING:
      // only an address carries the store: a bare id ("taobao:123") is the listing's, never a store's
      if (/[/.]/.test(value)) add(IndicatorType.MARKETPLACE_STORE, normaliseIndicator(IndicatorType.MARKETPLACE_STORE, value, options), KeyDerivation.LISTING_STORE);
      break;
    case IndicatorType.MESSAGING_HANDLE: {
      // WHATSAPP:+8613800138000: the account is the number
      const number = /^(?:WHATSAPP|SIGNAL|VIBER|TELEGRAM):\+(\d{6,16})$/.exec(own.key)?.[1];
      const phone = number ? phoneOf(number) : null;
      if (phone) add(IndicatorType.PHONE, { ok: true, key: phone }, KeyDerivation.PHONE_LINK);
      break;
    }
    case IndicatorType.PAYMENT_ACCOUNT: {
      // "PayPal: seller@shop.example", "支付宝 seller@163.com", "seller@shop.example"
      const email = /[^\s:：@<>()（）"'“”]+@[^\s@<>()（）"'“”]+/.exec(value)?.[0]?.replace(/[.,;，；。]+$/, '');
      if (email) add(IndicatorType.EMAIL, normaliseIndicator(IndicatorType.EMAIL, email, options), KeyDerivation.PAYMENT_EMAIL);
      break;
    }
    default:
      break;
  }
  return out;
}

/** The number of a click-to-chat link in E.164, or null. */
function phoneOfLink(value: string): string | null {
  const digits = PHONE_LINK.exec(value)?.[1]?.replace(/-/g, '');
  return digits ? phoneOf(digits) : null;
}

/** International digits (without +) in E.164, or null when no number could be them. */
function phoneOf(digits: string): string | null {
  const phone = parsePhoneNumberFromString(`+${digits}`);
  return phone && phone.isPossible() ? phone.number : null;
}

function sharedDomain(domain: string, options: NormaliseOptions): boolean {
  if (SHARED_DOMAINS.has(domain) || BUILT_IN_MARKETPLACE_DOMAINS.has(domain)) return true;
  return (options.extraMarketplaces ?? []).some((r) => r.domains.some((d) => d.toLowerCase() === domain));
}

function onMarketplace(urlKey: string, options: NormaliseOptions): boolean {
  const host = /^([^/?#]+)/.exec(urlKey)?.[1];
  const domain = host ? getDomain(host) : null;
  return !!domain && marketplaceRules(options.marketplaces, options.extraMarketplaces).some((r) => r.domains.includes(domain));
}
