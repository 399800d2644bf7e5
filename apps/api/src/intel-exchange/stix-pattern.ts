/**
 * The little of STIX patterning (STIX 2.1 §9) the exchange needs: writing `[type:path = 'value']`
 * and reading back the plain equality comparisons of any pattern. Reading tokenises the whole
 * grammar (observation operators, qualifiers, typed literals) so that a comparison is only taken
 * when it really is `path = 'string'`, never a `NOT =`, `LIKE` or `MATCHES`.
 */

/** A STIX pattern string literal: backslash and quote escaped. */
export function quotePatternString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `[object-type:path = 'value']`; path components that are not plain names are quoted. */
export function equalityPattern(objectType: string, path: readonly string[], value: string): string {
  const p = path.map((c, i) => (/^[a-z_][a-z0-9_]*$/i.test(c) ? c : i === 0 ? c : quotePatternString(c))).join('.');
  return `[${objectType}:${p} = ${quotePatternString(value)}]`;
}

export interface PatternEquality {
  objectType: string;
  /** Property path components: `hashes.'SHA-256'` is ['hashes', 'SHA-256']. */
  path: string[];
  value: string;
}

type Token =
  | { kind: 'path'; objectType: string; path: string[] }
  | { kind: 'string'; value: string }
  | { kind: 'typed' } // t'…', b'…', h'…': never a value we take
  | { kind: 'op'; value: string }
  | { kind: 'word'; value: string }
  | { kind: 'number' }
  | { kind: 'punct'; value: string };

export class PatternSyntaxError extends Error {}

/** Every `path = 'string'` comparison in a pattern; throws PatternSyntaxError on text that is not a pattern. */
export function patternEqualities(pattern: string): PatternEquality[] {
  const tokens = tokenise(pattern);
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && (t.value === '[' || t.value === '(')) depth++;
    if (t.kind === 'punct' && (t.value === ']' || t.value === ')')) depth--;
    if (depth < 0) throw new PatternSyntaxError('Unbalanced brackets');
  }
  if (depth !== 0) throw new PatternSyntaxError('Unbalanced brackets');
  if (!tokens.some((t) => t.kind === 'punct' && t.value === '[')) throw new PatternSyntaxError('No observation expression ([…])');
  const found: PatternEquality[] = [];
  for (let i = 0; i + 2 < tokens.length; i++) {
    const [a, b, c] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (a.kind === 'path' && b.kind === 'op' && b.value === '=' && c.kind === 'string') found.push({ objectType: a.objectType, path: a.path, value: c.value });
  }
  return found;
}

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const readString = (): string => {
    // at the opening quote
    let out = '';
    i++;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '\\') {
        const next = text[i + 1];
        if (next !== '\\' && next !== "'") throw new PatternSyntaxError(`Bad escape at ${i}`);
        out += next;
        i += 2;
      } else if (ch === "'") {
        i++;
        return out;
      } else {
        out += ch;
        i++;
      }
    }
    throw new PatternSyntaxError('Unterminated string');
  };
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if ('[]()'.includes(ch) || ch === ',') {
      tokens.push({ kind: 'punct', value: ch });
      i++;
    } else if (ch === "'") {
      tokens.push({ kind: 'string', value: readString() });
    } else if (/[tbh]/.test(ch) && text[i + 1] === "'") {
      i++;
      readString();
      tokens.push({ kind: 'typed' });
    } else if (ch === '!' || ch === '<' || ch === '>' || ch === '=') {
      const two = text.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ kind: 'op', value: two });
        i += 2;
      } else if (ch === '!') {
        throw new PatternSyntaxError(`Unexpected ! at ${i}`);
      } else {
        tokens.push({ kind: 'op', value: ch });
        i++;
      }
    } else if (/[-+0-9]/.test(ch)) {
      const m = /^[-+]?\d+(?:\.\d+)?/.exec(text.slice(i));
      if (!m) throw new PatternSyntaxError(`Unexpected ${ch} at ${i}`);
      tokens.push({ kind: 'number' });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i))!;
      i += m[0].length;
      if (text[i] === ':') {
        i++;
        tokens.push({ kind: 'path', objectType: m[0], path: readPath() });
      } else {
        tokens.push({ kind: 'word', value: m[0].toUpperCase() });
      }
    } else {
      throw new PatternSyntaxError(`Unexpected ${ch} at ${i}`);
    }
  }
  return tokens;

  function readPath(): string[] {
    const path: string[] = [];
    const component = () => {
      if (text[i] === "'") return readString();
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i));
      if (!m) throw new PatternSyntaxError(`Bad object path at ${i}`);
      i += m[0].length;
      return m[0];
    };
    path.push(component());
    for (;;) {
      if (text[i] === '.') {
        i++;
        path.push(component());
      } else if (text[i] === '[') {
        const m = /^\[(?:\*|\d+)\]/.exec(text.slice(i));
        if (!m) break; // the `[` of a following observation, not a list index
        path.push(m[0]);
        i += m[0].length;
      } else {
        break;
      }
    }
    return path;
  }
}
