import { describe, expect, it } from '@jest/globals';
import { IndicatorType } from '../../../../libs/indicators/src/index.js';
import sharp from 'sharp';
import {
  AlertReasonKind, imageReason, keywordReason, medianReason, networkReason, normaliseTerm, ordered, priceFloorReason, REASON_WEIGHTS, relatedStoresReason, repeatOffenderReason,
  reportsReason, scoreOf, textMatches,
} from './alert-reasons.js';
import { MonitoringRuleKind } from './dto/monitoring-rule.input.js';
import { sellerKeyOf } from './listing-matcher.service.js';
import { ruleValues } from './monitoring-rule.service.js';
import { contactKeys } from './seller-keys.js';
import { halvesDistance, hammingDistance, hashHalves, hashHex, hashOfGrey, perceptualHash } from './perceptual-hash.js';
import { alertFigures } from './alert-figures.js';
import { listingMatchText } from './rule-matching.js';

/** A test picture: rings (or stripes) drawn in grey, width × height, as PNG or JPEG. */
async function picture(kind: 'rings' | 'stripes', width: number, height: number, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [u, v] = [x / width - 0.5, y / height - 0.3];
      pixels[y * width + x] = kind === 'rings' ? 128 + 120 * Math.sin(Math.hypot(u, v) * 30) : (Math.floor((x / width) * 6) % 2) * 200 + 20;
    }
  }
  const image = sharp(pixels, { raw: { width, height, channels: 1 } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 60 }).toBuffer();
}

describe('the score', () => {
  it('combines reasons as independent evidence: 0 without, below 100 always, order-free, rising with each reason', () => {
    expect(scoreOf([])).toBe(0);
    expect(scoreOf([{ weight: 15 }])).toBe(15);
    expect(scoreOf([{ weight: 15 }, { weight: 45 }])).toBe(53); // 1 − 0.85 × 0.55
    expect(scoreOf([{ weight: 45 }, { weight: 15 }])).toBe(53);
    const all = Object.values(REASON_WEIGHTS).map((weight) => ({ weight }));
    expect(scoreOf(all)).toBeLessThan(100);
    expect(scoreOf(all)).toBeGreaterThan(scoreOf(all.slice(1)));
    expect(scoreOf([{ weight: 250 }, { weight: -3 }])).toBe(100); // weights outside 0–100 are clamped
  });

  it('lists the heaviest reason first', () => {
    const reasons = [keywordReason('r1', 'Names', ['acme']), networkReason(['n1'], ['store']), repeatOffenderReason(1)!];
    expect(ordered(reasons).map((r) => r.kind)).toEqual([AlertReasonKind.SELLER_IN_NETWORK, AlertReasonKind.REPEAT_OFFENDER, AlertReasonKind.BRAND_KEYWORD]);
  });
});

describe('keyword rules', () => {
  it('keep terms as listings are searched: lower case, punctuation as spaces', () => {
    expect(normaliseTerm('  ACME-Pro  ')).toBe('acme pro');
    expect(normaliseTerm('Ａｃｍｅ')).toBe('acme'); // full-width folds
    expect(normaliseTerm('阿克米')).toBe('阿克米');
    expect(normaliseTerm('(.*)+')).toBe(''); // a regular expression is only its words
  });

  it('match whole words and phrases, never parts of words, and not with an excluded word', () => {
    expect(textMatches('Genuine ACME handbag, 50% off!', ['acme', 'acmee'])).toEqual(['acme']);
    expect(textMatches('Acmeco bag', ['acme'])).toEqual([]);
    // the text the feed keeps with a listing is what terms are found in, accents and all
    expect(listingMatchText('Sac ÉLÉGANCE — café', 'Neuf!')).toBe(' sac élégance café neuf ');
    expect(listingMatchText('ACME', null)).toBe(' acme ');
    expect(textMatches('Acme-Pro leather', ['acme pro'])).toEqual(['acme pro']);
    expect(textMatches('Case for ACME phone', ['acme'], ['case for'])).toEqual([]);
  });

  it('refuse a rule without words, a clash of terms and excluded terms, and a floor on a keyword rule', async () => {
    const base = { kind: MonitoringRuleKind.KEYWORD, name: 'Names', terms: ['Acme', 'ACME', 'acme-pro'] };
    expect(await ruleValues(base)).toMatchObject({ kind: 'KEYWORD', terms: ['acme', 'acme pro'], excludedTerms: [], floorMinor: null, imageHashes: null });
    await expect(ruleValues({ ...base, terms: ['***'] })).rejects.toMatchObject({ field: 'terms' });
    await expect(ruleValues({ ...base, excludedTerms: ['ACME'] })).rejects.toMatchObject({ field: 'excludedTerms' });
    await expect(ruleValues({ ...base, floor: { amountMinor: '100', currency: 'USD' } })).rejects.toMatchObject({ field: 'floor' });
    await expect(ruleValues({ ...base, images: ['aGk='] })).rejects.toMatchObject({ field: 'images' });
  });
});

