/** TLP 2.0 sharing levels for intelligence (used from the alliance settings on). */
export enum SharingLevel {
  CLEAR = 'CLEAR',
  GREEN = 'GREEN',
  AMBER = 'AMBER',
  AMBER_STRICT = 'AMBER_STRICT',
  RED = 'RED',
}
