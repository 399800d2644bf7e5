// A year of fictional intelligence for the demo alliance: about 2,000 reports from the reporting
// members at every sharing level, a dozen counterfeiter networks that only the alliance can see
// whole (each member reports its own sellers; the shared factory address, payment account or
// WeChat handle links them), blind matches, contact requests, watchlist entries, a marketplace's
// customer-service number that too many sellers list, and a small CSV file for a finished import.
// Pure and deterministic like demo-data.ts: the same word lists and seed give the same reports.
// Every value is invented: store and listing ids on the marketplaces the alliance watches, phone
// numbers, and `.example` domains for every e-mail address and web site.
import { derivedKeys, IndicatorType, normaliseIndicator } from '../../../../libs/indicators/src/index.js';
import { MembershipStatus, ReportKind, SharingLevel } from '../../../../libs/domain/src/index.js';
import { DEMO_MEMBERS, type DemoMember } from './demo-data.js';
import { seededRandom } from './demo-random.js';

export interface DemoIndicator {
  type: IndicatorType;
  value: string;
  note?: string;
}

export interface DemoReport {
  /** stable id of the report in the demo (`source_ref`): loading the demo twice adds nothing */
  sourceRef: string;
  /** name of the reporting member (DEMO_MEMBERS) */
  member: string;
  kind: ReportKind;
  title: string;
  summary: string;
  confidence: number;
  sharingLevel: SharingLevel;
  /** where the counterfeiter operates */
  country: string;
  marketplaces: string[];
  /** names of the reporting member's own brands */
  brands: string[];
  /** names of industry categories */
  categories: string[];
  /** days before the demo is loaded: first seen, last seen, published (published ≤ last seen) */
  firstObservedDaysAgo: number;
  lastObservedDaysAgo: number;
  publishedDaysAgo: number;
  indicators: DemoIndicator[];
  /** index of the planted network (DEMO_INTEL.networks) the report belongs to, if any */
  network: number | null;
}

export interface DemoNetwork {
  /** how the demo's story calls the counterfeiter behind it (not stored: the alliance finds it) */
  name: string;
  size: number;
  /** the values its reports share: the factory's address, phone, payment account, … */
  shared: DemoIndicator[];
}

export interface DemoIntel {
  /** the members whose people report (each has at least one person) */
  reportingMembers: string[];
  /** the members with an admin and an analyst to sign in as */
  sharingMembers: string[];
  reports: DemoReport[];
  networks: DemoNetwork[];
  /** a marketplace's customer-service line that sellers list as their own: it links too many reports */
  serviceNumber: DemoIndicator;
  /** a value a sharing member reports (visible to members) that another member holds in a RED or AMBER_STRICT report */
  blindMatches: { member: string; holder: string; indicator: DemoIndicator }[];
  /** requests to connect over a blind match: the last step they reached */
  contactRequests: { requester: string; indicator: DemoIndicator; message: string; outcome: 'PENDING_REVIEW' | 'APPROVED' | 'ACCEPTED' }[];
  /** indicators the sharing members watch; loaded before the reports, so the reports raise notifications */
  watches: { member: string; indicator: DemoIndicator }[];
  /** a member's sweep of listings, imported as a CSV file (apps/api/src/exchange/README.md) */
  importFile: { member: string; fileName: string; csv: string; reports: number };
}

const REPORT_TOTAL = 2000;
const REPORTING_MEMBERS = 20;
/** More than the alliance's default correlation limit (100). */
const SERVICE_NUMBER_HOLDERS = 130;
/** Sizes of the planted networks: a dozen, from a 40-report factory down to three sellers. */
const NETWORK_SIZES = [40, 32, 25, 18, 14, 11, 9, 7, 6, 5, 4, 3];

