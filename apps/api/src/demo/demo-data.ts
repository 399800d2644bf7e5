// Fictional demo data for the demo alliance: 30 member organisations with their brands and
// trademarks, and 5 partners. Every name, number and website here is invented (websites use the
// reserved `.example` domain). Pure and deterministic: built once from small word lists and a
// seeded PRNG, so every load of the demo gives the same data.
import {
  DEFAULT_INDUSTRY_CATEGORIES,
  MembershipStatus,
  MembershipTier,
  OrganisationKind,
  PartnerKind,
  PartnerScope,
  TrademarkOffice,
} from '../../../../libs/domain/src/index.js';
import { seededRandom, slug } from './demo-random.js';

export interface DemoTrademark {
  office: TrademarkOffice;
  registrationNumber: string;
  niceClasses: number[];
  ownerName: string;
  /** YYYY-MM-DD */
  registeredOn: string;
  /** YYYY-MM-DD, ten years after registration */
  expiresOn: string;
  verified: boolean;
}

export interface DemoBrand {
  name: string;
  description: string;
  website: string;
  trademarks: DemoTrademark[];
}

export interface DemoMember {
  name: string;
  legalName: string;
  /** BRAND_OWNER mostly, a few AUTHORISED_AGENT */
  kind: OrganisationKind;
  /** ISO 3166-1 alpha-2 */
  country: string;
  website: string;
  description: string;
  tier: MembershipTier;
  status: MembershipStatus;
  /** YYYY-MM-DD; null unless ACTIVE, SUSPENDED or LEFT */
  joinedOn: string | null;
  /** 1–2 names from DEFAULT_INDUSTRY_CATEGORIES */
  categories: string[];
  brands: DemoBrand[];
}

export interface DemoPartner {
  name: string;
  kind: PartnerKind;
  country: string;
  /** values of PartnerScope */
  scopes: string[];
}

// ---------------------------------------------------------------------------------------------
// Seeded PRNG and small helpers
// ---------------------------------------------------------------------------------------------

const { int, chance, pick, shuffle } = seededRandom(0xc0ffee42);
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
/** Days 1–28 only, so "ten years later" is always a real date. */
const date = (year: number, month = int(1, 12), day = int(1, 28)): string => `${year}-${pad(month)}-${pad(day)}`;
const addYears = (iso: string, years: number): string => `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`;

// ---------------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------------

const [APPAREL, LUXURY, BEAUTY, ELECTRONICS, PHARMA, FOOD, AUTO, TOYS, SPORTS, HOME, SOFTWARE, CHEMICALS] =
  DEFAULT_INDUSTRY_CATEGORIES;

interface CategoryWords {
  /** Nice classes every mark in the category carries one of */
  primary: number[];
  /** Nice classes a mark may add */
  secondary: number[];
  /** how an organisation in the category names itself: "<stem> <noun>" */
  orgNouns: string[];
  /** what it makes: "maker of …" */
  trade: string;
  /** what a brand is a line of */
  products: string[];
  /** a category related enough to be a member's second one */
  related: string;
}

