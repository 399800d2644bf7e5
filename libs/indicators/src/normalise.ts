import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import ipaddr from 'ipaddr.js';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { getDomain, getHostname } from 'tldts';
import { foldCompanyName, foldText } from './fold.js';
import { IndicatorType, MessagingPlatform } from './indicator-type.js';
import { stripLabel } from './labels.js';
import { MARKETPLACE_RULES, marketplaceRules, type MarketplaceRule } from './marketplaces.js';
import { foldAddress, MAX_ADDRESS_LENGTH } from './postal-address.js';
import { urlKey } from './url-key.js';

export interface NormaliseOptions {
  /** ISO 3166-1 alpha-2 of the report: phones without a country code are read in it. */
  defaultCountry?: string;
  /** The marketplaces the alliance lists (names from MARKETPLACE_RULES); default: all. */
  marketplaces?: readonly string[];
  /** The alliance's own marketplaces (`marketplaceFromTemplates`), read after the built-in ones. */
  extraMarketplaces?: readonly MarketplaceRule[];
  /** For MARKETPLACE_* values that are bare ids, and MESSAGING_HANDLE values without a platform prefix. */
  qualifier?: string;
}

export type Normalised = { ok: true; key: string } | { ok: false; reason: string };

const ok = (key: string): Normalised => ({ ok: true, key });
const fail = (reason: string): Normalised => ({ ok: false, reason });

/** Values longer than this are refused before any parsing. */
export const MAX_INDICATOR_LENGTH = 2048;

/**
 * The normalised key of an indicator: two reports whose indicators have the same type and key are
 * talking about the same thing. Strict types (e-mail, phone, URL, domain, IBAN, IP, image hash,
 * marketplace ids) refuse values that cannot be what they claim; free-text types fold.
 */
export function normaliseIndicator(type: IndicatorType, raw: string, options: NormaliseOptions = {}): Normalised {
  const text = (raw ?? '').normalize('NFKC').trim();
  if (!text) return fail('The value is empty');
  if (text.length > MAX_INDICATOR_LENGTH) return fail(`The value is longer than ${MAX_INDICATOR_LENGTH} characters`);
  // labels and wrappers (`Tel:`, `IBAN`, quotes, brackets) are not the value
  const read = stripLabel(type, text);
  if (!read.ok) return read;
  const result = normaliseValue(type, read.value, options);
  if (!result.ok && read.unknownLabel) return fail(`${result.reason} (“${read.unknownLabel}” is no label we know: remove it)`);
  return result;
}

