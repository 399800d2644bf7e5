/** A WHERE condition with its named parameters, built by the context that owns the rule and embedded in another's query. */
export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}
