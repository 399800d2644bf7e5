import { describe, expect, it } from '@jest/globals';
import { CASE_TRANSITIONS, CaseAction as A, caseActionsFor, CaseStatus as S, caseTransition, CaseTransitionRefused, FINAL_CASE_STATUSES } from './lifecycle.js';

describe('enforcement case lifecycle', () => {
  it('walks OPEN → REFERRED → ACTION_TAKEN → PROSECUTION → CLOSED', () => {
    let status = S.OPEN;
    for (const [action, actor] of [[A.REFER, 'COORDINATOR'], [A.RECORD_ACTION, 'LEAD'], [A.PROSECUTE, 'LEAD'], [A.CLOSE, 'COORDINATOR']] as const) {
      status = caseTransition(status, action, actor).to;
    }
    expect(status).toBe(S.CLOSED);
  });

  it('closes after an action without a prosecution', () => {
    expect(caseTransition(S.ACTION_TAKEN, A.CLOSE, 'LEAD').to).toBe(S.CLOSED);
  });

  it('drops from every status that is not final, and from no final one', () => {
    for (const status of Object.values(S)) {
      if (FINAL_CASE_STATUSES.has(status)) expect(() => caseTransition(status, A.DROP, 'COORDINATOR')).toThrow(`A ${status} case is final`);
      else expect(caseTransition(status, A.DROP, 'LEAD').to).toBe(S.DROPPED);
    }
  });

  it('lets only coordinators refer', () => {
    expect(() => caseTransition(S.OPEN, A.REFER, 'LEAD')).toThrow(CaseTransitionRefused);
    try {
      caseTransition(S.OPEN, A.REFER, 'LEAD');
    } catch (e) {
      expect((e as CaseTransitionRefused).allowed).toEqual([A.DROP]);
      expect((e as Error).message).toBe('A OPEN case cannot be moved by refer (the lead member); possible now: drop');
    }
  });

  it('refuses skipping a step, and names what is possible', () => {
    expect(() => caseTransition(S.OPEN, A.PROSECUTE, 'COORDINATOR')).toThrow('A OPEN case cannot be moved by prosecute (a coordinator); possible now: refer, drop');
    expect(() => caseTransition(S.REFERRED, A.CLOSE, 'COORDINATOR')).toThrow(CaseTransitionRefused);
    expect(() => caseTransition(S.PROSECUTION, A.RECORD_ACTION, 'LEAD')).toThrow(CaseTransitionRefused);
  });

  it('has one row per status and action, and every status is reachable from OPEN', () => {
    const keys = CASE_TRANSITIONS.map((t) => `${t.from}:${t.action}`);
    expect(new Set(keys).size).toBe(keys.length);
    const reached = new Set([S.OPEN]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of CASE_TRANSITIONS) if (reached.has(t.from) && !reached.has(t.to)) grew = Boolean(reached.add(t.to));
    }
    expect([...reached].sort()).toEqual(Object.values(S).sort());
    expect(caseActionsFor(S.CLOSED, 'COORDINATOR')).toEqual([]);
    expect(caseActionsFor(S.REFERRED, 'LEAD')).toEqual([A.RECORD_ACTION, A.DROP]);
  });
});
