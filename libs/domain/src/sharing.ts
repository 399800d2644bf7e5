/** TLP 2.0 sharing levels for intelligence. */
export enum SharingLevel {
  CLEAR = 'CLEAR',
  GREEN = 'GREEN',
  AMBER = 'AMBER',
  AMBER_STRICT = 'AMBER_STRICT',
  RED = 'RED',
}

export enum ReportKind {
  ONLINE_SELLER = 'ONLINE_SELLER',
  MANUFACTURER = 'MANUFACTURER',
  DISTRIBUTOR = 'DISTRIBUTOR',
  LOGISTICS = 'LOGISTICS',
  OTHER = 'OTHER',
}

export enum ReportStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  RETRACTED = 'RETRACTED',
}

/**
 * Which sharing levels of other organisations' reports a caller sees (TLP 2.0 in the alliance).
 * Its own organisation's reports it always sees. `amberScope`: a partner's `intel:amber`.
 */
export function visibleSharingLevels(who: 'COORDINATOR' | 'MEMBER' | 'PARTNER' | 'NONE', amberScope = false): SharingLevel[] {
  switch (who) {
    case 'COORDINATOR':
      return [SharingLevel.CLEAR, SharingLevel.GREEN, SharingLevel.AMBER, SharingLevel.AMBER_STRICT];
    case 'MEMBER':
      return [SharingLevel.CLEAR, SharingLevel.GREEN, SharingLevel.AMBER];
    case 'PARTNER':
      return amberScope ? [SharingLevel.CLEAR, SharingLevel.GREEN, SharingLevel.AMBER] : [SharingLevel.CLEAR, SharingLevel.GREEN];
    default:
      return [];
  }
}