const SEED = 0x1ee7da7a;
// the generator's state: reset by buildDemoIntel, so that every build gives the same data
let rng = seededRandom(SEED);
const int = (min: number, max: number): number => rng.int(min, max);
const chance = (p: number): boolean => rng.chance(p);
const pick = <T>(items: readonly T[]): T => rng.pick(items);
const shuffle = <T>(items: readonly T[]): T[] => rng.shuffle(items);
const digits = (n: number): string => Array.from({ length: n }, (_, i) => String(i === 0 ? int(1, 9) : int(0, 9))).join('');
const letters = (n: number, alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'): string => Array.from({ length: n }, () => alphabet[int(0, alphabet.length - 1)]).join('');
const hex = (n: number): string => letters(n, '0123456789abcdef');

function weighted<T>(items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rng.random() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1][0];
}

// ---------------------------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------------------------

const ACTIVE = DEMO_MEMBERS.filter((m) => m.status === MembershipStatus.ACTIVE);
/** The first twenty active members report; the others are quiet (no people yet). */
const REPORTING: DemoMember[] = ACTIVE.slice(0, REPORTING_MEMBERS);
/** Zhenlan (the first member, the original demo login) and the first two active members from abroad. */
const SHARING: DemoMember[] = [ACTIVE[0], ...REPORTING.filter((m) => m.country !== ACTIVE[0].country).slice(0, 2)];
const [FIRST, SECOND, THIRD] = SHARING;
const OTHERS = REPORTING.filter((m) => !SHARING.includes(m));
/** What a brand is a line of: "Heritage line of smart speakers." → "smart speakers". */
const productOf = (description: string): string => description.replace(/^.* line of /, '').replace(/\.$/, '');

// ---------------------------------------------------------------------------------------------
// Values, unique by their normalised key unless shared on purpose
// ---------------------------------------------------------------------------------------------

const used = new Set<string>();
/**
 * A fresh value of a type: drawn again until its normalised key, and every key derived from it (a
 * URL's domain, a payment account's e-mail, …), is new: unrelated demo sellers never share a key.
 */
function fresh(type: IndicatorType, draw: () => string): DemoIndicator {
  for (;;) {
    const value = draw();
    const result = normaliseIndicator(type, value);
    if (!result.ok) throw new Error(`Demo value ${type} ${value} does not normalise: ${result.reason}`);
    const ids = [`${type}:${result.key}`, ...derivedKeys(type, value).map((d) => `${d.type}:${d.key}`)];
    if (ids.every((id) => !used.has(id))) {
      for (const id of ids) used.add(id);
      return { type, value };
    }
  }
}

const SYLLABLES = ['jia', 'hao', 'xin', 'long', 'feng', 'mei', 'tian', 'yue', 'rui', 'kai', 'hong', 'sheng', 'da', 'li', 'bao', 'fu', 'wen', 'an'];
const SHOP_WORDS = ['outlet', 'store', 'direct', 'mall', 'deals', 'shop', 'factory', 'wholesale', 'trade', 'goods', 'official', 'global'];
const word = (): string => `${pick(SYLLABLES)}${pick(SYLLABLES)}`;
const MAIL_DOMAINS = ['fastpost.example', 'mailbox-cn.example', 'quickmail.example', 'sellermail.example', 'postbox.example'];

const CITIES: { city: string; province: string; districts: string[]; roads: string[] }[] = [
  { city: 'Guangzhou', province: 'Guangdong', districts: ['Baiyun', 'Panyu', 'Huadu', 'Haizhu'], roads: ['Xingye', 'Shijing', 'Huangshi', 'Jichang'] },
  { city: 'Shenzhen', province: 'Guangdong', districts: ['Longgang', 'Bao’an', 'Longhua'], roads: ['Bulong', 'Minzhi', 'Fuyong', 'Henggang'] },
  { city: 'Dongguan', province: 'Guangdong', districts: ['Humen', 'Chang’an', 'Houjie'], roads: ['Zhen’an', 'Xiagang', 'Baisha'] },
  { city: 'Putian', province: 'Fujian', districts: ['Licheng', 'Hanjiang', 'Xiuyu'], roads: ['Xueyuan', 'Gongchen', 'Jiuhua'] },
  { city: 'Yiwu', province: 'Zhejiang', districts: ['Choucheng', 'Futian', 'Beiyuan'], roads: ['Chouzhou', 'Futian', 'Xuefeng'] },
  { city: 'Quanzhou', province: 'Fujian', districts: ['Jinjiang', 'Shishi', 'Fengze'], roads: ['Anping', 'Chendai', 'Donghai'] },
];

