import { derivedKeys, IndicatorType, normaliseIndicator, type NormaliseOptions } from '../../../../libs/indicators/src/index.js';

/** The contacts of one listing that matching reads (the feed keeps them raw, up to its cap). */
export const MAX_CONTACTS_READ = 20;

/** A normalised indicator key a listing's seller holds, and what of the seller it is. */
export interface SellerKey {
  type: IndicatorType;
  key: string;
  via: 'store' | 'contact' | 'picture';
}

// what a raw contact may be, in the order tried; a value may read as several (a URL and its domain)
const CONTACT_TYPES = [IndicatorType.EMAIL, IndicatorType.PHONE, IndicatorType.URL, IndicatorType.DOMAIN, IndicatorType.MESSAGING_HANDLE] as const;

/**
 * The indicator keys of a seller's raw contacts, normalised exactly as intelligence normalises
 * its indicators (libs/indicators), so the same value is the same key: every type the contact
 * reads as, plus what a URL or handle derives (a domain, a click-to-chat phone) and an e-mail's
 * domain. Values many parties share never link (the alliance's exclusions filter the rest).
 */
export function contactKeys(contacts: readonly string[], options: NormaliseOptions): SellerKey[] {
  const out = new Map<string, SellerKey>();
  const add = (type: IndicatorType, key: string) => out.set(`${type}\u0000${key}`, { type, key, via: 'contact' });
  for (const raw of contacts.slice(0, MAX_CONTACTS_READ)) {
    for (const type of CONTACT_TYPES) {
      // an e-mail address is no domain, and a phone number no handle: the first strict reading wins
      if (type === IndicatorType.DOMAIN && [...out.values()].some((k) => k.type === IndicatorType.EMAIL && raw.toLowerCase().includes(k.key))) continue;
      const read = normaliseIndicator(type, raw, options);
      if (!read.ok) continue;
      add(type, read.key);
      for (const d of derivedKeys(type, raw, options, read.key)) add(d.type, d.key);
      if (type === IndicatorType.EMAIL) {
        const domain = normaliseIndicator(IndicatorType.DOMAIN, read.key.slice(read.key.lastIndexOf('@') + 1), options);
        if (domain.ok) add(IndicatorType.DOMAIN, domain.key);
      }
      if (type === IndicatorType.EMAIL || type === IndicatorType.PHONE) break;
    }
  }
  return [...out.values()];
}