describe('price rules', () => {
  it('a floor in minor units with a known currency; below it is too cheap to be real', async () => {
    const rule = { kind: MonitoringRuleKind.PRICE_FLOOR, name: 'Handbags', terms: ['handbag'], floor: { amountMinor: '20000', currency: 'usd' } };
    expect(await ruleValues(rule)).toMatchObject({ kind: 'PRICE_FLOOR', floorMinor: 20000n, currency: 'USD' });
    await expect(ruleValues({ ...rule, floor: undefined })).rejects.toMatchObject({ field: 'floor' });
    await expect(ruleValues({ ...rule, floor: { amountMinor: '12.5', currency: 'USD' } })).rejects.toMatchObject({ field: 'floor.amountMinor' });
    await expect(ruleValues({ ...rule, floor: { amountMinor: '100', currency: 'XYZ' } })).rejects.toMatchObject({ field: 'floor.currency' });
    expect(priceFloorReason('r', 'Handbags', ['handbag'], 1999n, 20000n, 'USD')).toMatchObject({ kind: AlertReasonKind.PRICE_FLOOR, ruleKey: 'r', weight: 35 });
    expect(priceFloorReason('r', 'Handbags', ['handbag'], 20000n, 20000n, 'USD')).toBeNull();
  });

  it('below half the brand’s median, once the brand has enough listings in the currency', () => {
    expect(medianReason(4000n, 10000, 5, 'USD')).toMatchObject({ kind: AlertReasonKind.PRICE_BELOW_MEDIAN, ruleKey: 'PRICE_BELOW_MEDIAN', weight: 25 });
    expect(medianReason(5000n, 10000, 5, 'USD')).toBeNull();
    expect(medianReason(100n, 10000, 4, 'USD')).toBeNull();
  });
});

describe('image rules', () => {
  it('hash pictures so that a resized, recompressed copy is near and another picture far', async () => {
    const original = await perceptualHash(await picture('rings', 200, 160));
    const copy = await perceptualHash(await picture('rings', 90, 72, 'jpeg'));
    const other = await perceptualHash(await picture('stripes', 200, 160));
    expect(hammingDistance(original, copy)).toBeLessThanOrEqual(6);
    expect(hammingDistance(original, other)).toBeGreaterThan(20);
    expect(hashHex(-1n)).toBe('ffffffffffffffff');
    expect(hashHex(hashOfGrey(new Uint8Array(1024).fill(7)))).toBe('8000000000000000'); // a flat picture: its mean alone is above the median
    expect(hammingDistance(original, original)).toBe(0);
  });

  it('keep only the hashes, refuse what is no picture, and weigh closer pictures more', async () => {
    const png = (await picture('rings', 64, 64)).toString('base64');
    const rule = { kind: MonitoringRuleKind.IMAGE, name: 'Logo', terms: [], images: [png, png] };
    expect(await ruleValues(rule)).toMatchObject({ kind: 'IMAGE', imageHashes: [expect.any(BigInt)], maxDistance: 10, terms: [] });
    await expect(ruleValues({ ...rule, images: [] })).rejects.toMatchObject({ field: 'images' });
    await expect(ruleValues({ ...rule, images: [png, Buffer.from('GIF89a not really').toString('base64')] })).rejects.toMatchObject({ field: 'images.1' });
    await expect(ruleValues({ ...rule, images: [Buffer.from('plain text').toString('base64')] })).rejects.toMatchObject({ field: 'images.0' });
    expect(imageReason('r', 'Logo', 0, 10)).toMatchObject({ kind: AlertReasonKind.IMAGE_MATCH, ruleKey: 'r', weight: 35 });
    expect(imageReason('r', 'Logo', 10, 10).weight).toBe(18);
  });

  it('compare hashes by 32-bit halves exactly as by 64-bit integers, signs and high bits included', () => {
    let s = 7n;
    const next = () => (s = BigInt.asIntN(64, s * 6364136223846793005n + 1442695040888963407n));
    const hashes = [0n, -1n, -(2n ** 63n), 2n ** 63n - 1n, 1n, ...Array.from({ length: 60 }, next)];
    for (const a of hashes) {
      for (const b of hashes) expect(halvesDistance(...hashHalves(a), ...hashHalves(b.toString()))).toBe(hammingDistance(a, b));
    }
    expect(halvesDistance(...hashHalves(0n), ...hashHalves(-1n))).toBe(64);
  });
});

