import { DEMO_PASSWORD, DEMO_USERS, DemoService } from '../../apps/api/src/demo/demo.service.js';
import { Role } from '../../libs/domain/src/index.js';
import type { TestApp } from '../support/test-app.js';
import { userFor } from './alliance.factory.js';

export const CREATE_REPORT = `mutation($i: CreateReportInput!) { createReport(input: $i) { id status sharingLevel version network { id } indicators { id type value key } } }`;

let counter = 0;

/**
 * The demo alliance (loaded if the database is empty), fresh people of two of its active members
 * (A and B) and of a suspended one, and the demo coordinator's token.
 */
export async function intelPeople(t: TestApp) {
  await t.get(DemoService).loadIfEmpty({ intel: false }); // these tests count what they write themselves
  const orgs = await t.sql(`SELECT o.id, o.alliance_id, o.name FROM organisation o JOIN membership m ON m.organisation_id = o.id WHERE m.status = 'ACTIVE' ORDER BY o.name LIMIT 2`);
  const [suspended] = await t.sql(`SELECT o.id, o.alliance_id FROM organisation o JOIN membership m ON m.organisation_id = o.id WHERE m.status = 'SUSPENDED' LIMIT 1`);
  const tag = `${Date.now().toString(36)}${counter++}`;
  return {
    orgA: orgs[0],
    orgB: orgs[1],
    a: await userFor(t, orgs[0].alliance_id, orgs[0].id, Role.MEMBER_ADMIN, `a-admin-${tag}@intel.test`),
    aAnalyst: await userFor(t, orgs[0].alliance_id, orgs[0].id, Role.MEMBER_ANALYST, `a-analyst-${tag}@intel.test`),
    b: await userFor(t, orgs[1].alliance_id, orgs[1].id, Role.MEMBER_ADMIN, `b-admin-${tag}@intel.test`),
    suspended: await userFor(t, suspended.alliance_id, suspended.id, Role.MEMBER_ADMIN, `suspended-${tag}@intel.test`),
    coordinator: await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD),
  };
}

export function report(title: string, indicators: { type: string; value: string; qualifier?: string }[], extra: Record<string, unknown> = {}) {
  return { kind: 'ONLINE_SELLER', title, confidence: 70, indicators, publish: true, ...extra };
}

export async function publish(t: TestApp, token: string, title: string, indicators: { type: string; value: string; qualifier?: string }[], extra: Record<string, unknown> = {}) {
  return (await t.ok(CREATE_REPORT, { i: report(title, indicators, extra) }, token)).createReport;
}
