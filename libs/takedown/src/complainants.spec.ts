import { describe, expect, it } from '@jest/globals';
import { complainantFigures, type ComplainantRequest } from './complainants.js';

const now = new Date('2026-12-06T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const many = (n: number, r: Partial<ComplainantRequest>, age = 10): ComplainantRequest[] =>
  Array.from({ length: n }, () => ({ submittedAt: daysAgo(age), decision: 'ACCEPTED', reinstated: false, ...r }));

describe('complainant figures over 90 days', () => {
  it('makes a member with ≥ 90% acceptance over ≥ 50 requests eligible for trust', () => {
    const figures = complainantFigures([...many(45, {}), ...many(5, { decision: 'REJECTED' })], now);
    expect(figures).toMatchObject({ requests: 50, decided: 50, accepted: 45, acceptanceRate: 0.9, eligibleForTrust: true, abusive: false });
  });

  it('is not eligible below 50 decided requests or below 90%', () => {
    expect(complainantFigures(many(49, {}), now).eligibleForTrust).toBe(false);
    expect(complainantFigures([...many(49, {}), ...many(10, { decision: null })], now).eligibleForTrust).toBe(false);
    expect(complainantFigures([...many(44, {}), ...many(6, { decision: 'REJECTED' })], now).eligibleForTrust).toBe(false);
  });

  it('counts only the last 90 days', () => {
    const figures = complainantFigures([...many(50, {}, 91), ...many(3, {}, 89)], now);
    expect(figures.requests).toBe(3);
  });

  it('flags a complainant with more than 5% of its removals reinstated', () => {
    expect(complainantFigures([...many(95, {}), ...many(5, { reinstated: true })], now)).toMatchObject({ reinstatedShare: 0.05, abusive: false });
    expect(complainantFigures([...many(94, {}), ...many(6, { reinstated: true })], now)).toMatchObject({ reinstatedShare: 0.06, abusive: true });
  });

  it('takes trust away when audited accuracy falls below 99%', () => {
    expect(complainantFigures([...many(99, { auditAgreed: true }), ...many(1, { auditAgreed: false })], now)).toMatchObject({ auditAccuracy: 0.99, losesTrust: false });
    expect(complainantFigures([...many(98, { auditAgreed: true }), ...many(2, { auditAgreed: false })], now)).toMatchObject({ auditAccuracy: 0.98, losesTrust: true });
    expect(complainantFigures(many(10, { auditAgreed: null }), now)).toMatchObject({ audited: 0, auditAccuracy: null, losesTrust: false });
  });

  it('has no rates without decisions', () => {
    expect(complainantFigures([], now)).toMatchObject({ acceptanceRate: null, reinstatedShare: null, eligibleForTrust: false, abusive: false });
  });
});