describe('intelligence and history', () => {
  it('a seller in a network names the networks; reports outside networks are counted; both suppress as INTEL', () => {
    expect(networkReason(['n2', 'n1', 'n2'], ['store'])).toMatchObject({ kind: AlertReasonKind.SELLER_IN_NETWORK, ruleKey: 'INTEL', networkIds: ['n1', 'n2'], weight: 45 });
    expect(reportsReason(2, ['contact (email)'])).toMatchObject({ kind: AlertReasonKind.SELLER_IN_REPORTS, ruleKey: 'INTEL', reports: 2, detail: expect.stringContaining('2 intelligence reports') });
  });

  it('a repeat offender weighs more with each upheld takedown, up to a cap; related stores count their strikes', () => {
    expect(repeatOffenderReason(0)).toBeNull();
    expect(repeatOffenderReason(1)!.weight).toBe(25);
    expect(repeatOffenderReason(2)!.weight).toBe(35);
    expect(repeatOffenderReason(9)!.weight).toBe(45);
    expect(relatedStoresReason(0, [])).toBeNull();
    expect(relatedStoresReason(3, ['n1'])).toMatchObject({ kind: AlertReasonKind.RELATED_STORES, networkIds: ['n1'], detail: expect.stringContaining('3 upheld') });
  });

  it('reads a seller’s raw contacts as intelligence normalises them', () => {
    const keys = contactKeys(['Tel: +86 138 0013 8000', 'Sales@Fake-Shop.example', 'https://www.fake-shop.example/contact', 'nothing here'], { defaultCountry: 'CN' });
    expect(keys).toEqual(expect.arrayContaining([
      { type: IndicatorType.PHONE, key: '+8613800138000', via: 'contact' },
      { type: IndicatorType.EMAIL, key: 'sales@fake-shop.example', via: 'contact' },
      { type: IndicatorType.DOMAIN, key: 'fake-shop.example', via: 'contact' },
    ]));
    expect(keys.some((k) => k.type === IndicatorType.URL)).toBe(true);
  });

  it('names the seller by its store, or by the listing without one', () => {
    expect(sellerKeyOf({ id: 'l1', marketplaceId: 'm1', storeId: ' Shop-9 ' })).toBe('m1:shop-9');
    expect(sellerKeyOf({ id: 'l1', marketplaceId: 'm1', storeId: null })).toBe('listing:l1');
  });
});

describe('alert figures', () => {
  it('count acted-on alerts, proactive removals, time to removal and removals before a sale', () => {
    const at = (h: number) => new Date(Date.UTC(2026, 0, 1) + h * 3_600_000);
    const figures = alertFigures(
      [{ brandId: 'a', alerts: 10, newAlerts: 5, watching: 1, dismissed: 2, filed: 2 }, { brandId: 'b', alerts: 0, newAlerts: 0, watching: 0, dismissed: 0, filed: 0 }],
      [
        { firstSeenAt: at(0), unitsSold: 0, status: 'ACCEPTED', decidedAt: at(10) },
        { firstSeenAt: at(0), unitsSold: 3, status: 'UPHELD', decidedAt: at(30) },
        { firstSeenAt: at(0), unitsSold: null, status: 'COUNTER_NOTICED', decidedAt: at(20) },
        { firstSeenAt: at(0), unitsSold: 0, status: 'REJECTED', decidedAt: at(5) },
        { firstSeenAt: at(0), unitsSold: 0, status: 'SUBMITTED', decidedAt: null },
      ],
      12,
    );
    expect(figures).toMatchObject({
      alerts: 10, actedOnShare: 0.4, removedFromAlerts: 3, listingsRemoved: 12, proactiveShare: 0.25, medianHoursToRemoval: 20,
      removedWithUnitsKnown: 2, removedBeforeSale: 1, removedBeforeSaleShare: 0.5,
    });
    expect(figures.brands.map((b) => b.actedOnShare)).toEqual([0.4, null]);
    expect(alertFigures([], [], 0)).toMatchObject({ alerts: 0, actedOnShare: null, proactiveShare: null, medianHoursToRemoval: null });
  });
});
