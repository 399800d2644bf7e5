/**
 * How a misspelt search finds its candidates without reading the trigram index whole.
 *
 * pg_trgm's own similarity operators (`%`, `<%`) read the posting list of every trigram of the
 * query, and the letter trigrams of a query ("sel", "mai", "exa") are held by a large share of all
 * values: 35–90 ms at 1,000,000 indicators, most of it spent on values that are then rejected.
 * Instead the query is cut into pieces (pigeonhole): a value that holds the query with at most
 * `typos` edits still holds one of `typos + 1` disjoint pieces of it intact, and each piece is
 * looked up by the rare stretches of its words (`pieceLookup`), which the trigram index answers
 * from rare trigrams alone. Candidates are kept when their word similarity to the whole query
 * reaches the threshold.
 *
 * Where the cut falls is chosen from trigram statistics (a sample of the table, `SearchStatistics`)
 * so that the pieces together match as few rows as possible; a query whose text is too common to
 * tell apart tolerates fewer typos rather than reading half the table.
 */

/** Trigram statistics of one searched column, from a sample of its rows. */
export interface TrigramStats {
  /** rows in the table (estimated) */
  rows: number;
  /** rows sampled; 0 when nothing is known yet */
  sampled: number;
  /** trigram → sampled rows holding it, in pg_trgm's `show_trgm` spelling */
  counts: ReadonlyMap<string, number>;
}

export const NO_STATS: TrigramStats = { rows: 0, sampled: 0, counts: new Map() };

/** Word similarity (pg_trgm) a misspelt hit must reach; also the connections' threshold for `<%`. */
export const FUZZY_THRESHOLD = 0.6;

/**
 * Candidate rows a plan may cost before it tolerates one typo fewer (each is read from the heap and
 * compared, ≈ 10 µs). 2,000 kept two typos for more benchmark titles at p99 53–64 ms; 1,000 and 600
 * measured alike.
 */
export const CANDIDATE_BUDGET = 600;

/** The most typos tolerated: one per six characters, at most three. */
export const maxTypos = (length: number) => Math.min(3, Math.floor(length / 6));

const MIN_PIECE = 3;
const MAX_PIECE = 24;
/** the longest query that is planned; typos are looked for in its first this many characters */
const MAX_PLANNED = 64;

/** Share of rows holding a trigram (an unsampled one: half a sampled row; a hashed one: 1 %). */
function share(stats: TrigramStats, trigram: string | null): number {
  if (stats.sampled === 0) return 0;
  if (trigram === null) return 0.01;
  return (stats.counts.get(trigram) ?? 0.5) / stats.sampled;
}

/** a trigram held by more than this share of rows narrows a lookup too little to be worth reading */
const COMMON = 0.05;
/**
 * A word whose trigrams are all common is still looked up whole when together they are rare and
 * none is held by more than this share of rows: the index then reads each one's posting list.
 */
const READABLE = 0.25;
/**
 * Index entries read for the cost of one candidate row (a posting list of 22,000 entries read in
 * 1.4 ms; a candidate read from the heap and compared, about 10 µs): what reading a common
 * trigram's posting list adds to a lookup's estimate.
 */
const INDEX_ENTRIES_PER_ROW = 150;

/**
 * How a piece is looked up: by the rare stretches of its words, in order, with only `%` between them
 * (`LIKE '%le8%130%il8%'` for "selle80130@mail8"), which a text holding the piece matches too.
 * A stretch is the longest run of a word's consecutive trigrams held by at most 5 % of rows, so
 * the index is asked for rare trigrams only. Measured on the benchmark's title index (shaped by
 * inserts and correlation updates): a lookup with a common trigram and a trigram in no row at all
 * ("%selle8%": "sel" in every title, "le8" in none) took 20–30 ms, as GIN picked the common
 * trigram's list to walk; with the rare trigram alone, 0.1 ms. A word without a rare trigram is
 * left out, unless no word has one: then the piece's rarest trigram alone. The estimate: a stretch
 * counts as its rarest trigram or, when lower, as a chain (`stretchShare`); stretches multiply. Null
 * when no word of the piece has three characters.
 */
export function pieceLookup(piece: string, stats: TrigramStats): { pattern: string; estimate: number } | null {
  const chars = [...piece];
  return lookupIn(chars, positionShares(chars, stats), givenShares(chars, stats), stats.rows, 0, chars.length);
}

