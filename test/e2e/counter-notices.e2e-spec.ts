import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseGlobalId } from '../../apps/api/src/common/node.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { TakedownSlaService } from '../../apps/api/src/takedown/takedown-sla.service.js';
import { businessDeadline } from '../../libs/takedown/src/index.js';
import { citableRightOf } from '../factories/takedown.factory.js';
import { takedownFiguresDrift } from '../support/takedown-figures-drift.js';
import { errorOf, TestApp } from '../support/test-app.js';

// Issue 16, outcomes 5 and 6: counter-notices on business-day clocks, and repeat infringers.
const FILE = `mutation($i: FileTakedownInput!) { fileTakedown(input: $i) { id listings { storeId repeatOffence storeStanding { level strikes } } } }`;
const ACT = `mutation($i: ActOnTakedownInput!) { actOnTakedown(input: $i) { id status counterDeadline answerDeadline } }`;
const READ = `query($id: ID!) { takedownRequest(id: $id) { status counterDeadline answerDeadline counterNoticeLink availableActions
  counterNotice { filedByKind reason statement contactEmail answer legalAction } history { action actorKind } } }`;
const PUBLIC = `query($id: ID!, $token: String!) { counterNoticeRequest(requestId: $id, token: $token) { status marketplace complainant brand right reason open listings { url listingId } } }`;
const COUNTER = `mutation($i: FileCounterNoticeInput!) { fileCounterNotice(input: $i) { status open } }`;

