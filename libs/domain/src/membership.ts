export enum MembershipStatus {
  INVITED = 'INVITED',
  APPLIED = 'APPLIED',
  UNDER_REVIEW = 'UNDER_REVIEW',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  LEFT = 'LEFT',
  REJECTED = 'REJECTED',
}

export enum MembershipTier {
  FOUNDING = 'FOUNDING',
  FULL = 'FULL',
  ASSOCIATE = 'ASSOCIATE',
}

/** The membership lifecycle: the only transitions there are. */
export const MEMBERSHIP_TRANSITIONS: Readonly<Record<MembershipStatus, readonly MembershipStatus[]>> = {
  [MembershipStatus.INVITED]: [MembershipStatus.APPLIED, MembershipStatus.REJECTED],
  [MembershipStatus.APPLIED]: [MembershipStatus.UNDER_REVIEW, MembershipStatus.REJECTED],
  [MembershipStatus.UNDER_REVIEW]: [MembershipStatus.ACTIVE, MembershipStatus.REJECTED],
  [MembershipStatus.ACTIVE]: [MembershipStatus.SUSPENDED, MembershipStatus.LEFT],
  [MembershipStatus.SUSPENDED]: [MembershipStatus.ACTIVE, MembershipStatus.LEFT],
  [MembershipStatus.LEFT]: [],
  [MembershipStatus.REJECTED]: [],
};

export function canTransitionMembership(from: MembershipStatus, to: MembershipStatus): boolean {
  return MEMBERSHIP_TRANSITIONS[from].includes(to);
}

/** Statuses that count as "in the alliance" for the directory's default view and the figures. */
export const CURRENT_MEMBER_STATUSES: readonly MembershipStatus[] = [MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED];
