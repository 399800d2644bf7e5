import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { intelPeople, publish } from '../factories/intel.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';
import { createApp } from '../../apps/api/src/bootstrap.js';

/** Subscribes to notificationAdded on a running API: what arrives, a promise of the first push, and a way to stop. */
async function subscribeToNotifications(port: number, token: string) {
  const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, lazy: true, retryAttempts: 0 });
  const received: any[] = [];
  let ready: () => void;
  const firstPush = new Promise<void>((r) => (ready = r));
  const unsubscribe = client.subscribe({ query: 'subscription { notificationAdded { kind title targetId } }' }, {
    next: (msg) => {
      received.push(msg.data?.notificationAdded);
      ready();
    },
    error: (e) => {
      throw e;
    },
    complete: () => undefined,
  });
  await new Promise((r) => setTimeout(r, 300)); // let the subscription start
  return {
    received,
    firstPush,
    close: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}

describe('sightings, blind matches, contact requests, watchlists and notifications', () => {
  let t: TestApp;
  let p: Awaited<ReturnType<typeof intelPeople>>;
  let coordinator: string;

  beforeAll(async () => {
    t = await TestApp.startWithDemo({}, { intel: false });
    p = await intelPeople(t);
    coordinator = p.coordinator;
  });
  afterAll(() => t.close());

  it('records sightings on visible indicators', async () => {
    const r = await publish(t, p.a, 'Sighted seller', [{ type: 'EMAIL', value: 'sighted@sellers.example' }], { sharingLevel: 'GREEN' });
    const seen = await t.ok(`mutation($i: ReportSightingInput!) { reportSighting(input: $i) { note organisation { name } } }`, { i: { indicatorId: r.indicators[0].id, note: 'Same e-mail on our listings' } }, p.b);
    expect(seen.reportSighting).toEqual({ note: 'Same e-mail on our listings', organisation: { name: p.orgB.name } });
    const listed = await t.ok(`query($id: ID!) { node(id: $id) { ... on Indicator { sightings { note organisation { name } } } } }`, { id: r.indicators[0].id }, p.a);
    expect(listed.node.sightings).toEqual([{ note: 'Same e-mail on our listings', organisation: { name: p.orgB.name } }]);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect(errorOf(await t.gql(`mutation($i: ReportSightingInput!) { reportSighting(input: $i) { note } }`, { i: { indicatorId: r.indicators[0].id, seenAt: future } }, p.b))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'seenAt' });
  });

  it('tells of a blind match without revealing the report, and relays a contact request through the coordinators', async () => {
    const secret = await publish(t, p.a, 'Red investigation', [{ type: 'PHONE', value: '+86 139 1234 5678' }], { sharingLevel: 'RED' });
    const mine = await publish(t, p.b, 'My seller', [{ type: 'PHONE', value: '0086 139-1234-5678' }], { sharingLevel: 'GREEN' });
    const view = await t.ok(`query($id: ID!) { node(id: $id) { ... on IntelReport { blindMatches { organisations indicator { key } } network { summary { reportCount } reports { edges { node { title } } } } } } }`, { id: mine.id }, p.b);
    expect(view.node.blindMatches).toEqual([{ organisations: 1, indicator: { key: '+8613912345678' } }]);
    // the two reports are linked (same phone), but B's view of the network holds only what B may see
    expect(mine.network.id).toBe(secret.network.id);
    expect(view.node.network.summary.reportCount).toBe(1);
    expect(JSON.stringify(view)).not.toContain('Red investigation');
    expect((await t.ok(`{ intelBlindMatches(value: "+86 139 1234 5678") { type key organisations } }`, {}, p.b)).intelBlindMatches).toEqual([{ type: 'PHONE', key: '+8613912345678', organisations: 1 }]);
    expect((await t.ok(`{ intelBlindMatches(value: "+86 139 1234 5678") { type } }`, {}, p.a)).intelBlindMatches).toEqual([]); // the holder sees its own report
    const search = await t.ok(`{ searchIntel(query: "+86 139 1234 5678") { totalCount edges { node { report { title } } } } }`, {}, p.b);
    expect(search.searchIntel.edges.map((e: any) => e.node.report.title)).toEqual(['My seller']);

    const requested = (await t.ok(`mutation($i: RequestContactInput!) { requestContact(input: $i) { id status recipientCount } }`, { i: { type: 'PHONE', value: '+8613912345678', message: 'We see this number behind fake shoe listings' } }, p.b)).requestContact;
    expect(requested).toMatchObject({ status: 'PENDING_REVIEW', recipientCount: 1 });
    expect((await t.ok(`query($id: ID!) { node(id: $id) { ... on ContactRequest { status message } } }`, { id: requested.id }, p.b)).node).toEqual({ status: 'PENDING_REVIEW', message: 'We see this number behind fake shoe listings' });
    expect((await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: requested.id }, p.a)).node).toBeNull(); // not yet passed on
    expect(errorOf(await t.gql(`mutation($i: RequestContactInput!) { requestContact(input: $i) { id } }`, { i: { type: 'PHONE', value: '+44 20 7946 0000', message: 'Nobody holds this one at all' } }, p.b))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'value' });

    // the coordinator sees the request and how many it goes to, never to whom
    const forCoordinator = (await t.ok(`{ contactRequests { id status recipientCount requester { name } connectedOrganisations { name } } }`, {}, coordinator)).contactRequests;
    expect(forCoordinator.find((c: any) => c.id === requested.id)).toEqual({ id: requested.id, status: 'PENDING_REVIEW', recipientCount: 1, requester: { name: p.orgB.name }, connectedOrganisations: [] });
    const coordinatorNotes = await t.ok(`{ notifications { unreadCount edges { node { kind targetId } } } }`, {}, coordinator);
    expect(coordinatorNotes.notifications.edges.map((e: any) => e.node)).toContainEqual({ kind: 'contact_request_review', targetId: requested.id });
    // the holder sees nothing before the coordinators pass it on
    expect((await t.ok(`{ contactRequests { id } }`, {}, p.a)).contactRequests).toEqual([]);
    await t.ok(`mutation($i: ReviewContactRequestInput!) { reviewContactRequest(input: $i) { status } }`, { i: { requestId: requested.id, approve: true } }, coordinator);

    const forHolder = (await t.ok(`{ contactRequests { id myAnswer message requester { name } } }`, {}, p.a)).contactRequests;
    expect(forHolder).toEqual([{ id: requested.id, myAnswer: 'WAITING', message: 'We see this number behind fake shoe listings', requester: { name: p.orgB.name } }]);
    await t.ok(`mutation($i: AnswerContactRequestInput!) { answerContactRequest(input: $i) { id } }`, { i: { requestId: requested.id, accept: true } }, p.a);
    expect(errorOf(await t.gql(`mutation($i: AnswerContactRequestInput!) { answerContactRequest(input: $i) { id } }`, { i: { requestId: requested.id, accept: false } }, p.a)).code).toBe('CONFLICT');
    const forRequester = (await t.ok(`{ contactRequests { id connectedOrganisations { name } } notifications { edges { node { kind title } } } }`, {}, p.b));
    expect(forRequester.contactRequests.find((c: any) => c.id === requested.id).connectedOrganisations).toEqual([{ name: p.orgA.name }]);
    expect(forRequester.notifications.edges.map((e: any) => e.node)).toContainEqual({ kind: 'contact_answer', title: `${p.orgA.name} agreed to connect` });
    // the coordinator never learned who held it
    const after = (await t.ok(`{ contactRequests { id connectedOrganisations { name } } }`, {}, coordinator)).contactRequests;
    expect(after.find((c: any) => c.id === requested.id).connectedOrganisations).toEqual([]);
  });

  it('notifies watchers of visible matching reports, pushes them over graphql-ws, and marks them read', async () => {
    await t.app.listen(0, '127.0.0.1');
    const port = (t.app.getHttpServer().address() as { port: number }).port;
    const { received, firstPush, close } = await subscribeToNotifications(port, p.b);

    const watched = await t.ok(`mutation($i: AddToWatchlistInput!) { addToWatchlist(input: $i) { id kind indicatorKey } }`, { i: { kind: 'INDICATOR', indicatorType: 'DOMAIN', value: 'https://www.Watched-Fakes.example/shop' } }, p.b);
    expect(watched.addToWatchlist).toMatchObject({ kind: 'INDICATOR', indicatorKey: 'watched-fakes.example' });
    expect(errorOf(await t.gql(`mutation($i: AddToWatchlistInput!) { addToWatchlist(input: $i) { id } }`, { i: { kind: 'INDICATOR', indicatorType: 'DOMAIN', value: 'watched-fakes.example' } }, p.b)).code).toBe('CONFLICT');

    await publish(t, p.a, 'Hidden from watchers', [{ type: 'DOMAIN', value: 'watched-fakes.example' }], { sharingLevel: 'AMBER_STRICT' });
    const hit = await publish(t, p.a, 'Watched domain seller', [{ type: 'DOMAIN', value: 'm.watched-fakes.example' }], { sharingLevel: 'AMBER' });
    await firstPush;
    await close();
    expect(received).toEqual([{ kind: 'watchlist_match', title: 'New report on your watchlist: Watched domain seller', targetId: hit.id }]);

    const list = await t.ok(`{ notifications(unreadOnly: true) { unreadCount edges { node { id kind title } } } }`, {}, p.b);
    const watchNotes = list.notifications.edges.filter((e: any) => e.node.kind === 'watchlist_match');
    expect(watchNotes.map((e: any) => e.node.title)).toEqual(['New report on your watchlist: Watched domain seller']);
    const marked = await t.ok(`mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: [watchNotes[0].node.id] }, p.b);
    expect(marked.markNotificationsRead).toBe(1);
    const afterRead = await t.ok(`{ notifications(unreadOnly: true) { unreadCount } }`, {}, p.b);
    expect(afterRead.notifications.unreadCount).toBe(list.notifications.unreadCount - 1);
    // another person's notification is not theirs to read
    expect((await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: watchNotes[0].node.id }, p.a)).node).toBeNull();
  });

  it('pushes a notification caused on one API replica to a subscriber connected to another (PostgreSQL NOTIFY)', async () => {
    // a second replica of the product on the same database, as behind a load balancer
    const replica = await createApp(t.config, t.databaseUrl, { logger: ['error'] });
    try {
      await replica.listen(0, '127.0.0.1');
      const port = (replica.getHttpServer().address() as { port: number }).port;
      const { received, firstPush, close } = await subscribeToNotifications(port, p.b);
      await t.ok(`mutation($i: AddToWatchlistInput!) { addToWatchlist(input: $i) { id } }`, { i: { kind: 'INDICATOR', indicatorType: 'DOMAIN', value: 'replica-watched.example' } }, p.b);
      // caused through the first replica
      const hit = await publish(t, p.a, 'Seen from the other replica', [{ type: 'DOMAIN', value: 'replica-watched.example' }], { sharingLevel: 'GREEN' });
      await Promise.race([firstPush, new Promise((_, reject) => setTimeout(() => reject(new Error('no push within 10 s')), 10_000))]);
      await close();
      expect(received).toEqual([{ kind: 'watchlist_match', title: 'New report on your watchlist: Seen from the other replica', targetId: hit.id }]);
    } finally {
      await replica.close();
    }
  });

  it("reads a value a member types in its own organisation's country: search, blind matches, watchlist (coordinators: the alliance's)", async () => {
    const [{ country: before }] = await t.sql(`SELECT country FROM organisation WHERE id = $1`, [p.orgB.id]);
    await t.sql(`UPDATE organisation SET country = 'DE' WHERE id = $1`, [p.orgB.id]);
    try {
      await publish(t, p.a, 'Berlin reseller', [{ type: 'PHONE', value: '+49 30 12345678' }], { sharingLevel: 'GREEN' });
      await publish(t, p.a, 'Berlin red source', [{ type: 'PHONE', value: '+49 30 87654321' }], { sharingLevel: 'RED' });
      const SEARCH = `query($q: String!) { searchIntel(query: $q) { edges { node { report { title } } } } }`;
      const titles = async (q: string, token: string) => (await t.ok(SEARCH, { q }, token)).searchIntel.edges.map((e: any) => e.node.report.title);
      // B is in Germany: its "030 …" is a Berlin number
      expect(await titles('030 12345678', p.b)).toEqual(['Berlin reseller']);
      const blind = (await t.ok(`query($v: String!) { intelBlindMatches(value: $v) { type key organisations } }`, { v: '030 87654321' }, p.b)).intelBlindMatches;
      expect(blind).toEqual([expect.objectContaining({ type: 'PHONE', key: '+493087654321', organisations: 1 })]);
      const watched = (await t.ok(`mutation($i: AddToWatchlistInput!) { addToWatchlist(input: $i) { indicatorKey } }`, { i: { kind: 'INDICATOR', indicatorType: 'PHONE', value: '030 1234 5600' } }, p.b)).addToWatchlist;
      expect(watched.indicatorKey).toBe('+493012345600');
      // a coordinator has no organisation: the alliance's home country reads it as another number,
      // so no key matches; only the typo-tolerant search finds the text (scored below 0.5)
      const forCoordinator = (await t.ok(`query($q: String!) { searchIntel(query: $q) { edges { node { score matchedIndicators { key } } } } }`, { q: '030 12345678' }, coordinator)).searchIntel.edges;
      expect(forCoordinator.every((e: any) => e.node.score < 0.5)).toBe(true);
    } finally {
      await t.sql(`UPDATE organisation SET country = $2 WHERE id = $1`, [p.orgB.id, before]);
    }
  });

  it('refuses the subscription without credentials', async () => {
    const port = (t.app.getHttpServer().address() as { port: number }).port;
    const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });
    const outcome = await new Promise<string>((resolve) => {
      client.subscribe({ query: 'subscription { notificationAdded { kind } }' }, {
        next: () => resolve('data'),
        error: (e: any) => resolve(JSON.stringify(e)),
        complete: () => resolve('complete'),
      });
    });
    await client.dispose();
    expect(outcome).toContain('UNAUTHENTICATED');
  });
});
