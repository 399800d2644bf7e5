/**
 * A takedown request's lifecycle (issue 16, outcome 4): one transition table that the service,
 * the jobs and the web client all read. A request moves only along a row of this table, and the
 * database applies it with a conditional update (`WHERE status = from`), so two reviewers cannot
 * both decide one request.
 */
export enum TakedownStatus {
  SUBMITTED = 'SUBMITTED',
  UNDER_REVIEW = 'UNDER_REVIEW',
  NEEDS_INFO = 'NEEDS_INFO',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  COUNTER_NOTICED = 'COUNTER_NOTICED',
  REINSTATED = 'REINSTATED',
  UPHELD = 'UPHELD',
}

/** What happened to one listing of an accepted request. */
export enum ListingOutcome {
  REMOVED = 'REMOVED',
  NOT_REMOVED = 'NOT_REMOVED',
  ALREADY_GONE = 'ALREADY_GONE',
}

export enum TakedownAction {
  START_REVIEW = 'START_REVIEW',
  ACCEPT = 'ACCEPT',
  REJECT = 'REJECT',
  ASK_FOR_INFO = 'ASK_FOR_INFO',
  PROVIDE_INFO = 'PROVIDE_INFO',
  INFO_LAPSED = 'INFO_LAPSED',
  AUTO_ACCEPT = 'AUTO_ACCEPT',
  COUNTER_NOTICE = 'COUNTER_NOTICE',
  COUNTER_WINDOW_LAPSED = 'COUNTER_WINDOW_LAPSED',
  REINSTATE = 'REINSTATE',
  UPHOLD = 'UPHOLD',
  ANSWER_WINDOW_LAPSED = 'ANSWER_WINDOW_LAPSED',
}

/** Who may take an action: the platform's reviewer, the rights holder who filed, the seller (by the notice's link), or a job. */
export type TakedownActor = 'REVIEWER' | 'COMPLAINANT' | 'SELLER' | 'SYSTEM';

export interface TakedownTransition {
  from: TakedownStatus;
  action: TakedownAction;
  to: TakedownStatus;
  by: readonly TakedownActor[];
}

const S = TakedownStatus;
const A = TakedownAction;

export const TAKEDOWN_TRANSITIONS: readonly TakedownTransition[] = [
  { from: S.SUBMITTED, action: A.START_REVIEW, to: S.UNDER_REVIEW, by: ['REVIEWER'] },
  // a reviewer may decide straight from the queue, without claiming first
  ...[S.SUBMITTED, S.UNDER_REVIEW].flatMap((from) => [
    { from, action: A.ACCEPT, to: S.ACCEPTED, by: ['REVIEWER'] as const },
    { from, action: A.REJECT, to: S.REJECTED, by: ['REVIEWER'] as const },
    { from, action: A.ASK_FOR_INFO, to: S.NEEDS_INFO, by: ['REVIEWER'] as const },
  ]),
  // a trusted complainant's request on a marketplace that allows it skips the queue
  { from: S.SUBMITTED, action: A.AUTO_ACCEPT, to: S.ACCEPTED, by: ['SYSTEM'] },
  { from: S.NEEDS_INFO, action: A.PROVIDE_INFO, to: S.UNDER_REVIEW, by: ['COMPLAINANT'] },
  { from: S.NEEDS_INFO, action: A.INFO_LAPSED, to: S.REJECTED, by: ['SYSTEM'] },
  { from: S.ACCEPTED, action: A.COUNTER_NOTICE, to: S.COUNTER_NOTICED, by: ['SELLER', 'REVIEWER'] },
  // no counter-notice within the seller's window: the removal stands (and counts as a strike)
  { from: S.ACCEPTED, action: A.COUNTER_WINDOW_LAPSED, to: S.UPHELD, by: ['SYSTEM'] },
  { from: S.COUNTER_NOTICED, action: A.REINSTATE, to: S.REINSTATED, by: ['REVIEWER'] },
  { from: S.COUNTER_NOTICED, action: A.UPHOLD, to: S.UPHELD, by: ['REVIEWER'] },
  // the rights holder neither answered nor showed legal action within its window: the listing comes back
  { from: S.COUNTER_NOTICED, action: A.ANSWER_WINDOW_LAPSED, to: S.REINSTATED, by: ['SYSTEM'] },
];

export const FINAL_STATUSES: ReadonlySet<TakedownStatus> = new Set([S.REJECTED, S.REINSTATED, S.UPHELD]);

/** Statuses in the reviewers' queue: a decision is due. */
export const QUEUED_STATUSES: readonly TakedownStatus[] = [S.SUBMITTED, S.UNDER_REVIEW];

export class TransitionRefused extends Error {
  constructor(
    readonly from: TakedownStatus,
    readonly action: TakedownAction,
    readonly actor: TakedownActor,
    readonly allowed: readonly TakedownAction[],
  ) {
    super(
      allowed.length
        ? `A ${from} request cannot be ${actionWords(action)} by ${actor.toLowerCase()}; possible now: ${allowed.map(actionWords).join(', ')}`
        : `A ${from} request is final`,
    );
  }
}

/** The row of the table for this action, or TransitionRefused naming what is possible instead. */
export function transition(from: TakedownStatus, action: TakedownAction, actor: TakedownActor): TakedownTransition {
  const row = TAKEDOWN_TRANSITIONS.find((t) => t.from === from && t.action === action && t.by.includes(actor));
  if (!row) throw new TransitionRefused(from, action, actor, actionsFor(from, actor));
  return row;
}

/** What an actor may do to a request in this status (the web client's buttons). */
export function actionsFor(from: TakedownStatus, actor: TakedownActor): TakedownAction[] {
  return TAKEDOWN_TRANSITIONS.filter((t) => t.from === from && t.by.includes(actor)).map((t) => t.action);
}

/** The SLA clock runs while the request waits on the platform, and pauses while it waits on the rights holder. */
export function clockRuns(status: TakedownStatus): boolean {
  return status === S.SUBMITTED || status === S.UNDER_REVIEW;
}

function actionWords(action: TakedownAction): string {
  return action.toLowerCase().replace(/_/g, ' ');
}
