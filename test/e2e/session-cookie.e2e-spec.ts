import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allianceWithCoordinator, PASSWORD } from '../factories/alliance.factory.js';
import { overWebSocket } from '../support/over-web-socket.js';
import { errorOf, TestApp, type GqlResult } from '../support/test-app.js';

const VIEWER = `{ viewer { role user { email } } }`;
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { token user { email } } }`;
const CSRF = 'x-countermark-csrf';

/** The `name=value` of the session cookie a response sets, and its attributes. */
function sessionCookieSet(setCookie: string[] | string | undefined, name = 'countermark_session') {
  const line = [setCookie ?? []].flat().find((c) => c.startsWith(`${name}=`));
  if (!line) return null;
  const [pair, ...attributes] = line.split(';').map((s) => s.trim());
  return { pair, value: pair.slice(name.length + 1), attributes: attributes.map((a) => a.toLowerCase()) };
}

describe('the web client’s session in an HttpOnly cookie, with CSRF protection (issue 15, outcome 8)', () => {
  let t: TestApp;
  let email: string;
  let port: number;

  beforeAll(async () => {
    t = await TestApp.start();
    ({ email } = await allianceWithCoordinator(t, 'cookies'));
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(async () => {
    await t?.close();
  });

  const signIn = async () => {
    const res = await t.http().post('/graphql').send({ query: LOGIN, variables: { i: { email, password: PASSWORD } } });
    const cookie = sessionCookieSet(res.headers['set-cookie']);
    if (!cookie) throw new Error('no session cookie');
    return { token: res.body.data.login.token as string, cookie };
  };
  const withCookie = async (cookiePair: string, query: string, headers: Record<string, string> = { [CSRF]: '1' }) => {
    const res = await t.http().post('/graphql').set('cookie', cookiePair).set(headers).send({ query });
    return { res, result: { status: res.status, data: res.body.data, errors: res.body.errors } as GqlResult };
  };

  it('sign-in sets the session in an HttpOnly, SameSite=Strict cookie for the whole site, as long as the session lasts; bearer callers still get the token', async () => {
    const { token, cookie } = await signIn();
    expect(cookie.value).toBe(token);
    expect(cookie.attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
    expect(cookie.attributes).not.toContain('secure'); // plain http here; over https see below
    const expires = Date.parse(cookie.attributes.find((a) => a.startsWith('expires='))!.slice('expires='.length));
    expect(expires).toBeGreaterThan(Date.now() + (t.config.SESSION_TTL_HOURS - 1) * 3600_000);
    expect((await t.ok(VIEWER, {}, token)).viewer.user.email).toBe(email);
  });

  it('answers a request signed in by the cookie with the CSRF header; without it, refuses with FORBIDDEN naming the header', async () => {
    const { cookie } = await signIn();
    expect((await withCookie(cookie.pair, VIEWER)).result.data.viewer).toEqual({ role: 'COORDINATOR', user: { email } });

    const { result } = await withCookie(cookie.pair, VIEWER, {});
    expect(result.data ?? null).toBeNull();
    expect(errorOf(result)).toMatchObject({ code: 'FORBIDDEN', csrfHeader: CSRF });
    expect(errorOf(result).message).toContain(CSRF);
    // a mutation the same way writes nothing
    const { result: write } = await withCookie(cookie.pair, `mutation { signOutEverywhere }`, { 'content-type': 'application/json' });
    expect(errorOf(write).code).toBe('FORBIDDEN');
    expect((await withCookie(cookie.pair, VIEWER)).result.data.viewer.role).toBe('COORDINATOR');
    // the plain HTTP routes take the cookie on the same terms
    expect((await t.http().get('/exports?format=CSV').set('cookie', cookie.pair)).status).toBe(401);
    expect((await t.http().get('/exports?format=CSV').set('cookie', cookie.pair).set(CSRF, '1')).status).not.toBe(401);
  });

  it('leaves bearer callers as they were: the Authorization header wins over any cookie and needs no CSRF header', async () => {
    const other = await allianceWithCoordinator(t, 'cookies-bearer');
    const bearer = await t.login(other.email, PASSWORD);
    const { cookie } = await signIn();
    const res = await t.http().post('/graphql').set('authorization', `Bearer ${bearer}`).set('cookie', cookie.pair).send({ query: VIEWER });
    expect(res.body.data.viewer.user.email).toBe(other.email);
  });

  it('signOut clears the cookie, and the ended session works neither as a cookie nor as a bearer token (its refusal clears the cookie again)', async () => {
    const { token, cookie } = await signIn();
    const { res, result } = await withCookie(cookie.pair, `mutation { signOut }`);
    expect(result.data.signOut).toBe(true);
    const cleared = sessionCookieSet(res.headers['set-cookie']);
    expect(cleared?.value).toBe('');
    expect(cleared?.attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/', 'expires=thu, 01 jan 1970 00:00:00 gmt']));

    const again = await withCookie(cookie.pair, VIEWER);
    expect(errorOf(again.result).code).toBe('UNAUTHENTICATED');
    expect(sessionCookieSet(again.res.headers['set-cookie'])?.value).toBe('');
    expect(errorOf(await t.gql(VIEWER, {}, token)).code).toBe('UNAUTHENTICATED');
  });

  it('signOutEverywhere by the cookie clears it too and ends the person’s other sessions', async () => {
    const { cookie } = await signIn();
    const bearer = await t.login(email, PASSWORD);
    const { res, result } = await withCookie(cookie.pair, `mutation { signOutEverywhere }`);
    expect(result.data.signOutEverywhere).toBe(true);
    expect(sessionCookieSet(res.headers['set-cookie'])?.value).toBe('');
    expect(errorOf((await withCookie(cookie.pair, VIEWER)).result).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await t.gql(VIEWER, {}, bearer)).code).toBe('UNAUTHENTICATED');
  });

  it('a graphql-ws connection signs in by the cookie only from this site’s origin', async () => {
    const { cookie } = await signIn();
    const over = (headers: Record<string, string>) => overWebSocket(port, { headers }, VIEWER);
    expect((await over({ cookie: cookie.pair, origin: `http://127.0.0.1:${port}` })).data.viewer.user.email).toBe(email);
    const foreign = await over({ cookie: cookie.pair, origin: 'https://evil.example' });
    expect(foreign.data?.viewer ?? null).toBeNull();
    expect(foreign.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await over({ cookie: cookie.pair })).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('the session cookie over https (behind a proxy that says so)', () => {
  let t: TestApp;
  let email: string;
  beforeAll(async () => {
    t = await TestApp.start({ TRUST_PROXY: 'loopback' });
    ({ email } = await allianceWithCoordinator(t, 'cookies-https'));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is a Secure __Host- cookie, and only that one is read over https', async () => {
    const res = await t.http().post('/graphql').set('x-forwarded-proto', 'https').send({ query: LOGIN, variables: { i: { email, password: PASSWORD } } });
    expect(sessionCookieSet(res.headers['set-cookie'])).toBeNull();
    const cookie = sessionCookieSet(res.headers['set-cookie'], '__Host-countermark_session')!;
    expect(cookie.attributes).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=strict', 'path=/']));
    expect(cookie.attributes.some((a) => a.startsWith('domain='))).toBe(false);

    const viewer = (cookiePair: string) => t.http().post('/graphql').set('x-forwarded-proto', 'https').set('cookie', cookiePair).set(CSRF, '1').send({ query: VIEWER });
    expect((await viewer(cookie.pair)).body.data.viewer.user.email).toBe(email);
    // a cookie without the prefix (which a sibling sub-domain could have set) counts for nothing over https
    expect((await viewer(`countermark_session=${cookie.value}`)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
