/**
 * How a takedown e-mail is read (issue 16, EMAIL; the format is in docs/takedown.md): listing
 * addresses anywhere in the sender's own text, and the request's fields on lines of their own
 * (`Brand: Aurora`) or in the subject (`Brand: Aurora; Right: 018123456`). Pure functions, so the
 * rules are unit-tested without a mail server.
 */

/** What a message may name; each is optional (defaults come from the member's brands and rights). */
export interface MailFields {
  brand?: string;
  right?: string;
  reason?: string;
  statement?: string;
}

/** The most listing addresses one message is read for (ten requests of 300); more go in a CSV attachment. */
export const MAX_MAIL_LISTINGS = 3000;

const FIELD_NAMES: Record<string, keyof MailFields> = {
  brand: 'brand',
  right: 'right',
  trademark: 'right',
  'ip right': 'right',
  reason: 'reason',
  statement: 'statement',
};
const FIELD_LINE = /^[ \t]*(brand|right|ip right|trademark|reason|statement)[ \t]*:[ \t]*(.*?)[ \t]*$/gim;
const SUBJECT_FIELD = /(brand|right|ip right|trademark|reason|statement)\s*:\s*([^;|]+)/gi;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`\u00a0]+/gi;
const URL_IN_HREF = /href\s*=\s*(?:"(https?:[^"]+)"|'(https?:[^']+)')/gi;

/**
 * The sender's own text: quoted lines (`> …`, a reply to our answer quotes it) and everything after
 * a signature delimiter (`-- `) are left out, so addresses there are not filed.
 */
export function ownText(body: string): string {
  const lines: string[] = [];
  for (const line of body.split(/\r?\n/)) {
    if (line === '-- ' || line === '--') break;
    if (/^\s*>/.test(line)) continue;
    lines.push(line);
  }
  return lines.join('\n');
}

/** The fields the body names on lines of their own, else those the subject names; the body wins, the first line of each counts. */
export function readFields(subject: string, body: string): MailFields {
  const fields: MailFields = {};
  for (const [, name, value] of ownText(body).matchAll(FIELD_LINE)) {
    const key = FIELD_NAMES[name.toLowerCase().replace(/\s+/g, ' ')];
    if (value && fields[key] === undefined) fields[key] = value;
  }
  for (const [, name, value] of subject.matchAll(SUBJECT_FIELD)) {
    const key = FIELD_NAMES[name.toLowerCase().replace(/\s+/g, ' ')];
    if (value.trim() && fields[key] === undefined) fields[key] = value.trim();
  }
  return fields;
}

/** `counterfeit`, `Trademark infringement`, `design-infringement` → the enum's spelling. */
export function reasonName(value: string): string {
  return value.trim().toUpperCase().replace(/[\s-]+/g, '_');
}

/** Addresses as written in running text lose the punctuation that ends their sentence. */
function trimUrl(url: string): string {
  let u = url.replace(/[.,;:!?]+$/, '');
  // a closing bracket belongs to the address only when it opens one too (Wikipedia-style paths)
  for (const [open, close] of [['(', ')'], ['[', ']'], ['{', '}']]) {
    while (u.endsWith(close) && u.split(open).length < u.split(close).length) u = u.slice(0, -1).replace(/[.,;:!?]+$/, '');
  }
  return u;
}

function decodeEntities(s: string): string {
  return s.replace(/&amp;/gi, '&').replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16))).replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)));
}

/**
 * The listing addresses of a message, in order, each once: those of the sender's own plain text,
 * else (a message in HTML only, or whose text part lost its links) the links of its HTML part.
 */
export function listingUrls(text: string, html?: string | false | null): string[] {
  const found = [...ownText(text).matchAll(URL_IN_TEXT)].map((m) => trimUrl(m[0]));
  if (!found.length && html) {
    // quoted replies in HTML sit in <blockquote>: leave them out as the text's `>` lines are
    const own = html.replace(/<blockquote[\s\S]*?<\/blockquote>/gi, '');
    for (const m of own.matchAll(URL_IN_HREF)) found.push(decodeEntities(m[1] ?? m[2]).trim());
  }
  return [...new Set(found.filter((u) => u.length > 'https://'.length))];
}
