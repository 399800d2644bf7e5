import type { MembershipStatus } from '../gql/graphql';

const STATUS_LABELS: Record<MembershipStatus, string> = {
  INVITED: 'Invited',
  APPLIED: 'Applied',
  UNDER_REVIEW: 'Under review',
  ACTIVE: 'Active',
  SUSPENDED: 'Suspended',
  LEFT: 'Left',
  REJECTED: 'Rejected',
};

export const MEMBERSHIP_STATUSES = Object.keys(STATUS_LABELS) as MembershipStatus[];

export function statusLabel(status: MembershipStatus): string {
  return STATUS_LABELS[status];
}

/** `2026-05-04 13:07 UTC`: the API's timestamps are UTC and so is what we show. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** "Title Case" for enum values such as REGISTRATION_CERTIFICATE. */
export function enumLabel(value: string): string {
  const words = value.toLowerCase().split('_');
  return [words[0].charAt(0).toUpperCase() + words[0].slice(1), ...words.slice(1)].join(' ');
}
