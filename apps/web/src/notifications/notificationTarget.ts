/**
 * Where a notification leads, by its kind: reports for watchlist matches, the contact requests page
 * for everything about contact requests. (The API gives the target's id but not its type.)
 */
export function notificationPath(kind: string, targetId: string | null | undefined): string | null {
  if (kind.startsWith('contact_')) return '/intel/contacts';
  if (targetId && (kind === 'watchlist_match' || kind.startsWith('report_') || kind.startsWith('intel_'))) return `/intel/${encodeURIComponent(targetId)}`;
  return null;
}
