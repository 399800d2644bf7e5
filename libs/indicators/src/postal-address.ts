import { foldText } from './fold.js';

/**
 * Postal addresses as written (issue 18, outcome 2): an English-language address, romanised Chinese
 * ones included, folds its common abbreviations and punctuation so "Rm.1203, 12/F, Bldg 5, No.18
 * Xinhua Rd" and "Room 1203 Floor 12 Building 5 18 Xinhua Road" are one key. Numbers never fold
 * away: two rooms of one building, two floors or two street numbers stay apart.
 *
 * The words come from USPS Publication 28 (appendix C1 street suffixes, C2 secondary unit
 * designators) and Mapbox's geocoder-abbreviations English token list, keeping only those that
 * mean one thing (that list also folds Cross with Crescent, Estate with East, River with R): see
 * docs/normaliser.md.
 */

/** Longer than this is no address (a pasted page, a whole label): refused before any work. */
export const MAX_ADDRESS_LENGTH = 500;

// every spelling → the one the key keeps (the usual abbreviation)
const WORDS: Record<string, string> = {};
const spell = (canonical: string, ...spellings: string[]) => [canonical, ...spellings].forEach((s) => (WORDS[s] = canonical));
// ways (C1)
spell('rd', 'road', 'lu'); // 路
spell('st', 'street', 'str', 'jie', 'saint'); // 街; "St" is also Saint: both fold to st, so "St James St" is one key whichever was spelt out
spell('ave', 'avenue', 'av', 'dadao'); // 大道
spell('blvd', 'boulevard', 'blv');
spell('dr', 'drive');
spell('ln', 'lane');
spell('hwy', 'highway');
spell('expy', 'expressway');
spell('sq', 'square');
spell('ct', 'court');
spell('pl', 'place');
spell('ter', 'terrace');
spell('cres', 'crescent');
spell('pkwy', 'parkway');
// units and buildings (C2)
spell('rm', 'room');
spell('fl', 'floor', 'flr');
spell('bldg', 'building', 'bld');
spell('blk', 'block');
spell('apt', 'apartment');
spell('ste', 'suite');
spell('twr', 'tower');
spell('ofc', 'office');
spell('dept', 'department');
// areas
spell('dist', 'district', 'qu'); // 区
spell('prov', 'province', 'sheng'); // 省
spell('ind', 'industrial');
spell('ctr', 'center', 'centre');
spell('intl', 'international');
spell('dev', 'development');
spell('hts', 'heights');
spell('gdns', 'gardens');
spell('n', 'north');
spell('s', 'south');
spell('e', 'east');
spell('w', 'west');
spell('ne', 'northeast');
spell('nw', 'northwest');
spell('se', 'southeast');
spell('sw', 'southwest');

const NUMBER = /^\d+[a-z]?$/;
// "No." and "Number" before a number add nothing: "No. 18" is 18
const NUMBER_WORDS = new Set(['no', 'number', 'num', 'nr', 'hao']); // 号
// a designator and its number written as one token: "rm1203", "bldg5", "no18"
const GLUED_DESIGNATOR = /^(no|nr|rm|room|fl|flr|floor|bldg|bld|building|blk|block|apt|unit|ste|suite|flat|twr|tower)(\d+[a-z]?)$/;
// designators whose number follows them: the pair is kept as written
const DESIGNATORS = new Set(['rm', 'bldg', 'blk', 'apt', 'unit', 'ste', 'flat', 'twr', 'fl']);
// a floor written after its number: "12/F", "12F", "12th floor"
const FLOOR_AFTER = /^(\d+)(?:st|nd|rd|th)?(f|fl|flr|floor)?$/;

/** The folded key of a postal address; empty when nothing is left. */
export function foldAddress(value: string): string {
  const tokens = foldText(value).split(' ').filter(Boolean).flatMap(splitGlued);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const word = WORDS[tokens[i]] ?? tokens[i];
    const next = tokens[i + 1];
    if (NUMBER_WORDS.has(word) && next && NUMBER.test(next)) continue;
    if (DESIGNATORS.has(word) && next && (NUMBER.test(next) || /^[a-z]$/.test(next))) {
      out.push(word, next); // "Rm 1203", "Flat F": the designator's own number, never read as a floor
      i++;
      continue;
    }
    if ((word === 'n' || word === 's') && next && (WORDS[next] === 'e' || WORDS[next] === 'w')) {
      out.push(word + WORDS[next]); // "North West" = NW
      i++;
      continue;
    }
    const floor = FLOOR_AFTER.exec(tokens[i]);
    // "12 Floor" is floor 12, but in "No. 5 Floor 3" the floor has its own number
    if (floor && (floor[2] || (isFloorWord(next) && !NUMBER.test(tokens[i + 2] ?? '')))) {
      out.push('fl', floor[1]); // "12/F", "12F", "12th Floor" → fl 12
      if (!floor[2]) i++;
      continue;
    }
    out.push(/^\d+(?:st|nd|rd|th)$/.test(word) ? word.replace(/\D+$/, '') : word); // 21st St = 21 St
  }
  return out.join(' ');
}

const isFloorWord = (token: string | undefined) => token !== undefined && (WORDS[token] === 'fl' || token === 'f');

function splitGlued(token: string): string[] {
  const glued = GLUED_DESIGNATOR.exec(token);
  return glued ? [glued[1], glued[2]] : [token];
}
