/**
 * An enforcement case's lifecycle (issue 17, outcome 4): one transition table that the service and
 * the web client read. A case moves only along a row of this table, and the database applies it
 * with a conditional update (`WHERE status = from AND version = read`), so of two concurrent
 * moves exactly one wins.
 */
export enum CaseStatus {
  OPEN = 'OPEN',
  REFERRED = 'REFERRED',
  ACTION_TAKEN = 'ACTION_TAKEN',
  PROSECUTION = 'PROSECUTION',
  CLOSED = 'CLOSED',
  DROPPED = 'DROPPED',
}

export enum CaseAction {
  /** To a law-enforcement partner, with the agency, jurisdiction and reference. */
  REFER = 'REFER',
  /** The partner acted (a raid, seizures, arrests): outcomes may now be recorded. */
  RECORD_ACTION = 'RECORD_ACTION',
  PROSECUTE = 'PROSECUTE',
  CLOSE = 'CLOSE',
  DROP = 'DROP',
}

/** Who moves a case: the alliance's coordinators, or the people of the case's lead member. */
export type CaseActor = 'COORDINATOR' | 'LEAD';

export interface CaseTransition {
  from: CaseStatus;
  action: CaseAction;
  to: CaseStatus;
  by: readonly CaseActor[];
}

const S = CaseStatus;
const A = CaseAction;
const BOTH = ['COORDINATOR', 'LEAD'] as const;

export const CASE_TRANSITIONS: readonly CaseTransition[] = [
  // coordinators hold the alliance's relations with law enforcement: they refer
  { from: S.OPEN, action: A.REFER, to: S.REFERRED, by: ['COORDINATOR'] },
  { from: S.REFERRED, action: A.RECORD_ACTION, to: S.ACTION_TAKEN, by: BOTH },
  { from: S.ACTION_TAKEN, action: A.PROSECUTE, to: S.PROSECUTION, by: BOTH },
  // an administrative action (a raid and a fine) may end without a prosecution
  { from: S.ACTION_TAKEN, action: A.CLOSE, to: S.CLOSED, by: BOTH },
  { from: S.PROSECUTION, action: A.CLOSE, to: S.CLOSED, by: BOTH },
  ...[S.OPEN, S.REFERRED, S.ACTION_TAKEN, S.PROSECUTION].map((from) => ({ from, action: A.DROP, to: S.DROPPED, by: BOTH })),
];

export const FINAL_CASE_STATUSES: ReadonlySet<CaseStatus> = new Set([S.CLOSED, S.DROPPED]);

/** Statuses in which outcomes (arrests, sites, seizures) are recorded: after the action, until the case ends. */
export const OUTCOME_STATUSES: ReadonlySet<CaseStatus> = new Set([S.ACTION_TAKEN, S.PROSECUTION]);

/** Statuses in which court results are recorded. */
export const COURT_STATUSES: ReadonlySet<CaseStatus> = new Set([S.PROSECUTION]);

export class CaseTransitionRefused extends Error {
  constructor(
    readonly from: CaseStatus,
    readonly action: CaseAction,
    readonly actor: CaseActor,
    readonly allowed: readonly CaseAction[],
  ) {
    super(
      FINAL_CASE_STATUSES.has(from)
        ? `A ${from} case is final`
        : allowed.length
          ? `A ${from} case cannot be moved by ${words(action)} (${actor === 'LEAD' ? 'the lead member' : 'a coordinator'}); possible now: ${allowed.map(words).join(', ')}`
          : `A ${from} case cannot be moved by ${words(action)}; only a coordinator may move it now`,
    );
  }
}

/** The row of the table for this action, or CaseTransitionRefused naming what the actor may do instead. */
export function caseTransition(from: CaseStatus, action: CaseAction, actor: CaseActor): CaseTransition {
  const row = CASE_TRANSITIONS.find((t) => t.from === from && t.action === action && t.by.includes(actor));
  if (!row) throw new CaseTransitionRefused(from, action, actor, caseActionsFor(from, actor));
  return row;
}

/** What an actor may do to a case in this status (the web client's buttons). */
export function caseActionsFor(from: CaseStatus, actor: CaseActor): CaseAction[] {
  return CASE_TRANSITIONS.filter((t) => t.from === from && t.by.includes(actor)).map((t) => t.action);
}

function words(action: CaseAction): string {
  return action.toLowerCase().replace(/_/g, ' ');
}
