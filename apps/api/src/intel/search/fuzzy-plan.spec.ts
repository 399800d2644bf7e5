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

describe('planFuzzy: a run of digits is rarer than any of its trigrams', () => {
  // the benchmark's large alliance: 200,000 titles "seller ring N shop" and five values a report,
  // sampled as SearchStatistics does (about 30,000 rows), trigrams spelt as pg_trgm's show_trgm
  const N = 200_000;
  const titles = Array.from({ length: N }, (_, g) => `seller ring ${g + 1} shop`);
  const values = titles.flatMap((_, g) => [`seller${g + 1}@mail${(g + 1) % 97}.example`, `shop${g + 1}.example`, `tn${String(g + 1).padStart(12, '0')}`, `+86400000${String((g + 1) % 1000).padStart(4, '0')}`, `ring${Math.floor(g / 1000) + 1}`]);
  const sampled = (rows: string[]): TrigramStats => {
    const counts = new Map<string, number>();
    let n = 0;
    for (let i = 0; i < rows.length; i += Math.ceil(rows.length / 30_000)) {
      n += 1;
      const held = new Set<string>();
      for (const word of rows[i].match(/[\p{L}\p{N}]+/gu) ?? []) for (let k = 0; k + 3 <= word.length + 3; k += 1) held.add(`  ${word} `.slice(k, k + 3));
      for (const t of held) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    return { rows: rows.length, sampled: n, counts };
  };
  const like = (pattern: string) => new RegExp(pattern.split('%').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*'), 's');
  /** rows matching one of the LIKE lookups (`%a%b%`: a, then b after it) */
  const candidates = (rows: string[], lookups: string[]) => {
    const parts = lookups.map((l) => l.split('%').filter(Boolean));
    const holds = (row: string, words: string[]) => words.reduce((at, w) => (at < 0 || row.indexOf(w, at) < 0 ? -1 : row.indexOf(w, at) + w.length), 0) >= 0;
    return rows.filter((r) => parts.some((words) => holds(r, words))).length;
  };
  const titleStats = sampled(titles);
  const valueStats = sampled(values);

  it('keeps a six-digit run whole rather than cutting it into two common halves', () => {
    // with each stretch counted as its rarest trigram, "%114374%" looked as broad as "%374%" (0.3 %),
    // and the cut fell inside the digits: "%ele%114%" and "%374%", 600 titles and 2,000 values
    const t = planFuzzy('seler ring 114374 shop', titleStats)!;
    expect(t.lookups).toEqual(['%ele%', '%114374%']);
    expect(t.typos).toBe(1);
    expect(t.estimate).toBeLessThan(20);
    expect(candidates(titles, t.lookups)).toBe(1);
    const v = planFuzzy('seler ring 114374 shop', valueStats)!;
    expect(v.lookups).toEqual(['%ele%', '%114374%']);
    expect(candidates(values, v.lookups)).toBe(3); // its e-mail, domain and tracking number
  });

  it('still counts a word whose letters come together as its rarest trigram, and still keeps the promise', () => {
    // "seller" is in every title: a chain of its trigrams is no rarer than one of them
    const s = stats(1000, 100_000, { sel: 40, ell: 40, lle: 40, ler: 40, se: 0, el: 0 });
    expect(Math.round(pieceLookup('seller', s)!.estimate)).toBe(4_000);
    for (const k of [114374, 150462, 98765, 1302]) {
      const query = `seler ring ${k} shop`;
      for (const [rows, st] of [[titles, titleStats], [values, valueStats]] as const) {
        const plan = planFuzzy(query, st)!;
        // the title it misspells holds one of the pieces, and matches that piece's lookup
        expect(plan.lookups.some((l) => like(l).test(`seller ring ${k} shop`))).toBe(true);
        expect(candidates(rows, plan.lookups)).toBeLessThanOrEqual(600);
      }
    }
  });

  it('looks up a run of digits whole when each of its trigrams is common but the run is rare', () => {
    // the values and one more held by a tenth of the rows (an over-correlating key): its digits hold
    // "157", "571" and "718" apart, not "15718", so each of those trigrams is in a tenth of the rows
    const rows = [...values, ...Array<string>(Math.round(values.length / 9)).fill('https://shop.example/item/1579571718')];
    const st = sampled(rows);
    for (const t of ['157', '571', '718']) expect(st.counts.get(t)! / st.sampled).toBeGreaterThan(0.05);
    const plan = planFuzzy('seler ring 15718 shop', st)!;
    expect(plan.lookups.some((l) => l.includes('15718'))).toBe(true);
    expect(plan.lookups.some((l) => like(l).test('seller ring 15718 shop'))).toBe(true); // the promise
    expect(candidates(rows, plan.lookups)).toBeLessThanOrEqual(600);
    expect(candidates(rows, ['%571%'])).toBeGreaterThan(100_000); // the rarest trigram alone, as before
  });
});
