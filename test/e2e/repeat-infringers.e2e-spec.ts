import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseGlobalId } from '../../apps/api/src/common/node.js';
import { TakedownSlaService } from '../../apps/api/src/takedown/takedown-sla.service.js';
import { demoTakedownDesk } from '../factories/takedown.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

// Issue 16, outcome 6: repeat infringers on the alliance's own ladder.
const FILE = `mutation($i: FileTakedownInput!) { fileTakedown(input: $i) { id listings { storeId repeatOffence storeStanding { level strikes } } } }`;
const ACT = `mutation($i: ActOnTakedownInput!) { actOnTakedown(input: $i) { id status } }`;
const SETTINGS = `mutation($i: UpdateAllianceSettingsInput!) { updateAllianceSettings(input: $i) { strikeWarningAt strikeFlagAt strikeWindowDays } }`;
const LADDER = `{ alliance { strikeWarningAt strikeFlagAt strikeWindowDays } }`;

describe('repeat infringers', () => {
  let t: TestApp;
  let coordinator: string;
  let admin: string;
  let brandId: string;
  let trademarkId: string;
  let n = 0;
  const uuid = (id: string) => parseGlobalId(id)!.uuid;
  const file = async (store: string) =>
    (await t.ok(FILE, { i: { brandId, trademarkId, reason: 'COUNTERFEIT', listings: [{ url: `https://item.taobao.com/item.htm?id=${91000 + ++n}&shop_id=${store}` }] } }, admin)).fileTakedown;
  /** A strike on `store`: a request naming it, accepted, its counter-notice window lapsed, upheld by the sweep. */
  const strike = async (store: string) => {
    const { id } = await file(store);
    await t.ok(ACT, { i: { id, action: 'ACCEPT' } }, coordinator);
    await t.sql(`UPDATE takedown_request SET counter_deadline = now() - interval '1 minute' WHERE id = $1`, [uuid(id)]);
    await t.get(TakedownSlaService).sweep();
    return id;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    ({ coordinator, admin, brandId, trademarkId } = await demoTakedownDesk(t));
  });
  afterAll(() => t.close());

  describe('the ladder, per alliance', () => {
    it('starts on the default (warning at 1, flagged at 3 within 365 days), readable by anyone of the alliance', async () => {
      expect((await t.ok(LADDER, {}, admin)).alliance).toEqual({ strikeWarningAt: 1, strikeFlagAt: 3, strikeWindowDays: 365 });
    });

    it('refuses a member, and a ladder that does not go up or has no window, naming the field', async () => {
      expect(errorOf(await t.gql(SETTINGS, { i: { strikeFlagAt: 2 } }, admin)).code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(SETTINGS, { i: { strikeWarningAt: 3 } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'strikeWarningAt' });
      expect(errorOf(await t.gql(SETTINGS, { i: { strikeFlagAt: 1 } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'strikeFlagAt' });
      expect(errorOf(await t.gql(SETTINGS, { i: { strikeWarningAt: 4, strikeFlagAt: 4 } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'strikeWarningAt' });
      expect(errorOf(await t.gql(SETTINGS, { i: { strikeWarningAt: 0 } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'strikeWarningAt' });
      expect(errorOf(await t.gql(SETTINGS, { i: { strikeWindowDays: -5 } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'strikeWindowDays' });
      expect(errorOf(await t.gql(SETTINGS, { i: { strikeWindowDays: 3651 } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'strikeWindowDays' });
      expect((await t.ok(LADDER, {}, coordinator)).alliance).toEqual({ strikeWarningAt: 1, strikeFlagAt: 3, strikeWindowDays: 365 });
    });

    it('flags on the coordinators’ ladder, counting only the strikes inside its window', async () => {
      const STORE = '8810001';
      expect((await t.ok(SETTINGS, { i: { strikeWarningAt: 1, strikeFlagAt: 2, strikeWindowDays: 30 } }, coordinator)).updateAllianceSettings)
        .toEqual({ strikeWarningAt: 1, strikeFlagAt: 2, strikeWindowDays: 30 });
      const old = await strike(STORE);
      // the first strike was upheld 40 days ago: outside a 30-day window
      await t.sql(`UPDATE takedown_transition SET at = now() - interval '40 days' WHERE request_id = $1 AND to_status = 'UPHELD'`, [uuid(old)]);
      expect((await file(STORE)).listings[0]).toMatchObject({ repeatOffence: false, storeStanding: { level: 'NONE', strikes: 0 } });
      await strike(STORE);
      expect((await file(STORE)).listings[0]).toMatchObject({ repeatOffence: false, storeStanding: { level: 'WARNING', strikes: 1 } });
      await strike(STORE);
      // two within the window: flagged at 2 (the default would only warn)
      expect((await file(STORE)).listings[0]).toMatchObject({ repeatOffence: true, storeStanding: { level: 'FLAGGED', strikes: 2 } });
      // a longer window takes the old strike back in
      await t.ok(SETTINGS, { i: { strikeFlagAt: 5, strikeWindowDays: 60 } }, coordinator);
      expect((await file(STORE)).listings[0]).toMatchObject({ repeatOffence: false, storeStanding: { level: 'WARNING', strikes: 3 } });
      await t.ok(SETTINGS, { i: { strikeWarningAt: 1, strikeFlagAt: 3, strikeWindowDays: 365 } }, coordinator);
    });
  });
});