describe('counter-notices and repeat infringers', () => {
  let t: TestApp;
  let coordinator: string;
  let admin: string;
  let brandId: string;
  let trademarkId: string;
  const STORE = '5550001';
  const file = async (n: number) =>
    (await t.ok(FILE, { i: { brandId, trademarkId, reason: 'COUNTERFEIT', listings: [{ url: `https://item.taobao.com/item.htm?id=${7000 + n}&shop_id=${STORE}` }] } }, admin)).fileTakedown;
  const accept = async (id: string) => (await t.ok(ACT, { i: { id, action: 'ACCEPT' } }, coordinator)).actOnTakedown;
  const linkOf = async (id: string) => new URL((await t.ok(READ, { id }, coordinator)).takedownRequest.counterNoticeLink);
  const seller = { reason: 'GENUINE_GOODS', statement: 'These are genuine goods bought from the brand’s own distributor; invoices attached.', contactName: 'Shop Owner', contactEmail: 'owner@shop.example', evidenceUrls: ['https://shop.example/invoice-1.pdf'] };
  const sweep = () => t.get(TakedownSlaService).sweep();
  const uuid = (id: string) => parseGlobalId(id)!.uuid;

  beforeAll(async () => {
    t = await TestApp.startWithDemo({}, { intel: false });
    coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    admin = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    ({ brandId, trademarkId } = await citableRightOf(t, DEMO_USERS.memberAdmin));
  });
  afterAll(() => t.close());

  it('gives the seller a window of business days after a removal, and a link only its deciders see', async () => {
    const { id } = await file(1);
    const before = new Date();
    const accepted = await accept(id);
    const expected = businessDeadline(before, 3, { country: 'CN' });
    expect(Math.abs(new Date(accepted.counterDeadline).getTime() - expected.getTime())).toBeLessThan(1000);
    expect((await t.ok(READ, { id }, admin)).takedownRequest.counterNoticeLink).toBeNull();
    const link = await linkOf(id);
    expect(link.pathname).toBe(`/counter-notice/${id}`);
    const token = link.searchParams.get('token')!;
    expect(errorOf(await t.gql(PUBLIC, { id, token: token.slice(0, -2) + 'xx' })).code).toBe('NOT_FOUND');
    const seen = (await t.gql(PUBLIC, { id, token })).data!.counterNoticeRequest;
    expect(seen).toMatchObject({ status: 'ACCEPTED', marketplace: 'Taobao', reason: 'COUNTERFEIT', open: true, listings: [{ listingId: '7001' }] });
    expect(seen.right).toMatch(/trademark/);
  });

  it('takes the seller’s counter-notice without an account, then the rights holder’s answer, then the reviewer’s decision', async () => {
    const { id } = await file(2);
    await accept(id);
    const token = (await linkOf(id)).searchParams.get('token')!;
    expect(errorOf(await t.gql(COUNTER, { i: { requestId: id, token, ...seller, statement: 'too short' } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'statement' });
    expect(errorOf(await t.gql(COUNTER, { i: { requestId: id, token, ...seller, contactEmail: 'nope' } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contactEmail' });
    expect((await t.gql(COUNTER, { i: { requestId: id, token, ...seller } })).data!.fileCounterNotice).toEqual({ status: 'COUNTER_NOTICED', open: false });
    expect(errorOf(await t.gql(COUNTER, { i: { requestId: id, token, ...seller } })).code).toBe('CONFLICT');

    const read = (await t.ok(READ, { id }, admin)).takedownRequest;
    expect(read).toMatchObject({ status: 'COUNTER_NOTICED', counterNotice: { filedByKind: 'SELLER', reason: 'GENUINE_GOODS', contactEmail: 'owner@shop.example', answer: null } });
    expect(new Date(read.answerDeadline).getTime()).toBeGreaterThan(Date.now() + 10 * 86_400_000); // 10 business days
    expect(read.history.map((h: any) => `${h.action}/${h.actorKind}`)).toContain('COUNTER_NOTICE/SELLER');
    const [notice] = await t.sql(`SELECT title FROM notification n JOIN app_user u ON u.id = n.user_id WHERE u.email = $1 AND n.kind = 'takedown.counter_noticed' AND n.target_id = $2`, [DEMO_USERS.memberAdmin, uuid(id)]);
    expect(notice.title).toMatch(/answer by/);

    const ANSWER = `mutation($i: AnswerCounterNoticeInput!) { answerCounterNotice(input: $i) { id } }`;
    expect(errorOf(await t.gql(ANSWER, { i: { id, answer: 'We sued them.', legalAction: true } }, coordinator)).code).toBe('FORBIDDEN');
    await t.ok(ANSWER, { i: { id, answer: 'We filed suit at the Haizhou court, case 2026-123.', legalAction: true } }, admin);
    expect(errorOf(await t.gql(ANSWER, { i: { id, answer: 'And again, for the record.', legalAction: true } }, admin)).code).toBe('CONFLICT');
    expect((await t.ok(READ, { id }, admin)).takedownRequest.counterNotice).toMatchObject({ legalAction: true, answer: expect.stringContaining('case 2026-123') });
    expect((await t.ok(ACT, { i: { id, action: 'UPHOLD' } }, coordinator)).actOnTakedown.status).toBe('UPHELD');
  });

  it('upholds a removal nobody counter-noticed in time, and reinstates one whose counter-notice went unanswered, each once', async () => {
    const quiet = (await file(3)).id;
    await accept(quiet);
    const token = (await linkOf(quiet)).searchParams.get('token')!;
    await t.sql(`UPDATE takedown_request SET counter_deadline = now() - interval '1 minute' WHERE id = $1`, [uuid(quiet)]);
    expect(errorOf(await t.gql(COUNTER, { i: { requestId: quiet, token, ...seller } }))).toMatchObject({ code: 'CONFLICT', field: 'requestId' });

    const contested = (await file(4)).id;
    await accept(contested);
    expect(errorOf(await t.gql(ACT, { i: { id: contested, action: 'COUNTER_NOTICE' } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    await t.ok(ACT, { i: { id: contested, action: 'COUNTER_NOTICE', note: 'The seller wrote to us with an authorisation letter from 2024.' } }, coordinator);
    await t.sql(`UPDATE takedown_request SET answer_deadline = now() - interval '1 minute' WHERE id = $1`, [uuid(contested)]);

    const [first, second] = await Promise.all([sweep(), sweep()]);
    expect(first.lapsed + second.lapsed).toBe(2);
    expect((await sweep()).lapsed).toBe(0);
    const q = (await t.ok(READ, { id: quiet }, admin)).takedownRequest;
    expect(q.status).toBe('UPHELD');
    expect(q.history.at(-1)).toEqual({ action: 'COUNTER_WINDOW_LAPSED', actorKind: 'SYSTEM' });
    const c = (await t.ok(READ, { id: contested }, admin)).takedownRequest;
    expect(c).toMatchObject({ status: 'REINSTATED', counterNotice: { filedByKind: 'REVIEWER', answer: null } });
    const told = await t.sql(`SELECT kind FROM notification n JOIN app_user u ON u.id = n.user_id WHERE u.email = $1 AND n.target_id = ANY ($2) ORDER BY kind`, [DEMO_USERS.memberAdmin, [uuid(quiet), uuid(contested)]]);
    expect(told.map((r) => r.kind)).toEqual(['takedown.reinstated', 'takedown.upheld']);
  });

  it('counts upheld removals as strikes on the store and marks later requests naming a flagged store', async () => {
    // two strikes so far (the answered-and-upheld one and the lapsed one): a warning
    let listing = (await file(5)).listings[0];
    expect(listing).toMatchObject({ storeId: STORE, repeatOffence: false, storeStanding: { level: 'WARNING', strikes: 2 } });
    const third = (await file(6)).id;
    await accept(third);
    await t.sql(`UPDATE takedown_request SET counter_deadline = now() - interval '1 minute' WHERE id = $1`, [uuid(third)]);
    await sweep();
    listing = (await file(7)).listings[0];
    expect(listing).toMatchObject({ repeatOffence: true, storeStanding: { level: 'FLAGGED', strikes: 3 } });
  });

  it('keeps the SLA figures’ monthly roll-up equal to a live recount after counter-notices, answers, reinstatements and upheld removals', async () => {
    expect(await takedownFiguresDrift((sql, params) => t.sql(sql, params))).toEqual([]);
  });
});
