import { currencyProblem, minorUnitsProblem } from '../../../../libs/domain/src/index.js';
import { parseListingUrl, type MarketplaceUrlSpec } from '../../../../libs/takedown/src/index.js';
import { MAGIC } from '../files/file-storage.service.js';

/**
 * One row of the listing feed (issue 17, outcome 1), read the same way whether it came in a
 * GraphQL batch or as a line of the NDJSON stream: every problem of the row is named (field and
 * reason), and a row with any problem is refused alone while the rest of the batch goes in.
 */

/** Most rows a GraphQL batch takes (the stream takes any number, a chunk at a time). */
export const MAX_BATCH_ROWS = 10_000;
/** Largest image sent as bytes, decoded: a listing picture, not a catalogue. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
export const MAX_IMAGES = 10;
export const MAX_CONTACTS = 20;
export const MAX_TITLE = 500;
export const MAX_DESCRIPTION = 20_000;
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];
const EARLIEST = Date.parse('2000-01-01T00:00:00Z');

const FIELDS = ['marketplace', 'listingId', 'url', 'title', 'description', 'priceMinor', 'currency', 'unitsSold', 'storeId', 'storeName', 'sellerContacts', 'images', 'firstSeenAt'] as const;
const KNOWN_FIELDS = new Set<string>(FIELDS);
/** Likely slips, with what was meant. */
const HINTS: Record<string, string> = {
  price: 'give priceMinor, the price in minor units (1999 for 19.99)',
  marketplaceId: 'give marketplace: the marketplace’s name, built-in rule or id',
};

export type FeedImage = { url: string } | { bytes: Buffer; contentType: string };

export interface FeedListing<M> {
  marketplace: M;
  listingId: string;
  url: string;
  title: string;
  description: string | null;
  priceMinor: number | null;
  currency: string | null;
  unitsSold: number | null;
  storeId: string | null;
  storeName: string | null;
  sellerContacts: string[];
  images: FeedImage[];
  firstSeenAt: Date;
}

export interface RowProblem {
  /** The row's field at fault (`images.2`), or null for the row as a whole. */
  field: string | null;
  reason: string;
}

export type FeedRead<M> = { ok: true; listing: FeedListing<M> } | { ok: false; listingId: string | null; problems: RowProblem[] };

/**
 * Reads one row. `marketplaceNamed` finds an alliance's active marketplace by what the row calls
 * it (name, built-in rule or id); without `marketplace` the URL decides among `marketplaces`.
 */
