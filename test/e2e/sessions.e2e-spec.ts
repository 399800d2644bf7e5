import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { allianceWithCoordinator, PASSWORD } from '../factories/alliance.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

const VIEWER = `{ viewer { role } }`;

describe('sessions that end (issue 15, outcome 5)', () => {
  let t: TestApp;
  let replica: Awaited<ReturnType<typeof createApp>>;
  let email: string;
  beforeAll(async () => {
    t = await TestApp.start();
    replica = await createApp(t.config, t.databaseUrl, { logger: ['error'] });
    ({ email } = await allianceWithCoordinator(t, 'sessions'));
  });
  afterAll(async () => {
    await replica.close();
    await t.close();
  });

  /** The same request on the other replica. */
  const onReplica = async (token: string) => {
    const { default: request } = await import('supertest');
    const res = await request(replica.getHttpServer()).post('/graphql').set('authorization', `Bearer ${token}`).send({ query: VIEWER });
    return res.body.errors?.[0]?.extensions?.code ?? 'OK';
  };

  it('signOut ends this session at once on every replica; the person’s other sessions go on', async () => {
    const [laptop, phone] = [await t.login(email, PASSWORD), await t.login(email, PASSWORD)];
    expect(await onReplica(laptop)).toBe('OK');
    expect((await t.ok(`mutation { signOut }`, {}, laptop)).signOut).toBe(true);
    expect(errorOf(await t.gql(VIEWER, {}, laptop)).code).toBe('UNAUTHENTICATED');
    expect(await onReplica(laptop)).toBe('UNAUTHENTICATED');
    expect((await t.ok(VIEWER, {}, phone)).viewer.role).toBe('COORDINATOR');
  });

  it('signOutEverywhere ends every session of the person, and a new sign-in works', async () => {
    const [laptop, phone] = [await t.login(email, PASSWORD), await t.login(email, PASSWORD)];
    expect((await t.ok(`mutation { signOutEverywhere }`, {}, phone)).signOutEverywhere).toBe(true);
    for (const token of [laptop, phone]) {
      expect(errorOf(await t.gql(VIEWER, {}, token)).code).toBe('UNAUTHENTICATED');
      expect(await onReplica(token)).toBe('UNAUTHENTICATED');
    }
    expect((await t.ok(VIEWER, {}, await t.login(email, PASSWORD))).viewer.role).toBe('COORDINATOR');
    const actions = (await t.sql(`SELECT action FROM audit_event WHERE action LIKE 'session.ended%' ORDER BY created_at`)).map((r) => r.action);
    expect(actions).toEqual(['session.ended', 'session.ended_everywhere']);
  });

  it('disabling a person ends their sessions at their next request', async () => {
    const token = await t.login(email, PASSWORD);
    await t.sql(`UPDATE app_user SET status = 'DISABLED' WHERE email = $1`, [email]);
    expect(errorOf(await t.gql(VIEWER, {}, token)).code).toBe('UNAUTHENTICATED');
    expect(await onReplica(token)).toBe('UNAUTHENTICATED');
    await t.sql(`UPDATE app_user SET status = 'ACTIVE' WHERE email = $1`, [email]);
  });

  it('accepts no token that is not a session token: a download link’s, or one without type, audience or id', async () => {
    const secret = new TextEncoder().encode(t.config.sessionSecret());
    const [user] = await t.sql(`SELECT id, alliance_id FROM app_user WHERE email = $1`, [email]);
    const sign = (claims: Record<string, unknown>, audience?: string) => {
      const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setExpirationTime('1h').setJti(crypto.randomUUID());
      return (audience ? jwt.setAudience(audience) : jwt).sign(secret);
    };
    const download = await sign({ aid: user.alliance_id, act: user.id }, 'file-download'); // how a download link's token is made
    const untyped = await sign({ aid: user.alliance_id, sep: 0 }, 'countermark-session');
    const unaddressed = await sign({ aid: user.alliance_id, typ: 'countermark-session', sep: 0 });
    for (const token of [download, untyped, unaddressed]) expect(errorOf(await t.gql(VIEWER, {}, token)).code).toBe('UNAUTHENTICATED');
    // and an API key has no session to sign out
    expect(errorOf(await t.gql(`mutation { signOut }`, {})).code).toBe('UNAUTHENTICATED');
  });
});
