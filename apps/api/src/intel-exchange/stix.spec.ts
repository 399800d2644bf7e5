import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { v5 as uuidv5 } from 'uuid';
import { IndicatorType, normaliseIndicator } from '../../../../libs/indicators/src/index.js';
import { ReportKind, ReportStatus, SharingLevel } from '../../../../libs/domain/src/index.js';
import { exportIndicator, exportReport, sampleReports } from '../../../../test/factories/exchange.factory.js';
import { parseStixBundle, stixReportId, toStixBundle, validateStix, type StixBundle, type StixObject } from './stix.js';
import { tlpMarkingId } from './tlp.js';

const OPTS = { allianceSlug: 'aaca', producerName: 'Anti-Counterfeiting Alliance' };
const POISON_IVY = new URL('../../../../../shared/stix21/example-poisonivy-bundle.json', import.meta.url);

const keysOf = (indicators: { type: string; value: string; qualifier?: string }[], country?: string) =>
  indicators
    .map((i) => {
      const r = normaliseIndicator(i.type as IndicatorType, i.value, { defaultCountry: country, qualifier: i.qualifier });
      if (!r.ok) throw new Error(`${i.type} ${i.value}: ${r.reason}`);
      return `${i.type} ${r.key}`;
    })
    .sort();

const bundleOf = (objects: Record<string, unknown>[]) => ({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects });
const find = (bundle: StixBundle, type: string) => bundle.objects.filter((o) => o.type === type);

