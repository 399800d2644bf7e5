import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { IndicatorType, type NormaliseOptions } from '../../../../libs/indicators/src/index.js';
import { ReportKind, ReportStatus, SharingLevel } from '../../../../libs/domain/src/index.js';
import type { ReportValues } from '../intel/reports/report-intake.service.js';
import { exchangeValue, isIndicatorType, isIsoDate, keyOf, REPORT_LIMITS, type ExportIndicator, type ExportReport } from './exchange-report.js';
import { equalityPattern, patternEqualities, PatternSyntaxError, type PatternEquality } from './stix-pattern.js';
import { leastRestrictive, mostRestrictive, SHARING_ORDER, sharingLevelOfMarking, tlpMarkingDefinition, tlpMarkingId } from './tlp.js';

export { validateStix, DEFAULT_STIX_SCHEMA_DIR, type StixValidationError } from './stix-schema.js';

/**
 * STIX 2.1 export and import of intelligence reports.
 *
 * One Countermark report becomes:
 * - a `report` (name = title, description = summary, published, confidence, object_refs);
 * - one `threat-actor` for the counterfeiter, whatever its kind: threat_actor_types ["criminal"],
 *   roles [kind] (an open vocabulary: "online-seller", "manufacturer", "distributor", "logistics"),
 *   first_seen/last_seen from the observation dates. Not an `identity`: in STIX identities are
 *   sources and victims, and only threat actors carry first/last seen;
 * - one `indicator` per indicator, `indicates` the threat actor, with a STIX pattern
 *   (email-addr, url, domain-name, ipv4-addr, ipv6-addr, file:hashes.'SHA-256' for 64-hex image
 *   hashes, else the custom observable type `x-countermark-<type>`, e.g.
 *   `[x-countermark-phone:value = '+8613800138000']`) and the custom properties
 *   x_countermark_type, x_countermark_key and x_countermark_value (as entered);
 * - an SCO where STIX has a type for the value, which the indicator is `based-on`;
 * - identities for the producer (the alliance) and the reporting organisation (created_by_ref).
 * Every object carries the TLP 2.0 marking of its report; objects several reports share (SCOs,
 * identities) carry the least restrictive marking among them, since each of those reports
 * discloses them at its own level. Ids are UUIDv5: report-scoped objects from the report id (and
 * type + key for indicators), so an amended report keeps its ids and only `modified` changes (a
 * new STIX version of the same objects); SCO ids follow STIX 2.1 §2.9 (the namespace and the
 * canonical JSON of their id-contributing properties), so the same e-mail address is the same SCO
 * in every report — and in other producers' bundles.
 */

/** Namespace of Countermark's UUIDv5 STIX ids. Never change it: ids would change with it. */
export const COUNTERMARK_STIX_NAMESPACE = 'c8eb820e-d7ef-41d0-b6b8-4987f5520cda';
/** STIX 2.1 §2.9: the namespace of deterministic SCO ids. */
const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

export type StixObject = { type: string; id: string } & Record<string, unknown>;
export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

const sdoId = (type: string, name: string) => `${type}--${uuidv5(name, COUNTERMARK_STIX_NAMESPACE)}`;

/** The STIX id of a Countermark report; also the report_ref of the CSV export, so both formats import as one source. */
export const stixReportId = (reportId: string) => sdoId('report', `report|${reportId}`);

const timestamp = (value: Date | string | number) => new Date(value).toISOString();
const dayStart = (date: string) => `${date}T00:00:00.000Z`;
const kebab = (value: string) => value.toLowerCase().replace(/_/g, '-');

/** The custom observable type of an indicator type STIX has none for: PHONE → x-countermark-phone. */
export const customObservableType = (type: IndicatorType) => `x-countermark-${kebab(type)}`;

// the same check as ajv-formats' "email": an SCO must validate, else the indicator goes without one
const ASCII_EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

interface Observable {
  pattern: string;
  /** The SCO's type and its id-contributing properties. */
  sco?: { type: string; properties: Record<string, unknown> };
}

