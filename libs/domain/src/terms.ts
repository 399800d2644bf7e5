/**
 * A monitoring rule's term as rules keep it and listings are searched: lower case, every run of
 * anything but letters and digits one space, trimmed. A listing matches a term when ` term ` is
 * inside its title and description normalised the same way, so terms match whole words and a user
 * never writes a regular expression (nothing can backtrack). Shared by the API (rules, matching)
 * and the web client (what a typed term will be kept as).
 */
export function normaliseTerm(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