describe('STIX export', () => {
  const reports = sampleReports();
  const bundle = toStixBundle(reports, OPTS);

  it('validates against the official STIX 2.1 schemas, object by object and as a bundle', () => {
    expect(validateStix(bundle)).toEqual([]);
    expect(new Set(bundle.objects.map((o) => o.type))).toEqual(
      new Set(['marking-definition', 'identity', 'report', 'threat-actor', 'indicator', 'relationship', 'email-addr', 'url', 'domain-name', 'ipv4-addr', 'ipv6-addr', 'file']),
    );
  });

  it('catches what the schemas refuse', () => {
    const broken = structuredClone(bundle);
    const indicator = broken.objects.find((o) => o.type === 'indicator')!;
    delete indicator.valid_from;
    indicator.confidence = 101;
    const errors = validateStix(broken);
    const index = broken.objects.indexOf(indicator);
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: `/objects/${index}` }), expect.objectContaining({ path: `/objects/${index}/confidence` })]));
    expect(validateStix({ type: 'bundle', id: 'nope', objects: [] }).map((e) => e.path)).toEqual(expect.arrayContaining(['/id', '/objects']));
  });

  it('gives the same bytes for the same reports, in any order', () => {
    const again = toStixBundle(structuredClone(reports).reverse(), OPTS);
    expect(JSON.stringify(again) === JSON.stringify(bundle)).toBe(true);
    expect(bundle.id).toMatch(/^bundle--[0-9a-f-]{36}$/);
  });

  it('keeps the ids of an amended report and moves its modified time', () => {
    const [first] = sampleReports();
    const amended = { ...first, report: { ...first.report, version: 2, title: 'Renamed seller', updatedAt: new Date('2025-04-01T00:00:00.000Z') } };
    const before = toStixBundle([first], OPTS);
    const after = toStixBundle([amended], OPTS);
    const report = (b: StixBundle) => find(b, 'report')[0];
    expect(report(after).id).toBe(report(before).id);
    expect(report(after).modified).toBe('2025-04-01T00:00:00.000Z');
    expect(report(after).x_countermark_version).toBe(2);
    expect(find(after, 'indicator').map((o) => o.id)).toEqual(find(before, 'indicator').map((o) => o.id));
    expect(after.id).not.toBe(before.id);
  });

  it('marks every object with its report’s TLP 2.0 marking, shared ones with the least restrictive', () => {
    const markingOf = (o: StixObject) => (o.object_marking_refs as string[])[0];
    for (const object of bundle.objects) {
      if (object.type === 'marking-definition') continue;
      expect(object.object_marking_refs).toHaveLength(1);
    }
    const [amber, red, clear] = reports.map((r) => stixReportId(r.report.id));
    const byId = new Map(bundle.objects.map((o) => [o.id, o]));
    const own = (reportId: string) => (byId.get(reportId)!.object_refs as string[]).map((id) => byId.get(id)!).filter((o) => !['email-addr', 'url', 'domain-name', 'ipv4-addr', 'ipv6-addr', 'file'].includes(o.type));
    for (const [reportId, level] of [[amber, SharingLevel.AMBER], [red, SharingLevel.RED], [clear, SharingLevel.CLEAR]] as const) {
      expect(markingOf(byId.get(reportId)!)).toBe(tlpMarkingId(level));
      for (const o of own(reportId)) expect(markingOf(o)).toBe(tlpMarkingId(level));
    }
    // the e-mail both the AMBER and the RED report name is one SCO, at AMBER
    const emails = find(bundle, 'email-addr');
    expect(emails).toHaveLength(1);
    expect(markingOf(emails[0])).toBe(tlpMarkingId(SharingLevel.AMBER));
    // the producer is named in the CLEAR report
    const producer = find(bundle, 'identity').find((o) => o.name === OPTS.producerName)!;
    expect(markingOf(producer)).toBe(tlpMarkingId(SharingLevel.CLEAR));
    expect(find(bundle, 'marking-definition').map((o) => o.name).sort()).toEqual(['TLP:AMBER', 'TLP:CLEAR', 'TLP:RED']);
    expect(find(bundle, 'marking-definition').find((o) => o.name === 'TLP:CLEAR')).toEqual({
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
      created: '2022-10-01T00:00:00.000Z',
      name: 'TLP:CLEAR',
      extensions: { 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { extension_type: 'property-extension', tlp_2_0: 'clear' } },
    });
  });

  it('writes STIX patterns and SCOs where STIX has a type, custom observables elsewhere', () => {
    const patterns = Object.fromEntries(find(bundle, 'indicator').map((o) => [`${o.x_countermark_type} ${o.x_countermark_key}`, o.pattern]));
    expect(patterns['EMAIL fakeseller@gmail.com']).toBe("[email-addr:value = 'fakeseller@gmail.com']");
    expect(patterns['URL fake-shop.example/Products/Bag?color=red']).toBe("[url:value = 'https://fake-shop.example/Products/Bag?color=red']");
    expect(patterns['DOMAIN fake-brand.co.uk']).toBe("[domain-name:value = 'fake-brand.co.uk']");
    expect(patterns['IP_ADDRESS 2001:db8::1']).toBe("[ipv6-addr:value = '2001:db8::1']");
    expect(patterns[`IMAGE_HASH ${'a'.repeat(64)}`]).toBe(`[file:hashes.'SHA-256' = '${'a'.repeat(64)}']`);
    expect(patterns['IMAGE_HASH f0e1d2c3b4a59687']).toBe("[x-countermark-image-hash:value = 'f0e1d2c3b4a59687']");
    expect(patterns['PHONE +8613800138000']).toBe("[x-countermark-phone:value = '+8613800138000']");
    expect(patterns['MARKETPLACE_STORE shopee:store:998877']).toBe("[x-countermark-marketplace-store:value = 'shopee:998877']");
    expect(patterns['COMPANY_NAME guangzhou leather goods']).toBe("[x-countermark-company-name:value = 'guangzhou leather goods']");
    // the SCO id is STIX's own deterministic one (§2.9): anyone's bundle names this address alike
    expect(find(bundle, 'email-addr')[0].id).toBe(`email-addr--${uuidv5('{"value":"fakeseller@gmail.com"}', '00abedb4-aa42-466c-9c01-fed23315a9b7')}`);
    const relationships = find(bundle, 'relationship').map((o) => o.relationship_type);
    expect(relationships.filter((t) => t === 'indicates')).toHaveLength(18);
    expect(relationships.filter((t) => t === 'based-on')).toHaveLength(7);
  });

  it('maps the report and the counterfeiter', () => {
    const report = find(bundle, 'report').find((o) => o.id === stixReportId(reports[0].report.id))!;
    expect(report).toMatchObject({
      name: reports[0].report.title,
      description: reports[0].report.summary,
      published: '2025-03-04T10:00:00.000Z',
      created: '2025-03-01T09:30:00.000Z',
      modified: '2025-03-04T10:00:00.000Z',
      confidence: 80,
      report_types: ['threat-actor', 'indicator'],
      x_countermark_kind: 'ONLINE_SELLER',
      x_countermark_countries: ['CN', 'HK'],
    });
    const actor = find(bundle, 'threat-actor').find((o) => (report.object_refs as string[]).includes(o.id))!;
    expect(actor).toMatchObject({ name: reports[0].report.title, threat_actor_types: ['criminal'], roles: ['online-seller'], first_seen: '2025-01-15T00:00:00.000Z', last_seen: '2025-02-28T00:00:00.000Z' });
    const empty = find(bundle, 'report').find((o) => o.id === stixReportId(reports[2].report.id))!;
    expect(empty.report_types).toEqual(['threat-actor']);
    expect(empty.object_refs).toHaveLength(1);
  });

  it('exports a retracted report as revoked, and the import leaves it out', () => {
    const retracted = exportReport({ status: ReportStatus.RETRACTED }, [exportIndicator(IndicatorType.DOMAIN, 'gone.example')]);
    const b = toStixBundle([retracted], OPTS);
    expect(find(b, 'report')[0].revoked).toBe(true);
    expect(validateStix(b)).toEqual([]);
    const parsed = parseStixBundle(b);
    expect(parsed.reports).toEqual([]);
    expect(parsed.skipped).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'report', reason: expect.stringMatching(/revoked/) })]));
  });
});