const isWordChar = (c: string) => /[\p{L}\p{N}]/u.test(c);

/** The trigram at position k, as pg_trgm spells it (null: anything but printable ASCII, which it hashes). */
function trigramAt(cps: string[], k: number): string | null {
  const t = cps.slice(k, k + 3).join('');
  return /^[\x20-\x7e]{3}$/.test(t) ? t : null;
}

/** Per position k: the share of rows holding the trigram chars[k..k+2], NaN where it crosses a word's end. */
function positionShares(chars: string[], stats: TrigramStats): number[] {
  const word = chars.map(isWordChar);
  return chars.map((_, k) => (k + 2 < chars.length && word[k] && word[k + 1] && word[k + 2] ? share(stats, trigramAt(chars, k)) : NaN));
}

/** Per two characters (pg_trgm's spelling): the share of rows holding a trigram that starts with them, summed. */
const followers = new WeakMap<TrigramStats, Map<string, number>>();
function followShare(stats: TrigramStats, pair: string): number {
  let sums = followers.get(stats);
  if (!sums) {
    sums = new Map();
    for (const [trigram, n] of stats.counts) sums.set(trigram.slice(0, 2), (sums.get(trigram.slice(0, 2)) ?? 0) + n);
    followers.set(stats, sums);
  }
  return stats.sampled ? (sums.get(pair) ?? 0) / stats.sampled : 0;
}

/**
 * Per position k > 0 inside a word: how likely the trigram chars[k..k+2] is where its first two
 * characters (the end of the trigram before it) occur, from the same sample: its share over the
 * summed shares of every sampled trigram starting with those two characters, at most 1 (1 where
 * nothing is known). Letters of one word follow each other closely ("sel" → "ell": high); a digit
 * is one of ten or so ("114" → "143": about 1/11).
 */
function givenShares(chars: string[], stats: TrigramStats): number[] {
  const shares = positionShares(chars, stats);
  return chars.map((_, k) => {
    if (k === 0 || Number.isNaN(shares[k]) || Number.isNaN(shares[k - 1])) return NaN;
    const trigram = trigramAt(chars, k);
    const follow = trigram === null ? 0 : followShare(stats, trigram.slice(0, 2));
    return follow > 0 ? Math.min(1, shares[k] / follow) : 1;
  });
}

/**
 * The share of rows holding the stretch of trigrams at positions [from, to]: its rarest trigram's
 * share, or the chain of its trigrams when that is lower (the first trigram's share, times each next
 * one's `givenShares`). A run of digits is far rarer than any of its trigrams ("114374": 0.3 % for
 * "374" alone, 1 title in 200,000 for the run), while a word's letters mostly come together; with the
 * rarest trigram alone, the benchmark's "seler ring 114374 shop" was cut into "%ele%114%" and
 * "%374%" (2,600 candidates over titles and values) rather than "%ele%" and "%114374%" (5).
 */
function stretchShare(shares: number[], given: number[], from: number, to: number): number {
  let least = shares[from];
  let chain = shares[from];
  for (let q = from + 1; q <= to; q += 1) {
    least = Math.min(least, shares[q]);
    chain *= given[q];
  }
  return Math.min(least, chain);
}

