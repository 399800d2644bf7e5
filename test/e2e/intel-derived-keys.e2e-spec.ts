import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { intelPeople, publish } from '../factories/intel.factory.js';
import { parseGlobalId } from '../../apps/api/src/common/node.js';
import { errorOf, TestApp } from '../support/test-app.js';

// issue 18, outcome 3: a value of one type that contains another links through it
const EXPLAIN = `query($from: ID!, $to: ID!) { explainLink(fromReportId: $from, toReportId: $to) {
  steps { report { id } viaType viaKey values linkValues { value indicatorType derivation explanation } } } }`;
const NETWORK_OF = `query($id: ID!) { node(id: $id) { ... on IntelReport { network { id summary { reportCount } events { kind cause } } } } }`;
const EXCLUDE = `mutation($i: ExcludeCorrelationKeyInput!) { excludeCorrelationKey(input: $i) { type key decision reportCount } }`;
const DERIVED = `query($id: ID!) { node(id: $id) { ... on IntelReport { indicators { type derivedKeys { type key derivation explanation linkStatus } } } } }`;
const SWITCH = `mutation($on: Boolean!) { updateAllianceSettings(input: { derivedKeys: $on }) { derivedKeys } }`;

describe('links across types: derived keys', () => {
  let t: TestApp;
  let p: Awaited<ReturnType<typeof intelPeople>>;
  const networkOf = async (reportId: string) => (await t.ok(NETWORK_OF, { id: reportId }, p.coordinator)).node.network;

  beforeAll(async () => {
    t = await TestApp.startWithDemo({}, { intel: false });
    p = await intelPeople(t);
  });
  afterAll(() => t.close());

  it('two reports that share only the domain of their URLs form one network, and the explanation says so', async () => {
    const shop = await publish(t, p.a, 'Replica shop, product page', [{ type: 'URL', value: 'https://www.luxe-replica-outlet.example/products/neverfull?utm_source=fb' }]);
    const contact = await publish(t, p.b, 'Replica shop, contact page', [{ type: 'URL', value: 'http://checkout.luxe-replica-outlet.example/contact' }]);
    expect(contact.network.id).toBe(shop.network.id);
    // the report says what its URL also links through
    const derivedOf = async (reportId: string) => (await t.ok(DERIVED, { id: reportId }, p.a)).node.indicators[0].derivedKeys;
    expect(await derivedOf(shop.id)).toEqual([{ type: 'DOMAIN', key: 'luxe-replica-outlet.example', derivation: 'URL_DOMAIN', explanation: 'linked through the domain of this URL', linkStatus: 'LINKING' }]);

    const { steps } = (await t.ok(EXPLAIN, { from: shop.id, to: contact.id }, p.coordinator)).explainLink;
    expect(steps).toHaveLength(2);
    expect(steps[1]).toMatchObject({ report: { id: contact.id }, viaType: 'DOMAIN', viaKey: 'luxe-replica-outlet.example' });
    expect(steps[1].linkValues).toEqual([
      { value: 'https://www.luxe-replica-outlet.example/products/neverfull?utm_source=fb', indicatorType: 'URL', derivation: 'URL_DOMAIN', explanation: 'linked through the domain of this URL' },
      { value: 'http://checkout.luxe-replica-outlet.example/contact', indicatorType: 'URL', derivation: 'URL_DOMAIN', explanation: 'linked through the domain of this URL' },
    ]);

    // a DOMAIN indicator is the same key: it joins the network, and says it is its own
    const whois = await publish(t, p.b, 'Replica shop, WHOIS', [{ type: 'DOMAIN', value: 'LUXE-REPLICA-OUTLET.EXAMPLE' }]);
    expect(whois.network.id).toBe(shop.network.id);
    const third = (await t.ok(EXPLAIN, { from: whois.id, to: shop.id }, p.coordinator)).explainLink.steps[1];
    expect(third.linkValues.map((v: any) => [v.indicatorType, v.derivation, v.explanation])).toEqual([['DOMAIN', null, 'the same DOMAIN'], ['URL', 'URL_DOMAIN', 'linked through the domain of this URL']]);

    // excluding the derived key unlinks them: every report is on its own again
    expect((await t.ok(EXCLUDE, { i: { type: 'DOMAIN', value: 'luxe-replica-outlet.example', reason: 'Shared hosting of a reseller platform' } }, p.coordinator)).excludeCorrelationKey)
      .toEqual({ type: 'DOMAIN', key: 'luxe-replica-outlet.example', decision: 'EXCLUDED', reportCount: 3 });
    const apart = await Promise.all([shop, contact, whois].map((r) => networkOf(r.id)));
    expect(new Set(apart.map((n) => n.id)).size).toBe(3);
    expect(apart.map((n) => n.summary.reportCount)).toEqual([1, 1, 1]);
    expect((await derivedOf(shop.id))[0].linkStatus).toBe('EXCLUDED');
    expect((await t.ok(EXPLAIN, { from: shop.id, to: contact.id }, p.coordinator)).explainLink).toBeNull();
  });

  it('a chat link is its phone, a payment account its e-mail, a listing its store', async () => {
    const chat = await publish(t, p.a, 'WhatsApp seller', [{ type: 'URL', value: 'https://wa.me/8613912345678?text=Hi' }]);
    const phone = await publish(t, p.b, 'Phone on a parcel', [{ type: 'PHONE', value: '+86 139 1234 5678' }]);
    expect(phone.network.id).toBe(chat.network.id);
    const step = (await t.ok(EXPLAIN, { from: chat.id, to: phone.id }, p.coordinator)).explainLink.steps[1];
    expect(step).toMatchObject({ viaType: 'PHONE', viaKey: '+8613912345678' });
    expect(step.linkValues.map((v: any) => v.derivation)).toEqual(['PHONE_LINK', null]);

    const payee = await publish(t, p.a, 'PayPal payee', [{ type: 'PAYMENT_ACCOUNT', value: 'PayPal: Orders.Dept+bags@gmail.com' }]);
    const mailer = await publish(t, p.b, 'Order confirmation sender', [{ type: 'EMAIL', value: 'ordersdept@gmail.com' }]);
    expect(mailer.network.id).toBe(payee.network.id);

    const listing = await publish(t, p.a, 'Shopee listing', [{ type: 'MARKETPLACE_LISTING', value: 'https://shopee.sg/Fake-Bag-2024-i.77001122.990011' }]);
    const store = await publish(t, p.b, 'Shopee store', [{ type: 'MARKETPLACE_STORE', value: 'https://shopee.sg/shop/77001122' }]);
    expect(store.network.id).toBe(listing.network.id);
    expect((await t.ok(EXPLAIN, { from: listing.id, to: store.id }, p.coordinator)).explainLink.steps[1].linkValues[0].explanation).toBe('linked through the store in this marketplace address');
  });

  it('nothing links that should not: a marketplace’s own domain, two shops on one platform, another seller of the marketplace', async () => {
    const one = await publish(t, p.a, 'Taobao seller one', [{ type: 'URL', value: 'https://item.taobao.com/item.htm?id=600000000001' }]);
    const two = await publish(t, p.b, 'Taobao seller two', [{ type: 'URL', value: 'https://item.taobao.com/item.htm?id=600000000002' }]);
    const fr1 = await publish(t, p.a, 'Amazon FR seller one', [{ type: 'URL', value: 'https://www.amazon.fr/dp/B0AAAAAAA1' }]);
    const fr2 = await publish(t, p.b, 'Amazon FR seller two', [{ type: 'URL', value: 'https://www.amazon.fr/dp/B0AAAAAAA2' }]);
    const shopA = await publish(t, p.a, 'Shopify shop A', [{ type: 'URL', value: 'https://luxe-a.myshopify.com/products/x' }]);
    const shopB = await publish(t, p.b, 'Shopify shop B', [{ type: 'URL', value: 'https://luxe-b.myshopify.com/products/x' }]);
    const fb1 = await publish(t, p.a, 'Facebook page one', [{ type: 'URL', value: 'https://www.facebook.com/replica.bags.one' }]);
    const fb2 = await publish(t, p.b, 'Facebook page two', [{ type: 'URL', value: 'https://www.facebook.com/replica.bags.two' }]);
    const networks = [one, two, fr1, fr2, shopA, shopB, fb1, fb2].map((r) => r.network.id);
    expect(new Set(networks).size).toBe(8);
  });

  it('derived keys obey the over-correlation limit like any key', async () => {
    expect(await t.ok(`mutation { setCorrelationLimit(input: { limit: 2 }) }`, {}, p.coordinator)).toEqual({ setCorrelationLimit: 2 });
    try {
      const pages = [];
      for (const n of [1, 2, 3]) pages.push(await publish(t, n === 2 ? p.b : p.a, `Busy host page ${n}`, [{ type: 'URL', value: `https://busy-host.example/page-${n}` }]));
      // the third report takes the key over the limit: it links nothing until a coordinator decides
      expect(new Set(await Promise.all(pages.map(async (r) => (await networkOf(r.id)).id))).size).toBe(3);
      const over = (await t.ok(`{ overCorrelatingKeys { edges { node { type key reports organisations networks } } } }`, {}, p.coordinator)).overCorrelatingKeys.edges.map((e: any) => e.node);
      expect(over).toContainEqual({ type: 'DOMAIN', key: 'busy-host.example', reports: 3, organisations: 2, networks: 3 });
    } finally {
      await t.ok(`mutation { setCorrelationLimit(input: { limit: 50 }) }`, {}, p.coordinator);
    }
  });

  it('the alliance’s switch: off, no derived key links (networks split); on again, they rejoin', async () => {
    const url = await publish(t, p.a, 'Switch: shop page', [{ type: 'URL', value: 'https://switch-shop.example/bags' }]);
    const domain = await publish(t, p.b, 'Switch: shop domain', [{ type: 'DOMAIN', value: 'switch-shop.example' }]);
    expect(domain.network.id).toBe(url.network.id);

    expect(errorOf(await t.gql(SWITCH, { on: false }, p.a)).code).toBe('FORBIDDEN');
    expect((await t.ok(SWITCH, { on: false }, p.coordinator)).updateAllianceSettings).toEqual({ derivedKeys: false });
    const [n1, n2] = [await networkOf(url.id), await networkOf(domain.id)];
    expect(n1.id).not.toBe(n2.id);
    // one part keeps the network's id (SPLIT), the other is a new network (CREATED): which one is the ids' order
    expect([n1, n2].map((n) => n.events.at(-1)).sort((x: any, y: any) => x.kind.localeCompare(y.kind)))
      .toEqual([{ kind: 'CREATED', cause: 'derived_keys_off' }, { kind: 'SPLIT', cause: 'derived_keys_off' }]);
    expect((await t.ok(EXPLAIN, { from: url.id, to: domain.id }, p.coordinator)).explainLink).toBeNull();
    expect((await t.ok(DERIVED, { id: url.id }, p.a)).node.indicators[0].derivedKeys).toEqual([]); // they link nothing while off
    // a report filed while it is off links through its own keys only
    const later = await publish(t, p.a, 'Switch: another page', [{ type: 'URL', value: 'https://switch-shop.example/shoes' }]);
    expect([n1.id, n2.id]).not.toContain(later.network.id);

    expect((await t.ok(SWITCH, { on: true }, p.coordinator)).updateAllianceSettings).toEqual({ derivedKeys: true });
    const rejoined = await Promise.all([url, domain, later].map((r) => networkOf(r.id)));
    expect(new Set(rejoined.map((n) => n.id)).size).toBe(1);
    expect(rejoined[0].summary.reportCount).toBe(3);
    expect(rejoined[0].events.at(-1)).toEqual({ kind: 'MERGED', cause: 'derived_keys_on' });
  });

  it('switching on derives the keys of reports stored before derived keys existed', async () => {
    const old1 = await publish(t, p.a, 'Stored: page one', [{ type: 'URL', value: 'https://stored-shop.example/a' }]);
    const old2 = await publish(t, p.b, 'Stored: page two', [{ type: 'URL', value: 'https://stored-shop.example/b' }]);
    await t.ok(SWITCH, { on: false }, p.coordinator);
    // as a report filed before the migration: no derived rows
    await t.sql(`DELETE FROM derived_key WHERE report_id = ANY($1::uuid[])`, [[old1.id, old2.id].map(uuidOf)]);
    await t.ok(SWITCH, { on: true }, p.coordinator);
    expect((await networkOf(old2.id)).id).toBe((await networkOf(old1.id)).id);
  });

  it('switching on counts derived keys against the limit: a key they take over it stops linking what it held', async () => {
    const d1 = await publish(t, p.a, 'Limit: domain one', [{ type: 'DOMAIN', value: 'limit-shop.example' }]);
    const d2 = await publish(t, p.b, 'Limit: domain two', [{ type: 'DOMAIN', value: 'limit-shop.example' }]);
    expect(d2.network.id).toBe(d1.network.id);
    await t.ok(SWITCH, { on: false }, p.coordinator);
    const page = await publish(t, p.a, 'Limit: a page', [{ type: 'URL', value: 'https://limit-shop.example/bags' }]);
    expect(await t.ok(`mutation { setCorrelationLimit(input: { limit: 2 }) }`, {}, p.coordinator)).toEqual({ setCorrelationLimit: 2 });
    try {
      expect((await networkOf(d2.id)).id).toBe((await networkOf(d1.id)).id); // two holders: within the limit
      await t.ok(SWITCH, { on: true }, p.coordinator); // the page's derived domain is the third holder
      const networks = await Promise.all([d1, d2, page].map((r) => networkOf(r.id)));
      expect(new Set(networks.map((n) => n.id)).size).toBe(3);
      const over = (await t.ok(`{ overCorrelatingKeys { edges { node { type key reports } } } }`, {}, p.coordinator)).overCorrelatingKeys.edges.map((e: any) => e.node);
      expect(over).toContainEqual({ type: 'DOMAIN', key: 'limit-shop.example', reports: 3 });
    } finally {
      await t.ok(`mutation { setCorrelationLimit(input: { limit: 50 }) }`, {}, p.coordinator);
    }
  });
});

const uuidOf = (globalId: string) => parseGlobalId(globalId)!.uuid;
