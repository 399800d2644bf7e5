import { describe, expect, it } from '@jest/globals';
import { actionsFor, clockRuns, FINAL_STATUSES, TakedownAction as A, TakedownStatus as S, TAKEDOWN_TRANSITIONS, transition, TransitionRefused } from './lifecycle.js';

describe('takedown lifecycle', () => {
  it('walks the path of a request that is accepted, counter-noticed and upheld', () => {
    let status = S.SUBMITTED;
    status = transition(status, A.START_REVIEW, 'REVIEWER').to;
    expect(status).toBe(S.UNDER_REVIEW);
    status = transition(status, A.ASK_FOR_INFO, 'REVIEWER').to;
    expect(status).toBe(S.NEEDS_INFO);
    status = transition(status, A.PROVIDE_INFO, 'COMPLAINANT').to;
    expect(status).toBe(S.UNDER_REVIEW);
    status = transition(status, A.ACCEPT, 'REVIEWER').to;
    status = transition(status, A.COUNTER_NOTICE, 'SELLER').to;
    expect(status).toBe(S.COUNTER_NOTICED);
    expect(transition(status, A.UPHOLD, 'REVIEWER').to).toBe(S.UPHELD);
    expect(transition(status, A.ANSWER_WINDOW_LAPSED, 'SYSTEM').to).toBe(S.REINSTATED);
  });

  it('refuses a decision on a decided request, naming what is possible instead', () => {
    expect(() => transition(S.REJECTED, A.ACCEPT, 'REVIEWER')).toThrow('A REJECTED request is final');
    try {
      transition(S.ACCEPTED, A.ACCEPT, 'REVIEWER');
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(TransitionRefused);
      expect((error as TransitionRefused).allowed).toEqual([A.COUNTER_NOTICE]);
      expect((error as Error).message).toBe('A ACCEPTED request cannot be accept by reviewer; possible now: counter notice');
    }
  });

  it('lets each actor do only its own part', () => {
    expect(() => transition(S.SUBMITTED, A.ACCEPT, 'COMPLAINANT')).toThrow(TransitionRefused);
    expect(() => transition(S.SUBMITTED, A.AUTO_ACCEPT, 'REVIEWER')).toThrow(TransitionRefused);
    expect(() => transition(S.ACCEPTED, A.UPHOLD, 'SELLER')).toThrow(TransitionRefused);
    expect(() => transition(S.COUNTER_NOTICED, A.REINSTATE, 'SELLER')).toThrow(TransitionRefused);
    expect(actionsFor(S.SUBMITTED, 'REVIEWER')).toEqual([A.START_REVIEW, A.ACCEPT, A.REJECT, A.ASK_FOR_INFO]);
    expect(actionsFor(S.NEEDS_INFO, 'COMPLAINANT')).toEqual([A.PROVIDE_INFO]);
    expect(actionsFor(S.ACCEPTED, 'SELLER')).toEqual([A.COUNTER_NOTICE]);
  });

  it('has exactly one next status per status, action and actor, and nothing leaves a final status', () => {
    const seen = new Set<string>();
    for (const t of TAKEDOWN_TRANSITIONS) {
      for (const actor of t.by) {
        const key = `${t.from}/${t.action}/${actor}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
      expect(FINAL_STATUSES.has(t.from)).toBe(false);
    }
    // every status is reachable from SUBMITTED
    const reached = new Set([S.SUBMITTED]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of TAKEDOWN_TRANSITIONS) if (reached.has(t.from) && !reached.has(t.to)) grew = Boolean(reached.add(t.to));
    }
    expect([...reached].sort()).toEqual(Object.values(S).sort());
  });

  it('runs the SLA clock only while the platform owes a decision', () => {
    expect(Object.values(S).filter(clockRuns)).toEqual([S.SUBMITTED, S.UNDER_REVIEW]);
  });
});
