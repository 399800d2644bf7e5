import { describe, expect, it } from 'vitest';
import { notificationPath } from './notificationTarget';

describe('notificationPath', () => {
  it('leads takedown notifications to the request, and a complainant’s trust or flag to the complainants page', () => {
    expect(notificationPath('takedown.due_soon', 'VGFrZWRvd24=')).toBe('/takedown/VGFrZWRvd24%3D');
    expect(notificationPath('takedown.counter_noticed', 'abc')).toBe('/takedown/abc');
    expect(notificationPath('takedown.trust_lost', 'org')).toBe('/takedown/complainants');
    expect(notificationPath('takedown.complainant_flagged', null)).toBe('/takedown/complainants');
    expect(notificationPath('takedown.breached', null)).toBeNull();
  });

  it('keeps the intelligence targets', () => {
    expect(notificationPath('watchlist_match', 'r1')).toBe('/intel/r1');
    expect(notificationPath('contact_answer', null)).toBe('/intel/contacts');
    expect(notificationPath('something_else', 'x')).toBeNull();
  });
});