function address(c = pick(CITIES)): DemoIndicator {
  return fresh(IndicatorType.POSTAL_ADDRESS, () => `${chance(0.5) ? `Unit ${int(1, 12)}, ` : ''}Building ${int(1, 40)}, ${int(1, 388)} ${pick(c.roads)} Road, ${pick(c.districts)} District, ${c.city}, ${c.province}`);
}
const phone = (): DemoIndicator =>
  fresh(IndicatorType.PHONE, () => (chance(0.85) ? `+86 1${pick([3, 5, 7, 8, 9])}${int(0, 9)} ${digits(4)} ${String(int(0, 9999)).padStart(4, '0')}` : `+852 ${pick([5, 6, 9])}${int(100, 999)} ${String(int(0, 9999)).padStart(4, '0')}`));
const email = (): DemoIndicator => fresh(IndicatorType.EMAIL, () => `${word()}.${pick(SHOP_WORDS)}${int(1, 999)}@${pick(MAIL_DOMAINS)}`);
const payment = (): DemoIndicator =>
  fresh(IndicatorType.PAYMENT_ACCOUNT, () => (chance(0.5) ? `pay.${word()}${int(10, 99)}@${pick(MAIL_DOMAINS)}` : `Alipay 2088 ${digits(4)} ${digits(4)} ${digits(4)}`));
const bankAccount = (): DemoIndicator => fresh(IndicatorType.BANK_ACCOUNT, () => `6222 0${digits(3)} ${digits(4)} ${digits(4)} ${digits(3)}`);
const handle = (): DemoIndicator =>
  fresh(IndicatorType.MESSAGING_HANDLE, () => (chance(0.7) ? `wechat:${word()}_${int(100, 9999)}` : `telegram:@${word()}${pick(SHOP_WORDS)}`));
const company = (): DemoIndicator =>
  fresh(IndicatorType.COMPANY_NAME, () => `${pick(CITIES).city} ${word().replace(/^./, (c) => c.toUpperCase())} ${pick(['Trading', 'Technology', 'Industrial', 'Import & Export'])} Co., Ltd.`);
const website = (): DemoIndicator => fresh(IndicatorType.URL, () => `https://www.${word()}-${pick(SHOP_WORDS)}.example/${pick(['', 'products/', 'shop/', 'catalogue/'])}`);
const domain = (): DemoIndicator => fresh(IndicatorType.DOMAIN, () => `${word()}${pick(SHOP_WORDS)}.example`);
const tracking = (): DemoIndicator => fresh(IndicatorType.TRACKING_NUMBER, () => pick([`SF${digits(12)}`, `YT${digits(16)}`, `LP00${digits(12)}`]));
const imageHash = (): DemoIndicator => fresh(IndicatorType.IMAGE_HASH, () => hex(16));
const ip = (): DemoIndicator => fresh(IndicatorType.IP_ADDRESS, () => `${pick(['203.0.113', '198.51.100', '192.0.2'])}.${int(1, 254)}`);