/** `pieceLookup` of chars[from, to), from the query's position shares. */
function lookupIn(chars: string[], shares: number[], given: number[], rows: number, from: number, to: number): { pattern: string; estimate: number } | null {
  const stretches: { text: string; share: number; read: number }[] = [];
  let rarest: { text: string; share: number } | null = null;
  let k = from;
  while (k < to) {
    if (!isWordChar(chars[k])) {
      k += 1;
      continue;
    }
    const start = k;
    while (k < to && isWordChar(chars[k])) k += 1;
    // the word chars[start, k): trigrams at start .. k - 3
    let best: { from: number; to: number; share: number } | null = null;
    for (let p = start; p + 3 <= k; p += 1) {
      if (!rarest || shares[p] < rarest.share) rarest = { text: chars.slice(p, p + 3).join(''), share: shares[p] };
      if (shares[p] > COMMON) continue;
      let end = p;
      while (end + 4 <= k && shares[end + 1] <= COMMON) end += 1;
      if (!best || end - p > best.to - best.from) best = { from: p, to: end, share: stretchShare(shares, given, p, end) };
      for (let q = p + 1; q <= end; q += 1) if (shares[q] < rarest.share) rarest = { text: chars.slice(q, q + 3).join(''), share: shares[q] };
      p = end;
    }
    if (best) stretches.push({ text: chars.slice(best.from, best.to + 3).join(''), share: best.share, read: 0 });
    else if (k - start >= 3) {
      // no rare trigram in the word, but the word as a whole may be rare: a run of digits in a
      // column full of numbers (order ids, phone numbers: every digit trigram in 7–8 % of values)
      const run = shares.slice(start, k - 2);
      const chained = stretchShare(shares, given, start, k - 3);
      if (run.every((x) => x <= READABLE) && chained <= COMMON) stretches.push({ text: chars.slice(start, k).join(''), share: chained, read: run.reduce((sum, x) => sum + x, 0) });
    }
  }
  if (!rarest) return null;
  const kept = stretches.length ? stretches : [{ ...rarest, read: 0 }];
  return {
    pattern: `%${kept.map((x) => x.text).join('%')}%`,
    estimate: rows * kept.reduce((p, x) => p * x.share, 1) + (rows * kept.reduce((sum, x) => sum + x.read, 0)) / INDEX_ENTRIES_PER_ROW,
  };
}

export interface FuzzyPlan {
  pieces: string[];
  /** what the index is asked for: `LIKE` patterns, one per piece (`pieceLookup`) */
  lookups: string[];
  typos: number;
  /** candidate rows the pieces are expected to match */
  estimate: number;
}

type Lookup = { pattern: string; estimate: number } | null;
type Chosen = { cost: number; estimate: number; pieces: string[]; lookups: string[] };

/** The cheapest `count` disjoint pieces of `chars`, in order, by estimate (shorter pieces cost a hair more). */
function cheapestPieces(chars: string[], count: number, lookup: (from: number, to: number) => Lookup): Chosen | null {
  const n = chars.length;
  // best[k][i]: k pieces inside chars[0, i)
  const best: (Chosen | null)[][] = Array.from({ length: count + 1 }, (_, k) => Array.from({ length: n + 1 }, () => (k === 0 ? { cost: 0, estimate: 0, pieces: [], lookups: [] } : null)));
  for (let k = 1; k <= count; k += 1) {
    for (let end = 1; end <= n; end += 1) {
      let cell = best[k][end - 1];
      for (let len = MIN_PIECE; len <= Math.min(MAX_PIECE, end); len += 1) {
        const before = best[k - 1][end - len];
        const found = before && lookup(end - len, end);
        if (!before || !found) continue;
        const cost = before.cost + found.estimate + 1 / len;
        if (!cell || cost < cell.cost) {
          cell = { cost, estimate: before.estimate + found.estimate, pieces: [...before.pieces, chars.slice(end - len, end).join('')], lookups: [...before.lookups, found.pattern] };
        }
      }
      best[k][end] = cell;
    }
  }
  return best[count][n];
}

/**
 * The pieces a misspelt query is looked up by: as many typos tolerated as the query's length allows
 * while the pieces stay within the candidate budget; one typo when none does. Null when the query is
 * too short to cut (under six characters): the caller falls back to pg_trgm's `<%` operator.
 */
export function planFuzzy(query: string, stats: TrigramStats, budget = CANDIDATE_BUDGET): FuzzyPlan | null {
  const chars = [...query].slice(0, MAX_PLANNED);
  // each piece is weighed once, whatever the number of typos tried
  const shares = positionShares(chars, stats);
  const given = givenShares(chars, stats);
  const known = new Map<number, Lookup>();
  const lookup = (from: number, to: number) => {
    const key = from * 1024 + to;
    if (!known.has(key)) known.set(key, lookupIn(chars, shares, given, stats.rows, from, to));
    return known.get(key)!;
  };
  let fallback: FuzzyPlan | null = null;
  for (let typos = maxTypos(chars.length); typos >= 1; typos -= 1) {
    const found = cheapestPieces(chars, typos + 1, lookup);
    if (!found) continue;
    const plan = { pieces: [...new Set(found.pieces)], lookups: [...new Set(found.lookups)], typos, estimate: Math.round(found.estimate) };
    if (plan.estimate <= budget) return plan;
    fallback = plan;
  }
  return fallback;
}
