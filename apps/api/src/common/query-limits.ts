import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isAbstractType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ParseOptions,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { ErrorCode } from './errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination.js';

/**
 * How big an operation may be before anything runs, on HTTP and on graphql-ws alike. Every web
 * client operation fits with room to spare (query-limits.spec.ts checks each one).
 */
export const QUERY_LIMITS = {
  /** Nesting of selections: the web client's deepest operation has 7 (a fragment's fields count where it is spread). */
  depth: 10,
  /** Aliased fields in one operation: `a1: node(…) a2: node(…) …` would multiply any cost by hand. */
  aliases: 15,
  /** Directives in one operation (`@include`, `@skip`). */
  directives: 10,
  /** Lexical tokens in one document (graphql-armor's default): the web client's largest, fragments included, has 115. */
  tokens: 1000,
  /**
   * Objects an answer may hold (`queryCost`), GitHub's limit of 500,000 nodes a call. The largest
   * web client answers: a directory page of 100 members with brands, trademarks and evidence (about
   * 411,000 estimated) and one report at its cap of 10,000 indicators with their sightings (about
   * 210,000). Refused: a page of 50 reports with all their indicators (500,101) and
   * `report → indicators → report → indicators` (10⁸).
   */
  cost: 500_000,
} as const;

/** Lists without a size argument: how many items each counts as (its cap in the domain, or at most a page). */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  'IntelReport.brands': 50, // the caps of a report's inputs
  'IntelReport.categories': 12,
  'IntelReport.evidence': 20,
  'IntelReport.blindMatches': 100,
  'IntelReport.history': 100,
  'IntelSearchHit.matchedIndicators': 20,
  'Indicator.derivedKeys': 3, // a URL derives at most a domain, a phone and a store
  'LinkStep.linkValues': 10, // no cap (both sides' values holding one key): an estimate
  'Indicator.sightings': 10, // no cap (one per organisation that saw the value): an estimate
  'Organisation.brands': 10, // no cap: an estimate (the demo's members have 5 on average)
  'Query.categories': 50,
  'Membership.categories': 12,
  'Brand.trademarks': 10, // no cap: an estimate (the demo's brands have 2 on average)
  'Trademark.evidence': 20,
  'CounterfeiterNetwork.brands': 100,
  'CounterfeiterNetwork.reportingOrganisations': 100,
  'CounterfeiterNetwork.events': 100,
  'ImportJob.errors': 1000, // the import lists at most 1,000 problems
  'ImportJob.skipped': 1000,
  'Query.marketplaces': 100, // no cap: an estimate (12 built in)
  'TakedownRequest.listings': 300, // a request's cap
  'TakedownRequest.history': 20, // a lifecycle has at most 8 steps, more with information asked and given
  'Brand.ipRights': 10, // no cap: an estimate, like its trademarks
  'Query.agentAuthorisations': 100, // no cap: an estimate (an organisation's agents)
  'AgentAuthorisation.brands': 100, // an authorisation's cap
  'TakedownRequest.deliveries': 2, // an e-mail and a webhook
  'StoreStanding.relatedStores': 20, // MAX_RELATED_SHOWN
  'TakedownListing.screenshots': 5, // MAX_SCREENSHOTS a listing
  'TakedownDelivery.attempts': 6, // the job's attempts
  'Query.complainantStandings': 100, // no cap: an estimate (the alliance's filing members)
  'Query.takedownBulkImports': 100, // its first: at most 100
  'Query.takedownFigures': 100, // 36 months by group: an estimate
  'TakedownInboundMail.requests': 10, // a message files at most 3,000 listings: ten requests of 300
  'TakedownInboundMail.bulkImports': 10, // the attachments read from one message
  'TakedownInboundMail.problems': 40, // MAX_PROBLEMS of takedown-email.service.ts
  'EnforcementCase.participants': 50, // the caps of a case's inputs (enforcement/dto)
  'EnforcementCase.targets': 50,
  'EnforcementCase.brands': 50,
  'EnforcementCase.networks': 50, // links: MAX_CASE_LINKS a call, more over several calls (an estimate)
  'EnforcementCase.reports': 50,
  'EnforcementCase.takedowns': 50,
  'EnforcementCase.alerts': 50,
  'EnforcementCase.history': 10, // a lifecycle has at most 6 steps
  'EnforcementCase.availableActions': 5,
  'EnforcementCase.actions': 100, // no cap: an estimate of a case's log
  'EnforcementCase.courtResults': 20, // no cap: an estimate
  'EnforcementCase.evidence': 100, // MAX_CASE_FILES a call, more over several calls (an estimate)
  'EnforcementCase.evidenceAttachments': 100, // the same files as `evidence`
  'ReferralCandidates.candidates': 100, // MAX_REFERRAL_CANDIDATES
  'ListingFeedResult.problems': 1000, // the problems of the first 1,000 refused rows (MAX_PROBLEMS_LISTED; a row has a few)
  'Query.feedApiKeys': 100, // no cap: an estimate (a member's crawlers)
  'Query.monitoringRules': 50, // MAX_RULES_PER_BRAND
  'Alert.reasons': 56, // a reason per KEYWORD and PRICE_FLOOR rule of the brand (50 at most) and 6 automatic kinds
  'AlertReason.networks': 10, // no cap: an estimate (the networks a seller's store and contacts are in)
  'AlertFigures.brands': 100, // no cap: an estimate (the brands of a member, or of the alliance for coordinators)
  'MonitoringRulePreview.listings': 20, // PREVIEW_LISTINGS
  'ImpactReport.quarters': 4,
  'ImpactFigures.valueUnconverted': 20, // no cap: an estimate (the currencies of a year's seizures without a rate)
  'ExchangeRates.rates': 500, // MAX_EXCHANGE_RATES
};