/** A store's address and a listing's, on each marketplace the alliance watches (libs/indicators marketplaces.ts). */
const MARKETPLACE_URLS: Record<string, { store: () => string; listing: () => string }> = {
  taobao: { store: () => `https://shop${digits(9)}.taobao.com/`, listing: () => `https://item.taobao.com/item.htm?id=${digits(12)}` },
  tmall: { store: () => `https://${word()}${pick(SHOP_WORDS)}.tmall.com/`, listing: () => `https://detail.tmall.com/item.htm?id=${digits(12)}` },
  aliexpress: { store: () => `https://www.aliexpress.com/store/${digits(10)}`, listing: () => `https://www.aliexpress.com/item/100500${digits(10)}.html` },
  alibaba: { store: () => `https://${word()}-${pick(SHOP_WORDS)}.en.alibaba.com/`, listing: () => `https://www.alibaba.com/product-detail/${word()}_${digits(13)}.html` },
  amazon: { store: () => `https://www.amazon.com/sp?seller=A${letters(13)}`, listing: () => `https://www.amazon.com/dp/B0${letters(8)}` },
  ebay: { store: () => `https://www.ebay.com/str/${word()}${pick(SHOP_WORDS)}${int(1, 99)}`, listing: () => `https://www.ebay.com/itm/${digits(12)}` },
  jd: { store: () => `https://mall.jd.com/index-${digits(8)}.html`, listing: () => `https://item.jd.com/${digits(12)}.html` },
  pinduoduo: { store: () => `https://mobile.yangkeduo.com/mall_page.html?mall_id=${digits(9)}`, listing: () => `https://mobile.yangkeduo.com/goods.html?goods_id=${digits(12)}` },
  shopee: { store: () => `https://shopee.sg/shop/${digits(9)}`, listing: () => `https://shopee.sg/product/${digits(9)}/${digits(11)}` },
  lazada: { store: () => `https://www.lazada.sg/shop/${word()}-${pick(SHOP_WORDS)}-${int(1, 99)}`, listing: () => `https://www.lazada.sg/products/${word()}-i${digits(10)}-s${digits(11)}.html` },
  etsy: { store: () => `https://www.etsy.com/shop/${word()}${pick(SHOP_WORDS)}${int(1, 99)}`, listing: () => `https://www.etsy.com/listing/${digits(10)}/${word()}` },
  walmart: { store: () => `https://www.walmart.com/seller/${digits(9)}`, listing: () => `https://www.walmart.com/ip/${word()}/${digits(10)}` },
};
const MARKETPLACES = Object.keys(MARKETPLACE_URLS);
/** Chinese marketplaces and the big cross-border ones carry most of the fakes. */
const MARKETPLACE_WEIGHTS: [string, number][] = [
  ['taobao', 16], ['aliexpress', 14], ['pinduoduo', 12], ['amazon', 10], ['tmall', 6], ['jd', 6], ['shopee', 8], ['lazada', 6], ['ebay', 8], ['alibaba', 6], ['etsy', 3], ['walmart', 5],
];
const store = (marketplace: string): DemoIndicator => fresh(IndicatorType.MARKETPLACE_STORE, MARKETPLACE_URLS[marketplace].store);
const listing = (marketplace: string): DemoIndicator => fresh(IndicatorType.MARKETPLACE_LISTING, MARKETPLACE_URLS[marketplace].listing);

const MARKETPLACE_NAMES: Record<string, string> = {
  taobao: 'Taobao', tmall: 'Tmall', aliexpress: 'AliExpress', alibaba: 'Alibaba.com', amazon: 'Amazon', ebay: 'eBay', jd: 'JD.com', pinduoduo: 'Pinduoduo', shopee: 'Shopee', lazada: 'Lazada', etsy: 'Etsy', walmart: 'Walmart Marketplace',
};

// ---------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------

const LEVEL_WEIGHTS: [SharingLevel, number][] = [
  [SharingLevel.CLEAR, 8], [SharingLevel.GREEN, 38], [SharingLevel.AMBER, 32], [SharingLevel.AMBER_STRICT, 13], [SharingLevel.RED, 9],
];
/** Inside the planted networks most reports are shared with the members, so a member sees the network. */
const NETWORK_LEVEL_WEIGHTS: [SharingLevel, number][] = [
  [SharingLevel.CLEAR, 8], [SharingLevel.GREEN, 45], [SharingLevel.AMBER, 35], [SharingLevel.AMBER_STRICT, 7], [SharingLevel.RED, 5],
];
const SELLER_KINDS: [ReportKind, number][] = [[ReportKind.ONLINE_SELLER, 82], [ReportKind.DISTRIBUTOR, 12], [ReportKind.OTHER, 6]];