const CATEGORY_WORDS: Record<string, CategoryWords> = {
  [APPAREL]: {
    primary: [25], secondary: [18, 35, 24], orgNouns: ['Apparel', 'Footwear', 'Textiles', 'Outfitters'],
    trade: 'clothing and footwear', products: ['denim', 'sneakers', 'knitwear', 'outerwear', 'workwear', 'children’s clothing'], related: SPORTS,
  },
  [LUXURY]: {
    primary: [18, 14], secondary: [25, 3, 9], orgNouns: ['Leather Works', 'Atelier', 'Jewellers', 'Watchmakers'],
    trade: 'leather goods, watches and jewellery', products: ['handbags', 'watches', 'fine jewellery', 'small leather goods', 'luggage', 'eyewear'], related: APPAREL,
  },
  [BEAUTY]: {
    primary: [3], secondary: [5, 21, 44], orgNouns: ['Cosmetics', 'Beauty', 'Laboratories', 'Skincare'],
    trade: 'cosmetics and personal care products', products: ['skincare', 'fragrances', 'hair care', 'make-up', 'sun care', 'shaving products'], related: PHARMA,
  },
  [ELECTRONICS]: {
    primary: [9], secondary: [11, 35, 42], orgNouns: ['Electronics', 'Audio', 'Devices', 'Technologies'],
    trade: 'consumer electronics', products: ['headphones', 'chargers', 'power banks', 'smart speakers', 'action cameras', 'phone accessories'], related: SOFTWARE,
  },
  [PHARMA]: {
    primary: [5], secondary: [10, 44, 3], orgNouns: ['Pharma', 'Therapeutics', 'Health', 'Biosciences'],
    trade: 'medicines and health products', products: ['pain relief', 'vitamins', 'allergy remedies', 'diagnostic tests', 'infant nutrition', 'wound care'], related: BEAUTY,
  },
  [FOOD]: {
    primary: [29, 30, 32], secondary: [33, 31, 43], orgNouns: ['Foods', 'Beverages', 'Dairy', 'Confectionery'],
    trade: 'food and drinks', products: ['infant formula', 'chocolate', 'sparkling water', 'olive oil', 'tea', 'energy drinks'], related: PHARMA,
  },
  [AUTO]: {
    primary: [12], secondary: [7, 4, 37], orgNouns: ['Automotive', 'Motor Parts', 'Brake Systems', 'Components'],
    trade: 'automotive spare parts', products: ['brake pads', 'spark plugs', 'oil filters', 'wiper blades', 'bearings', 'lubricants'], related: CHEMICALS,
  },
  [TOYS]: {
    primary: [28], secondary: [9, 16, 41], orgNouns: ['Toys', 'Games', 'Playthings'],
    trade: 'toys and games', products: ['construction sets', 'collectible figures', 'plush toys', 'board games', 'model kits', 'trading cards'], related: SOFTWARE,
  },
  [SPORTS]: {
    primary: [28], secondary: [25, 22, 18, 12], orgNouns: ['Sports', 'Outdoor', 'Athletics', 'Cycles'],
    trade: 'sports and outdoor equipment', products: ['running shoes', 'tents', 'golf clubs', 'bicycles', 'climbing gear', 'football boots'], related: APPAREL,
  },
  [HOME]: {
    primary: [21], secondary: [8, 11, 20, 24], orgNouns: ['Housewares', 'Home', 'Kitchenware', 'Living'],
    trade: 'household goods', products: ['cookware', 'water filters', 'kitchen knives', 'bedding', 'vacuum flasks', 'small appliances'], related: ELECTRONICS,
  },
  [SOFTWARE]: {
    primary: [9, 41], secondary: [42, 38, 28], orgNouns: ['Software', 'Interactive', 'Media', 'Studios'],
    trade: 'software, games and media', products: ['video games', 'security software', 'animated series', 'productivity apps', 'streaming content', 'e-books'], related: TOYS,
  },
  [CHEMICALS]: {
    primary: [1], secondary: [2, 4, 17, 7], orgNouns: ['Chemicals', 'Coatings', 'Industries', 'Materials'],
    trade: 'industrial chemicals and materials', products: ['adhesives', 'agrochemicals', 'industrial coatings', 'sealants', 'refrigerant gases', 'welding supplies'], related: AUTO,
  },
};

interface CountryWords {
  name: string;
  /** trademark office a member from here files with first */
  homeOffice: TrademarkOffice;
  /** invented name stems; at least as many as members from the country */
  stems: string[];
  legalForms: string[];
  /** Chinese legal names carry a province */
  provinces?: string[];
}