/** Size arguments (`first`) and the largest value each accepts; any other `first` accepts MAX_PAGE_SIZE. */
export const SIZE_ARGUMENT_CAPS: Readonly<Record<string, number>> = {
  'CounterfeiterNetwork.indicators': 1000,
  'IntelReport.indicators': 10_000,
  'TakedownBulkImport.rows': 1000,
};

/** Most ids `nodes(ids:)` takes. */
export const MAX_NODE_IDS = 100;

/** graphql's own parser limit (what armor's max-tokens lexer does, without a second parse). */
export const QUERY_PARSE_OPTIONS: ParseOptions = { maxLexicalTokens: QUERY_LIMITS.tokens };

/** A refused operation: QUERY_TOO_COMPLEX with what was measured and the limit; HTTP 400 on the wire. */
export function queryTooComplex(measure: keyof typeof QUERY_LIMITS, value: number, nodes?: readonly FieldNode[] | OperationDefinitionNode): GraphQLError {
  const limit = QUERY_LIMITS[measure];
  return new GraphQLError(`The query is too complex: its ${measure} is ${value}, the limit is ${limit}; ask for fewer or smaller pages`, {
    nodes,
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, [measure]: value, limit, http: { status: 400 } },
  });
}

function badSize(field: string, message: string, nodes: FieldNode): GraphQLError {
  return new GraphQLError(message, { nodes, extensions: { code: ErrorCode.BAD_USER_INPUT, field, http: { status: 400 } } });
}

/** armor's rules report through here: `Query depth limit of 10 exceeded, found 12.` → QUERY_TOO_COMPLEX. */
function reportTo(measure: 'depth' | 'aliases' | 'directives') {
  return (context: ValidationContext | null, error: GraphQLError) => {
    const found = Number(/found (\d+)/.exec(error.message)?.[1] ?? NaN);
    context?.reportError(queryTooComplex(measure, found));
  };
}

/** The validation rules both transports add to GraphQL's own: depth, aliases and directives (graphql-armor). */
export function queryLimitRules(): ValidationRule[] {
  const armor = { propagateOnRejection: false, exposeLimits: true } as const;
  return [
    maxDepthRule({ ...armor, flattenFragments: true, n: QUERY_LIMITS.depth, onReject: [reportTo('depth')] }),
    maxAliasesRule({ ...armor, n: QUERY_LIMITS.aliases, onReject: [reportTo('aliases')] }),
    maxDirectivesRule({ ...armor, n: QUERY_LIMITS.directives, onReject: [reportTo('directives')] }),
  ];
}

/**
 * Refuses an operation before it runs: a size argument below 1 or above its cap or more than
 * MAX_NODE_IDS ids (BAD_USER_INPUT), or a cost above the limit (QUERY_TOO_COMPLEX). Needs the
 * variables, so it runs after validation (which Apollo caches per document). Answers the cost,
 * which the caller's budget is charged (query-limits.plugin.ts).
 */
export function checkOperation(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): number {
  const operation = operationOf(document, operationName);
  if (!operation) return 0; // GraphQL itself answers "unknown operation"
  const cost = new CostCounter(schema, document, variables ?? {}).operation(operation);
  if (cost > QUERY_LIMITS.cost) throw queryTooComplex('cost', cost, operation);
  return cost;
}

/**
 * A caller's budget spent: RATE_LIMITED with `retryAfterSeconds`; HTTP 429 with `Retry-After` when
 * it refuses an operation before it runs.
 */
export function rateLimited(message: string, retryAfterSeconds: number): GraphQLError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: seconds, http: { status: 429, headers: new Map([['retry-after', String(seconds)]]) } },
  });
}

/** What an operation is estimated to cost (its size arguments checked on the way). */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, operationName?: string, variables: Record<string, unknown> = {}): number {
  const operation = operationOf(document, operationName);
  return operation ? new CostCounter(schema, document, variables).operation(operation) : 0;
}

function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

/**
 * The objects an answer may hold: an object costs 1 plus its selection, scalars cost nothing; a
 * list of objects costs its size times what one item costs, the size being
 * its `first` argument (or that argument's default, or DEFAULT_PAGE_SIZE for a connection) or, for a
 * list without one, LIST_SIZES (or a full page). A connection's `first` multiplies its selection the
 * same way. A selection on an abstract type costs what its dearest possible type costs.
 */
