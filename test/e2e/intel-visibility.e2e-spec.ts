import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { DataSource } from 'typeorm';
import { QueryCounter } from '../../apps/api/src/database/query-counter.js';
import { SEARCH_PLAN } from '../../apps/api/src/intel/search/intel-search.repository.js';
import { IntelSearchService, SEARCH_INDEXES } from '../../apps/api/src/intel/search/intel-search.service.js';
import { SearchStatistics } from '../../apps/api/src/intel/search/search-statistics.js';
import { intelPeople, publish } from '../factories/intel.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

const LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED'] as const;
type Level = (typeof LEVELS)[number];

/**
 * The visibility matrix: every kind of caller × every sharing level × every way of reading
 * (list, node, search, count, network, indicator). A report a caller may not see answers exactly
 * like one that does not exist.
 */
describe('intelligence visibility (TLP 2.0)', () => {
  let t: TestApp;
  const reports: Record<Level, { id: string; network: { id: string }; indicators: { id: string }[] }> = {} as never;
  const callers: Record<string, { token: string; sees: Level[] }> = {};

  beforeAll(async () => {
    t = await TestApp.startWithDemo({}, { intel: false });
    const p = await intelPeople(t);
    for (const level of LEVELS) {
      reports[level] = await publish(t, p.a, `Matrixprobe ${level} seller`, [{ type: 'EMAIL', value: `matrix-${level.toLowerCase()}@sellers.example` }], { sharingLevel: level });
    }
    const coordinator = p.coordinator;
    const partners = (await t.ok(`{ partners { edges { node { id kind scopes } } } }`, {}, coordinator)).partners.edges.map((e: any) => e.node);
    const key = async (kind: string, scopes: string[]) => {
      const partner = partners.find((x: any) => x.kind === kind);
      await t.ok(`mutation($i: UpdatePartnershipInput!) { updatePartnership(input: $i) { id } }`, { i: { partnershipId: partner.id, scopes: [...new Set([...partner.scopes, ...scopes])] } }, coordinator);
      return (await t.ok(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { partnershipId: partner.id, name: `matrix ${scopes.join(' ')}`, scopes } }, coordinator)).createApiKey.secret;
    };
    Object.assign(callers, {
      'reporting admin': { token: p.a, sees: [...LEVELS] },
      'reporting analyst': { token: p.aAnalyst, sees: [...LEVELS] },
      'other member': { token: p.b, sees: ['CLEAR', 'GREEN', 'AMBER'] },
      coordinator: { token: coordinator, sees: ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT'] },
      'partner key, intel:read': { token: await key('ACADEMIA', ['intel:read']), sees: ['CLEAR', 'GREEN'] },
      'partner key, intel:read + intel:amber': { token: await key('LAW_ENFORCEMENT', ['intel:read', 'intel:amber']), sees: ['CLEAR', 'GREEN', 'AMBER'] },
      'partner user, intel:read + intel:amber': { token: await t.login(DEMO_USERS.partner, DEMO_PASSWORD), sees: ['CLEAR', 'GREEN', 'AMBER'] },
      'suspended member': { token: p.suspended, sees: [] },
      'platform reviewer': { token: await t.login(DEMO_USERS.platformReviewer, DEMO_PASSWORD), sees: [] },
    });
  });
  afterAll(() => t.close());

  const levelsIn = (titles: string[]) => LEVELS.filter((l) => titles.includes(`Matrixprobe ${l} seller`));

  it('lists and counts only what each caller may see', async () => {
    for (const [who, c] of Object.entries(callers)) {
      const res = await t.gql(`{ intelReports(first: 100) { totalCount edges { node { title } } } }`, {}, c.token);
      if (c.sees.length === 0 && res.errors) {
        expect({ who, code: errorOf(res).code }).toEqual({ who, code: 'FORBIDDEN' });
        continue;
      }
      const titles = res.data.intelReports.edges.map((e: any) => e.node.title);
      expect({ who, levels: levelsIn(titles) }).toEqual({ who, levels: c.sees });
      expect({ who, count: res.data.intelReports.totalCount }).toEqual({ who, count: titles.length });
    }
  });

  it('answers node, nodes, indicator and network like missing objects when hidden', async () => {
    for (const [who, c] of Object.entries(callers)) {
      for (const level of LEVELS) {
        const r = reports[level];
        const data = (await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [r.id, r.indicators[0].id, r.network.id] }, c.token)).data;
        const visible = c.sees.includes(level);
        expect({ who, level, seen: data.nodes.map((n: unknown) => n !== null) }).toEqual({ who, level, seen: [visible, visible, visible] });
      }
      const missing = (await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from('IntelReport:00000000-0000-0000-0000-000000000001').toString('base64url') }, c.token)).data;
      expect(missing.node).toBeNull();
    }
  });

  it('searches within what each caller may see, counts included', async () => {
    for (const [who, c] of Object.entries(callers)) {
      const res = await t.gql(`{ searchIntel(query: "matrixprobe", first: 50) { totalCount edges { node { report { title } } } } }`, {}, c.token);
      if (c.sees.length === 0 && res.errors) {
        expect({ who, code: errorOf(res).code }).toEqual({ who, code: 'FORBIDDEN' });
        continue;
      }
      const titles = res.data.searchIntel.edges.map((e: any) => e.node.report.title);
      expect({ who, levels: levelsIn(titles), count: res.data.searchIntel.totalCount }).toEqual({ who, levels: c.sees, count: c.sees.length });
      // an indicator value finds its report (exact normalised key, score 1), only when visible;
      // a caller who may not see it gets similar visible values instead, never the hidden one
      const byValue = await t.ok(`{ searchIntel(query: "Matrix-Red@Sellers.example") { edges { node { score report { title } } } } }`, {}, c.token);
      const hits = byValue.searchIntel.edges.map((e: any) => e.node);
      if (c.sees.includes('RED')) expect({ who, hits }).toEqual({ who, hits: [{ score: 1, report: { title: 'Matrixprobe RED seller' } }] });
      else expect({ who, subset: levelsIn(hits.map((h: any) => h.report.title)).every((l) => c.sees.includes(l) && l !== 'RED') }).toEqual({ who, subset: true });
    }
  });

  it('pages search hits with a cursor, counting all of them on every page', async () => {
    const SEARCH = `query($after: String) { searchIntel(query: "matrixprobe", first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { report { title } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    const expected = callers.coordinator.sees.length; // more than a page of 2
    expect(expected).toBeGreaterThan(2);
    for (let i = 0; i < 5; i++) {
      const page: any = (await t.ok(SEARCH, { after }, callers.coordinator.token)).searchIntel;
      expect(page.totalCount).toBe(expected);
      seen.push(...page.edges.map((e: any) => e.node.report.title));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(expected);
    expect(new Set(seen).size).toBe(expected);
  });

  it('finds misspelt values and titles by similarity when nothing matches as typed, within what the caller may see', async () => {
    const p = await intelPeople(t);
    await publish(t, p.a, 'Shenzhen sneaker wholesale', [{ type: 'EMAIL', value: 'kicks.outlet@sneakers-direct.example' }], { sharingLevel: 'GREEN' });
    await publish(t, p.a, 'Guangzhou sneaker depot', [{ type: 'EMAIL', value: 'kicks.outlets@sneakers-direct.example' }], { sharingLevel: 'RED' });
    const SEARCH = `query($q: String!) { searchIntel(query: $q) { totalCount edges { node { score titleMatched report { title } matchedIndicators { value } } } } }`;
    const hits = async (q: string, token: string) => (await t.ok(SEARCH, { q }, token)).searchIntel.edges.map((e: any) => e.node);
    // two typos: no substring, no key; similarity finds the value, ranked below an exact hit's 1
    const forB = await hits('kiks.outlet@sneakers-direkt.example', p.b);
    expect(forB.map((h: any) => h.report.title)).toEqual(['Shenzhen sneaker wholesale']); // not A's RED one
    expect(forB[0].score).toBeGreaterThan(0);
    expect(forB[0].score).toBeLessThan(1);
    expect(forB[0].matchedIndicators).toEqual([{ value: 'kicks.outlet@sneakers-direct.example' }]);
    const forA = await hits('kiks.outlet@sneakers-direkt.example', p.a);
    expect(forA.map((h: any) => h.report.title).sort()).toEqual(['Guangzhou sneaker depot', 'Shenzhen sneaker wholesale']);
    // a misspelt title
    const byTitle = await hits('Shenzen sneaker wholesail', p.b);
    expect(byTitle.map((h: any) => [h.report.title, h.titleMatched])).toEqual([['Shenzhen sneaker wholesale', true]]);
    // a misspelt part of a title (word similarity: the best-matching stretch of the title counts)
    expect((await hits('shenzen sneaker', p.b)).map((h: any) => h.report.title)).toEqual(['Shenzhen sneaker wholesale']);
    // too short to cut into pieces: pg_trgm's own word-similarity operator answers
    expect((await hits('outlt', p.b)).map((h: any) => h.matchedIndicators)).toEqual([[{ value: 'kicks.outlet@sneakers-direct.example' }]]);
    // unrelated text finds nothing, however it is cut
    expect(await hits('zzqx wholly unrelated words', p.b)).toEqual([]);
  });

  it('plans a misspelt search as trigram-index lookups with a visibility check per candidate, however small the tables', async () => {
    // a small alliance's tables (these have a handful of rows) make a scan of every title or value,
    // or a hash join over every report, look cheap to the planner: search must never get either
    const p = await intelPeople(t);
    await publish(t, p.a, 'Plan probe wholesale', [{ type: 'EMAIL', value: 'plan.probe@sellers.example' }], { sharingLevel: 'GREEN' });
    await publish(t, p.a, 'Plan probe depot', [{ type: 'EMAIL', value: 'plan.probes@sellers.example' }], { sharingLevel: 'RED' });
    const counter = t.get(QueryCounter);
    const logQuery = counter.logQuery;
    const sent: [string, unknown[]][] = [];
    counter.logQuery = (query, parameters, runner) => {
      sent.push([query, parameters ?? []]);
      logQuery.call(counter, query, parameters, runner);
    };
    let found: any[];
    try {
      found = (await t.ok(`{ searchIntel(query: "plan.probe@selers.example") { edges { node { report { title } } } } }`, {}, p.b)).searchIntel.edges;
    } finally {
      counter.logQuery = logQuery;
    }
    expect(found.map((e: any) => e.node.report.title)).toEqual(['Plan probe wholesale']); // B may not see A's RED one
    const misspelt = sent.filter(([query]) => query.includes('word_similarity(') && query.includes('CROSS JOIN LATERAL'));
    expect(misspelt.length).toBeGreaterThan(0);
    for (const [query, parameters] of misspelt) {
      const plan = (await t.get(DataSource).transaction(async (m) => {
        await m.query(SEARCH_PLAN);
        return m.query(`EXPLAIN ${query}`, parameters);
      })).map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
      expect(plan).not.toMatch(/Seq Scan|Hash Join|Gather/);
      expect(plan).toMatch(/Bitmap Index Scan on indicator_raw_trgm/);
      expect(plan).toMatch(/Bitmap Index Scan on intel_report_title_trgm/);
    }
  });

  it('samples the trigram statistics again after a large import, so misspelt queries are not cut blind', async () => {
    const statistics = t.get(SearchStatistics);
    await statistics.refresh('titles');
    const p = await intelPeople(t);
    await publish(t, p.a, 'Qwzvy imported seller', [{ type: 'EMAIL', value: 'qwzvy@sellers.example' }], { sharingLevel: 'GREEN' });
    expect(statistics.of('titles').counts.get('qwz')).toBeUndefined(); // sampled before the report
    await t.get(IntelSearchService).analyze(); // what an import of 1,000 reports or more ends with
    expect(statistics.of('titles').counts.get('qwz')).toBe(1);
  });

  it('merges new search index entries in the background, so lookups do not scan them one by one', async () => {
    const p = await intelPeople(t);
    await publish(t, p.a, 'Pending list probe', [{ type: 'EMAIL', value: 'pending.probe@sellers.example' }], { sharingLevel: 'GREEN' });
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // the write queued a settling job (intel.search.settle)
    for (const index of SEARCH_INDEXES) expect((await t.sql(`SELECT gin_clean_pending_list($1::regclass)::int AS pages`, [index]))[0].pages).toBe(0);
  });

  it('samples the trigram statistics that steer where a misspelt query is cut', async () => {
    const statistics = t.get(SearchStatistics);
    await Promise.all([statistics.refresh('titles'), statistics.refresh('values')]);
    const titles = statistics.of('titles');
    // this database's titles: five "Matrixprobe … seller" of the matrix, two sneaker reports
    expect(titles.rows).toBeGreaterThanOrEqual(7);
    expect(titles.sampled).toBe(titles.rows);
    expect(titles.counts.get('tri')).toBeGreaterThanOrEqual(5); // "matrixprobe"
    expect(titles.counts.get('zzq')).toBeUndefined();
    expect(statistics.of('values').counts.get('kic')).toBeGreaterThanOrEqual(2); // kicks.outlet(s)@…
  });

  it('refuses to let another organisation read or amend a RED report, answering like a missing one', async () => {
    const other = callers['other member'].token;
    const amend = await t.gql(
      `mutation($i: UpdateReportInput!) { updateReport(input: $i) { id } }`,
      { i: { reportId: reports.RED.id, kind: 'OTHER', title: 'Hijack', confidence: 1, indicators: [] } },
      other,
    );
    const ghost = await t.gql(
      `mutation($i: UpdateReportInput!) { updateReport(input: $i) { id } }`,
      { i: { reportId: Buffer.from('IntelReport:00000000-0000-0000-0000-000000000001').toString('base64url'), kind: 'OTHER', title: 'Hijack', confidence: 1, indicators: [] } },
      other,
    );
    expect(errorOf(amend)).toEqual(errorOf(ghost));
    expect(errorOf(amend).code).toBe('NOT_FOUND');
    const retract = await t.gql(`mutation($i: RetractReportInput!) { retractReport(input: $i) { id } }`, { i: { reportId: reports.RED.id, reason: 'not mine' } }, other);
    expect(errorOf(retract).code).toBe('NOT_FOUND');
    const [row] = await t.sql(`SELECT title, status FROM intel_report WHERE title = 'Matrixprobe RED seller'`);
    expect(row).toEqual({ title: 'Matrixprobe RED seller', status: 'PUBLISHED' });
  });

  it('shows a network only through the reports the caller may see', async () => {
    const p = await intelPeople(t);
    // B links to A's AMBER_STRICT report through the same e-mail, at GREEN
    const linked = await publish(t, p.b, 'Matrixprobe bridge', [{ type: 'EMAIL', value: 'Matrix-Amber_Strict@Sellers.example' }], { sharingLevel: 'GREEN' });
    expect(linked.network.id).toBe(reports.AMBER_STRICT.network.id);
    const q = `query($id: ID!) { node(id: $id) { ... on CounterfeiterNetwork { summary { reportCount } reports { totalCount edges { node { title } } } indicators { key reports } } } }`;
    const forCoordinator = (await t.ok(q, { id: linked.network.id }, callers.coordinator.token)).node;
    expect(forCoordinator.summary.reportCount).toBe(2);
    const forMember = (await t.ok(q, { id: linked.network.id }, callers['other member'].token)).node;
    expect(forMember.summary.reportCount).toBe(1);
    expect(forMember.reports.edges.map((e: any) => e.node.title)).toEqual(['Matrixprobe bridge']);
    expect(forMember.indicators).toEqual([{ key: 'matrix-amber_strict@sellers.example', reports: 1 }]);
    const forPartner = (await t.ok(q, { id: linked.network.id }, callers['partner key, intel:read'].token)).node;
    expect(forPartner.summary.reportCount).toBe(1);
  });
});