describe('STIX import', () => {
  it('reads back what it exports: the same indicators (type and key) and report fields', () => {
    const reports = sampleReports();
    const parsed = parseStixBundle(toStixBundle(reports, OPTS));
    expect(parsed.errors).toEqual([]);
    expect(parsed.skipped.map((s) => s.type)).toEqual(['identity', 'identity']);
    expect(parsed.reports).toHaveLength(3);
    for (const original of reports) {
      const back = parsed.reports.find((r) => r.sourceRef === stixReportId(original.report.id))!;
      const r = original.report;
      expect(back.values).toMatchObject({
        kind: r.kind,
        title: r.title,
        confidence: r.confidence,
        sharingLevel: r.sharingLevel,
        sourceRef: back.sourceRef,
        ...(r.country ? { country: r.country } : {}),
        ...(r.firstObservedOn ? { firstObservedOn: r.firstObservedOn, lastObservedOn: r.lastObservedOn } : {}),
      });
      expect(back.values.summary ?? '').toBe(r.summary);
      expect(back.values.countries ?? []).toEqual(r.countries);
      expect(keysOf(back.values.indicators, back.values.country)).toEqual(original.indicators.map((i) => `${i.type} ${i.key}`).sort());
    }
    // values as entered travel along, and so do notes
    const first = parsed.reports.find((r) => r.sourceRef === stixReportId(reports[0].report.id))!;
    expect(first.values.indicators).toEqual(expect.arrayContaining([{ type: IndicatorType.EMAIL, value: 'Fake.Seller+shop1@GMail.com', note: 'Used on the invoices' }, { type: IndicatorType.PHONE, value: '138 0013 8000' }]));
    // a bare store id needs its marketplace, which the exchange value carries
    expect(first.values.indicators).toEqual(expect.arrayContaining([{ type: IndicatorType.MARKETPLACE_STORE, value: 'shopee:998877' }]));
  });

  it('is idempotent: the same file gives the same reports', () => {
    const bundle = toStixBundle(sampleReports(), OPTS);
    expect(parseStixBundle(JSON.parse(JSON.stringify(bundle)))).toEqual(parseStixBundle(bundle));
  });

  it('reads the OASIS Poison Ivy example: what it does not model is skipped, nothing is an error', () => {
    const json = JSON.parse(readFileSync(POISON_IVY, 'utf8'));
    expect(validateStix(json)).toEqual([]);
    const parsed = parseStixBundle(json);
    expect(parsed.errors).toEqual([]);
    expect(parsed.reports).toHaveLength(1);
    const [report] = parsed.reports;
    expect(report.sourceRef).toBe('report--f2b63e80-b523-4747-a069-35c002c690db');
    expect(report.values).toMatchObject({ title: 'Poison Ivy: Assessing Damage and Extracting Intelligence', kind: ReportKind.OTHER, confidence: 50 });
    expect(report.values.sharingLevel).toBeUndefined();
    const types = new Set(report.values.indicators.map((i) => i.type));
    expect(types).toEqual(new Set([IndicatorType.DOMAIN, IndicatorType.IP_ADDRESS]));
    expect(report.values.indicators).toEqual(expect.arrayContaining([{ type: IndicatorType.IP_ADDRESS, value: '219.76.208.163' }, { type: IndicatorType.DOMAIN, value: 'www.webserver.dynssl.com' }]));
    // no duplicate keys: the service refuses a report that names one indicator twice
    const keys = keysOf(report.values.indicators);
    expect(new Set(keys).size).toBe(keys.length);
    const skippedTypes = new Set(parsed.skipped.map((s) => s.type));
    for (const t of ['malware', 'campaign', 'attack-pattern', 'vulnerability', 'course-of-action', 'identity', 'relationship']) expect(skippedTypes).toContain(t);
    // file-name indicators have nothing we read; they are skipped with the reason
    expect(parsed.skipped).toEqual(expect.arrayContaining([{ id: 'indicator--137acf67-cedc-4a07-8719-72759174de3a', type: 'indicator', reason: expect.stringContaining('file:name') }]));
  });

  it('reads TLP 1.0 and TLP 2.0 markings, the most restrictive winning', () => {
    const base = parseStixBundle(toStixBundle([exportReport()], OPTS));
    const report = (refs: string[], extra: Record<string, unknown>[] = []) => {
      const [r] = toStixBundle([exportReport()], OPTS).objects.filter((o) => o.type === 'report');
      return parseStixBundle(bundleOf([{ ...r, object_refs: ['threat-actor--9a8a0d25-7636-429b-a99e-b2a73cd0f11f'], object_marking_refs: refs }, ...extra])).reports[0].values.sharingLevel;
    };
    expect(base.reports[0].values.sharingLevel).toBe(SharingLevel.GREEN);
    expect(report(['marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9'])).toBe(SharingLevel.CLEAR); // TLP:WHITE
    expect(report(['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'])).toBe(SharingLevel.AMBER);
    expect(report(['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'])).toBe(SharingLevel.RED);
    expect(report(['marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003'])).toBe(SharingLevel.AMBER_STRICT);
    // a producer's own TLP definition, recognised by its content
    const own = { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--1d3fa741-e3bd-451a-acf5-b2f01d075ba7', created: '2020-01-01T00:00:00.000Z', definition_type: 'tlp', definition: { tlp: 'amber' } };
    expect(report([own.id], [own])).toBe(SharingLevel.AMBER);
    expect(report(['marking-definition--2f2dfb5c-2a2f-4a77-8e3a-6d1a5e5f6a7b'])).toBeUndefined();
  });

  it('keeps a report without indicators, and a foreign report’s observables', () => {
    const parsed = parseStixBundle(
      bundleOf([
        { type: 'report', spec_version: '2.1', id: 'report--0f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', name: 'Fake perfume ring', published: '2024-01-02T00:00:00.000Z', object_refs: ['email-addr--2d1c0b9a-8f7e-5d6c-9b4a-3f2e1d0c9b8a', 'observed-data--4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d'], confidence: 70 },
        { type: 'email-addr', id: 'email-addr--2d1c0b9a-8f7e-5d6c-9b4a-3f2e1d0c9b8a', value: 'Orders@Perfume-Outlet.example' },
        { type: 'observed-data', spec_version: '2.1', id: 'observed-data--4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', first_observed: '2024-01-01T00:00:00Z', last_observed: '2024-01-01T00:00:00Z', number_observed: 1, object_refs: ['domain-name--6b7c8d9e-0f1a-5b2c-8d3e-4f5a6b7c8d9e'] },
        { type: 'domain-name', spec_version: '2.1', id: 'domain-name--6b7c8d9e-0f1a-5b2c-8d3e-4f5a6b7c8d9e', value: 'shop.perfume-outlet.example' },
        { type: 'report', spec_version: '2.1', id: 'report--1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', name: 'Nothing to link yet', published: '2024-01-02T00:00:00.000Z', object_refs: ['malware--7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f'] },
      ]),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.reports.map((r) => r.values.title)).toEqual(['Fake perfume ring', 'Nothing to link yet']);
    expect(parsed.reports[0].values.indicators).toEqual([{ type: IndicatorType.EMAIL, value: 'Orders@Perfume-Outlet.example' }, { type: IndicatorType.DOMAIN, value: 'shop.perfume-outlet.example' }]);
    expect(parsed.reports[0].values.confidence).toBe(70);
    expect(parsed.reports[1].values.indicators).toEqual([]);
    expect(parsed.skipped).toEqual([]);
  });

  it('skips unknown custom objects and unreadable patterns without refusing the file', () => {
    const parsed = parseStixBundle(
      bundleOf([
        { type: 'x-acme-widget', spec_version: '2.1', id: 'x-acme-widget--0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z' },
        { type: 'report', spec_version: '2.1', id: 'report--0f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', name: 'Mixed', published: '2024-01-02T00:00:00.000Z', object_refs: ['indicator--1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', 'indicator--2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', 'indicator--3d4e5f6a-7b8c-4d9e-8f0a-2b3c4d5e6f7a'] },
        { type: 'indicator', spec_version: '2.1', id: 'indicator--1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', pattern: "[domain-name:value = 'ok.example' AND domain-name:value NOT = 'no.example'] OR [url:value LIKE '%x%']", pattern_type: 'stix', valid_from: '2024-01-01T00:00:00Z' },
        { type: 'indicator', spec_version: '2.1', id: 'indicator--2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', pattern: "[domain-name:value = 'unterminated]", pattern_type: 'stix', valid_from: '2024-01-01T00:00:00Z' },
        { type: 'indicator', spec_version: '2.1', id: 'indicator--3d4e5f6a-7b8c-4d9e-8f0a-2b3c4d5e6f7a', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', pattern: 'rule x { condition: true }', pattern_type: 'yara', valid_from: '2024-01-01T00:00:00Z' },
      ]),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.reports[0].values.indicators).toEqual([{ type: IndicatorType.DOMAIN, value: 'ok.example' }]);
    expect(parsed.skipped.map((s) => [s.type, s.reason])).toEqual(
      expect.arrayContaining([
        ['x-acme-widget', expect.stringMatching(/Unknown/)],
        ['indicator', expect.stringMatching(/could not be read/)],
        ['indicator', expect.stringMatching(/yara/)],
      ]),
    );
  });

  it('refuses what is not a valid STIX bundle, applying nothing', () => {
    const report = { type: 'report', spec_version: '2.1', id: 'report--0f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', name: 'Fine', published: '2024-01-02T00:00:00.000Z', object_refs: ['malware--7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f'] };
    const errorsOf = (json: unknown) => {
      const r = parseStixBundle(json);
      expect(r.reports).toEqual([]);
      return r.errors;
    };
    expect(errorsOf('not json')).toEqual([{ path: '/', message: expect.any(String) }]);
    expect(errorsOf({ type: 'report', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects: [report] })).toEqual([{ path: '/type', message: expect.any(String) }]);
    expect(errorsOf({ ...bundleOf([report]), id: 'bundle-1' })).toEqual([{ path: '/id', message: expect.any(String) }]);
    expect(errorsOf(bundleOf([report, { ...report, id: undefined }]))).toEqual([{ path: '/objects/1/id', message: expect.any(String) }]);
    expect(errorsOf(bundleOf([report, { ...report, id: 'report--not-a-uuid' }]))).toEqual([{ path: '/objects/1/id', message: expect.any(String) }]);
    expect(errorsOf(bundleOf([report, { ...report, id: 'indicator--0f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19' }]))).toEqual([{ path: '/objects/1/id', message: expect.stringMatching(/type/) }]);
    expect(errorsOf(bundleOf([report, { ...report, spec_version: undefined }]))).toEqual([{ path: '/objects/1/spec_version', message: 'spec_version is missing' }]);
    expect(errorsOf(bundleOf([report, { type: 'indicator', spec_version: '2.1', id: 'indicator--1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', created: '2024-01-01T00:00:00.000Z', modified: 'yesterday', pattern_type: 'stix', valid_from: '2024-01-01T00:00:00Z' }])).map((e) => e.path)).toEqual([
      '/objects/1/modified',
      '/objects/1/pattern',
    ]);
    expect(errorsOf(bundleOf([{ ...report, object_refs: [] }])).map((e) => e.path)).toEqual(['/objects/0/object_refs']);
    expect(parseStixBundle({ ...bundleOf([report, report, report]) }, { maxObjects: 2 }).errors).toEqual([{ path: '/objects', message: expect.stringMatching(/At most 2/) }]);
  });
});
