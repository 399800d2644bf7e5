import type { CounterNoticeReason, ListingOutcome, StrikeLevel, TakedownAction, TakedownReason, TakedownStatus } from '../gql/graphql';

export const STATUS_LABELS: Record<TakedownStatus, string> = {
  SUBMITTED: 'Submitted',
  UNDER_REVIEW: 'Under review',
  NEEDS_INFO: 'Needs information',
  ACCEPTED: 'Accepted',
  REJECTED: 'Rejected',
  COUNTER_NOTICED: 'Counter-noticed',
  REINSTATED: 'Reinstated',
  UPHELD: 'Upheld',
};

export const TAKEDOWN_STATUSES = Object.keys(STATUS_LABELS) as TakedownStatus[];

export const REASON_LABELS: Record<TakedownReason, string> = {
  COUNTERFEIT: 'Counterfeit goods',
  TRADEMARK_INFRINGEMENT: 'Trademark infringement',
  COPYRIGHT_INFRINGEMENT: 'Copyright infringement',
  DESIGN_INFRINGEMENT: 'Design infringement',
  PATENT_INFRINGEMENT: 'Patent infringement',
};

/**
 * The reasons each kind of right supports, as the API checks them (`TakedownService`): the form
 * offers only these, and the API's refusal of any other still lands on the reason.
 */
export const REASONS_OF: Record<'TRADEMARK' | 'COPYRIGHT' | 'DESIGN' | 'PATENT', TakedownReason[]> = {
  TRADEMARK: ['COUNTERFEIT', 'TRADEMARK_INFRINGEMENT'],
  COPYRIGHT: ['COPYRIGHT_INFRINGEMENT'],
  DESIGN: ['DESIGN_INFRINGEMENT', 'COUNTERFEIT'],
  PATENT: ['PATENT_INFRINGEMENT'],
};

export const OUTCOME_LABELS: Record<ListingOutcome, string> = {
  REMOVED: 'Removed',
  NOT_REMOVED: 'Not removed',
  ALREADY_GONE: 'Already gone',
};

/** The actions people take from the request page; the others are the jobs' (lapsed windows, auto-acceptance). */
export const ACTION_LABELS: Partial<Record<TakedownAction, string>> = {
  START_REVIEW: 'Start review',
  ACCEPT: 'Accept',
  REJECT: 'Reject',
  ASK_FOR_INFO: 'Ask for information',
  PROVIDE_INFO: 'Provide information',
  COUNTER_NOTICE: 'Record a counter-notice',
  REINSTATE: 'Reinstate',
  UPHOLD: 'Uphold',
};

/** How a step of the history reads: "Submitted", or the action's words. */
export function historyActionLabel(action: string): string {
  if (action === 'SUBMIT') return 'Filed';
  return ACTION_LABELS[action as TakedownAction] ?? action.charAt(0) + action.slice(1).toLowerCase().replace(/_/g, ' ');
}

const ACTOR_LABELS: Record<string, string> = {
  REVIEWER: 'Reviewer',
  COMPLAINANT: 'Rights holder',
  SELLER: 'Seller',
  SYSTEM: 'Countermark',
  USER: 'Rights holder',
  API_KEY: 'API key',
};

export function actorLabel(kind: string): string {
  return ACTOR_LABELS[kind] ?? kind;
}

export const COUNTER_REASON_LABELS: Record<CounterNoticeReason, string> = {
  AUTHORISED: 'The rights holder authorised these sales',
  GENUINE_GOODS: 'The goods are genuine',
  NO_RIGHT: 'The right cited does not cover these goods',
  OTHER: 'Another reason',
};

export const STRIKE_LABELS: Record<StrikeLevel, string> = { NONE: 'No strike', WARNING: 'Warning', FLAGGED: 'Repeat infringer' };