const SELLER_TITLES = [
  (b: string, p: string, m: string) => `${m} store selling counterfeit ${b} ${p}`,
  (b: string, p: string, m: string) => `Fake ${b} ${p} listed on ${m}`,
  (b: string, p: string, m: string) => `${m} seller offering ${b} ${p} at a fraction of the price`,
  (b: string, p: string, m: string) => `Look-alike ${b} ${p} with copied packaging on ${m}`,
  (b: string, p: string, m: string) => `Test purchase on ${m}: ${b} ${p} confirmed fake`,
];
const SELLER_SUMMARIES = [
  'Test purchase received; the holograms and serial numbers do not match our records.',
  'Listing photos are copied from our official catalogue; the price is 80% below retail.',
  'Seller ships from Guangdong in unbranded cartons; the product fails our authentication checks.',
  'Repeat seller: the listings come back under new ids a few days after each takedown.',
  'Customer complaint about quality led us to this store; the goods are counterfeit.',
  'Store advertises "factory surplus" of our products; we have no such channel.',
];
const FACTORY_TITLES = [
  (b: string, p: string, city: string) => `Workshop in ${city} producing counterfeit ${b} ${p}`,
  (b: string, p: string, city: string) => `Warehouse near ${city} shipping fake ${b} ${p} to online sellers`,
  (b: string, p: string, city: string) => `Supplier of counterfeit ${b} ${p} packaging in ${city}`,
];

interface MemberPick {
  member: DemoMember;
  brands: string[];
  product: string;
  category: string;
}

function brandsOf(member: DemoMember): MemberPick {
  const brands = shuffle(member.brands).slice(0, chance(0.2) ? 2 : 1);
  return { member, brands: brands.map((b) => b.name), product: productOf(brands[0].description), category: pick(member.categories) };
}

function age(): { firstObservedDaysAgo: number; lastObservedDaysAgo: number; publishedDaysAgo: number } {
  const firstObservedDaysAgo = int(14, 364 + 30);
  const lastObservedDaysAgo = Math.max(1, firstObservedDaysAgo - int(0, 60));
  const publishedDaysAgo = Math.max(0, Math.min(364, lastObservedDaysAgo - int(0, 5)));
  return { firstObservedDaysAgo, lastObservedDaysAgo, publishedDaysAgo };
}

let sequence = 0;
function sellerReport(on: MemberPick, marketplace: string, level: SharingLevel, network: number | null, extra: DemoIndicator[]): DemoReport {
  const kind = weighted(SELLER_KINDS);
  const indicators = [store(marketplace), ...Array.from({ length: int(1, 2) }, () => listing(marketplace))];
  const brand = on.brands[0];
  return {
    sourceRef: `demo-${String(++sequence).padStart(4, '0')}`,
    member: on.member.name,
    kind,
    title: pick(SELLER_TITLES)(brand, on.product, MARKETPLACE_NAMES[marketplace]),
    summary: pick(SELLER_SUMMARIES),
    confidence: int(45, 95),
    sharingLevel: level,
    country: chance(0.9) ? 'CN' : 'HK',
    marketplaces: [marketplace],
    brands: on.brands,
    categories: [on.category],
    ...age(),
    indicators: [...indicators, ...extra],
    network,
  };
}

/** What a lone seller adds to its store and listings: a few contact details of its own. */
function ownExtras(): DemoIndicator[] {
  const makers = shuffle([phone, email, payment, handle, tracking, imageHash, website, domain]);
  return makers.slice(0, weighted([[0, 2], [1, 4], [2, 4], [3, 2]] as [number, number][])).map((make) => make());
}

