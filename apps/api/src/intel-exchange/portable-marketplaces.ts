import { marketplaceFromTemplates, marketplaceRule, type MarketplaceRule, type MarketplaceTemplates } from '../../../../libs/indicators/src/index.js';

/**
 * An alliance's marketplace rule as data: its readers are functions, which do not cross to a
 * worker thread (the import's parsing threads). Built-in rules go by name, the alliance's own by
 * their templates; the thread rebuilds them with `marketplaceRulesOf`.
 */
export type PortableRule = { builtIn: string } | { templates: MarketplaceTemplates };

export function portableRule(rule: MarketplaceRule): PortableRule {
  if (marketplaceRule(rule.name) === rule) return { builtIn: rule.name };
  if (rule.templates) return { templates: rule.templates };
  throw new Error(`The marketplace rule ${rule.name} is neither built in nor made from templates: it cannot reach a parsing thread`);
}

export function marketplaceRulesOf(rules: PortableRule[] | undefined): MarketplaceRule[] | undefined {
  return rules?.map((r) => ('builtIn' in r ? marketplaceRule(r.builtIn)! : marketplaceFromTemplates(r.templates)));
}
