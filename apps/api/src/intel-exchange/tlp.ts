import { SharingLevel } from '../../../../libs/domain/src/index.js';

/**
 * TLP 2.0 in STIX 2.1: the marking definitions OASIS publishes with fixed ids in the TLP 2.0
 * extension (cti-stix-common-objects, extension-definition-specifications/tlp-2.0). Everyone uses
 * these very objects, so a marking is recognised by its id alone.
 */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
const TLP2_CREATED = '2022-10-01T00:00:00.000Z';

const TLP2: Record<SharingLevel, { id: string; name: string; value: string }> = {
  [SharingLevel.CLEAR]: { id: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', name: 'TLP:CLEAR', value: 'clear' },
  [SharingLevel.GREEN]: { id: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', name: 'TLP:GREEN', value: 'green' },
  [SharingLevel.AMBER]: { id: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', name: 'TLP:AMBER', value: 'amber' },
  [SharingLevel.AMBER_STRICT]: { id: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003', name: 'TLP:AMBER+STRICT', value: 'amber+strict' },
  [SharingLevel.RED]: { id: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', name: 'TLP:RED', value: 'red' },
};

/** TLP 1.0 (STIX 2.1 §7.2.1.4), still what most producers send: WHITE reads as CLEAR. */
const TLP1_IDS: Record<string, SharingLevel> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': SharingLevel.CLEAR,
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': SharingLevel.GREEN,
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': SharingLevel.AMBER,
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': SharingLevel.RED,
};

const BY_VALUE: Record<string, SharingLevel> = {
  white: SharingLevel.CLEAR,
  clear: SharingLevel.CLEAR,
  green: SharingLevel.GREEN,
  amber: SharingLevel.AMBER,
  'amber+strict': SharingLevel.AMBER_STRICT,
  red: SharingLevel.RED,
};

/** Least to most restrictive. */
export const SHARING_ORDER: readonly SharingLevel[] = [SharingLevel.CLEAR, SharingLevel.GREEN, SharingLevel.AMBER, SharingLevel.AMBER_STRICT, SharingLevel.RED];
export const mostRestrictive = (levels: Iterable<SharingLevel>): SharingLevel | undefined =>
  [...levels].sort((a, b) => SHARING_ORDER.indexOf(b) - SHARING_ORDER.indexOf(a))[0];
export const leastRestrictive = (levels: Iterable<SharingLevel>): SharingLevel | undefined =>
  [...levels].sort((a, b) => SHARING_ORDER.indexOf(a) - SHARING_ORDER.indexOf(b))[0];

export function tlpMarkingId(level: SharingLevel): string {
  return TLP2[level].id;
}

/** The official TLP 2.0 marking-definition object of a sharing level, as OASIS publishes it. */
export function tlpMarkingDefinition(level: SharingLevel) {
  const t = TLP2[level];
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: t.id,
    created: TLP2_CREATED,
    name: t.name,
    extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: t.value } },
  };
}

/** The sharing level of a well-known TLP 1.0 or 2.0 marking id. */
export function sharingLevelOfMarkingId(id: string): SharingLevel | undefined {
  for (const level of SHARING_ORDER) if (TLP2[level].id === id) return level;
  return TLP1_IDS[id];
}

/**
 * The sharing level a marking-definition object states, whatever its id: a TLP 2.0 extension
 * (`tlp_2_0`) or a TLP 1.0 definition (`definition_type: "tlp"`).
 */
export function sharingLevelOfMarking(object: Record<string, unknown>): SharingLevel | undefined {
  const known = typeof object.id === 'string' ? sharingLevelOfMarkingId(object.id) : undefined;
  if (known) return known;
  const ext = (object.extensions as Record<string, unknown> | undefined)?.[TLP2_EXTENSION_ID] as Record<string, unknown> | undefined;
  if (typeof ext?.tlp_2_0 === 'string') return BY_VALUE[ext.tlp_2_0.toLowerCase()];
  const definition = object.definition as Record<string, unknown> | undefined;
  if (object.definition_type === 'tlp' && typeof definition?.tlp === 'string') return BY_VALUE[definition.tlp.toLowerCase()];
  return undefined;
}