export function readFeedListing<M extends MarketplaceUrlSpec>(
  raw: unknown,
  marketplaces: readonly M[],
  marketplaceNamed: (text: string) => M | undefined,
  now = new Date(),
): FeedRead<M> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, listingId: null, problems: [{ field: null, reason: 'A listing is a JSON object' }] };
  const row = raw as Record<string, unknown>;
  const problems: RowProblem[] = [];
  const problem = (field: string | null, reason: string) => void problems.push({ field, reason });

  for (const key of Object.keys(row)) {
    if (!KNOWN_FIELDS.has(key) && row[key] !== undefined) problem(key, `Unknown field${HINTS[key] ? `: ${HINTS[key]}` : ''}; known: ${FIELDS.join(', ')}`);
  }
  const text = (field: (typeof FIELDS)[number], max: number, required = false): string | null => {
    const value = row[field];
    if (value === undefined || value === null) {
      if (required) problem(field, `${field} is required`);
      return null;
    }
    if (typeof value !== 'string') return problem(field, `${field} is text`), null;
    const trimmed = value.trim();
    if (!trimmed) {
      if (required) problem(field, `${field} is empty`);
      return null;
    }
    if (trimmed.includes('\u0000')) return problem(field, 'Text may not contain NUL characters'), null;
    if (trimmed.length > max) return problem(field, `${field} has at most ${max.toLocaleString('en')} characters (this one has ${trimmed.length.toLocaleString('en')})`), null;
    return trimmed;
  };

  const givenListingId = text('listingId', 120);
  const url = text('url', 2048, true);
  const title = text('title', MAX_TITLE, true);
  const description = text('description', MAX_DESCRIPTION);
  const givenStoreId = text('storeId', 120);
  const storeName = text('storeName', 200);
  const marketplaceText = text('marketplace', 200);

  // the marketplace: named, or read from the URL; the URL must be one of its addresses either way
  let marketplace: M | undefined;
  let fromUrl: { listingId: string | null; storeId: string | null; url: string } | null = null;
  const named = marketplaceText ? marketplaceNamed(marketplaceText) : undefined;
  if (marketplaceText && !named) {
    problem('marketplace', `${marketplaceText} is not a marketplace the alliance works with (${marketplaces.map((m) => m.name).join(', ') || 'none yet'})`);
  } else if (url) {
    const parsed = parseListingUrl(url, named ? [named] : marketplaces);
    if (parsed.ok) {
      marketplace = parsed.listing.marketplace;
      fromUrl = parsed.listing;
    } else if (named && givenListingId && !/^No listing or store id/.test(parsed.reason)) {
      problem('url', parsed.reason);
    } else if (named && givenListingId) {
      // the marketplace's address without ids in it, and the row gives the id: enough
      marketplace = named;
    } else {
      problem('url', parsed.reason);
    }
  }
  const listingId = givenListingId ?? fromUrl?.listingId ?? null;
  if (marketplace && !listingId) problem('listingId', `No listing id in this ${marketplace.name} address: give listingId`);

  let priceMinor: number | null = null;
  let currency: string | null = null;
  if (row.priceMinor !== undefined && row.priceMinor !== null) {
    const why = minorUnitsProblem(row.priceMinor);
    if (why) problem('priceMinor', why);
    else priceMinor = row.priceMinor as number;
  }
  if (row.currency !== undefined && row.currency !== null) {
    if (typeof row.currency !== 'string') problem('currency', 'currency is its ISO 4217 code');
    else {
      const code = row.currency.trim().toUpperCase();
      const why = currencyProblem(code);
      if (why) problem('currency', why);
      else currency = code;
    }
  }
  if (priceMinor !== null && currency === null && !problems.some((p) => p.field === 'currency')) problem('currency', 'A price needs its currency');
  if (priceMinor === null) currency = null; // a currency alone says nothing

  let unitsSold: number | null = null;
  if (row.unitsSold !== undefined && row.unitsSold !== null) {
    if (typeof row.unitsSold !== 'number' || !Number.isInteger(row.unitsSold) || row.unitsSold < 0 || row.unitsSold > 2_000_000_000) problem('unitsSold', 'unitsSold is a whole number, 0 or more');
    else unitsSold = row.unitsSold;
  }

  const sellerContacts: string[] = [];
  if (row.sellerContacts !== undefined && row.sellerContacts !== null) {
    if (!Array.isArray(row.sellerContacts)) problem('sellerContacts', 'sellerContacts is a list of texts (e-mails, phones, handles)');
    else if (row.sellerContacts.length > MAX_CONTACTS) problem('sellerContacts', `At most ${MAX_CONTACTS} seller contacts`);
    else {
      row.sellerContacts.forEach((c, i) => {
        if (typeof c !== 'string' || !c.trim() || c.length > 200 || c.includes('\u0000')) problem(`sellerContacts.${i}`, 'A contact is a text of 1 to 200 characters');
        else if (!sellerContacts.includes(c.trim())) sellerContacts.push(c.trim());
      });
    }
  }

  const images: FeedImage[] = [];
  if (row.images !== undefined && row.images !== null) {
    if (!Array.isArray(row.images)) problem('images', 'images is a list of { url } or { contentType, dataBase64 }');
    else if (row.images.length > MAX_IMAGES) problem('images', `At most ${MAX_IMAGES} images a listing`);
    else row.images.forEach((image, i) => {
      const read = readImage(image);
      if ('reason' in read) problem(`images.${i}`, read.reason);
      else images.push(read);
    });
  }

  let firstSeenAt = now;
  if (row.firstSeenAt !== undefined && row.firstSeenAt !== null) {
    const at = row.firstSeenAt instanceof Date ? row.firstSeenAt : typeof row.firstSeenAt === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(row.firstSeenAt) ? new Date(row.firstSeenAt) : null;
    if (!at || Number.isNaN(at.getTime())) problem('firstSeenAt', 'firstSeenAt is an ISO-8601 time (2026-12-07T02:35:00Z)');
    else if (at.getTime() > now.getTime() + 24 * 3600_000) problem('firstSeenAt', 'firstSeenAt is in the future');
    else if (at.getTime() < EARLIEST) problem('firstSeenAt', 'firstSeenAt is before 2000');
    else firstSeenAt = at;
  }

  if (problems.length || !marketplace || !listingId || !url || !title) return { ok: false, listingId, problems: problems.length ? problems : [{ field: null, reason: 'Not a listing' }] };
  return {
    ok: true,
    listing: {
      marketplace, listingId, url: fromUrl?.url ?? url, title, description, priceMinor, currency, unitsSold,
      storeId: givenStoreId ?? fromUrl?.storeId ?? null, storeName, sellerContacts, images, firstSeenAt,
    },
  };
}

/** An image as its address, or as bytes (base64) that must be a PNG, JPEG, WebP or GIF of at most MAX_IMAGE_BYTES. */
export function readImage(image: unknown): FeedImage | { reason: string } {
  if (!image || typeof image !== 'object' || Array.isArray(image)) return { reason: 'An image is { url } or { contentType, dataBase64 }' };
  const { url, dataBase64, contentType } = image as Record<string, unknown>;
  if (url !== undefined && url !== null) {
    if (dataBase64 !== undefined && dataBase64 !== null) return { reason: 'An image is either a url or dataBase64, not both' };
    if (typeof url !== 'string' || url.length > 2048 || !/^https?:\/\/[^\s]+$/i.test(url.trim())) return { reason: 'An image url is an http(s) address of at most 2,048 characters' };
    try {
      return { url: new URL(url.trim()).toString() };
    } catch {
      return { reason: 'An image url is an http(s) address' };
    }
  }
  if (typeof dataBase64 !== 'string' || !dataBase64) return { reason: 'An image needs its url or its dataBase64' };
  // checked on the text, before decoding: a huge image is refused without allocating it
  if (Math.floor((dataBase64.length * 3) / 4) > MAX_IMAGE_BYTES + 2) return { reason: `An image is at most ${MAX_IMAGE_BYTES / 1024 / 1024} MiB` };
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(dataBase64)) return { reason: 'dataBase64 is not base64' };
  const bytes = Buffer.from(dataBase64, 'base64');
  if (bytes.length === 0) return { reason: 'The image is empty' };
  if (bytes.length > MAX_IMAGE_BYTES) return { reason: `An image is at most ${MAX_IMAGE_BYTES / 1024 / 1024} MiB` };
  const sniffed = IMAGE_TYPES.find((type) => MAGIC[type](bytes));
  if (!sniffed) return { reason: 'Not an image: a PNG, JPEG, WebP or GIF is expected' };
  if (contentType !== undefined && contentType !== null && contentType !== sniffed) return { reason: `The content is ${sniffed}, not ${String(contentType)}` };
  return { bytes, contentType: sniffed };
}