function observableOf(indicator: ExportIndicator): Observable {
  const type = indicator.type as IndicatorType;
  const key = indicator.key;
  const custom = (): Observable => ({ pattern: equalityPattern(customObservableType(type), ['value'], exchangeValue(type, key)) });
  switch (type) {
    case IndicatorType.EMAIL:
      return {
        pattern: equalityPattern('email-addr', ['value'], key),
        sco: ASCII_EMAIL.test(key) ? { type: 'email-addr', properties: { value: key } } : undefined,
      };
    case IndicatorType.DOMAIN:
      return { pattern: equalityPattern('domain-name', ['value'], key), sco: { type: 'domain-name', properties: { value: key } } };
    case IndicatorType.IP_ADDRESS: {
      const scoType = key.includes(':') ? 'ipv6-addr' : 'ipv4-addr';
      return { pattern: equalityPattern(scoType, ['value'], key), sco: { type: scoType, properties: { value: key } } };
    }
    case IndicatorType.URL: {
      // keys leave the scheme out (http and https serve one shop); a URL needs one
      const scheme = /^\s*https:\/\//i.test(indicator.rawValue) ? 'https://' : 'http://';
      let href: string;
      try {
        href = new URL(scheme + key).href;
      } catch {
        return custom();
      }
      return { pattern: equalityPattern('url', ['value'], href), sco: { type: 'url', properties: { value: href } } };
    }
    case IndicatorType.IMAGE_HASH:
      return /^[0-9a-f]{64}$/.test(key)
        ? { pattern: equalityPattern('file', ['hashes', 'SHA-256'], key), sco: { type: 'file', properties: { hashes: { 'SHA-256': key } } } }
        : custom();
    default:
      return custom();
  }
}

/** JSON with keys sorted at every level: the canonical form (RFC 8785) for the values SCO ids are made of. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const SCO_TYPES = new Set([
  'artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message', 'file', 'ipv4-addr', 'ipv6-addr', 'mac-addr',
  'mutex', 'network-traffic', 'process', 'software', 'url', 'user-account', 'windows-registry-key', 'x509-certificate',
]);

const TYPE_RANK = ['marking-definition', 'identity', 'report', 'threat-actor', 'indicator', 'relationship'];
const rank = (type: string) => (TYPE_RANK.includes(type) ? TYPE_RANK.indexOf(type) : TYPE_RANK.length - 0.5);
const byTypeThenId = (a: StixObject, b: StixObject) => rank(a.type) - rank(b.type) || (a.type < b.type ? -1 : a.type > b.type ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** An object several reports name (identities, SCOs): each adds its level and times. */
interface SharedUse {
  object: StixObject;
  level: SharingLevel;
  created: string;
  modified: string;
}

/**
 * The shared objects of a bundle as it carries them: the least restrictive marking among the
 * reports naming each (each of them discloses it at its own level) and, but for SCOs, which have
 * no timestamps, the earliest created and the latest modified of those reports.
 */
class SharedObjects {
  private readonly entries = new Map<string, SharedUse>();

  add(use: SharedUse): void {
    const entry = this.entries.get(use.object.id);
    if (!entry) {
      this.entries.set(use.object.id, { ...use });
      return;
    }
    entry.level = leastRestrictive([entry.level, use.level])!;
    if (use.created < entry.created) entry.created = use.created;
    if (use.modified > entry.modified) entry.modified = use.modified;
  }

  *objects(): Generator<{ object: StixObject; level: SharingLevel }> {
    for (const { object, level, created, modified } of this.entries.values()) {
      const timestamps = SCO_TYPES.has(object.type) ? {} : { created, modified };
      const { type, spec_version, id, ...rest } = object;
      const createdBy = 'created_by_ref' in rest ? { created_by_ref: rest.created_by_ref } : {};
      delete rest.created_by_ref;
      yield { object: { type, spec_version, id, ...createdBy, ...timestamps, ...rest, object_marking_refs: [tlpMarkingId(level)] }, level };
    }
  }
}

/** The SCO of an indicator where STIX has a type for its value (marking not included). */
export function scoOf(indicator: ExportIndicator): StixObject | undefined {
  const { sco } = observableOf(indicator);
  if (!sco) return undefined;
  return { type: sco.type, spec_version: '2.1', id: `${sco.type}--${uuidv5(canonicalJson(sco.properties), STIX_SCO_NAMESPACE)}`, ...sco.properties };
}

/** The indicator types that can have an SCO (scoOf decides for each value). */
export const SCO_INDICATOR_TYPES: readonly IndicatorType[] = [IndicatorType.EMAIL, IndicatorType.DOMAIN, IndicatorType.IP_ADDRESS, IndicatorType.URL, IndicatorType.IMAGE_HASH];

const producerOf = (opts: BundleOptions): StixObject => ({ type: 'identity', spec_version: '2.1', id: sdoId('identity', `producer|${opts.allianceSlug}`), name: opts.producerName, identity_class: 'organization' });

export interface BundleOptions {
  allianceSlug: string;
  producerName: string;
}

/**
 * The objects one report becomes (report, threat actor, indicators, relationships), and the
 * shared objects it names (producer, reporter, SCOs), which a bundle writes once.
 */
