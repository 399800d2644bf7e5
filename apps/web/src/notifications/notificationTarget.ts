/**
 * Where a notification leads, by its kind: reports for watchlist matches, the contact requests page
 * for everything about contact requests, a takedown request's page for its clocks and decisions,
 * the complainants page for a complainant's trust or flag.
 */
export function notificationPath(kind: string, targetId: string | null | undefined): string | null {
  if (kind.startsWith('contact_')) return '/intel/contacts';
  if (kind === 'takedown.trust_lost' || kind === 'takedown.complainant_flagged') return '/takedown/complainants';
  if (targetId && kind.startsWith('takedown.')) return `/takedown/${encodeURIComponent(targetId)}`;
  if (targetId && (kind === 'watchlist_match' || kind.startsWith('report_') || kind.startsWith('intel_'))) return `/intel/${encodeURIComponent(targetId)}`;
  return null;
}
