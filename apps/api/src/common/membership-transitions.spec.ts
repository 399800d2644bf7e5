import { describe, expect, it } from '@jest/globals';
import { canTransitionMembership, MEMBERSHIP_TRANSITIONS, MembershipStatus } from '../../../../libs/domain/src/index.js';

describe('membership transition table', () => {
  it('follows the lifecycle INVITED → APPLIED → UNDER_REVIEW → ACTIVE ⇄ SUSPENDED → LEFT', () => {
    expect(canTransitionMembership(MembershipStatus.INVITED, MembershipStatus.APPLIED)).toBe(true);
    expect(canTransitionMembership(MembershipStatus.APPLIED, MembershipStatus.UNDER_REVIEW)).toBe(true);
    expect(canTransitionMembership(MembershipStatus.UNDER_REVIEW, MembershipStatus.ACTIVE)).toBe(true);
    expect(canTransitionMembership(MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)).toBe(true);
    expect(canTransitionMembership(MembershipStatus.SUSPENDED, MembershipStatus.ACTIVE)).toBe(true);
    expect(canTransitionMembership(MembershipStatus.SUSPENDED, MembershipStatus.LEFT)).toBe(true);
  });

  it('refuses skipping review and leaving the final states', () => {
    expect(canTransitionMembership(MembershipStatus.INVITED, MembershipStatus.ACTIVE)).toBe(false);
    expect(canTransitionMembership(MembershipStatus.APPLIED, MembershipStatus.ACTIVE)).toBe(false);
    expect(MEMBERSHIP_TRANSITIONS[MembershipStatus.LEFT]).toEqual([]);
    expect(MEMBERSHIP_TRANSITIONS[MembershipStatus.REJECTED]).toEqual([]);
  });

  it('has an entry for every status', () => {
    expect(Object.keys(MEMBERSHIP_TRANSITIONS).sort()).toEqual(Object.values(MembershipStatus).sort());
  });
});
