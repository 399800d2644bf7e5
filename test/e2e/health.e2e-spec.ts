import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '../../apps/api/src/demo/demo.service.js';
import { errorOf, TestApp } from '../support/test-app.js';

describe('health and GraphQL endpoint', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.startWithDemo();
  });
  afterAll(() => t.close());

  it('GET /health answers 200 with the database reachable, without credentials', async () => {
    const res = await t.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: { reachable: true } });
  });

  it('refuses operations without credentials', async () => {
    const res = await t.gql('{ alliance { slug } }');
    expect(errorOf(res).code).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
  });

  it('applies every migration and makes the audit log append-only', async () => {
    const rows = await t.sql(`SELECT name FROM migrations`);
    expect(rows.map((r) => r.name)).toContain('Foundation1763859600000');
    // every event there was stays as it was (the app's jobs may add more meanwhile)
    const events = `SELECT id, action FROM audit_event WHERE id <= $1 ORDER BY id`;
    const [{ last }] = await t.sql(`SELECT max(id) AS last FROM audit_event`);
    const before = await t.sql(events, [last]);
    expect(before.length).toBeGreaterThan(0);
    await expect(t.sql(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    expect(await t.sql(events, [last])).toEqual(before);
  });

  it('logs in the demo coordinator and answers alliance and viewer', async () => {
    const token = await t.login('coordinator@demo.countermark.test', DEMO_PASSWORD);
    const data = await t.ok('{ alliance { slug takedownSlaHours defaultSharingLevel } viewer { role user { email } } }', {}, token);
    expect(data.alliance).toEqual({ slug: 'demo', takedownSlaHours: 24, defaultSharingLevel: 'AMBER' });
    expect(data.viewer).toEqual({ role: 'COORDINATOR', user: { email: 'coordinator@demo.countermark.test' } });
  });

  it('gives one message for a wrong password and an unknown e-mail', async () => {
    const q = 'mutation($i: LoginInput!) { login(input: $i) { token } }';
    const wrong = await t.gql(q, { i: { email: 'coordinator@demo.countermark.test', password: 'nope-nope-nope' } });
    const unknown = await t.gql(q, { i: { email: 'nobody@demo.countermark.test', password: 'nope-nope-nope' } });
    expect(errorOf(wrong)).toEqual(errorOf(unknown));
    expect(errorOf(wrong).code).toBe('UNAUTHENTICATED');
  });

  it('names the field of a malformed e-mail', async () => {
    const res = await t.gql('mutation($i: LoginInput!) { login(input: $i) { token } }', { i: { email: 'not-an-email', password: 'x' } });
    expect(errorOf(res)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
  });
});
