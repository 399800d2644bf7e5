import type { AlertReasonKind } from '../gql/graphql';
import { REASON_LABELS } from './labels';

/** A reason as the inbox reads it from the API (`Alert.reasons`). */
export interface AlertReasonData {
  kind: AlertReasonKind;
  weight: number;
  detail: string;
  terms: readonly string[];
  networks: readonly { id: string; summary: { reportCount: number } }[];
  hiddenNetworks: number;
}

/** One line of an alert's reasons: what matched in a few words, its weight, and the networks to link. */
export interface ReasonLine {
  kind: AlertReasonKind;
  label: string;
  weight: number;
  /** the rule's words the listing names, quoted (keyword and price-floor rules) */
  terms: string | null;
  /** the networks the reader may see, each with a link label */
  networks: { id: string; label: string }[];
  /** the networks the reader may not see, counted, never named */
  hidden: string | null;
  /** the API's full sentence */
  detail: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function networkLabel(network: { summary: { reportCount: number } }): string {
  return `network of ${plural(network.summary.reportCount, 'report')}`;
}

export function reasonLine(reason: AlertReasonData): ReasonLine {
  return {
    kind: reason.kind,
    label: REASON_LABELS[reason.kind] ?? reason.kind,
    weight: reason.weight,
    terms: reason.terms.length ? reason.terms.map((t) => `“${t}”`).join(', ') : null,
    networks: reason.networks.map((n) => ({ id: n.id, label: networkLabel(n) })),
    hidden: reason.hiddenNetworks > 0 ? `${plural(reason.hiddenNetworks, 'network')} you may not see` : null,
    detail: reason.detail,
  };
}

/** The reasons as one sentence each, heaviest first (the API's order): for a title or a plain-text copy. */
export function reasonsText(reasons: readonly AlertReasonData[]): string {
  return reasons.map(reasonLine).map((r) => {
    const what = [r.terms, ...r.networks.map((n) => n.label), r.hidden].filter(Boolean).join(', ');
    return `${r.label} (${r.weight})${what ? `: ${what}` : ''}`;
  }).join('; ');
}
