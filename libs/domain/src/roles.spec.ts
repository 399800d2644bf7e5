import { describe, expect, it } from '@jest/globals';
import { ROLE_SCOPES, Role, scopesOf } from './roles.js';

describe('scopesOf: a member organisation’s people’s scopes follow its membership', () => {
  it.each(['SUSPENDED', 'LEFT', 'REJECTED'])('%s: no directory and no intelligence, the rest kept', (status) => {
    expect(scopesOf(Role.MEMBER_ADMIN, status)).toEqual(['stats:read', 'cases:read', 'member:admin']);
    expect(scopesOf(Role.MEMBER_ANALYST, status)).toEqual(['stats:read', 'cases:read']);
  });

  it.each(['ACTIVE', 'INVITED', 'APPLIED', 'UNDER_REVIEW', null, undefined])('%s: the role’s scopes', (status) => {
    expect(scopesOf(Role.MEMBER_ADMIN, status)).toEqual(ROLE_SCOPES[Role.MEMBER_ADMIN]);
  });

  it('coordinators and reviewers belong to no member organisation: their role decides', () => {
    expect(scopesOf(Role.COORDINATOR, 'SUSPENDED')).toEqual(ROLE_SCOPES[Role.COORDINATOR]);
    expect(scopesOf(Role.PLATFORM_REVIEWER, null)).toEqual(ROLE_SCOPES[Role.PLATFORM_REVIEWER]);
  });
});
