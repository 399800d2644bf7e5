/**
 * How a misspelt search finds its candidates without reading the trigram index whole.
 *
 * pg_trgm's own similarity operators (`%`, `<%`) read the posting list of every trigram of the
 * query, and the letter trigrams of a query ("sel", "mai", "exa") are held by a large share of all
 * values: 35–90 ms at 1,000,000 indicators, most of it spent on values that are then rejected.
 * Instead the query is cut into pieces (pigeonhole): a value that holds the query with at most
 * `typos` edits still holds one of `typos + 1` disjoint pieces of it intact, and each piece is a
 * `LIKE '%piece%'` that the trigram index answers from its rarest trigrams. Candidates are then
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
export const CANDIDATE_BUDGET = 1_000;

/** The most typos tolerated: one per six characters, at most three. */
export const maxTypos = (length: number) => Math.min(3, Math.floor(length / 6));

const MIN_PIECE = 3;
const MAX_PIECE = 24;
/** the longest query that is planned; typos are looked for in its first this many characters */
const MAX_PLANNED = 64;

const isWordChar = (c: string) => /[\p{L}\p{N}]/u.test(c);

/**
 * The trigrams pg_trgm extracts from `LIKE '%piece%'`, word by word: a word is padded ("  w", "d ")
 * only on a side where the piece itself shows its boundary (a non-word character), as the `%`
 * around the piece leaves the other side open. A trigram with a character pg_trgm would hash
 * (anything but printable ASCII) is returned as `null`.
 */
export function likeTrigrams(piece: string): (string | null)[][] {
  const chars = [...piece];
  const words: (string | null)[][] = [];
  let i = 0;
  while (i < chars.length) {
    if (!isWordChar(chars[i])) {
      i += 1;
      continue;
    }
    const start = i;
    while (i < chars.length && isWordChar(chars[i])) i += 1;
    const padded = [...(start > 0 ? ['  '] : []), chars.slice(start, i).join(''), ...(i < chars.length ? [' '] : [])].join('');
    const cps = [...padded];
    const trigrams = new Set<string | null>();
    for (let k = 0; k + 3 <= cps.length; k += 1) {
      const t = cps.slice(k, k + 3).join('');
      trigrams.add(/^[\x20-\x7e]{3}$/.test(t) ? t : null);
    }
    if (trigrams.size) words.push([...trigrams]);
  }
  return words;
}

/** Share of rows holding a trigram (an unsampled one: half a sampled row; a hashed one: 1 %). */
function share(stats: TrigramStats, trigram: string | null): number {
  if (stats.sampled === 0) return 0;
  if (trigram === null) return 0.01;
  return (stats.counts.get(trigram) ?? 0.5) / stats.sampled;
}

/**
 * Rows the index hands back for `LIKE '%piece%'`: trigrams of one word occur together, so a word
 * counts as its rarest trigram; words are taken as independent. Infinity when the piece has no
 * trigram at all (the index would be read whole).
 */
export function pieceEstimate(piece: string, stats: TrigramStats): number {
  const words = likeTrigrams(piece);
  if (!words.length) return Infinity;
  return stats.rows * words.reduce((p, w) => p * Math.min(...w.map((t) => share(stats, t))), 1);
}

export interface FuzzyPlan {
  pieces: string[];
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
    const plan = { pieces: [...new Set(found.pieces)], typos, estimate: Math.round(found.estimate) };
    if (plan.estimate <= budget) return plan;
    fallback = plan;
  }
  return fallback;
}