function normaliseValue(type: IndicatorType, value: string, options: NormaliseOptions): Normalised {
  switch (type) {
    case IndicatorType.EMAIL:
      return normaliseEmail(value);
    case IndicatorType.PHONE:
      return normalisePhone(value, options.defaultCountry);
    case IndicatorType.URL:
      return normaliseUrlValue(value);
    case IndicatorType.DOMAIN:
      return normaliseDomain(value);
    case IndicatorType.MARKETPLACE_STORE:
      return normaliseMarketplace(value, 'store', options);
    case IndicatorType.MARKETPLACE_LISTING:
      return normaliseMarketplace(value, 'listing', options);
    case IndicatorType.PAYMENT_ACCOUNT:
      // "Alipay: 2088…" and "alipay 2088…" are one account: the provider stays in the key, the colon does not
      return value.includes('@') && normaliseEmail(value).ok ? normaliseEmail(value) : folded(compact(value).replace(/[:：]/g, '').toLowerCase());
    case IndicatorType.BANK_ACCOUNT:
      return normaliseBankAccount(value);
    case IndicatorType.MESSAGING_HANDLE:
      return normaliseHandle(value, options);
    case IndicatorType.POSTAL_ADDRESS:
      // linear work, but a 2,000-character "address" is a pasted page: refused before folding
      if (value.length > MAX_ADDRESS_LENGTH) return fail(`A postal address has at most ${MAX_ADDRESS_LENGTH} characters`);
      return folded(foldAddress(value));
    case IndicatorType.PERSON_NAME:
      return folded(foldText(value));
    case IndicatorType.COMPANY_NAME:
      return folded(foldCompanyName(value));
    case IndicatorType.IP_ADDRESS:
      return normaliseIp(value);
    case IndicatorType.TRACKING_NUMBER:
      return folded(compact(value).toUpperCase());
    case IndicatorType.IMAGE_HASH:
      return /^(?:[0-9a-f]{16}|[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value)
        ? ok(value.toLowerCase())
        : fail('An image hash is 16, 32, 40 or 64 hexadecimal characters');
    default:
      return fail(`Unknown indicator type ${String(type)}`);
  }
}

const folded = (key: string) => (key ? ok(key) : fail('Nothing is left of the value once punctuation is removed'));
const compact = (value: string) => value.replace(/[\s\-_.\/]+/g, '');

// Providers whose addressing rules are documented and stable: dots do not matter at Gmail, and
// "+tag" sub-addresses reach the same mailbox at these. Elsewhere the local part is kept as typed.
const GMAIL = new Set(['gmail.com', 'googlemail.com']);
const PLUS_ADDRESSING = new Set(['gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'icloud.com', 'me.com', 'mac.com', 'fastmail.com', 'proton.me', 'protonmail.com', 'qq.com', '163.com', '126.com']);

function normaliseEmail(value: string): Normalised {
  const at = value.lastIndexOf('@');
  if (at < 1 || at === value.length - 1) return fail('An e-mail address needs a name, @ and a domain');
  let local = value.slice(0, at).toLowerCase();
  // mailto:x@y.com?subject=… : no domain holds a "?"
  const domainPart = value.slice(at + 1).split('?')[0].toLowerCase().replace(/\.$/, '');
  if (/\s/.test(local) || !/^[^\s@]+$/.test(local)) return fail('An e-mail address has no spaces or second @ in its name');
  const host = asciiHost(domainPart);
  if (!host || !host.includes('.') || getDomain(host, { allowPrivateDomains: true }) === null) return fail('The e-mail address has no valid domain');
  let domain = host;
  if (PLUS_ADDRESSING.has(domain)) local = local.split('+')[0];
  if (GMAIL.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  if (!local) return fail('An e-mail address needs a name before @');
  return ok(`${local}@${domain}`);
}

function normalisePhone(value: string, defaultCountry?: string): Normalised {
  // 00 is the international prefix in most of the world: 0086… means +86…
  const text = value.replace(/^\s*00(?=[1-9])/, '+');
  const phone = parsePhoneNumberFromString(text, (defaultCountry?.toUpperCase() as CountryCode) || undefined);
  if (!phone || !phone.isPossible()) {
    return fail(defaultCountry ? 'Not a phone number' : 'Not a phone number (give it with its country code, +…)');
  }
  return ok(phone.number);
}

function parseUrl(value: string): URL | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    const url = new URL(withScheme);
    if (!['http:', 'https:'].includes(url.protocol) || !url.hostname.includes('.')) return null;
    return url;
  } catch {
    return null;
  }
}

function normaliseUrlValue(value: string): Normalised {
  const url = parseUrl(value);
  if (!url) return fail('Not a web address');
  try {
    return ok(urlKey(url));
  } catch {
    return fail('Not a web address');
  }
}

function asciiHost(host: string): string | null {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
}

function normaliseDomain(value: string): Normalised {
  const hostname = getHostname(value.includes('://') ? value : `http://${value}`);
  const host = hostname ? asciiHost(hostname.replace(/\.$/, '')) : null;
  // private suffixes (myshopify.com, github.io, blogspot.com) count: each shop there is its own registrant
  const domain = host ? getDomain(host, { allowPrivateDomains: true }) : null;
  if (!domain) return fail('Not a domain name');
  return ok(domain);
}

function normaliseMarketplace(value: string, kind: 'store' | 'listing', options: NormaliseOptions): Normalised {
  const rules = marketplaceRules(options.marketplaces, options.extraMarketplaces);
  // a share button's text ("【淘宝】https://… 「title」", "Check out this item on eBay https://…"): its address
  const address = /\s/.test(value) ? (/https?:\/\/[^\s"'<>「」【】《》()（）]+/i.exec(value)?.[0] ?? value) : value;
  const url = /[/.]/.test(address) ? parseUrl(address) : null;
  if (url) {
    const domain = getDomain(url.hostname);
    if (SHORT_LINK_HOSTS.has(url.hostname.replace(/^www\./, '')) || (domain && SHORT_LINK_HOSTS.has(domain))) {
      return fail('A short link hides the id: open it and paste the address it leads to');
    }
    const rule = rules.find((r) => domain && r.domains.includes(domain));
    if (!rule) return fail(`Not an address of a marketplace the alliance lists (${rules.map((r) => r.name).join(', ')})`);
    const id = rule[kind]?.(url);
    if (!id) return fail(`No ${kind} id found in this ${rule.name} address`);
    return ok(`${rule.name}:${kind}:${cleanId(id)}`);
  }
  // a bare id needs its marketplace: "taobao:123" or the qualifier
  const match = /^([\p{L}\p{N}-]+)\s*[:/]\s*(.+)$/u.exec(value);
  const name = (match?.[1] ?? options.qualifier ?? '').toLowerCase();
  const id = match ? match[2] : value;
  const rule: MarketplaceRule | undefined = rules.find((r) => r.name === name);
  if (!rule) return fail('Give the listing or store address, or the marketplace and its id (taobao:123456)');
  if (!/^[\p{L}\p{N}_-]{1,120}$/u.test(id.trim())) return fail('A marketplace id has letters, digits, - and _ only');
  return ok(`${rule.name}:${kind}:${cleanId(id.trim())}`);
}

const SHORT_LINK_HOSTS = new Set(MARKETPLACE_RULES.flatMap((r) => r.shortLinks ?? []));

const cleanId = (id: string) => {
  try {
    return decodeURIComponent(id).trim().toLowerCase();
  } catch {
    return id.trim().toLowerCase(); // a stray "%" is part of the id
  }
};

function normaliseBankAccount(value: string): Normalised {
  const electronic = electronicFormatIBAN(value) ?? '';
  // two letters and two digits open every IBAN: such a value must be a valid one
  if (/^[A-Z]{2}\d{2}/.test(electronic)) {
    return isValidIBAN(electronic) ? ok(electronic) : fail('Not a valid IBAN (the check digits or the length are wrong)');
  }
  const key = value.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (key.length < 5) return fail('A bank account number has at least 5 letters or digits');
  return ok(key);
}

const PLATFORM_ALIASES: Record<string, MessagingPlatform> = {
  wechat: MessagingPlatform.WECHAT, weixin: MessagingPlatform.WECHAT, wx: MessagingPlatform.WECHAT, vx: MessagingPlatform.WECHAT, '微信': MessagingPlatform.WECHAT, '微信号': MessagingPlatform.WECHAT,
  whatsapp: MessagingPlatform.WHATSAPP, wa: MessagingPlatform.WHATSAPP,
  telegram: MessagingPlatform.TELEGRAM, tg: MessagingPlatform.TELEGRAM,
  line: MessagingPlatform.LINE, qq: MessagingPlatform.QQ, signal: MessagingPlatform.SIGNAL, viber: MessagingPlatform.VIBER,
  kakaotalk: MessagingPlatform.KAKAOTALK, kakao: MessagingPlatform.KAKAOTALK,
};

function normaliseHandle(value: string, options: NormaliseOptions): Normalised {
  const urlHandle = /^(?:https?:\/\/)?(?:t\.me|telegram\.me)\/([A-Za-z0-9_]{4,64})/i.exec(value)?.[1];
  if (urlHandle) return ok(`${MessagingPlatform.TELEGRAM}:${urlHandle.toLowerCase()}`);
  const waNumber = /^(?:https?:\/\/)?wa\.me\/(\+?\d{6,15})/i.exec(value)?.[1];
  if (waNumber) return messagingPhone(MessagingPlatform.WHATSAPP, waNumber, options);
  // t.me/+8613800138000 opens a chat with that number (t.me/+AbC… with letters is a group invitation, not a handle)
  const telegramNumber = /^(?:https?:\/\/)?(?:t\.me|telegram\.me)\/\+(\d{6,15})\/?$/i.exec(value)?.[1];
  if (telegramNumber) return messagingPhone(MessagingPlatform.TELEGRAM, `+${telegramNumber}`, options);
  const match = /^([\p{L}]+?)\s*(?:id)?\s*[:：]\s*(.+)$/iu.exec(value); // "WeChat ID: x"
  const platform = PLATFORM_ALIASES[(match?.[1] ?? options.qualifier ?? '').toLowerCase()];
  if (!platform) return fail('Say which messenger: wechat:handle, whatsapp:+86…, telegram:@name');
  const handle = (match ? match[2] : value).trim().replace(/^@/, '');
  if (platform === MessagingPlatform.WHATSAPP || platform === MessagingPlatform.SIGNAL || platform === MessagingPlatform.VIBER) {
    if (/^[+\d][\d\s().-]{5,}$/.test(handle)) return messagingPhone(platform, handle, options);
  }
  const key = handle.toLowerCase().replace(/\s+/g, '');
  if (!key) return fail('The handle is empty');
  return ok(`${platform}:${key}`);
}

function messagingPhone(platform: MessagingPlatform, number: string, options: NormaliseOptions): Normalised {
  const phone = normalisePhone(number.startsWith('+') || number.startsWith('00') ? number : `+${number}`, options.defaultCountry);
  return phone.ok ? ok(`${platform}:${phone.key}`) : phone;
}

function normaliseIp(value: string): Normalised {
  const text = value.replace(/^\[|\]$/g, '');
  // four decimal parts only: ipaddr would also read "1" or "0x7f.1" as addresses
  if (!ipaddr.IPv4.isValidFourPartDecimal(text) && !ipaddr.IPv6.isValid(text)) return fail('Not an IP address');
  return ok(ipaddr.process(text).toString()); // ::ffff:1.2.3.4 → 1.2.3.4; IPv6 in its short RFC 5952 form
}