const serviceNumber: DemoIndicator = { type: IndicatorType.PHONE, value: '+86 400 886 5510', note: 'Listed as the store’s customer service line' };

/** Builds the demo's intelligence from the seed: the same data every time. */
export function buildDemoIntel(): DemoIntel {
  rng = seededRandom(SEED);
  used.clear();
  used.add(`${serviceNumber.type}:${(normaliseIndicator(serviceNumber.type, serviceNumber.value) as { key: string }).key}`); // shared on purpose
  sequence = 0;
  const reports: DemoReport[] = [];
  const networks: DemoNetwork[] = [];

  // ---- the planted networks -------------------------------------------------------------------

  NETWORK_SIZES.forEach((size, n) => {
    // a sharing member in every network (each demo login sees networks), and 1–5 others
    const members = [SHARING[n % SHARING.length], ...shuffle(OTHERS).slice(0, Math.min(size - 1, int(1, 5)))];
    const marketplaces = shuffle(MARKETPLACES).slice(0, Math.min(size, int(2, 4)));
    const city = pick(CITIES);
    const shared = [address(city), phone(), payment(), handle(), company(), email(), bankAccount(), ip()].slice(0, Math.min(8, 2 + Math.ceil(size / 6)));
    const name = `${city.city} ${pick(['workshop', 'warehouse', 'trading house', 'packaging supplier'])} (${size} reports)`;
    networks.push({ name, size, shared });
    const introduced: DemoIndicator[] = [];
    for (let i = 0; i < size; i++) {
      const on = brandsOf(members[i % members.length]);
      const level = weighted(NETWORK_LEVEL_WEIGHTS);
      // each report holds a shared value an earlier report holds (so the network stays one), and maybe another
      const links = i === 0 ? [shared[0]] : [pick(introduced)];
      if (chance(0.5)) links.push(pick(shared));
      const distinct = [...new Set(links)];
      for (const l of distinct) if (!introduced.includes(l)) introduced.push(l);
      if (i === 0) {
        // the factory itself, reported by the first member that traced its sellers back to it
        reports.push({
          sourceRef: `demo-${String(++sequence).padStart(4, '0')}`,
          member: on.member.name,
          kind: ReportKind.MANUFACTURER,
          title: pick(FACTORY_TITLES)(on.brands[0], on.product, city.city),
          summary: `Investigators traced several online sellers of fake ${on.product} to this site in ${city.city}; it also makes goods under other members' brands.`,
          confidence: int(70, 95),
          sharingLevel: SharingLevel.AMBER,
          country: 'CN',
          marketplaces: [],
          brands: on.brands,
          categories: [on.category],
          ...age(),
          indicators: distinct,
          network: n,
        });
        continue;
      }
      reports.push(sellerReport(on, marketplaces[i % marketplaces.length], level, n, distinct));
    }
  });

  // ---- blind matches: a value one member shares with the alliance, another holds in a report it keeps to itself ----

  const blindMatches: DemoIntel['blindMatches'] = [
    { member: FIRST.name, holder: OTHERS[0].name, indicator: email() },
    { member: SECOND.name, holder: FIRST.name, indicator: phone() },
    { member: THIRD.name, holder: SECOND.name, indicator: payment() },
    { member: THIRD.name, holder: OTHERS[1].name, indicator: handle() },
  ];
  blindMatches.forEach((b, i) => {
    const marketplace = weighted(MARKETPLACE_WEIGHTS);
    const visible = REPORTING.find((m) => m.name === b.member)!;
    const holder = REPORTING.find((m) => m.name === b.holder)!;
    reports.push(sellerReport(brandsOf(visible), marketplace, SharingLevel.GREEN, null, [b.indicator]));
    reports.push(sellerReport(brandsOf(holder), marketplace, i % 2 === 0 ? SharingLevel.RED : SharingLevel.AMBER_STRICT, null, [b.indicator]));
  });

  const contactRequests: DemoIntel['contactRequests'] = [
    { requester: FIRST.name, indicator: blindMatches[0].indicator, message: 'We have test purchases from this seller and would like to compare notes before filing.', outcome: 'PENDING_REVIEW' },
    { requester: SECOND.name, indicator: blindMatches[1].indicator, message: 'This number is on the parcels of our fakes too. Could we share what we know?', outcome: 'APPROVED' },
    { requester: THIRD.name, indicator: blindMatches[2].indicator, message: 'The same payment account collects for fakes of our brands; shall we refer it together?', outcome: 'ACCEPTED' },
  ];

  // ---- watchlists: each sharing member watches a value of a network that another member reports ----

  const watches: DemoIntel['watches'] = SHARING.map((m, i) => {
    const n = networks.findIndex((_, k) => k % SHARING.length === (i + 1) % SHARING.length);
    return { member: m.name, indicator: networks[n].shared[0] };
  });

  // ---- the over-correlating number, and everyone's lone sellers ----


  /** Members report in proportion to their size; the sharing members (the demo logins) more. */
  const memberWeights: [DemoMember, number][] = REPORTING.map((m) => [m, m.brands.length + (SHARING.includes(m) ? 6 : 0) + int(0, 4)]);
  const lone = REPORT_TOTAL - reports.length;
  const every = Math.floor(lone / SERVICE_NUMBER_HOLDERS);
  let holders = 0;
  for (let i = 0; i < lone; i++) {
    const on = brandsOf(weighted(memberWeights));
    const extras = ownExtras();
    if (i % every === 0 && holders < SERVICE_NUMBER_HOLDERS) {
      // written the ways sellers write it; one key once normalised
      extras.push({ ...serviceNumber, value: pick(['+86 400 886 5510', '+86-400-886-5510', '0086 400 8865 510', '+86 4008865510']) });
      holders++;
    }
    reports.push(sellerReport(on, weighted(MARKETPLACE_WEIGHTS), weighted(LEVEL_WEIGHTS), null, extras));
  }

  return {
    reportingMembers: REPORTING.map((m) => m.name),
    sharingMembers: SHARING.map((m) => m.name),
    reports,
    networks,
    serviceNumber,
    blindMatches,
    contactRequests,
    watches,
    importFile: importFile(networks),
  };
}

