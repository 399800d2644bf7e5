import { describe, expect, it } from '@jest/globals';
import { textMatches } from './alert-reasons.js';
import { hammingDistance } from './perceptual-hash.js';
import { listingMatchText, RuleIndex, type MatchableRule } from './rule-matching.js';

const rule = (id: string, over: Partial<MatchableRule>): MatchableRule => ({
  ruleId: id, brandId: `brand-${id}`, organisationId: 'org', kind: 'KEYWORD', name: id, terms: [], excludedTerms: [], floorMinor: null, currency: null, imageHashes: null, maxDistance: null, ...over,
});

describe('RuleIndex', () => {
  const index = new RuleIndex([
    rule('acme', { terms: ['acme', 'acme pro'], excludedTerms: ['case for', 'compatible'] }),
    rule('acme-floor', { kind: 'PRICE_FLOOR', terms: ['acme'], floorMinor: '20000', currency: 'CNY' }),
    rule('nova', { terms: ['nova sport', 'novaline'] }),
    rule('logo', { kind: 'IMAGE', imageHashes: ['0', '-1'], maxDistance: 6 }),
  ]);
  const hits = (title: string, description: string | null = null) => index.textHits('l1', listingMatchText(title, description)).map((h) => `${h.ruleId}:${h.terms.join('+')}`).sort();

  it('finds whole words and phrases, every term a rule names, sorted, with product lines alike', () => {
    expect(hits('ACME Pro wireless earbuds')).toEqual(['acme-floor:acme', 'acme:acme+acme pro']);
    expect(hits('Acmeco bag, pro edition')).toEqual([]);
    expect(hits('Sneakers', 'New NOVA-sport runners')).toEqual(['nova:nova sport']);
    expect(hits('nova sports shoes')).toEqual([]);
    expect(index.textHits('l1', listingMatchText('acme', null))[0]).toMatchObject({ listingId: 'l1', brandId: 'brand-acme', kind: 'KEYWORD', name: 'acme' });
    expect(index.textHits('l1', listingMatchText('cheap acme', null)).find((h) => h.kind === 'PRICE_FLOOR')).toMatchObject({ floorMinor: '20000', currency: 'CNY' });
  });

  it('stays quiet for a rule whose excluded term the listing names, and only that rule', () => {
    expect(hits('Case for Acme Pro phone')).toEqual(['acme-floor:acme']);
    expect(hits('Acme charger', 'compatible with all phones')).toEqual(['acme-floor:acme']);
    expect(hits('', null)).toEqual([]);
  });

  it('agrees with textMatches on every text and term', () => {
    const words = ['acme', 'pro', 'nova', 'sport', 'novaline', 'case', 'for', 'bag', 'é'];
    let s = 3;
    const next = () => (s = (s * 1103515245 + 12345) >>> 0) % words.length;
    const keyword = (index as unknown as { byFirstWord: Map<string, { rule: MatchableRule }[]> }).byFirstWord;
    const rules = [...new Set([...keyword.values()].flat().map((c) => c.rule))];
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: 1 + (i % 7) }, () => words[next()]).join(i % 2 ? ' ' : ', ');
      const expected = rules.flatMap((r) => {
        const found = textMatches(text, r.terms, r.excludedTerms);
        return found.length ? [`${r.ruleId}:${[...found].sort().join('+')}`] : [];
      }).sort();
      expect(hits(text)).toEqual(expected);
    }
  });

  it('matches pictures by the fewest bits apart, within the rule’s distance', () => {
    expect(index.hasImageRules).toBe(true);
    expect(new RuleIndex([rule('x', { terms: ['x'] })]).hasImageRules).toBe(false);
    const found = index.imageHits([
      { listingId: 'near', phash: '7' }, // 3 bits from 0
      { listingId: 'near', phash: '1' }, // 1 bit from 0: the nearest
      { listingId: 'far', phash: String(0x7fn) }, // 7 bits from 0, 57 from -1
      { listingId: 'opposite', phash: '-2' }, // 1 bit from -1
    ]);
    expect(found.map((h) => [h.listingId, h.distance, h.maxDistance]).sort()).toEqual([['near', 1, 6], ['opposite', 1, 6]]);
    expect(found[0]).toMatchObject({ ruleId: 'logo', kind: 'IMAGE', terms: [] });
  });

  it('agrees with the Hamming distance of every picture and reference, over many rules with their own distances', () => {
    let s = 11n;
    const next = () => (s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn);
    const signed = (h: bigint) => BigInt.asIntN(64, h).toString();
    const rules = Array.from({ length: 40 }, (_, i) => rule(`img${i}`, { kind: 'IMAGE', imageHashes: [signed(next()), signed(next()), signed(next())], maxDistance: i % 12 }));
    // pictures near some references (a few bits flipped) and far from the rest, several to a listing
    const pictures = Array.from({ length: 300 }, (_, i) => {
      const ref = BigInt.asUintN(64, BigInt(rules[i % rules.length].imageHashes![i % 3]));
      const flipped = Array.from({ length: (i * 7) % 13 }, (_, b) => 1n << BigInt((b * 7 + i) % 64)).reduce((h, bit) => h | bit, 0n);
      return { listingId: `l${i % 120}`, phash: signed(i % 5 === 4 ? next() : ref ^ flipped) };
    });
    const expected: string[] = [];
    for (const r of rules) {
      const nearest = new Map<string, number>();
      for (const p of pictures) {
        for (const ref of r.imageHashes!) {
          const d = hammingDistance(BigInt(p.phash), BigInt(ref));
          if (d <= r.maxDistance! && d < (nearest.get(p.listingId) ?? 65)) nearest.set(p.listingId, d);
        }
      }
      for (const [listingId, d] of nearest) expected.push(`${listingId}:${r.ruleId}:${d}:${r.maxDistance}`);
    }
    const found = new RuleIndex(rules).imageHits(pictures).map((h) => `${h.listingId}:${h.ruleId}:${h.distance}:${h.maxDistance}`);
    expect(expected.length).toBeGreaterThan(50);
    expect(found.sort()).toEqual(expected.sort());
  });
});
