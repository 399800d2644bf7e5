import { IndicatorType as T } from './indicator-type.js';

/**
 * Values as people paste them (issue 18, outcome 1): copied from a shop page, a chat, a bank slip
 * or a shipping label, a value comes with quotes, brackets, trailing punctuation and a label
 * (`Tel:`, `IBAN`, `mailto:`, `微信：`). None of that is the value; a label that says the value is
 * something else than its type is a mistake to show, not to strip.
 */

// pairs people wrap values in, Western and CJK
const WRAPPERS: readonly [string, string][] = [
  ['"', '"'], ["'", "'"], ['“', '”'], ['‘', '’'], ['«', '»'], ['「', '」'], ['『', '』'],
  ['(', ')'], ['[', ']'], ['<', '>'], ['{', '}'], ['【', '】'], ['〔', '〕'], ['《', '》'],
];
// what a sentence leaves after a value; not "/" nor ")" (a path, a bracketed part of a name)
const TRAILING = /[\s.,;:!?。，；：！？、…]+$/u;

/** The value without the quotes, brackets and trailing punctuation around it. */
export function unwrap(value: string): string {
  let text = value.trim();
  for (let changed = true; changed && text; ) {
    changed = false;
    const before = text;
    text = text.replace(TRAILING, '');
    for (const [open, close] of WRAPPERS) {
      if (text.length >= 2 && text.startsWith(open) && text.endsWith(close)) text = text.slice(open.length, -close.length).trim();
    }
    changed = text !== before;
  }
  return text;
}

/** What a label says a value is; the types it may stand before. */
interface LabelKind {
  says: string;
  types: readonly T[];
}

const PHONE: LabelKind = { says: 'a phone number', types: [T.PHONE] };
const EMAIL: LabelKind = { says: 'an e-mail address', types: [T.EMAIL, T.PAYMENT_ACCOUNT] };
const IBAN: LabelKind = { says: 'an IBAN (a bank account)', types: [T.BANK_ACCOUNT] };
const ACCOUNT: LabelKind = { says: 'an account number', types: [T.BANK_ACCOUNT, T.PAYMENT_ACCOUNT] };
const BIC: LabelKind = { says: 'a bank code (BIC/SWIFT), not an account', types: [] };
const HASH: LabelKind = { says: 'a hash', types: [T.IMAGE_HASH] };
const WEB: LabelKind = { says: 'a web address', types: [T.URL, T.DOMAIN, T.MARKETPLACE_LISTING, T.MARKETPLACE_STORE] };
const DOMAIN: LabelKind = { says: 'a domain', types: [T.DOMAIN] };
const ADDRESS: LabelKind = { says: 'a postal address', types: [T.POSTAL_ADDRESS] };
const NAME: LabelKind = { says: 'a name', types: [T.PERSON_NAME, T.COMPANY_NAME] };
const COMPANY: LabelKind = { says: 'a company', types: [T.COMPANY_NAME] };
const TRACKING: LabelKind = { says: 'a tracking number', types: [T.TRACKING_NUMBER] };
const IP: LabelKind = { says: 'an IP address', types: [T.IP_ADDRESS] };
const STORE: LabelKind = { says: 'a store', types: [T.MARKETPLACE_STORE] };
const LISTING: LabelKind = { says: 'a listing', types: [T.MARKETPLACE_LISTING] };
// a messenger's name is the platform of a MESSAGING_HANDLE (read there), never a label of anything else
const MESSENGER: LabelKind = { says: 'a messaging handle', types: [] };

/**
 * Labels by their folded spelling (lower case, no dots or spaces). English, Chinese, French,
 * German and Spanish, as they appear on shop pages, invoices and parcel labels. A Map, not an
 * object: a value such as "constructor" is no label.
 */