class CostCounter {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly visiting = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly variables: Record<string, unknown>,
  ) {
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d);
    this.variableDefaults = new Map();
    for (const d of document.definitions) {
      if (d.kind !== Kind.OPERATION_DEFINITION) continue;
      for (const v of d.variableDefinitions ?? []) if (v.defaultValue?.kind === Kind.INT) this.variableDefaults.set(v.variable.name.value, Number(v.defaultValue.value));
    }
  }

  private readonly variableDefaults: Map<string, unknown>;

  operation(operation: OperationDefinitionNode): number {
    const root = this.schema.getRootType(operation.operation);
    return root ? this.selection(root, operation.selectionSet) : 0;
  }

  /** A selection set on a type: for abstract types, the dearest of the possible types. */
  private selection(type: GraphQLCompositeType, set: SelectionSetNode, pageSize?: number): number {
    if (!isAbstractType(type)) return this.fields(type, set, pageSize);
    let dearest = 0;
    for (const possible of this.schema.getPossibleTypes(type)) dearest = Math.max(dearest, this.fields(possible, set));
    return dearest;
  }

  /** The fields of a selection set that apply to a concrete type. */
  private fields(type: GraphQLCompositeType, set: SelectionSetNode, pageSize?: number): number {
    let cost = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        cost += this.field(type, s, pageSize);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (this.applies(type, s.typeCondition?.name.value)) cost += this.fields(type, s.selectionSet, pageSize);
      } else {
        const fragment = this.fragments.get(s.name.value);
        if (!fragment || this.visiting.has(fragment.name.value) || !this.applies(type, fragment.typeCondition.name.value)) continue;
        this.visiting.add(fragment.name.value);
        cost += this.fields(type, fragment.selectionSet, pageSize);
        this.visiting.delete(fragment.name.value);
      }
    }
    return cost;
  }

  private applies(type: GraphQLCompositeType, condition: string | undefined): boolean {
    if (!condition || condition === type.name) return true;
    const target = this.schema.getType(condition);
    return !!target && isAbstractType(target) && isObjectType(type) && this.schema.isSubType(target, type);
  }

  /** `pageSize`: the size argument of the connection this field belongs to, which sizes its `edges`. */
  private field(parent: GraphQLCompositeType, node: FieldNode, pageSize?: number): number {
    if (!node.selectionSet || !(isObjectType(parent) || isInterfaceType(parent))) return 0;
    const def = parent.getFields()[node.name.value];
    if (!def) return 0;
    const named = getNamedType(def.type);
    if (!isCompositeType(named)) return 0;
    const name = `${parent.name}.${def.name}`;
    const list = isListType(getNullableType(def.type));
    if (pageSize !== undefined && def.name === 'edges' && list) return pageSize * (1 + this.selection(named, node.selectionSet));
    const size = this.sizeOf(name, def, node);
    // a connection: its size counts its edges, not its totalCount and pageInfo
    if (!list && def.args.some((a) => a.name === 'first')) return 1 + this.selection(named, node.selectionSet, size);
    return list ? size * (1 + this.selection(named, node.selectionSet)) : 1 + this.selection(named, node.selectionSet);
  }

  /** How many items a field stands for: 1 for an object, its size argument or estimate for a list or a connection. */
  private sizeOf(name: string, def: GraphQLField<unknown, unknown>, node: FieldNode): number {
    const sizeArg = def.args.find((a) => a.name === 'first');
    if (sizeArg) {
      const given = this.argument(node, 'first');
      const size = given ?? (typeof sizeArg.defaultValue === 'number' ? sizeArg.defaultValue : DEFAULT_PAGE_SIZE);
      if (typeof size !== 'number' || !Number.isFinite(size)) return SIZE_ARGUMENT_CAPS[name] ?? MAX_PAGE_SIZE;
      const cap = SIZE_ARGUMENT_CAPS[name] ?? MAX_PAGE_SIZE;
      if (size < 1) throw badSize('first', `first must be at least 1 (got ${size})`, node);
      if (size > cap) throw badSize('first', `first must be at most ${cap} (got ${size})`, node);
      return size;
    }
    if (name === 'Query.nodes') {
      const ids = this.argument(node, 'ids');
      if (Array.isArray(ids) && ids.length > MAX_NODE_IDS) throw badSize('ids', `nodes takes at most ${MAX_NODE_IDS} ids (got ${ids.length})`, node);
      return Math.max(1, Array.isArray(ids) ? ids.length : MAX_NODE_IDS);
    }
    if (!isListType(getNullableType(def.type))) return 1;
    return Math.max(1, LIST_SIZES[name] ?? MAX_PAGE_SIZE);
  }

  /** An argument's value: a literal, a variable's value or default; undefined when absent. */
  private argument(node: FieldNode, name: string): unknown {
    const arg = node.arguments?.find((a) => a.name.value === name);
    if (!arg) return undefined;
    const value = arg.value;
    if (value.kind === Kind.VARIABLE) {
      const v = value.name.value;
      return v in this.variables && this.variables[v] !== null ? this.variables[v] : this.variableDefaults.get(v);
    }
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind === Kind.LIST) return value.values;
    if (value.kind === Kind.NULL) return undefined;
    return NaN;
  }
}
