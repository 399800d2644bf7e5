import { describe, expect, it } from 'vitest';
import { draftOf, EMPTY_DRAFT, keptTerms, readRuleDraft, splitTerms, type RuleDraft } from './ruleForm';

const keyword = (patch: Partial<RuleDraft> = {}): RuleDraft => ({ ...EMPTY_DRAFT, name: 'Brand names', terms: 'Zhenlan\nZhen-Lan, 振兰', ...patch });
const png = { name: 'logo.png', size: 2048, type: 'image/png', dataBase64: 'iVBORw0KGgo=' };

describe('the rule form, read before it is sent', () => {
  it('takes words one a line or separated by commas, and shows them as the API keeps them', () => {
    expect(splitTerms(' Zhenlan \n\nZhen-Lan, 振兰 ; ')).toEqual(['Zhenlan', 'Zhen-Lan', '振兰']);
    expect(keptTerms('ZHENLAN\nzhenlan\nZhen-Lan Pro')).toEqual(['zhenlan', 'zhen lan pro']);
    expect(readRuleDraft(keyword({ excludedTerms: 'case for' }))).toEqual({
      fields: { kind: 'KEYWORD', name: 'Brand names', terms: ['Zhenlan', 'Zhen-Lan', '振兰'], excludedTerms: ['case for'], floor: null, images: null, maxDistance: null },
    });
  });

  it('names each field’s mistake by the API’s field name', () => {
    expect(readRuleDraft(keyword({ name: '  ', terms: '' })).errors).toEqual({ name: expect.stringContaining('name'), terms: 'Give at least one name or variant of the brand' });
    expect(readRuleDraft(keyword({ terms: '(.*)+' })).errors).toEqual({ terms: '“(.*)+” has no letter or digit: terms are plain words, not patterns' });
    expect(readRuleDraft(keyword({ terms: 'x'.repeat(101) })).errors?.terms).toContain('longer than 100 characters');
    expect(readRuleDraft(keyword({ terms: Array.from({ length: 51 }, (_, i) => `w${i}`).join('\n') })).errors?.terms).toBe('At most 50 words or phrases');
    expect(readRuleDraft(keyword({ excludedTerms: 'ZHEN-LAN' })).errors).toEqual({ excludedTerms: '“zhen lan” is both a word to find and an excluded word' });
  });

  it('reads a price floor in major units into exact minor units of a known currency', () => {
    const floor = (floorAmount: string, floorCurrency: string) => readRuleDraft({ ...EMPTY_DRAFT, kind: 'PRICE_FLOOR', name: 'Handbags', terms: 'handbag', floorAmount, floorCurrency });
    expect(floor('200', 'cny').fields?.floor).toEqual({ amountMinor: '20000', currency: 'CNY' });
    expect(floor('1,999.90', 'USD').fields?.floor).toEqual({ amountMinor: '199990', currency: 'USD' });
    expect(floor('5000', 'JPY').fields?.floor).toEqual({ amountMinor: '5000', currency: 'JPY' });
    expect(floor('19.999', 'USD').errors).toEqual({ 'floor.amountMinor': 'An amount such as 200 or 199.90, with at most 2 decimals in USD' });
    expect(floor('0', 'USD').errors).toEqual({ 'floor.amountMinor': 'A floor is more than 0' });
    expect(floor('', 'XYZ').errors).toEqual({ 'floor.currency': 'XYZ is not an ISO 4217 currency', 'floor.amountMinor': expect.any(String) });
    // the other kinds send no floor, whatever was typed
    expect(readRuleDraft(keyword({ floorAmount: '12', floorCurrency: 'USD' })).fields?.floor).toBeNull();
  });

  it('needs pictures for an image rule, of the kinds and sizes the API takes, and a distance from 0 to 20', () => {
    const image = (patch: Partial<RuleDraft>) => readRuleDraft({ ...EMPTY_DRAFT, kind: 'IMAGE', name: 'Logo', terms: 'ignored', ...patch });
    expect(image({}).errors).toEqual({ images: 'Choose at least one picture of the product or logo' });
    expect(image({ images: [png] }).fields).toEqual({ kind: 'IMAGE', name: 'Logo', terms: [], excludedTerms: [], floor: null, images: ['iVBORw0KGgo='], maxDistance: 10 });
    expect(image({ images: [{ ...png, name: 'scan.pdf', type: 'application/pdf' }] }).errors).toEqual({ images: 'scan.pdf is not a PNG, JPEG, WebP or GIF picture' });
    expect(image({ images: [{ ...png, size: 3 * 1024 * 1024 }] }).errors).toEqual({ images: 'logo.png is larger than 2 MiB' });
    expect(image({ images: Array.from({ length: 11 }, () => png) }).errors).toEqual({ images: 'At most 10 pictures' });
    expect(image({ images: [png], maxDistance: '21' }).errors).toEqual({ maxDistance: 'A whole number of bits from 0 to 20' });
    expect(image({ images: [png], maxDistance: '6' }).fields?.maxDistance).toBe(6);
  });

  it('puts a kept rule back in the form to edit it (an image rule’s pictures are chosen again)', () => {
    const draft = draftOf({ kind: 'PRICE_FLOOR', name: 'Too cheap', terms: ['zhenlan', 'zhen lan'], excludedTerms: ['case for'], floor: { amount: '200.00', currency: 'CNY' }, maxDistance: null });
    expect(draft).toEqual({ ...EMPTY_DRAFT, kind: 'PRICE_FLOOR', name: 'Too cheap', terms: 'zhenlan\nzhen lan', excludedTerms: 'case for', floorAmount: '200.00', floorCurrency: 'CNY' });
    expect(readRuleDraft(draft).fields?.floor).toEqual({ amountMinor: '20000', currency: 'CNY' });
    expect(draftOf({ kind: 'IMAGE', name: 'Logo', terms: [], excludedTerms: [], floor: null, maxDistance: 8 })).toMatchObject({ images: [], maxDistance: '8' });
  });
});
