/** The scopes a partnership can grant (the API's PartnerScope), each with what it opens. */
export const PARTNER_SCOPES: readonly { scope: string; meaning: string }[] = [
  { scope: 'directory:read', meaning: 'the member directory' },
  { scope: 'stats:read', meaning: 'the alliance’s figures' },
  { scope: 'intel:read', meaning: 'shared intelligence' },
  { scope: 'intel:amber', meaning: 'intelligence shared TLP:AMBER too' },
  { scope: 'cases:read', meaning: 'cases referred to it' },
  { scope: 'listings:write', meaning: 'pushing listings into the monitoring feed' },
];

/** Scopes in the order above, whatever order the API answered in. */
export function sortScopes(scopes: readonly string[]): string[] {
  const order = PARTNER_SCOPES.map((s) => s.scope);
  return [...scopes].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
