import { IndicatorType as LibIndicatorType, MessagingPlatform, normaliseIndicator, type Normalised } from '../../../../libs/indicators/src/index';
import type { IndicatorType } from '../gql/graphql';

// The browser computes keys with the same library and the same alliance settings as the API, so a
// reporter sees the key a value links under while typing. The API stays the judge (its settings
// may have changed since the page loaded), and its answer is shown at the row.

export interface KeyOptions {
  /** ISO 3166-1 alpha-2: phones without a country code are read in it */
  country?: string;
  qualifier?: string;
  /** the alliance's marketplaces: store and listing addresses are read for these only */
  marketplaces?: readonly string[];
}

export function indicatorKey(type: IndicatorType, value: string, { country, qualifier, marketplaces }: KeyOptions = {}): Normalised {
  return normaliseIndicator(LibIndicatorType[type], value, { defaultCountry: country || undefined, qualifier: qualifier || undefined, marketplaces });
}

/** What a bare value may need to be read: the marketplace of a store or listing id, the messenger of a handle. */
export function qualifierChoices(type: IndicatorType, marketplaces: readonly string[]): { label: string; options: readonly string[] } | null {
  if (type === 'MARKETPLACE_STORE' || type === 'MARKETPLACE_LISTING') return { label: 'Marketplace', options: marketplaces };
  if (type === 'MESSAGING_HANDLE') return { label: 'Messenger', options: Object.values(MessagingPlatform).filter((p) => p !== 'OTHER').map((p) => p.toLowerCase()) };
  return null;
}

/**
 * The qualifier a stored indicator was entered with: the API keeps the value and the key, not the
 * qualifier, so it is read back from the key (`taobao:store:123`, `WECHAT:seller`) when the value
 * alone no longer gives that key.
 */
export function qualifierFromKey(type: IndicatorType, value: string, key: string, options: Omit<KeyOptions, 'qualifier'> & { marketplaces: readonly string[] }): string {
  const choices = qualifierChoices(type, options.marketplaces);
  if (!choices) return '';
  const plain = indicatorKey(type, value, options);
  if (plain.ok && plain.key === key) return '';
  const prefix = key.split(':')[0].toLowerCase();
  return choices.options.includes(prefix) ? prefix : '';
}
