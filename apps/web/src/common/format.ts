import type { MembershipStatus, SharingLevel } from '../gql/graphql';

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

/** A share of 0–1 as a percentage with one decimal (`96.5%`); `—` when there is none. */
export function formatShare(share: number | null | undefined): string {
  return share == null ? '—' : `${Math.round(share * 1000) / 10}%`;
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

const SHARING_LEVELS: Record<SharingLevel, { label: string; meaning: string }> = {
  CLEAR: { label: 'TLP:CLEAR', meaning: 'no limit on disclosure' },
  GREEN: { label: 'TLP:GREEN', meaning: 'the alliance community, not the public' },
  AMBER: { label: 'TLP:AMBER', meaning: 'recipients’ organisations, on a need-to-know basis' },
  AMBER_STRICT: { label: 'TLP:AMBER+STRICT', meaning: 'the receiving organisation only' },
  RED: { label: 'TLP:RED', meaning: 'the individual recipients only' },
};

/** TLP 2.0 levels from the most open to the most restricted. */
export const SHARING_LEVEL_ORDER: readonly SharingLevel[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED'];

/** `TLP:AMBER+STRICT`, as TLP 2.0 writes it. */
export function sharingLevelLabel(level: SharingLevel): string {
  return SHARING_LEVELS[level].label;
}

/** Who may see information shared at this level, in a few words. */
export function sharingLevelMeaning(level: SharingLevel): string {
  return SHARING_LEVELS[level].meaning;
}