const COUNTRIES: Record<string, CountryWords> = {
  CN: {
    name: 'China', homeOffice: TrademarkOffice.CNIPA, legalForms: ['Co., Ltd.'],
    stems: ['Yunfeng', 'Lanxing', 'Mingrui', 'Haoyue', 'Zhenlan', 'Songtao', 'Qinghe', 'Jiahe', 'Ruiyang', 'Xinhui'],
    provinces: ['Zhejiang', 'Guangdong', 'Jiangsu', 'Fujian', 'Shanghai', 'Shenzhen'],
  },
  US: { name: 'the United States', homeOffice: TrademarkOffice.USPTO, legalForms: ['Inc.', 'LLC', 'Corp.'], stems: ['Redwater', 'Bluehaven', 'Harrowgate', 'Copperline'] },
  DE: { name: 'Germany', homeOffice: TrademarkOffice.EUIPO, legalForms: ['GmbH', 'AG'], stems: ['Falkenau', 'Brückner', 'Eschenhof'] },
  IT: { name: 'Italy', homeOffice: TrademarkOffice.EUIPO, legalForms: ['S.p.A.', 'S.r.l.'], stems: ['Aurelian', 'Valdoro', 'Castellina'] },
  FR: { name: 'France', homeOffice: TrademarkOffice.EUIPO, legalForms: ['SAS', 'SA'], stems: ['Verlaine', 'Beaurivage', 'Montclair'] },
  GB: { name: 'the United Kingdom', homeOffice: TrademarkOffice.UKIPO, legalForms: ['Ltd', 'plc'], stems: ['Ashcombe', 'Thornbury', 'Wrenfield'] },
  JP: { name: 'Japan', homeOffice: TrademarkOffice.JPO, legalForms: ['Co., Ltd.', 'K.K.'], stems: ['Kazumi', 'Hoshizora', 'Tsukigane'] },
  KR: { name: 'South Korea', homeOffice: TrademarkOffice.KIPO, legalForms: ['Co., Ltd.', 'Corp.'], stems: ['Hanullim', 'Saebyeol', 'Dasol'] },
  CH: { name: 'Switzerland', homeOffice: TrademarkOffice.WIPO, legalForms: ['AG', 'SA'], stems: ['Alpenglanz', 'Rothwand', 'Vallorin'] },
  ES: { name: 'Spain', homeOffice: TrademarkOffice.EUIPO, legalForms: ['S.L.', 'S.A.'], stems: ['Valmira', 'Costanera', 'Sierraluz'] },
  NL: { name: 'the Netherlands', homeOffice: TrademarkOffice.EUIPO, legalForms: ['B.V.'], stems: ['Vanderhoek', 'Zeewind'] },
  SE: { name: 'Sweden', homeOffice: TrademarkOffice.EUIPO, legalForms: ['AB'], stems: ['Norrvik', 'Fjällby'] },
};

/** 30 members: 9 from the home country (CN), 21 from 11 other countries. */
const MEMBER_COUNTRIES: string[] = [
  ...Array<string>(9).fill('CN'),
  'US', 'US', 'US', 'DE', 'DE', 'IT', 'IT', 'FR', 'FR', 'GB', 'GB', 'JP', 'JP', 'KR', 'KR', 'CH', 'CH', 'ES', 'ES', 'NL', 'SE',
];

/** Members at these positions (by MEMBER_COUNTRIES) are authorised agents, not brand owners. */
const AGENT_POSITIONS = new Set([2, 12, 18]);
const AGENT_NOUNS = ['Brand Protection', 'IP Services', 'Trademark Agency'];

/** The fictional rights holders the agents act for. */
const PRINCIPALS: string[] = [
  'Lindqvist Holding AB', 'Oakhollow Brands Inc.', 'Marisol Grupo S.A.', 'Bergmann & Söhne GmbH',
  'Pemberton & Wilde Ltd', 'Sakuragawa Holdings Co., Ltd.',
];

