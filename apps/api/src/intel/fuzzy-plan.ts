/**
 * How a misspelt search finds its candidates without reading the trigram index whole.
 *
 * pg_trgm's own similarity operators (`%`, `<%`) read the posting list of every trigram of the
 * query, and the letter trigrams of a query ("sel", "mai", "exa") are held by a large share of all
 * values: 35–90 ms at 1,000,000 indicators, most of it spent on values that are then rejected.
 * Instead the query is cut into pieces (pigeonhole): a value that holds the query with at most
 * `typos` edits still holds one of `typos + 1` disjoint pieces of it intact, and each piece is
 * looked up by its rarest word, a `LIKE '%word%'` the trigram index answers from that word alone. Candidates are then
 * kept when their word similarity to the whole query reaches the threshold.
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

/** Candidate rows a plan may cost before it tolerates one typo fewer (each is read from the heap). */
export const CANDIDATE_BUDGET = 600;

/** The most typos tolerated: one per six characters, at most three. */
export const maxTypos = (length: number) => Math.min(3, Math.floor(length / 6));

const MIN_PIECE = 3;
const MAX_PIECE = 24;
/** the longest query that is planned; typos are looked for in its first this many characters */
const MAX_PLANNED = 64;

/**
 * The words of a piece (runs of letters and digits, as pg_trgm cuts text), each with the trigrams
 * `LIKE '%word%'` asks the index for: its interior ones, no word-boundary padding. A trigram with a
 * character pg_trgm would hash (anything but printable ASCII) is `null`.
 */
export function pieceWords(piece: string): { word: string; trigrams: (string | null)[] }[] {
  const words = piece.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((word) => {
    const cps = [...word];
    const trigrams = new Set<string | null>();
    for (let k = 0; k + 3 <= cps.length; k += 1) {
      const t = cps.slice(k, k + 3).join('');
      trigrams.add(/^[\x20-\x7e]{3}$/.test(t) ? t : null);
    }
    return { word, trigrams: [...trigrams] };
  });
}

/** Share of rows holding a trigram (an unsampled one: half a sampled row; a hashed one: 1 %). */
function share(stats: TrigramStats, trigram: string | null): number {
  if (stats.sampled === 0) return 0;
  if (trigram === null) return 0.01;
  return (stats.counts.get(trigram) ?? 0.5) / stats.sampled;
}

/** a trigram held by more than this share of rows narrows a lookup too little to be worth reading */
const COMMON = 0.05;

/**
 * How a piece is looked up: by the rare stretches of its words, in order, with only `%` between them
 * (`LIKE '%le8%130%il8%'` for "selle80130@mail8"), which a text holding the piece matches too.
 * A stretch is the longest run of a word's consecutive trigrams held by at most 5 % of rows, so
 * the index is asked for rare trigrams only. Measured on the benchmark's title index (shaped by
 * inserts and correlation updates): a lookup with a common trigram and a trigram in no row at all
 * ("%selle8%": "sel" in every title, "le8" in none) took 20–30 ms, as GIN picked the common
 * trigram's list to walk; with the rare trigram alone, 0.1 ms. A word without a rare trigram is
 * left out, unless no word has one: then the piece's rarest trigram alone. The estimate: a stretch
 * counts as its rarest trigram (one word's trigrams occur together), stretches multiply. Null when
 * no word of the piece has three characters.
 */
export function pieceLookup(piece: string, stats: TrigramStats): { pattern: string; estimate: number } | null {
  const words = pieceWords(piece).filter((w) => w.trigrams.length);
  if (!words.length) return null;
  const stretches: { text: string; share: number }[] = [];
  let rarest: { text: string; share: number } | null = null;
  for (const { word } of words) {
    const cps = [...word];
    const shares = cps.slice(0, cps.length - 2).map((_, k) => share(stats, trigramAt(cps, k)));
    let best: { from: number; to: number } | null = null;
    for (let k = 0; k < shares.length; k += 1) {
      if (shares[k] > COMMON) continue;
      let end = k;
      while (end + 1 < shares.length && shares[end + 1] <= COMMON) end += 1;
      if (!best || end - k > best.to - best.from) best = { from: k, to: end };
      k = end;
    }
    if (best) stretches.push({ text: cps.slice(best.from, best.to + 3).join(''), share: Math.min(...shares.slice(best.from, best.to + 1)) });
    shares.forEach((sh, k) => {
      if (!rarest || sh < rarest.share) rarest = { text: cps.slice(k, k + 3).join(''), share: sh };
    });
  }
  const kept = stretches.length ? stretches : [rarest!];
  return { pattern: `%${kept.map((k) => k.text).join('%')}%`, estimate: stats.rows * kept.reduce((p, k) => p * k.share, 1) };
}

/** The trigram at position k of a word, as pg_trgm spells it (null: it would hash it). */
function trigramAt(cps: string[], k: number): string | null {
  const t = cps.slice(k, k + 3).join('');
  return /^[\x20-\x7e]{3}$/.test(t) ? t : null;
}

/** Rows the index hands back for a piece's lookup; Infinity when it has none (the index would be read whole). */
export function pieceEstimate(piece: string, stats: TrigramStats): number {
  return pieceLookup(piece, stats)?.estimate ?? Infinity;
}

export interface FuzzyPlan {
  pieces: string[];
  /** what the index is asked for: `LIKE` patterns, one per piece (`pieceLookup`) */
  lookups: string[];
  typos: number;
  /** candidate rows the pieces are expected to match */
  estimate: number;
}

/** The cheapest `count` disjoint pieces of `chars`, in order, by estimate (shorter pieces cost a hair more). */
function cheapestPieces(chars: string[], count: number, stats: TrigramStats): { pieces: string[]; estimate: number; cost: number } | null {
  const n = chars.length;
  type Cell = { cost: number; estimate: number; pieces: string[] } | null;
  // best[k][i]: k pieces inside chars[0, i)
  const best: Cell[][] = Array.from({ length: count + 1 }, (_, k) => Array.from({ length: n + 1 }, () => (k === 0 ? { cost: 0, estimate: 0, pieces: [] } : null)));
  const estimates = new Map<string, number>();
  for (let k = 1; k <= count; k += 1) {
    for (let end = 1; end <= n; end += 1) {
      let cell = best[k][end - 1];
      for (let len = MIN_PIECE; len <= Math.min(MAX_PIECE, end); len += 1) {
        const before = best[k - 1][end - len];
        if (!before) continue;
        const piece = chars.slice(end - len, end).join('');
        let estimate = estimates.get(piece);
        if (estimate === undefined) estimates.set(piece, (estimate = pieceEstimate(piece, stats)));
        if (!Number.isFinite(estimate)) continue;
        const cost = before.cost + estimate + 1 / len;
        if (!cell || cost < cell.cost) cell = { cost, estimate: before.estimate + estimate, pieces: [...before.pieces, piece] };
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
  let fallback: FuzzyPlan | null = null;
  for (let typos = maxTypos(chars.length); typos >= 1; typos -= 1) {
    const found = cheapestPieces(chars, typos + 1, stats);
    if (!found) continue;
    const pieces = [...new Set(found.pieces)];
    const plan = { pieces, lookups: [...new Set(pieces.map((p) => pieceLookup(p, stats)!.pattern))], typos, estimate: Math.round(found.estimate) };
    if (plan.estimate <= budget) return plan;
    fallback = plan;
  }
  return fallback;
}