// ---- the import: a member's sweep of listings, a few of which lead to a known network ----

function importFile(networks: DemoNetwork[]): DemoIntel['importFile'] {
  const member = SECOND;
  const header = ['report_ref', 'report_title', 'report_kind', 'sharing_level', 'confidence', 'country', 'indicator_type', 'indicator_value', 'indicator_note'];
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  const lines = [header.join(',')];
  const count = 12;
  for (let i = 1; i <= count; i++) {
    const on = brandsOf(member);
    const marketplace = weighted(MARKETPLACE_WEIGHTS);
    const values = [store(marketplace), listing(marketplace), ...(i % 4 === 0 ? [networks[1].shared[0]] : ownExtras().slice(0, 1))];
    const title = `Sweep ${MARKETPLACE_NAMES[marketplace]}: ${on.brands[0]} ${on.product} (${i} of ${count})`;
    const report = [`sweep-2026-${String(i).padStart(2, '0')}`, title, ReportKind.ONLINE_SELLER, i % 3 === 0 ? SharingLevel.AMBER : SharingLevel.GREEN, String(int(50, 80)), 'CN'];
    for (const v of values) {
      lines.push([...report, v.type, v.value, v.note ?? ''].map(quote).join(','));
    }
  }
  return { member: member.name, fileName: 'marketplace-sweep.csv', csv: `${lines.join('\n')}\n`, reports: count };
}


export const DEMO_INTEL: DemoIntel = buildDemoIntel();