// Brand names: coined words ("Vellora") or two words ("Kestrel Run").
const SYLLABLE_HEADS = ['Vel', 'Ar', 'Cal', 'Dor', 'Ly', 'Mar', 'Nor', 'Or', 'Sol', 'Tav', 'Zen', 'Bel', 'Cor', 'Ev', 'Ka', 'Lu', 'Mi', 'Ri', 'Sev', 'Tor'];
const SYLLABLE_TAILS = ['lora', 'ina', 'ano', 'eia', 'vio', 'ora', 'issa', 'enta', 'ova', 'ix', 'aro', 'elle', 'umi', 'ana', 'eno', 'yra'];
const WORD_FIRSTS = ['Kestrel', 'Granite', 'Silver', 'North', 'Ember', 'Willow', 'Harbor', 'Juniper', 'Falcon', 'Cedar', 'Tidal', 'Copper', 'Lark', 'Summit', 'Heron'];
const WORD_SECONDS = ['Run', 'Peak', 'Fern', 'Hollow', 'Crest', 'Field', 'Stone', 'Trail', 'Bay', 'Ridge', 'Leaf', 'Wave', 'Path', 'Grove'];

const BRAND_STYLES = ['Premium', 'Everyday', 'Professional', 'Entry-level', 'Best-selling', 'Heritage', 'Eco-friendly', 'Flagship'];
const ORG_OPENERS = ['Family-owned maker of', 'Manufacturer and distributor of', 'Designer of', 'Long-established producer of', 'Fast-growing maker of'];

// ---------------------------------------------------------------------------------------------
// Trademark registration numbers, unique per office across the dataset
// ---------------------------------------------------------------------------------------------

const REGISTRATION_FORMATS: Record<TrademarkOffice, () => string> = {
  [TrademarkOffice.USPTO]: () => String(int(4_000_000, 7_499_999)),
  [TrademarkOffice.EUIPO]: () => pad(int(10_000_000, 18_999_999), 9),
  [TrademarkOffice.CNIPA]: () => String(int(10_000_000, 69_999_999)),
  [TrademarkOffice.WIPO]: () => String(int(900_000, 1_799_999)),
  [TrademarkOffice.JPO]: () => String(int(5_000_000, 6_899_999)),
  [TrademarkOffice.UKIPO]: () => `UK0000${int(3_000_000, 3_999_999)}`,
  [TrademarkOffice.KIPO]: () => `40-${int(1_000_000, 2_199_999)}`,
  [TrademarkOffice.OTHER]: () => String(int(100_000, 999_999)),
};

const usedNumbers = new Map<TrademarkOffice, Set<string>>();
function registrationNumber(office: TrademarkOffice): string {
  const used = usedNumbers.get(office) ?? new Set<string>();
  usedNumbers.set(office, used);
  let n = REGISTRATION_FORMATS[office]();
  while (used.has(n)) n = REGISTRATION_FORMATS[office]();
  used.add(n);
  return n;
}

/** Registrations from 2009–2025; those before late 2016 have expired (no renewal on file). */
function registrationDate(): string {
  return chance(0.08) ? date(int(2009, 2015)) : date(int(2016, 2025));
}

function niceClasses(category: string): number[] {
  const words = CATEGORY_WORDS[category];
  const classes = new Set([pick(words.primary)]);
  const extra = int(0, 2);
  for (let i = 0; i < extra; i++) classes.add(pick([...words.primary, ...words.secondary]));
  return [...classes].sort((a, b) => a - b);
}

/** Where a member files: home office first, then China (the alliance's home), then international. */
function officesFor(country: string, count: number): TrademarkOffice[] {
  const home = COUNTRIES[country].homeOffice;
  const rest =
    home === TrademarkOffice.CNIPA
      ? shuffle([TrademarkOffice.WIPO, TrademarkOffice.USPTO, TrademarkOffice.EUIPO])
      : [TrademarkOffice.CNIPA, ...shuffle([TrademarkOffice.WIPO, TrademarkOffice.USPTO, TrademarkOffice.EUIPO].filter((o) => o !== home))];
  return [home, ...rest].slice(0, count);
}

