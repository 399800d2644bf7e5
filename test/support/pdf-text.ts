import { inflateSync } from 'node:zlib';

// WinAnsiEncoding's 0x80–0x9F (Node's TextDecoder reads 'windows-1252' as Latin-1 there); the rest is Latin-1
const WIN_ANSI_80 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const winAnsi = { decode: (bytes: Buffer) => [...bytes].map((b) => (b >= 0x80 && b <= 0x9f ? WIN_ANSI_80[b - 0x80] : String.fromCharCode(b))).join('') };

/**
 * The text a PDF shows, as a reader's text layer would give it, for PDFs written by pdfkit (pdfmake)
 * in the standard fonts: every content stream inflated, and each text object's strings (BT … ET:
 * `[<hex> kerning <hex>] TJ` or `<hex> Tj` / `(literal) Tj`) decoded as WinAnsi, one token per text
 * object, trimmed, joined by single spaces. pdfmake writes a word or a table cell per text object,
 * so a table row reads as its cells in order: "2026-Q1 41 121 1,207 …".
 */
export function pdfText(pdf: Buffer): string {
  const tokens: string[] = [];
  const latin1 = pdf.toString('latin1');
  const streamStart = /(?<!end)stream\r?\n/g;
  for (let m = streamStart.exec(latin1); m; m = streamStart.exec(latin1)) {
    const start = m.index + m[0].length;
    const end = latin1.indexOf('endstream', start);
    if (end < 0) break;
    streamStart.lastIndex = end + 'endstream'.length;
    const dictionary = latin1.slice(Math.max(0, latin1.lastIndexOf('<<', m.index)), m.index);
    let content: string;
    try {
      content = /FlateDecode/.test(dictionary) ? inflateSync(pdf.subarray(start, end)).toString('latin1') : latin1.slice(start, end);
    } catch {
      continue; // not a stream we can read (an image, a font)
    }
    for (const block of content.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)) {
      const text = [...block[1].matchAll(/<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\)/g)]
        .map(([, hex, literal]) => (hex !== undefined ? winAnsi.decode(Buffer.from(hex.replace(/\s+/g, ''), 'hex')) : unescapeLiteral(literal)))
        .join('')
        .trim();
      if (text) tokens.push(text);
    }
  }
  return tokens.join(' ').replace(/\s+/g, ' ');
}

function unescapeLiteral(s: string): string {
  const bytes = s.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) =>
    /^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e,
  );
  return winAnsi.decode(Buffer.from(bytes, 'latin1'));
}
