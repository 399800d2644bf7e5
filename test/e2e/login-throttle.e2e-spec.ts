import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allianceWithCoordinator, PASSWORD } from '../factories/alliance.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { token } }';

describe('sign-in throttling under parallel guesses', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.close());

  it('checks at most the budget of 10 passwords when 40 wrong ones for one e-mail arrive at once', async () => {
    const { email } = await allianceWithCoordinator(t, 'parallel-guesses');
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => t.gql(LOGIN, { i: { email, password: `wrong-guess-${i}` } })));
    const codes = answers.map((a) => errorOf(a).code);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(10);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(30);
    expect(codes.every((c) => c === 'UNAUTHENTICATED' || c === 'RATE_LIMITED')).toBe(true);
    // the budget is spent: even the right password waits
    expect(errorOf(await t.gql(LOGIN, { i: { email, password: PASSWORD } })).code).toBe('RATE_LIMITED');
  });

  it('throttles tries of invitation tokens per client address: 30 made-up tokens answer NOT_FOUND, the next RATE_LIMITED', async () => {
    const accept = (token: string) => t.gql(`mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { token } }`, { i: { token, displayName: 'Guesser', password: 'a long enough password' } });
    const codes = [];
    for (let i = 0; i < 31; i++) codes.push(errorOf(await accept(`made-up-token-${i}-${'x'.repeat(30)}`)).code);
    expect(codes.slice(0, 30).every((c) => c === 'NOT_FOUND')).toBe(true);
    expect(codes[30]).toBe('RATE_LIMITED');
  });

  it('gives a successful sign-in its attempt back: wrong, right, wrong… never locks its owner out', async () => {
    const { email } = await allianceWithCoordinator(t, 'right-after-wrong');
    for (let round = 0; round < 8; round++) {
      expect(errorOf(await t.gql(LOGIN, { i: { email, password: `typo-${round}` } })).code).toBe('UNAUTHENTICATED');
      expect((await t.gql(LOGIN, { i: { email, password: PASSWORD } })).data.login.token).toBeTruthy();
    }
  });
});