// ---------------------------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------------------------

const BRAND_TOTAL = 150;

/** 3–8 brands per member, nudged so the total is exactly BRAND_TOTAL. */
function brandCounts(members: number): number[] {
  const counts = Array.from({ length: members }, () => int(3, 8));
  let total = counts.reduce((a, b) => a + b, 0);
  while (total !== BRAND_TOTAL) {
    const i = int(0, members - 1);
    if (total > BRAND_TOTAL && counts[i] > 3) (counts[i]--, total--);
    else if (total < BRAND_TOTAL && counts[i] < 8) (counts[i]++, total++);
  }
  return counts;
}

/** Joins two syllables without a doubled letter or a vowel clash ("Mi" + "issa" → "Missa"). */
function coined(head: string, tail: string): string {
  const vowel = /[aeiouy]/;
  const last = head.at(-1)!;
  const first = tail[0];
  return last === first || (vowel.test(last) && vowel.test(first)) ? head + tail.slice(1) : head + tail;
}

const usedBrandNames = new Set<string>();
function brandName(): string {
  for (;;) {
    const name = chance(0.6) ? coined(pick(SYLLABLE_HEADS), pick(SYLLABLE_TAILS)) : `${pick(WORD_FIRSTS)} ${pick(WORD_SECONDS)}`;
    if (!usedBrandNames.has(name)) {
      usedBrandNames.add(name);
      return name;
    }
  }
}

/** Joining years 2017–2026 for the 28 members that have joined; 2017 joiners are the founders. */
const JOIN_YEARS: number[] = [
  2017, 2017, 2017, 2017,
  2018, 2018, 2018, 2019, 2019, 2019, 2020, 2020, 2020, 2021, 2021, 2021,
  2022, 2022, 2022, 2023, 2023, 2023, 2024, 2024, 2025, 2025, 2026, 2026,
];

const STATUSES: MembershipStatus[] = [
  ...Array<MembershipStatus>(26).fill(MembershipStatus.ACTIVE),
  MembershipStatus.SUSPENDED, MembershipStatus.APPLIED, MembershipStatus.UNDER_REVIEW, MembershipStatus.LEFT,
];

