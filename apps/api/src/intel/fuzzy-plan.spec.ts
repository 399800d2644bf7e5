import { describe, expect, it } from '@jest/globals';
import { likeTrigrams, maxTypos, NO_STATS, pieceEstimate, planFuzzy, type TrigramStats } from './fuzzy-plan.js';

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

describe('likeTrigrams: what pg_trgm asks its index for LIKE %piece%', () => {
  it('pads a word only where the piece shows its boundary', () => {
    // "seler ring": "seler" is open on the left (the % before it), "ring" open on the right
    expect(likeTrigrams('seler ring')).toEqual([['sel', 'ele', 'ler', 'er '], ['  r', ' ri', 'rin', 'ing']]);
    // "234@mail70.": "234" open on the left, closed by "@"; "mail70" closed on both sides
    expect(likeTrigrams('234@mail70.')).toEqual([['234', '34 '], ['  m', ' ma', 'mai', 'ail', 'il7', 'l70', '70 ']]);
  });

  it('has no trigram for a one-character word open on one side, and marks what pg_trgm would hash', () => {
    expect(likeTrigrams('4@')).toEqual([]);
    expect(likeTrigrams('ab')).toEqual([]);
    expect(likeTrigrams('.b')).toEqual([['  b']]);
    expect(likeTrigrams('münchen')).toEqual([[null, 'nch', 'che', 'hen']]);
  });
});

describe('pieceEstimate: rows the index hands back for a piece', () => {
  const s = stats(1000, 100_000, { sel: 1000, ele: 10, ler: 1000, 'er ': 1000, '  r': 900, ' ri': 900, rin: 900, ing: 950, '234': 20, '34 ': 100 });

  it('counts a word as its rarest trigram and multiplies independent words', () => {
    expect(pieceEstimate('seler', s)).toBeCloseTo(100_000 * 0.01); // "ele": 10 of 1,000 sampled
    expect(pieceEstimate('seler ring', s)).toBeCloseTo(100_000 * 0.01 * 0.9);
    expect(pieceEstimate('234@', s)).toBeCloseTo(100_000 * 0.02);
  });

  it('takes an unsampled trigram as half a sampled row, a piece without trigrams as the whole index', () => {
    expect(pieceEstimate('xqz', s)).toBeCloseTo(100_000 * (0.5 / 1000));
    expect(pieceEstimate('4@', s)).toBe(Infinity);
    expect(pieceEstimate('seler', NO_STATS)).toBe(0);
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