const LABELS = new Map<string, LabelKind>(Object.entries({
  tel: PHONE, telephone: PHONE, phone: PHONE, phoneno: PHONE, phonenumber: PHONE, mobile: PHONE, mob: PHONE, cell: PHONE, cellphone: PHONE,
  ph: PHONE, fax: PHONE, hotline: PHONE, '电话': PHONE, '手机': PHONE, '手机号': PHONE, '联系电话': PHONE, '電話': PHONE, 'téléphone': PHONE,
  'tél': PHONE, telefon: PHONE, 'teléfono': PHONE, handy: PHONE, portable: PHONE, 'móvil': PHONE,
  email: EMAIL, 'e-mail': EMAIL, mail: EMAIL, mailto: EMAIL, '邮箱': EMAIL, '电子邮件': EMAIL, '邮件': EMAIL, courriel: EMAIL, correo: EMAIL,
  iban: IBAN, ibanno: IBAN,
  account: ACCOUNT, accountno: ACCOUNT, accountnumber: ACCOUNT, acct: ACCOUNT, acctno: ACCOUNT, 'a/c': ACCOUNT, 'a/cno': ACCOUNT, bankaccount: ACCOUNT,
  '账号': ACCOUNT, '账户': ACCOUNT, '帐号': ACCOUNT, '卡号': ACCOUNT, '银行账号': ACCOUNT, '收款账号': ACCOUNT, konto: ACCOUNT, kontonummer: ACCOUNT, compte: ACCOUNT, cuenta: ACCOUNT,
  swift: BIC, bic: BIC, swiftcode: BIC, swiftbic: BIC,
  '0x': HASH, md5: HASH, sha1: HASH, 'sha-1': HASH, sha256: HASH, 'sha-256': HASH, phash: HASH, dhash: HASH, ahash: HASH, hash: HASH,
  url: WEB, link: WEB, website: WEB, web: WEB, site: WEB, '网址': WEB, '链接': WEB, '网站': WEB, 'site web': WEB,
  domain: DOMAIN, '域名': DOMAIN,
  address: ADDRESS, addr: ADDRESS, shipto: ADDRESS, '地址': ADDRESS, '收货地址': ADDRESS, '发货地址': ADDRESS, adresse: ADDRESS, anschrift: ADDRESS, 'dirección': ADDRESS,
  name: NAME, contact: NAME, '联系人': NAME, '收件人': NAME, '姓名': NAME, nom: NAME, nombre: NAME,
  company: COMPANY, '公司': COMPANY, 'société': COMPANY, firma: COMPANY, empresa: COMPANY,
  tracking: TRACKING, trackingno: TRACKING, trackingnumber: TRACKING, awb: TRACKING, waybill: TRACKING, '运单号': TRACKING, '快递单号': TRACKING, sendungsnummer: TRACKING,
  ip: IP, ipaddress: IP,
  store: STORE, shop: STORE, seller: STORE, '店铺': STORE, listing: LISTING, item: LISTING, product: LISTING, '商品': LISTING,
  wechat: MESSENGER, weixin: MESSENGER, '微信': MESSENGER, '微信号': MESSENGER, whatsapp: MESSENGER, telegram: MESSENGER, line: MESSENGER, qq: MESSENGER,
  signal: MESSENGER, viber: MESSENGER, kakaotalk: MESSENGER, vx: MESSENGER,
}));

// types whose value never starts with a word and a colon: an unknown one is a label nobody listed
const STRICT = new Set<T>([T.EMAIL, T.PHONE, T.BANK_ACCOUNT, T.IMAGE_HASH, T.TRACKING_NUMBER, T.DOMAIN, T.IP_ADDRESS]);
// types whose value may be words: a label there needs its colon ("Name Street" is an address)
const FREE_TEXT = new Set<T>([T.POSTAL_ADDRESS, T.PERSON_NAME, T.COMPANY_NAME]);
// numbers people reach on these messengers: their name before a phone number is a label
const PHONE_MESSENGERS = new Set(['whatsapp', 'signal', 'viber']);

