import { describe, expect, it } from '@jest/globals';
import { maxTypos, NO_STATS, pieceLookup, planFuzzy, type TrigramStats } from './fuzzy-plan.js';

/** Statistics as SearchStatistics builds them: trigram → rows of a sample holding it. */
const stats = (sampled: number, rows: number, counts: Record<string, number>): TrigramStats => ({ rows, sampled, counts: new Map(Object.entries(counts)) });

/** Levenshtein distance, to check the pigeonhole promise on real typos. */
function edits(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

describe('pieceLookup: what the index is asked for a piece', () => {
  const s = stats(1000, 100_000, { sel: 1000, ele: 10, ler: 1000, rin: 900, ing: 950, '234': 20, mai: 1000, ail: 1000, il7: 100, l70: 30 });

  it("looks a piece up by its rarest word, estimated by that word's rarest trigram", () => {
    const lookup = (piece: string) => {
      const l = pieceLookup(piece, s)!;
      return [l.pattern, Math.round(l.estimate)];
    };
    expect(lookup('seler ring')).toEqual(['%ele%', 1_000]); // "ele": 10 of 1,000 sampled rows; "sel", "ler", "ring" are common
    expect(lookup('234@mail70.')).toEqual(['%234%l70%', 60]); // 2 % × 3 % ("il7", 10 %, is common)
    expect(lookup('xqz ring')).toEqual(['%xqz%', 50]); // unsampled: half a sampled row
    expect(lookup('ring sel')).toEqual(['%rin%', 90_000]); // nothing rare: the rarest trigram alone
    expect(pieceLookup('seler ring 98765', stats(10, 1_000, {}))!.pattern).toBe('%seler%ring%98765%'); // all rare: whole words
    // interior trigrams only, never across a word's end: "münchen" is hashed by pg_trgm where it is not ASCII
    expect(pieceLookup('münchen', stats(10, 1_000, { nch: 9, che: 9, hen: 9 }))!.pattern).toBe('%münc%'); // hashed ones count 1 %
  });

  it('has no lookup for a piece without a word of three characters, and estimates nothing without statistics', () => {
    expect(pieceLookup('4@ab', s)).toBeNull();
    expect(pieceLookup('seler', NO_STATS)).toEqual({ pattern: '%seler%', estimate: 0 });
  });
});

describe('planFuzzy: the pieces a misspelt query is looked up by', () => {
  it('tolerates one typo per six characters, at most three, and none below six', () => {
    expect([5, 6, 12, 17, 18, 40].map(maxTypos)).toEqual([0, 1, 2, 2, 3, 3]);
    expect(planFuzzy('abcde', NO_STATS)).toBeNull();
  });

  it('cuts typos + 1 disjoint pieces of the query, in order; without statistics, even ones', () => {
    const plan = planFuzzy('kiks.outlet@sneakers-direkt.example', NO_STATS)!;
    expect(plan.typos).toBe(3);
    expect(plan.pieces).toHaveLength(4);
    let from = 0;
    for (const piece of plan.pieces) {
      const at = 'kiks.outlet@sneakers-direkt.example'.indexOf(piece, from);
      expect(at).toBeGreaterThanOrEqual(from);
      from = at + piece.length;
    }
    expect(Math.max(...plan.pieces.map((p) => p.length)) - Math.min(...plan.pieces.map((p) => p.length))).toBeLessThanOrEqual(1);
  });

  it('keeps its promise: a value within `typos` edits of the query holds one of the pieces', () => {
    const cases: [string, string][] = [
      ['kiks.outlet@sneakers-direkt.example', 'kicks.outlet@sneakers-direct.example'],
      ['shenzen sneaker wholesail', 'shenzhen sneaker wholesale'],
      ['selle1234@mail70.exmaple', 'seller1234@mail70.example'],
      ['+86 400 000 0132', '+86 400 000 0123'],
    ];
    for (const [query, value] of cases) {
      const plan = planFuzzy(query, NO_STATS)!;
      expect(edits(query, value)).toBeLessThanOrEqual(plan.typos);
      expect(plan.pieces.some((p) => value.includes(p))).toBe(true);
      // each piece is looked up by its words in order, so the value matches a lookup too
      const like = (pattern: string) => new RegExp(`^${pattern.split('%').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
      expect(plan.lookups.some((l) => like(l).test(value))).toBe(true);
    }
  });

  it('puts the cuts where the text is rare, and tolerates fewer typos where it is too common to tell apart', () => {
    // 200,000 titles "seller ring N shop": only the digits and the typo are rare
    const titles = stats(10_000, 200_000, {
      sel: 10_000, ell: 10_000, lle: 10_000, ler: 10_000, 'er ': 10_000, '  r': 10_000, ' ri': 10_000, rin: 10_000, ing: 10_000, 'ng ': 10_000,
      '  s': 10_000, ' sh': 10_000, sho: 10_000, hop: 10_000, 'op ': 10_000, '  9': 1_100, ' 98': 56, '987': 30, '876': 30, '765': 30, '65 ': 100,
    });
    const plan = planFuzzy('seler ring 98765 shop', titles)!;
    expect(plan.estimate).toBeLessThanOrEqual(1_000);
    expect(plan.typos).toBe(1); // two typos would need a piece of common words alone ("ring", "shop")
    expect(plan.pieces.some((p) => p.includes('ele'))).toBe(true); // the typo's own trigram costs nothing
    expect(plan.pieces.some((p) => /987|876|765/.test(p))).toBe(true);
    // the same query over a varied column keeps its full tolerance
    expect(planFuzzy('seler ring 98765 shop', stats(10_000, 200_000, {}))!.typos).toBe(3);
  });
});
