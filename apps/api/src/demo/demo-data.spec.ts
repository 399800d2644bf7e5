import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_INDUSTRY_CATEGORIES,
  MembershipStatus,
  NICE_CLASS_MAX,
  NICE_CLASS_MIN,
  OrganisationKind,
} from '../../../../libs/domain/src/index.js';
import { DEMO_MEMBERS, DEMO_PARTNERS } from './demo-data.js';

const trademarks = DEMO_MEMBERS.flatMap((m) => m.brands.flatMap((b) => b.trademarks.map((t) => ({ member: m, t }))));

describe('demo data', () => {
  it('has 30 members with 3–8 brands each, about 150 brands, 1–3 trademarks per brand, and 5 partners', () => {
    expect(DEMO_MEMBERS).toHaveLength(30);
    expect(DEMO_PARTNERS).toHaveLength(5);
    const brands = DEMO_MEMBERS.flatMap((m) => m.brands);
    expect(brands.length).toBeGreaterThanOrEqual(140);
    expect(brands.length).toBeLessThanOrEqual(160);
    for (const m of DEMO_MEMBERS) {
      expect(m.brands.length).toBeGreaterThanOrEqual(3);
      expect(m.brands.length).toBeLessThanOrEqual(8);
      expect(new Set(m.brands.map((b) => b.name)).size).toBe(m.brands.length);
      expect(m.categories.length).toBeGreaterThanOrEqual(1);
      expect(m.categories.length).toBeLessThanOrEqual(2);
      for (const c of m.categories) expect(DEFAULT_INDUSTRY_CATEGORIES).toContain(c);
    }
    for (const b of brands) {
      expect(b.trademarks.length).toBeGreaterThanOrEqual(1);
      expect(b.trademarks.length).toBeLessThanOrEqual(3);
    }
  });

  it('has unique organisation names and the required status mix', () => {
    expect(new Set(DEMO_MEMBERS.map((m) => m.name)).size).toBe(30);
    const count = (s: MembershipStatus) => DEMO_MEMBERS.filter((m) => m.status === s).length;
    expect(count(MembershipStatus.ACTIVE)).toBe(26);
    expect(count(MembershipStatus.SUSPENDED)).toBe(1);
    expect(count(MembershipStatus.APPLIED)).toBe(1);
    expect(count(MembershipStatus.UNDER_REVIEW)).toBe(1);
    expect(count(MembershipStatus.LEFT)).toBe(1);
    for (const m of DEMO_MEMBERS) {
      const joined = [MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED, MembershipStatus.LEFT].includes(m.status);
      if (joined) expect(m.joinedOn).toMatch(/^20(1[7-9]|2[0-6])-\d\d-\d\d$/);
      else expect(m.joinedOn).toBeNull();
    }
  });

  it('has registration numbers unique per office', () => {
    const seen = new Set<string>();
    for (const { t } of trademarks) {
      const key = `${t.office}:${t.registrationNumber}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  it('keeps Nice classes within 1–45', () => {
    for (const { t } of trademarks) {
      expect(t.niceClasses.length).toBeGreaterThan(0);
      for (const c of t.niceClasses) {
        expect(Number.isInteger(c)).toBe(true);
        expect(c).toBeGreaterThanOrEqual(NICE_CLASS_MIN);
        expect(c).toBeLessThanOrEqual(NICE_CLASS_MAX);
      }
    }
  });

  it("puts the member's legal name on brand owners' trademarks, another company's on agents'", () => {
    expect(DEMO_MEMBERS.some((m) => m.kind === OrganisationKind.AUTHORISED_AGENT)).toBe(true);
    for (const { member, t } of trademarks) {
      if (member.kind === OrganisationKind.BRAND_OWNER) expect(t.ownerName).toBe(member.legalName);
      else expect(t.ownerName).not.toBe(member.legalName);
    }
  });

  it('leaves the trademarks of applicants unverified', () => {
    for (const { member, t } of trademarks) {
      if (member.status === MembershipStatus.APPLIED || member.status === MembershipStatus.UNDER_REVIEW) expect(t.verified).toBe(false);
    }
  });
});