function reportObjects({ report, reporterName, indicators }: ExportReport, producer: StixObject, opts: BundleOptions): { own: StixObject[]; shared: SharedUse[] } {
  const own: StixObject[] = [];
  const shared: SharedUse[] = [];
  const level = report.sharingLevel;
  const marking = [tlpMarkingId(level)];
  const created = timestamp(report.createdAt);
  const modified = [created, timestamp(report.updatedAt)].sort()[1];
  const share = (object: StixObject) => shared.push({ object, level, created, modified });
  share(producer);
  let createdBy = producer.id;
  if (reporterName) {
    createdBy = sdoId('identity', `reporter|${opts.allianceSlug}|${reporterName}`);
    share({ type: 'identity', spec_version: '2.1', id: createdBy, created_by_ref: producer.id, name: reporterName, identity_class: 'organization' });
  }
  const revoked = report.status === ReportStatus.RETRACTED ? { revoked: true } : {};
  const common = { created_by_ref: createdBy, created, modified, ...revoked };
  const relationship = (relationshipType: string, source: string, target: string): string => {
    const id = sdoId('relationship', `relationship|${relationshipType}|${source}|${target}`);
    own.push({ type: 'relationship', spec_version: '2.1', id, ...common, relationship_type: relationshipType, source_ref: source, target_ref: target, object_marking_refs: marking });
    return id;
  };

  const actorId = sdoId('threat-actor', `threat-actor|${report.id}`);
  own.push({
    type: 'threat-actor',
    spec_version: '2.1',
    id: actorId,
    ...common,
    name: report.title,
    threat_actor_types: ['criminal'],
    ...(report.kind !== ReportKind.OTHER ? { roles: [kebab(report.kind)] } : {}),
    primary_motivation: 'personal-gain',
    ...(report.firstObservedOn ? { first_seen: dayStart(report.firstObservedOn) } : {}),
    ...(report.lastObservedOn ? { last_seen: dayStart(report.lastObservedOn) } : {}),
    confidence: report.confidence,
    object_marking_refs: marking,
    x_countermark_kind: report.kind,
  });
  const refs = new Set<string>([actorId]);
  const validFrom = timestamp(report.publishedAt ?? report.createdAt);
  const seen = new Set<string>();
  for (const indicator of indicators) {
    const identity = `${indicator.type}|${indicator.key}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    const observable = observableOf(indicator);
    const indicatorId = sdoId('indicator', `indicator|${report.id}|${identity}`);
    own.push({
      type: 'indicator',
      spec_version: '2.1',
      id: indicatorId,
      ...common,
      name: `${indicator.type} ${indicator.key}`,
      ...(indicator.note ? { description: indicator.note } : {}),
      indicator_types: ['attribution'],
      pattern: observable.pattern,
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: validFrom,
      confidence: report.confidence,
      object_marking_refs: marking,
      x_countermark_type: indicator.type,
      x_countermark_key: indicator.key,
      x_countermark_value: indicator.rawValue,
    });
    refs.add(indicatorId).add(relationship('indicates', indicatorId, actorId));
    const sco = scoOf(indicator);
    if (sco) {
      share(sco);
      refs.add(sco.id).add(relationship('based-on', indicatorId, sco.id));
    }
  }
  own.push({
    type: 'report',
    spec_version: '2.1',
    id: stixReportId(report.id),
    ...common,
    name: report.title,
    ...(report.summary ? { description: report.summary } : {}),
    report_types: seen.size ? ['threat-actor', 'indicator'] : ['threat-actor'],
    published: validFrom,
    object_refs: [...refs].sort(),
    confidence: report.confidence,
    object_marking_refs: marking,
    x_countermark_kind: report.kind,
    x_countermark_version: report.version,
    ...(report.country ? { x_countermark_country: report.country } : {}),
    ...(report.countries?.length ? { x_countermark_countries: [...report.countries] } : {}),
    ...(report.marketplaces?.length ? { x_countermark_marketplaces: [...report.marketplaces] } : {}),
  });
  return { own, shared };
}

/** An empty bundle still names its producer. */
const emptyUse = (producer: StixObject): SharedUse => ({ object: producer, level: SharingLevel.CLEAR, created: timestamp(0), modified: timestamp(0) });

/**
 * A STIX 2.1 bundle of the given reports. The same reports (in any order) give the same bytes
 * under JSON.stringify: ids are derived, properties are written in a fixed order and objects are
 * sorted by type, then id.
 */
export function toStixBundle(reports: readonly ExportReport[], opts: BundleOptions): StixBundle {
  const objects = new Map<string, StixObject>();
  const shared = new SharedObjects();
  const producer = producerOf(opts);
  const levelsUsed = new Set<SharingLevel>();
  for (const entry of reports) {
    levelsUsed.add(entry.report.sharingLevel);
    const { own, shared: uses } = reportObjects(entry, producer, opts);
    for (const object of own) objects.set(object.id, object);
    for (const use of uses) shared.add(use);
  }
  if (reports.length === 0) shared.add(emptyUse(producer));
  for (const { object, level } of shared.objects()) {
    levelsUsed.add(level);
    objects.set(object.id, object);
  }
  for (const level of levelsUsed) {
    const definition = tlpMarkingDefinition(level);
    objects.set(definition.id, definition);
  }
  const list = [...objects.values()].sort(byTypeThenId);
  const fingerprint = list.map((o) => `${o.id}@${(o.modified as string | undefined) ?? ''}`).join(',');
  return { type: 'bundle', id: `bundle--${uuidv5(`bundle|${opts.allianceSlug}|${fingerprint}`, COUNTERMARK_STIX_NAMESPACE)}`, objects: list };
}

/**
 * The same objects as toStixBundle, written as they come so that memory holds one page of reports
 * and the few identities: each page's report objects (in the pages' order), then the SCOs, which
 * several reports share and which `scos` reads with the least restrictive level of the exported
 * reports naming each, then identities and marking definitions. The bundle's id, derived from
 * every object written, comes last. The same reports give the same bytes.
 */
export async function* stixBundleChunks(
  pages: AsyncIterable<readonly ExportReport[]>,
  scos: () => AsyncIterable<readonly (ExportIndicator & { level: SharingLevel })[]>,
  opts: BundleOptions,
): AsyncGenerator<string> {
  const fingerprint = createHash('sha256');
  let count = 0;
  const write = (object: StixObject) => {
    fingerprint.update(`${object.id}@${(object.modified as string | undefined) ?? ''},`);
    return `${count++ === 0 ? '' : ',\n'}${JSON.stringify(object)}`;
  };
  const shared = new SharedObjects();
  const producer = producerOf(opts);
  const levelsUsed = new Set<SharingLevel>();
  yield '{"type":"bundle","objects":[\n';
  let reports = 0;
  for await (const page of pages) {
    let chunk = '';
    for (const entry of page) {
      reports += 1;
      levelsUsed.add(entry.report.sharingLevel);
      const { own, shared: uses } = reportObjects(entry, producer, opts);
      for (const object of own.sort(byTypeThenId)) chunk += write(object);
      for (const use of uses) if (!SCO_TYPES.has(use.object.type)) shared.add(use);
    }
    yield chunk;
  }
  if (reports === 0) shared.add(emptyUse(producer));
  for await (const page of scos()) {
    let chunk = '';
    for (const row of page) {
      const sco = scoOf(row);
      if (!sco) continue;
      levelsUsed.add(row.level);
      chunk += write({ ...sco, object_marking_refs: [tlpMarkingId(row.level)] });
    }
    yield chunk;
  }
  let tail = '';
  for (const { object, level } of shared.objects()) {
    levelsUsed.add(level);
    tail += write(object);
  }
  for (const level of SHARING_ORDER.filter((l) => levelsUsed.has(l))) tail += write(tlpMarkingDefinition(level));
  yield `${tail}\n],"id":"bundle--${uuidv5(`bundle|${opts.allianceSlug}|stream|${fingerprint.digest('hex')}`, COUNTERMARK_STIX_NAMESPACE)}"}\n`;
}

// ---- import -----------------------------------------------------------------------------------

export interface ParsedReport {
  /** The STIX report id: the report's source reference, so importing it again finds it. */
  sourceRef: string;
  values: ReportValues;
}

export interface StixParseResult {
  reports: ParsedReport[];
  /** Objects (or values in them) that were read but are not imported, and why. Never a reason to refuse the file. */
  skipped: { id: string; type: string; reason: string }[];
  /** Why the file is not valid STIX; when there are any, `reports` is empty: nothing of the file is applied. */
  errors: { path: string; message: string }[];
}

export interface StixParseOptions extends Pick<NormaliseOptions, 'extraMarketplaces'> {
  /** The importing alliance's marketplaces (indicator normalisation; unknown report marketplaces are dropped). */
  marketplaces?: readonly string[];
  /** Country for phone numbers without a country code when a report names none. */
  defaultCountry?: string;
  /** Confidence of a report that states none (STIX: unknown). */
  defaultConfidence?: number;
  /** More objects than this and the file is refused. */
  maxObjects?: number;
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}';
const TYPE_NAME = /^([a-z][a-z0-9]*)+(-[a-z0-9]+)*-?$/;
const IDENTIFIER = new RegExp(`^[a-z][a-z0-9-]+[a-z0-9]--${UUID}$`);
const TIMESTAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;

const SDO_TYPES = new Set([
  'attack-pattern', 'campaign', 'course-of-action', 'grouping', 'identity', 'incident', 'indicator', 'infrastructure', 'intrusion-set', 'location',
  'malware', 'malware-analysis', 'note', 'observed-data', 'opinion', 'report', 'threat-actor', 'tool', 'vulnerability',
]);
const SRO_TYPES = new Set(['relationship', 'sighting']);
const META_TYPES = new Set(['marking-definition', 'language-content', 'extension-definition']);

const KIND_BY_ROLE: Record<string, ReportKind> = Object.fromEntries(Object.values(ReportKind).map((k) => [kebab(k), k]));
const TYPE_BY_CUSTOM_OBSERVABLE: Record<string, IndicatorType> = Object.fromEntries(Object.values(IndicatorType).map((t) => [customObservableType(t), t]));

/** The indicator type of a pattern comparison we read, if any. */
function indicatorTypeOf(eq: PatternEquality): IndicatorType | undefined {
  const path = eq.path.join('.');
  switch (eq.objectType) {
    case 'email-addr':
      return path === 'value' ? IndicatorType.EMAIL : undefined;
    case 'url':
      return path === 'value' ? IndicatorType.URL : undefined;
    case 'domain-name':
      return path === 'value' ? IndicatorType.DOMAIN : undefined;
    case 'ipv4-addr':
    case 'ipv6-addr':
      return path === 'value' ? IndicatorType.IP_ADDRESS : undefined;
    case 'file':
      return path === 'hashes.SHA-256' || path === 'hashes.SHA256' ? IndicatorType.IMAGE_HASH : undefined;
    default:
      return path === 'value' ? TYPE_BY_CUSTOM_OBSERVABLE[eq.objectType] : undefined;
  }
}

/** The indicator an SCO stands for, if we model its type. */
function scoIndicator(sco: StixObject): { type: IndicatorType; value: string } | undefined {
  const value = typeof sco.value === 'string' ? sco.value : undefined;
  switch (sco.type) {
    case 'email-addr':
      return value ? { type: IndicatorType.EMAIL, value } : undefined;
    case 'url':
      return value ? { type: IndicatorType.URL, value } : undefined;
    case 'domain-name':
      return value ? { type: IndicatorType.DOMAIN, value } : undefined;
    case 'ipv4-addr':
    case 'ipv6-addr':
      return value ? { type: IndicatorType.IP_ADDRESS, value } : undefined;
    case 'file': {
      const hash = (sco.hashes as Record<string, unknown> | undefined)?.['SHA-256'];
      return typeof hash === 'string' ? { type: IndicatorType.IMAGE_HASH, value: hash } : undefined;
    }
    default:
      return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Structural checks: what makes a file not STIX 2.1 at all. Each object's own fields are checked where we read them. */
function structuralErrors(json: unknown, maxObjects: number): StixParseResult['errors'] {
  const errors: StixParseResult['errors'] = [];
  if (!isObject(json)) return [{ path: '/', message: 'A STIX bundle is a JSON object' }];
  if (json.type !== 'bundle') errors.push({ path: '/type', message: 'type must be "bundle"' });
  if (typeof json.id !== 'string' || !new RegExp(`^bundle--${UUID}$`).test(json.id)) errors.push({ path: '/id', message: 'id must be bundle--<uuid>' });
  if (json.objects === undefined) return errors;
  if (!Array.isArray(json.objects)) return [...errors, { path: '/objects', message: 'objects must be an array' }];
  if (json.objects.length > maxObjects) return [...errors, { path: '/objects', message: `At most ${maxObjects} objects in one bundle (this one has ${json.objects.length})` }];
  json.objects.forEach((o, i) => {
    const at = (field: string, message: string) => errors.push({ path: `/objects/${i}${field}`, message });
    if (!isObject(o)) return at('', 'An object must be a JSON object');
    if (typeof o.type !== 'string' || !TYPE_NAME.test(o.type) || o.type.length < 3 || o.type.length > 250) return at('/type', 'type is missing or not a valid STIX type name');
    if (typeof o.id !== 'string' || !IDENTIFIER.test(o.id)) return at('/id', 'id is missing or not <type>--<uuid>');
    if (!o.id.startsWith(`${o.type}--`)) return at('/id', `id ${o.id} does not start with its type ${o.type}--`);
    const sdoLike = SDO_TYPES.has(o.type) || SRO_TYPES.has(o.type) || META_TYPES.has(o.type) || (!SCO_TYPES.has(o.type) && 'created' in o);
    if (o.spec_version === undefined ? sdoLike : o.spec_version !== '2.1') at('/spec_version', o.spec_version === undefined ? 'spec_version is missing' : 'spec_version must be "2.1"');
    if (SDO_TYPES.has(o.type) || SRO_TYPES.has(o.type)) {
      for (const f of ['created', 'modified']) if (typeof o[f] !== 'string' || !TIMESTAMP.test(o[f] as string)) at(`/${f}`, `${f} must be a UTC timestamp`);
    }
    if (o.object_marking_refs !== undefined && !(Array.isArray(o.object_marking_refs) && o.object_marking_refs.every((r) => typeof r === 'string' && IDENTIFIER.test(r)))) {
      at('/object_marking_refs', 'object_marking_refs must be a list of identifiers');
    }
    const requireString = (f: string, test?: RegExp) => {
      if (typeof o[f] !== 'string' || (test && !test.test(o[f] as string))) at(`/${f}`, `${f} is missing or invalid`);
    };
    switch (o.type) {
      case 'report':
        requireString('name');
        requireString('published', TIMESTAMP);
        if (!Array.isArray(o.object_refs) || o.object_refs.length === 0 || !o.object_refs.every((r) => typeof r === 'string' && IDENTIFIER.test(r))) {
          at('/object_refs', 'object_refs must be a non-empty list of identifiers');
        }
        break;
      case 'indicator':
        requireString('pattern');
        requireString('pattern_type');
        requireString('valid_from', TIMESTAMP);
        break;
      case 'relationship':
        requireString('relationship_type');
        requireString('source_ref', IDENTIFIER);
        requireString('target_ref', IDENTIFIER);
        break;
      case 'threat-actor':
      case 'identity':
        requireString('name');
        break;
    }
    if (o.confidence !== undefined && !(Number.isInteger(o.confidence) && (o.confidence as number) >= 0 && (o.confidence as number) <= 100)) {
      at('/confidence', 'confidence must be an integer from 0 to 100');
    }
  });
  return errors;
}

/**
 * Reads a STIX 2.1 bundle into report values. What Countermark does not model (malware, campaigns,
 * attack patterns, identities, observables no report mentions, …) is listed in `skipped`; a file
 * that is not valid STIX gives `errors` and no reports.
 */
export function parseStixBundle(json: unknown, options: StixParseOptions = {}): StixParseResult {
  const errors = structuralErrors(json, options.maxObjects ?? 200_000);
  if (errors.length) return { reports: [], skipped: [], errors };
  const all = ((json as { objects?: StixObject[] }).objects ?? []) as StixObject[];

  // a bundle may hold several versions of one object: the latest counts
  const byId = new Map<string, StixObject>();
  for (const o of all) {
    const earlier = byId.get(o.id);
    if (!earlier || versionTime(o) > versionTime(earlier)) byId.set(o.id, o);
  }
  const objects = [...byId.values()];
  const used = new Set<string>();
  const skipped: StixParseResult['skipped'] = [];
  const skip = (o: StixObject, reason: string) => skipped.push({ id: o.id, type: o.type, reason });

  const markingLevels = new Map<string, SharingLevel>();
  for (const o of objects) {
    if (o.type !== 'marking-definition') continue;
    const level = sharingLevelOfMarking(o);
    if (level) {
      markingLevels.set(o.id, level);
      used.add(o.id);
    }
  }
  const levelOf = (o: StixObject) =>
    mostRestrictive(strings(o.object_marking_refs).map((id) => markingLevels.get(id) ?? sharingLevelOfMarking({ id })).filter((l): l is SharingLevel => !!l));

  const indicatesFrom = new Map<string, StixObject[]>(); // target id → `indicates` relationships to it
  for (const o of objects) {
    if (o.type === 'relationship' && o.relationship_type === 'indicates') {
      const list = indicatesFrom.get(o.target_ref as string) ?? [];
      list.push(o);
      indicatesFrom.set(o.target_ref as string, list);
    }
  }

  const reports: ParsedReport[] = [];
  for (const report of objects.filter((o) => o.type === 'report').sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (report.revoked === true) {
      skip(report, 'The report is revoked (retracted by its producer)');
      continue;
    }
    const parsed = readReport(report);
    if (typeof parsed === 'string') skip(report, parsed);
    else reports.push(parsed);
  }

  for (const o of objects) {
    if (!used.has(o.id)) skip(o, skipReason(o));
  }
  return { reports, skipped, errors: [] };

  function readReport(report: StixObject): ParsedReport | string {
    const refs = strings(report.object_refs);
    const referenced = refs.map((id) => byId.get(id)).filter((o): o is StixObject => !!o);
    const actors = referenced.filter((o) => o.type === 'threat-actor');
    const title = (report.name as string).trim();
    if (title.length < REPORT_LIMITS.titleMin || title.length > REPORT_LIMITS.titleMax) {
      return `The report name must have ${REPORT_LIMITS.titleMin} to ${REPORT_LIMITS.titleMax} characters`;
    }
    const summary = typeof report.description === 'string' ? report.description.trim() : undefined;
    if (summary && summary.length > REPORT_LIMITS.summaryMax) return `The report description is longer than ${REPORT_LIMITS.summaryMax} characters`;

    const country = countryCode(report.x_countermark_country) ?? undefined;
    const normalise: NormaliseOptions = { defaultCountry: country ?? options.defaultCountry, marketplaces: options.marketplaces, extraMarketplaces: options.extraMarketplaces };

    // the indicators: those the report names, those that indicate what it names, its observables
    const candidates: { source: StixObject; type: IndicatorType; values: string[]; expectedKey?: string; note?: string }[] = [];
    const indicatorObjects = new Map<string, StixObject>();
    for (const o of referenced) if (o.type === 'indicator') indicatorObjects.set(o.id, o);
    for (const o of referenced) {
      for (const rel of indicatesFrom.get(o.id) ?? []) {
        const source = byId.get(rel.source_ref as string);
        if (source?.type === 'indicator') indicatorObjects.set(source.id, source);
      }
    }
    for (const indicator of [...indicatorObjects.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      if (indicator.revoked === true) continue; // left to the skipped list
      if (indicator.pattern_type !== 'stix') {
        skip(indicator, `Only STIX patterns are read (this one is ${String(indicator.pattern_type)})`);
        used.add(indicator.id);
        continue;
      }
      let equalities: PatternEquality[];
      try {
        equalities = patternEqualities(indicator.pattern as string);
      } catch (e) {
        skip(indicator, `The pattern could not be read: ${e instanceof PatternSyntaxError ? e.message : String(e)}`);
        used.add(indicator.id);
        continue;
      }
      const ownType = isIndicatorType(indicator.x_countermark_type) ? indicator.x_countermark_type : undefined;
      const mapped = equalities.map((eq) => ({ eq, type: indicatorTypeOf(eq) })).filter((m): m is { eq: PatternEquality; type: IndicatorType } => !!m.type);
      used.add(indicator.id);
      if (ownType) {
        const note = typeof indicator.description === 'string' && indicator.description.length <= REPORT_LIMITS.noteMax ? indicator.description : undefined;
        const values = [indicator.x_countermark_value, ...mapped.filter((m) => m.type === ownType).map((m) => m.eq.value), indicator.x_countermark_key].filter(
          (v): v is string => typeof v === 'string',
        );
        candidates.push({ source: indicator, type: ownType, values, expectedKey: typeof indicator.x_countermark_key === 'string' ? indicator.x_countermark_key : undefined, note });
      } else if (mapped.length) {
        for (const m of mapped) candidates.push({ source: indicator, type: m.type, values: [m.eq.value] });
      } else {
        const paths = [...new Set(equalities.map((eq) => `${eq.objectType}:${eq.path.join('.')}`))];
        skip(indicator, `No comparison in the pattern is one Countermark reads${paths.length ? ` (${paths.join(', ')})` : ''}`);
      }
    }
    const observables = referenced.flatMap((o) => (o.type === 'observed-data' ? [o, ...strings(o.object_refs).map((id) => byId.get(id)).filter((x): x is StixObject => !!x)] : [o]));
    for (const o of observables) {
      if (o.type === 'observed-data') {
        used.add(o.id);
        continue;
      }
      const sco = scoIndicator(o);
      if (sco) {
        used.add(o.id);
        candidates.push({ source: o, type: sco.type, values: [sco.value] });
      }
    }

    const indicators: ReportValues['indicators'] = [];
    const keys = new Set<string>();
    for (const c of candidates) {
      let chosen: { value: string; key: string } | undefined;
      let firstValid: { value: string; key: string } | undefined;
      let reason = 'no value';
      for (const value of c.values) {
        const result = keyOf(c.type, value, normalise);
        if (result === null) {
          reason = `'${value}' is not a valid ${c.type}`;
          continue;
        }
        firstValid ??= { value, key: result };
        if (!c.expectedKey || result === c.expectedKey) {
          chosen = { value, key: result };
          break;
        }
      }
      chosen ??= firstValid;
      if (!chosen) {
        skip(c.source, `Value dropped: ${reason}`);
        continue;
      }
      if (chosen.value.length > REPORT_LIMITS.valueMax) {
        skip(c.source, `Value dropped: longer than ${REPORT_LIMITS.valueMax} characters`);
        continue;
      }
      const id = `${c.type}\u0000${chosen.key}`;
      if (keys.has(id)) continue;
      keys.add(id);
      indicators.push({ type: c.type, value: chosen.value, ...(c.note ? { note: c.note } : {}) });
    }
    if (indicators.length > REPORT_LIMITS.indicatorsMax) return `The report has ${indicators.length} indicators; a report holds at most ${REPORT_LIMITS.indicatorsMax}`;

    // the counterfeiter: kind and observation dates
    for (const a of actors) used.add(a.id);
    for (const o of referenced) {
      if (o.type === 'relationship' && isUsedRelationship(o)) used.add(o.id);
    }
    const kindOf = (v: unknown) => (typeof v === 'string' && (Object.values(ReportKind) as string[]).includes(v) ? (v as ReportKind) : undefined);
    const kind =
      kindOf(report.x_countermark_kind) ??
      actors.map((a) => kindOf(a.x_countermark_kind)).find(Boolean) ??
      actors.flatMap((a) => strings(a.roles)).map((r) => KIND_BY_ROLE[r]).find(Boolean) ??
      ReportKind.OTHER;
    const days = (field: 'first_seen' | 'last_seen') =>
      actors.map((a) => a[field]).filter((v): v is string => typeof v === 'string' && TIMESTAMP.test(v)).map((v) => v.slice(0, 10)).sort();
    let firstObservedOn: string | undefined = days('first_seen')[0];
    let lastObservedOn: string | undefined = days('last_seen').at(-1);
    if (firstObservedOn && lastObservedOn && lastObservedOn < firstObservedOn) firstObservedOn = lastObservedOn = undefined;

    const confidence = Number.isInteger(report.confidence)
      ? (report.confidence as number)
      : (actors.map((a) => a.confidence).find((c): c is number => Number.isInteger(c)) ?? options.defaultConfidence ?? 50);
    const countries = [...new Set(strings(report.x_countermark_countries).map(countryCode).filter((c): c is string => !!c))].slice(0, REPORT_LIMITS.countriesMax);
    const allowed = options.marketplaces?.map((m) => m.toLowerCase());
    const marketplaces = [...new Set(strings(report.x_countermark_marketplaces).map((m) => m.trim().toLowerCase()))]
      .filter((m) => m && (!allowed || allowed.includes(m)))
      .slice(0, REPORT_LIMITS.marketplacesMax);
    const sharingLevel = levelOf(report);
    used.add(report.id);
    const values: ReportValues = {
      kind,
      title,
      ...(summary ? { summary } : {}),
      confidence,
      ...(sharingLevel ? { sharingLevel } : {}),
      ...(country ? { country } : {}),
      ...(countries.length ? { countries } : {}),
      ...(marketplaces.length ? { marketplaces } : {}),
      ...(firstObservedOn && isIsoDate(firstObservedOn) ? { firstObservedOn } : {}),
      ...(lastObservedOn && isIsoDate(lastObservedOn) ? { lastObservedOn } : {}),
      indicators,
      sourceRef: report.id,
    };
    return { sourceRef: report.id, values };
  }

  /** Relationships we read: an indicator indicates a threat actor, or is based on an observable. */
  function isUsedRelationship(rel: StixObject): boolean {
    const source = byId.get(rel.source_ref as string);
    const target = byId.get(rel.target_ref as string);
    if (!source || !target || !used.has(source.id) || !used.has(target.id)) return false;
    return (rel.relationship_type === 'indicates' && source.type === 'indicator' && target.type === 'threat-actor') || (rel.relationship_type === 'based-on' && source.type === 'indicator');
  }

  function skipReason(o: StixObject): string {
    if (o.revoked === true) return 'Revoked';
    switch (o.type) {
      case 'identity':
        return 'Identities are not imported: the importing organisation becomes the reporter';
      case 'marking-definition':
        return 'Only TLP marking definitions are read';
      case 'indicator':
        return 'The indicator is not part of any report';
      case 'threat-actor':
        return 'The threat actor is not part of any report';
      case 'relationship':
        return 'Countermark keeps only indicator → threat actor and indicator → observable relationships within a report';
      case 'report':
        return 'Not imported';
      default:
        if (SCO_TYPES.has(o.type)) return scoIndicator(o) ? 'The observable is not part of any report' : `Countermark has no indicator type for ${o.type} observables`;
        if (SDO_TYPES.has(o.type) || SRO_TYPES.has(o.type) || META_TYPES.has(o.type)) return `Countermark does not model ${o.type} objects`;
        return `Unknown (custom) object type ${o.type}`;
    }
  }
}

const versionTime = (o: StixObject) => (typeof o.modified === 'string' ? Date.parse(o.modified) || 0 : 0);

function countryCode(value: unknown): string | null {
  return typeof value === 'string' && /^[A-Za-z]{2}$/.test(value.trim()) ? value.trim().toUpperCase() : null;
}