function buildMembers(): DemoMember[] {
  const statuses = shuffle(STATUSES);
  const joinYears = shuffle(JOIN_YEARS);
  const primaryCategories = shuffle([...DEFAULT_INDUSTRY_CATEGORIES, ...DEFAULT_INDUSTRY_CATEGORIES, ...DEFAULT_INDUSTRY_CATEGORIES]);
  const counts = brandCounts(MEMBER_COUNTRIES.length);
  const stemsLeft = new Map(Object.entries(COUNTRIES).map(([code, c]) => [code, shuffle(c.stems)]));
  const principals = [...PRINCIPALS];

  return MEMBER_COUNTRIES.map((country, position): DemoMember => {
    const words = COUNTRIES[country];
    const kind = AGENT_POSITIONS.has(position) ? OrganisationKind.AUTHORISED_AGENT : OrganisationKind.BRAND_OWNER;
    const primary = primaryCategories[position];
    const categories = chance(0.35) ? [primary, CATEGORY_WORDS[primary].related] : [primary];

    const stem = stemsLeft.get(country)!.pop()!;
    const name = `${stem} ${kind === OrganisationKind.AUTHORISED_AGENT ? pick(AGENT_NOUNS) : pick(CATEGORY_WORDS[primary].orgNouns)}`;
    const legalName = [words.provinces ? pick(words.provinces) : null, name, pick(words.legalForms)].filter(Boolean).join(' ');

    const status = statuses[position];
    const hasJoined = status === MembershipStatus.ACTIVE || status === MembershipStatus.SUSPENDED || status === MembershipStatus.LEFT;
    const joinYear = hasJoined ? joinYears.pop()! : null;
    // 2026 joiners joined before November, the demo's "now".
    const joinedOn = joinYear === null ? null : date(joinYear, joinYear === 2026 ? int(1, 10) : int(1, 12));
    const tier =
      joinYear === 2017 ? MembershipTier.FOUNDING
      : kind === OrganisationKind.AUTHORISED_AGENT || chance(0.3) ? MembershipTier.ASSOCIATE
      : MembershipTier.FULL;

    const trade = categories.map((c) => CATEGORY_WORDS[c].trade).join(' as well as ');
    const description =
      kind === OrganisationKind.AUTHORISED_AGENT
        ? `Trademark and brand-protection agency based in ${words.name}, acting in China for rights holders in ${trade}.`
        : `${pick(ORG_OPENERS)} ${trade}, based in ${words.name} and selling in ${int(5, 60)} markets.`;

    // An agent acts for two fictional rights holders; a brand owner owns its marks itself.
    const owners = kind === OrganisationKind.AUTHORISED_AGENT ? [principals.shift()!, principals.shift()!] : [legalName];
    const unverified = status === MembershipStatus.APPLIED || status === MembershipStatus.UNDER_REVIEW;

    const brands = Array.from({ length: counts[position] }, (_, b): DemoBrand => {
      const brand = brandName();
      const category = pick(categories);
      const ownerName = owners[b % owners.length];
      const trademarks = officesFor(country, int(1, 3)).map((office): DemoTrademark => {
        const registeredOn = registrationDate();
        return {
          office,
          registrationNumber: registrationNumber(office),
          niceClasses: niceClasses(category),
          ownerName,
          registeredOn,
          expiresOn: addYears(registeredOn, 10),
          verified: !unverified && chance(0.86),
        };
      });
      return {
        name: brand,
        description: `${pick(BRAND_STYLES)} line of ${pick(CATEGORY_WORDS[category].products)}.`,
        website: `https://www.${slug(brand)}.example`,
        trademarks,
      };
    });

    return { name, legalName, kind, country, website: `https://www.${slug(name)}.example`, description, tier, status, joinedOn, categories, brands };
  });
}

export const DEMO_MEMBERS: DemoMember[] = buildMembers();

// ---------------------------------------------------------------------------------------------
// Partners
// ---------------------------------------------------------------------------------------------

export const DEMO_PARTNERS: DemoPartner[] = [
  {
    name: 'Lotusmart Marketplace',
    kind: PartnerKind.MARKETPLACE,
    country: 'CN',
    scopes: [PartnerScope.DIRECTORY_READ, PartnerScope.STATS_READ, PartnerScope.INTEL_READ],
  },
  {
    name: 'Haizhou Public Security Bureau, Economic Crimes Unit',
    kind: PartnerKind.LAW_ENFORCEMENT,
    country: 'CN',
    scopes: [PartnerScope.DIRECTORY_READ, PartnerScope.STATS_READ, PartnerScope.INTEL_READ, PartnerScope.INTEL_AMBER, PartnerScope.CASES_READ],
  },
  {
    name: 'Donghai Port Customs IPR Office',
    kind: PartnerKind.GOVERNMENT_AGENCY,
    country: 'CN',
    scopes: [PartnerScope.DIRECTORY_READ, PartnerScope.STATS_READ, PartnerScope.INTEL_READ, PartnerScope.INTEL_AMBER],
  },
  {
    name: 'Global Brand Integrity Association',
    kind: PartnerKind.TRADE_ASSOCIATION,
    country: 'GB',
    scopes: [PartnerScope.DIRECTORY_READ, PartnerScope.STATS_READ],
  },
  {
    name: 'Eastlake University Supply-Chain Forensics Lab',
    kind: PartnerKind.ACADEMIA,
    country: 'CN',
    scopes: [PartnerScope.STATS_READ],
  },
];
