import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { errorOf, TestApp } from '../support/test-app.js';

// Issue 17: the demo alliance's feed of listings leaves alerts to triage (the matching job ran when the demo loaded).
describe('demo monitoring', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.startWithDemo();
  });
  afterAll(() => t.close());

  it('gives the demo member admin brand rules and alerts ranked by score, some naming the seller’s network', async () => {
    const admin = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    const { alerts } = await t.ok(`{ alerts(first: 100) { totalCount edges { node { score status brandId reasons { kind networks { id } hiddenNetworks } } } } }`, {}, admin);
    expect(alerts.totalCount).toBeGreaterThan(0);
    const nodes = alerts.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.score)).toEqual([...nodes.map((n: any) => n.score)].sort((a: number, b: number) => b - a));
    expect(nodes.every((n: any) => n.status === 'NEW')).toBe(true);
    const kinds = new Set(nodes.flatMap((n: any) => n.reasons.map((r: any) => r.kind)));
    expect([...kinds]).toEqual(expect.arrayContaining(['SELLER_IN_NETWORK']));
    expect(nodes.some((n: any) => n.reasons.some((r: any) => r.kind === 'SELLER_IN_NETWORK' && r.networks.length + r.hiddenNetworks > 0))).toBe(true);
    expect([...kinds]).toEqual(expect.arrayContaining(['BRAND_KEYWORD', 'PRICE_FLOOR']));
    const rules = (await t.ok(`query($b: ID!) { monitoringRules(brandId: $b) { kind } }`, { b: nodes[0].brandId }, admin)).monitoringRules;
    expect(rules.map((r: any) => r.kind).sort()).toEqual(['KEYWORD', 'PRICE_FLOOR']);
    // the coordinator sees counts, not alerts
    const coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    expect(errorOf(await t.gql(`{ alerts { totalCount } }`, {}, coordinator)).code).toBe('FORBIDDEN');
    expect((await t.ok(`{ alertFigures { alerts brands { alerts } } }`, {}, coordinator)).alertFigures.alerts).toBeGreaterThanOrEqual(alerts.totalCount);
  });
});