// a label: up to 24 letters, spaces, dots (of any script), perhaps "No."/"ID", then a colon; or a word and a space
const COLON_LABEL = /^([\p{L}][\p{L}\p{M}\p{N}/\-. ]{0,24}?)\s*(?:no\.?|number|id|#|号)?\s*[:：]\s*/iu;
const SPACE_LABEL = /^([\p{L}][\p{L}/\-.]{0,15})\s+/u;
const HEX_PREFIX = /^0x(?=[0-9a-f])/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The value as read: `unknownLabel` is a label no rule knows before a strictly typed value, kept in `value`. */
export type Unlabelled = { ok: true; value: string; unknownLabel?: string } | { ok: false; reason: string };

const foldLabel = (label: string) => label.toLowerCase().replace(/[\s.]+/g, '');
// what may follow a label's word: "Account No", "Phone number", "WeChat ID"
const LABEL_ENDING = /(?:no|number|id|#|号)$/;

const labelKind = (label: string): LabelKind | undefined => {
  if (!mayBeLabel(label)) return undefined;
  const folded = foldLabel(label);
  return LABELS.get(folded) ?? LABELS.get(folded.replace(LABEL_ENDING, ''));
};

// Most values are no label, and folding each one (twice) cost more than the rest of stripLabel
// (docs/import-throughput.md, session 16): plain ASCII text is tested first, a character at a time,
// against what the folded labels (and their endings) hold. 1: a label's character, 2: one folding drops.
const ASCII_LABEL_CHARS = new Uint8Array(128);
for (const c of [...LABELS.keys(), 'no', 'number', 'id', '#'].join('')) {
  if (c.charCodeAt(0) < 128) ASCII_LABEL_CHARS[c.charCodeAt(0)] = ASCII_LABEL_CHARS[c.toUpperCase().charCodeAt(0)] = 1;
}
for (const c of ' \t\n\v\f\r.') ASCII_LABEL_CHARS[c.charCodeAt(0)] = 2;
const LONGEST_LABEL = Math.max(...[...LABELS.keys()].map((k) => k.length)) + 'number'.length;

/** False when `text` cannot fold to a label, with or without its ending: ASCII with a character no label has, or longer than any. */
function mayBeLabel(text: string): boolean {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return true; // other scripts, and letters that lower-case to ASCII (K, İ): folding decides
    const kind = ASCII_LABEL_CHARS[c];
    if (kind === 0 || (kind === 1 && ++length > LONGEST_LABEL)) return false;
  }
  return true;
}

/**
 * The value without its wrappers and label. A label of another kind than the type is refused with
 * what it says; a value that is only a label is refused as such. Messaging handles keep their
 * platform (`wechat:`, part of their key) and marketplace ids their marketplace (`taobao:123`).
 */
export function stripLabel(type: T, raw: string): Unlabelled {
  const value = unwrap(raw);
  if (!value) return { ok: false, reason: 'The value is empty' };
  // "Tel:", "IBAN", "Name:" (a free-text value may be a label's word, "Contact", unless it ends in a colon)
  const bare = labelKind(value) && (!FREE_TEXT.has(type) || /[:：]\s*$/.test(raw));
  if (bare) return { ok: false, reason: `The value is only a label (“${value}”): paste what follows it` };
  if (type === T.IMAGE_HASH && HEX_PREFIX.test(value)) return { ok: true, value: value.slice(2) };
  const colon = COLON_LABEL.exec(value);
  // "https://…", an IPv6 address ("fe80::1"): the colon is the value's own
  const ownColon = SCHEME.test(value) || (type === T.IP_ADDRESS && (value.match(/:/g) ?? []).length >= 2 && !/[:：]\s/.test(value));
  if (colon && !ownColon) {
    const label = colon[0].trim();
    const rest = value.slice(colon[0].length);
    const kind = labelKind(colon[1]) ?? labelKind(label.slice(0, -1));
    if (type === T.MESSAGING_HANDLE && (!kind || kind === MESSENGER)) {
      return rest ? { ok: true, value } : { ok: false, reason: `The value is only a label (“${label}”): paste what follows it` };
    }
    if (type === T.PHONE && PHONE_MESSENGERS.has(foldLabel(colon[1]))) return keep(type, PHONE, label, rest);
    if (kind) return keep(type, kind, label, rest);
    return STRICT.has(type) ? { ok: true, value, unknownLabel: label } : { ok: true, value };
  }
  const word = FREE_TEXT.has(type) || type === T.MESSAGING_HANDLE ? null : SPACE_LABEL.exec(value);
  const kind = word ? labelKind(word[1]) : undefined;
  if (word && kind) return keep(type, kind, word[1], value.slice(word[0].length));
  return { ok: true, value };
}

function keep(type: T, kind: LabelKind, label: string, rest: string): Unlabelled {
  if (!kind.types.includes(type)) {
    return { ok: false, reason: `The label “${label}” says this is ${kind.says}, not ${typeName(type)}: choose the type it says, or remove the label` };
  }
  const value = unwrap(type === T.IMAGE_HASH ? rest.trim().replace(HEX_PREFIX, '') : rest);
  if (!value) return { ok: false, reason: `The value is only a label (“${label}”): paste what follows it` };
  return { ok: true, value };
}

const typeName = (type: T) => `a${/^[AEIO]/.test(type) ? 'n' : ''} ${type.toLowerCase().replace(/_/g, ' ')}`;
