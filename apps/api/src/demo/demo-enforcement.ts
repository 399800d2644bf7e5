// The demo's enforcement cases (issue 17): ten offline investigations opened from the demo's planted
// networks and its flagged repeat store, at every status of the case lifecycle, with a dated log
// (test buys, raids, seizures, litigation), evidence, referrals to the demo's law-enforcement
// partner, outcomes in several currencies and court results. Pure and deterministic like
// demo-intel.ts: days are counted back from the day the demo is loaded, and every draw comes from
// one seeded generator. DemoEnforcementService plays each case through the enforcement services.
import { CaseAction, CaseStatus } from '../../../../libs/enforcement/src/index.js';
import type { ActionKind, CourtResultKind, TargetKind } from '../enforcement/enforcement-case.repository.js';
import { DEMO_INTEL } from './demo-intel.js';
import { seededRandom } from './demo-random.js';

/** A moment of the demo's history: so many days before the day the demo is loaded, at a minute of that day (UTC). */
export interface DemoMoment {
  daysAgo: number;
  minute: number;
}

/** Who acts: the alliance's coordinator, or the admin of a sharing member (an index of DEMO_INTEL.sharingMembers). */
export type DemoActor = 'COORDINATOR' | number;

export interface DemoEvidenceFile {
  fileName: string;
  contentType: 'application/pdf' | 'text/plain';
  /** the PDF's heading (a text file starts with it too) */
  heading: string;
  lines: string[];
}

export interface DemoOutcomes {
  arrests: number;
  sitesClosed: { manufacturing: number; warehouse: number; distribution: number; retail: number };
  unitsSeized: number;
  valueSeized: { amountMinor: string; currency: string };
}

/** What happens to a case after it is opened, in the order it happened. */
export type DemoCaseEvent =
  | { kind: 'STEP'; at: DemoMoment; action: CaseAction; by: DemoActor; note?: string }
  | { kind: 'LOG'; daysAgo: number; entry: ActionKind; summary: string; by: DemoActor }
  | { kind: 'EVIDENCE'; at: DemoMoment; files: DemoEvidenceFile[]; by: number }
  | { kind: 'OUTCOMES'; outcomes: DemoOutcomes }
  | { kind: 'COURT'; daysAgo: number; court: string; result: CourtResultKind; defendant: string; sentenceMonths: number | null; fine: { amountMinor: string; currency: string } | null; detail: string };

export interface DemoCase {
  title: string;
  summary: string;
  /** where the case ends up */
  status: CaseStatus;
  /** the leading member: an index of DEMO_INTEL.sharingMembers */
  lead: number;
  participants: number[];
  /** the coordinator opens it for the lead, or the lead's admin opens it */
  openedBy: 'COORDINATOR' | 'LEAD';
  opened: DemoMoment;
  /** the planted network it is about (an index of DEMO_INTEL.networks) */
  network: number | null;
  /** linked to the upheld takedowns of the demo's flagged repeat store on Lotusmart */
  repeatStore: boolean;
  targets: { kind: TargetKind; name: string; detail?: string }[];
  /** how it is referred (REFER steps), to the demo's law-enforcement partner */
  referral: { agency: string; jurisdiction: string; reference: string } | null;
  events: DemoCaseEvent[];
}

const random = seededRandom(1702);
/** office hours, so no two steps of a case fall on one minute and the timeline reads like a working week */
const at = (daysAgo: number): DemoMoment => ({ daysAgo, minute: random.int(8 * 60, 17 * 60 + 59) });
const ref = (): string => `HZ-ECU-${random.int(1000, 9999)}`;
const units = (min: number, max: number): number => random.int(min, max) * 10;
/** whole thousands of the currency: exact at any rate the impact report converts with */
const thousands = (min: number, max: number, currency: string) => ({ amountMinor: String(random.int(min, max) * 1000 * 100), currency });

const network = (n: number) => {
  const planted = DEMO_INTEL.networks[n];
  const value = (type: string) => planted.shared.find((s) => s.type === type)?.value;
  const city = planted.name.split(' ')[0];
  return { city, address: value('POSTAL_ADDRESS')!, company: value('COMPANY_NAME'), handle: value('MESSAGING_HANDLE') };
};
const province: Record<string, string> = { Putian: 'CN-FJ', Quanzhou: 'CN-FJ', Yiwu: 'CN-ZJ', Shenzhen: 'CN-GD', Dongguan: 'CN-GD', Guangzhou: 'CN-GD' };
const AGENCY = 'Haizhou PSB Economic Crimes Unit';
const targetsOf = (n: number, extra: DemoCase['targets'] = []): DemoCase['targets'] => {
  const { address, company, handle } = network(n);
  return [
    ...(company ? [{ kind: 'COMPANY' as const, name: company }] : []),
    { kind: 'ADDRESS' as const, name: address },
    ...(handle ? [{ kind: 'PERSON' as const, name: `The seller behind ${handle}`, detail: 'Takes orders over messaging; name not yet known' }] : []),
    ...extra,
  ];
};
const sites = (s: Partial<DemoOutcomes['sitesClosed']>): DemoOutcomes['sitesClosed'] => ({ manufacturing: 0, warehouse: 0, distribution: 0, retail: 0, ...s });
const testBuyReport = (what: string, where: string, findings: string[]): DemoEvidenceFile => ({
  fileName: `test-purchase-${where.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.pdf`,
  contentType: 'application/pdf',
  heading: `Test purchase report: ${what}`,
  lines: [`Bought from: ${where}`, ...findings, 'The goods are kept sealed in the member’s evidence room; photographs on file.'],
});
const notes = (fileName: string, heading: string, lines: string[]): DemoEvidenceFile => ({ fileName, contentType: 'text/plain', heading, lines });

function buildCases(): DemoCase[] {
  const cases: DemoCase[] = [];

  // 1. OPEN: the Lotusmart store removed and upheld three times, opened by Zhenlan itself
  cases.push({
    title: 'Lotusmart repeat store lm_repeat_store',
    summary: 'Three listings removed and upheld within the year and a fourth waiting: a test purchase shows the goods are still counterfeit, so Zhenlan looks for the supplier behind the store.',
    status: CaseStatus.OPEN, lead: 0, participants: [], openedBy: 'LEAD', opened: at(9), network: null, repeatStore: true,
    targets: [{ kind: 'SITE', name: 'Lotusmart store lm_repeat_store', detail: 'https://www.lotusmart.example/?shop=lm_repeat_store' }],
    referral: null,
    events: [
      { kind: 'LOG', daysAgo: 6, entry: 'TEST_BUY', summary: 'Test purchase of two bags from lm_repeat_store: both counterfeit (stitching, serial plates, packaging).', by: 0 },
      { kind: 'EVIDENCE', at: at(5), by: 0, files: [testBuyReport('two bags from lm_repeat_store', 'Lotusmart lm_repeat_store', ['Order LM-90041, CNY 39.80 each, shipped from Putian.', 'Serial plates do not exist in our production records.'])] },
    ],
  });

  // 2. OPEN: opened by the coordinator for Harrowgate on a trading house Zhenlan also sees
  {
    const n = 4;
    const { city } = network(n);
    cases.push({
      title: `${city} trading house selling to overseas resellers`,
      summary: `The ${city} trading house's payment account and handle link fourteen reports of three members; it sells in bulk to resellers abroad.`,
      status: CaseStatus.OPEN, lead: 1, participants: [0], openedBy: 'COORDINATOR', opened: at(4), network: n, repeatStore: false,
      targets: targetsOf(n), referral: null,
      events: [
        { kind: 'LOG', daysAgo: 2, entry: 'INVESTIGATION', summary: 'Company registry and trade-show records checked: the trading house was registered eight months ago by a nominee director.', by: 1 },
      ],
    });
  }

  // 3. REFERRED: the 40-report packaging supplier, with the partner now
  {
    const n = 0;
    const { city } = network(n);
    cases.push({
      title: `${city} packaging supplier behind forty sellers`,
      summary: `One packaging supplier in ${city} ships for the sellers of forty reports across three members' brands; its address, phone and payment account recur in all of them.`,
      status: CaseStatus.REFERRED, lead: 0, participants: [1, 2], openedBy: 'COORDINATOR', opened: at(64), network: n, repeatStore: false,
      targets: targetsOf(n), referral: { agency: `${AGENCY} (with the ${city} PSB)`, jurisdiction: province[city], reference: ref() },
      events: [
        { kind: 'LOG', daysAgo: 58, entry: 'TEST_BUY', summary: 'Three test purchases from sellers in the network: the boxes and hang tags all come from the same supplier.', by: 0 },
        { kind: 'LOG', daysAgo: 47, entry: 'INVESTIGATION', summary: `Site visit by the investigator: the supplier's unit in ${city} prints boxes for at least four brands.`, by: 1 },
        { kind: 'EVIDENCE', at: at(45), by: 0, files: [
          testBuyReport('boxes and hang tags', `three sellers supplied from ${city}`, ['Identical box board, glue and print defects across the three orders.', 'Hang tags carry our trademarks without a licence.']),
          notes('site-visit-notes.txt', `Site visit, ${city}`, ['Two floors, about 20 workers.', 'Printing plates with four members’ marks seen on the racks.', 'Delivery vans leave twice a day for the logistics park.']),
        ] },
        { kind: 'STEP', at: at(41), action: CaseAction.REFER, by: 'COORDINATOR', note: 'Handed over at the monthly liaison meeting' },
      ],
    });
  }

  // 4. ACTION_TAKEN: a warehouse raided last month, outcomes in CNY
  {
    const n = 3;
    const { city } = network(n);
    cases.push({
      title: `${city} warehouse of counterfeit electronics`,
      summary: `A warehouse in ${city} stocks counterfeit chargers and earphones for online sellers; Zhenlan traced eighteen reports to it.`,
      status: CaseStatus.ACTION_TAKEN, lead: 0, participants: [], openedBy: 'LEAD', opened: at(150), network: n, repeatStore: false,
      targets: targetsOf(n), referral: { agency: AGENCY, jurisdiction: province[city], reference: ref() },
      events: [
        { kind: 'LOG', daysAgo: 141, entry: 'TEST_BUY', summary: 'Test purchase of ten chargers: no safety certification, our mark on the casing.', by: 0 },
        { kind: 'EVIDENCE', at: at(128), by: 0, files: [testBuyReport('ten chargers', `${city} warehouse sellers`, ['Casing and packaging copy our current models.', 'Two chargers failed the insulation test.'])] },
        { kind: 'STEP', at: at(120), action: CaseAction.REFER, by: 'COORDINATOR' },
        { kind: 'LOG', daysAgo: 36, entry: 'RAID', summary: `The PSB raided the warehouse in ${city} with Zhenlan's investigator; four people detained.`, by: 0 },
        { kind: 'LOG', daysAgo: 36, entry: 'SEIZURE', summary: 'Chargers, earphones and packaging seized and sealed; inventory signed by the PSB.', by: 0 },
        { kind: 'STEP', at: at(35), action: CaseAction.RECORD_ACTION, by: 0, note: 'Raid and seizure on the PSB’s warrant' },
        { kind: 'OUTCOMES', outcomes: { arrests: 4, sitesClosed: sites({ warehouse: 1, distribution: 1 }), unitsSeized: units(1200, 2400), valueSeized: thousands(600, 1400, 'CNY') } },
      ],
    });
  }

  // 5. ACTION_TAKEN: a showroom shipping to Hong Kong buyers, outcomes in HKD
  {
    const n = 5;
    const { city } = network(n);
    cases.push({
      title: `${city} warehouse supplying Hong Kong showrooms`,
      summary: `Copperline's toys are copied in ${city} and sold through showrooms across the border; the network's payment account takes the buyers' deposits.`,
      status: CaseStatus.ACTION_TAKEN, lead: 2, participants: [0], openedBy: 'COORDINATOR', opened: at(96), network: n, repeatStore: false,
      targets: targetsOf(n, [{ kind: 'SITE', name: 'Showroom, Sham Shui Po', detail: 'Sells the goods at retail' }]),
      referral: { agency: AGENCY, jurisdiction: province[city], reference: ref() },
      events: [
        { kind: 'LOG', daysAgo: 90, entry: 'TEST_BUY', summary: 'Two test purchases at the showroom, paid to the network’s account.', by: 2 },
        { kind: 'EVIDENCE', at: at(86), by: 2, files: [testBuyReport('two toy sets', 'the Sham Shui Po showroom', ['Paid by transfer to the account in the network.', 'Safety markings forged.'])] },
        { kind: 'STEP', at: at(80), action: CaseAction.REFER, by: 'COORDINATOR' },
        { kind: 'LOG', daysAgo: 13, entry: 'RAID', summary: `Coordinated raid on the ${city} warehouse; the showroom closed the same day.`, by: 2 },
        { kind: 'STEP', at: at(12), action: CaseAction.RECORD_ACTION, by: 'COORDINATOR' },
        { kind: 'OUTCOMES', outcomes: { arrests: 2, sitesClosed: sites({ warehouse: 1, retail: 2 }), unitsSeized: units(300, 600), valueSeized: thousands(200, 500, 'HKD') } },
      ],
    });
  }

  // 6. PROSECUTION: a workshop exporting to US buyers, outcomes in USD, an injunction so far
  {
    const n = 1;
    const { city, company } = network(n);
    cases.push({
      title: `${city} workshop exporting sportswear`,
      summary: `A workshop in ${city} makes Harrowgate's footwear and sportswear for export buyers; thirty-two reports link its sellers.`,
      status: CaseStatus.PROSECUTION, lead: 1, participants: [0, 2], openedBy: 'COORDINATOR', opened: at(262), network: n, repeatStore: false,
      targets: targetsOf(n), referral: { agency: AGENCY, jurisdiction: province[city], reference: ref() },
      events: [
        { kind: 'LOG', daysAgo: 251, entry: 'TEST_BUY', summary: 'Export order of 200 pairs placed through an agent; delivered with forged labels.', by: 1 },
        { kind: 'EVIDENCE', at: at(238), by: 1, files: [
          testBuyReport('200 pairs of trainers (export order)', `${company ?? 'the workshop'}`, ['Invoiced in USD to a buyer abroad.', 'Labels and insoles copy the current season.']),
          notes('shipping-records.txt', 'Shipping records', ['Bills of lading for six containers, the consignee the same shell company.', 'Ports: Shenzhen Yantian to Long Beach.']),
        ] },
        { kind: 'STEP', at: at(231), action: CaseAction.REFER, by: 'COORDINATOR' },
        { kind: 'LOG', daysAgo: 191, entry: 'RAID', summary: 'The workshop and its warehouse were raided; production lines sealed.', by: 1 },
        { kind: 'LOG', daysAgo: 190, entry: 'SEIZURE', summary: 'Finished goods, moulds and labels seized.', by: 1 },
        { kind: 'STEP', at: at(189), action: CaseAction.RECORD_ACTION, by: 1 },
        { kind: 'OUTCOMES', outcomes: { arrests: 6, sitesClosed: sites({ manufacturing: 1, warehouse: 2 }), unitsSeized: units(4000, 6000), valueSeized: thousands(250, 450, 'USD') } },
        { kind: 'LOG', daysAgo: 152, entry: 'LITIGATION', summary: 'Harrowgate joined the prosecution as a civil party and asked for an asset freeze.', by: 1 },
        { kind: 'STEP', at: at(141), action: CaseAction.PROSECUTE, by: 1, note: 'Indictment filed by the procuratorate' },
        { kind: 'COURT', daysAgo: 120, court: `${city} Intermediate People's Court`, result: 'INJUNCTION', defendant: company ?? 'The workshop’s owner', sentenceMonths: null, fine: null, detail: 'Assets frozen until judgment.' },
      ],
    });
  }

  // 7. CLOSED after prosecution: containers bound for Europe, outcomes in EUR, a conviction
  {
    const n = 2;
    const { city, company } = network(n);
    cases.push({
      title: `${city} warehouse shipping to Europe`,
      summary: `Toys and their packaging from a ${city} warehouse went to European buyers in containers declared as household goods.`,
      status: CaseStatus.CLOSED, lead: 2, participants: [1], openedBy: 'COORDINATOR', opened: at(342), network: n, repeatStore: false,
      targets: targetsOf(n), referral: { agency: AGENCY, jurisdiction: province[city], reference: ref() },
      events: [
        { kind: 'LOG', daysAgo: 335, entry: 'INVESTIGATION', summary: 'Customs data: eleven containers in a year, all to the same importer in Rotterdam.', by: 2 },
        { kind: 'EVIDENCE', at: at(318), by: 2, files: [notes('customs-declarations.txt', 'Customs declarations', ['Eleven declarations as household goods.', 'Declared value in EUR, far below our wholesale prices.'])] },
        { kind: 'STEP', at: at(311), action: CaseAction.REFER, by: 'COORDINATOR' },
        { kind: 'LOG', daysAgo: 292, entry: 'SEIZURE', summary: 'Two containers stopped and searched at the port; the warehouse sealed the next day.', by: 2 },
        { kind: 'STEP', at: at(290), action: CaseAction.RECORD_ACTION, by: 2 },
        { kind: 'OUTCOMES', outcomes: { arrests: 2, sitesClosed: sites({ warehouse: 1, distribution: 1 }), unitsSeized: units(9000, 14000), valueSeized: thousands(900, 1600, 'EUR') } },
        { kind: 'STEP', at: at(251), action: CaseAction.PROSECUTE, by: 2 },
        { kind: 'COURT', daysAgo: 176, court: `${city} Intermediate People's Court`, result: 'CONVICTION', defendant: company ?? 'The warehouse’s manager', sentenceMonths: 36, fine: thousands(400, 600, 'CNY'), detail: 'Sale of goods bearing counterfeit marks (Criminal Law, art. 214).' },
        { kind: 'STEP', at: at(170), action: CaseAction.CLOSE, by: 'COORDINATOR', note: 'Judgment final' },
      ],
    });
  }

  // 8. CLOSED without prosecution: an administrative raid on a small workshop, outcomes in CNY
  {
    const n = 6;
    const { city } = network(n);
    cases.push({
      title: `${city} warehouse and its retail stalls`,
      summary: `A small warehouse in ${city} supplies market stalls with Zhenlan's accessories.`,
      status: CaseStatus.CLOSED, lead: 0, participants: [], openedBy: 'LEAD', opened: at(212), network: n, repeatStore: false,
      targets: targetsOf(n), referral: { agency: AGENCY, jurisdiction: province[city], reference: ref() },
      events: [
        { kind: 'LOG', daysAgo: 205, entry: 'TEST_BUY', summary: 'Test purchases at two stalls supplied by the warehouse.', by: 0 },
        { kind: 'EVIDENCE', at: at(199), by: 0, files: [testBuyReport('accessories at two stalls', `${city} market stalls`, ['Both stalls name the same supplier on their receipts.'])] },
        { kind: 'STEP', at: at(192), action: CaseAction.REFER, by: 'COORDINATOR' },
        { kind: 'LOG', daysAgo: 161, entry: 'RAID', summary: 'Market supervision bureau and PSB inspected the warehouse and the stalls.', by: 0 },
        { kind: 'STEP', at: at(160), action: CaseAction.RECORD_ACTION, by: 0 },
        { kind: 'OUTCOMES', outcomes: { arrests: 0, sitesClosed: sites({ warehouse: 1, retail: 2 }), unitsSeized: units(150, 400), valueSeized: thousands(80, 200, 'CNY') } },
        { kind: 'STEP', at: at(131), action: CaseAction.CLOSE, by: 0, note: 'Administrative fine paid; the stalls’ licences revoked' },
      ],
    });
  }

  // 9. DROPPED before any referral
  {
    const n = 7;
    const { city } = network(n);
    cases.push({
      title: `${city} resellers on messaging apps`,
      summary: `Resellers in ${city} take orders over messaging apps and ship from rented rooms.`,
      status: CaseStatus.DROPPED, lead: 1, participants: [], openedBy: 'COORDINATOR', opened: at(183), network: n, repeatStore: false,
      targets: targetsOf(n), referral: null,
      events: [
        { kind: 'LOG', daysAgo: 171, entry: 'INVESTIGATION', summary: 'The handles went quiet after a takedown wave; the rooms were let to someone else.', by: 1 },
        { kind: 'STEP', at: at(142), action: CaseAction.DROP, by: 1, note: 'The resellers vanished; nothing left to pursue' },
      ],
    });
  }

  // 10. DROPPED after the referral: the partner found the premises empty
  {
    const n = 8;
    const { city } = network(n);
    cases.push({
      title: `${city} workshop printing toy packaging`,
      summary: `A workshop in ${city} prints packaging for counterfeit toys.`,
      status: CaseStatus.DROPPED, lead: 2, participants: [], openedBy: 'COORDINATOR', opened: at(124), network: n, repeatStore: false,
      targets: targetsOf(n), referral: { agency: AGENCY, jurisdiction: province[city], reference: ref() },
      events: [
        { kind: 'LOG', daysAgo: 112, entry: 'TEST_BUY', summary: 'A sample order of printed boxes through a broker.', by: 2 },
        { kind: 'EVIDENCE', at: at(104), by: 2, files: [testBuyReport('printed toy boxes', `a broker for the ${city} workshop`, ['Boxes print our mark and a fake safety certificate.'])] },
        { kind: 'STEP', at: at(97), action: CaseAction.REFER, by: 'COORDINATOR' },
        { kind: 'STEP', at: at(61), action: CaseAction.DROP, by: 'COORDINATOR', note: 'The PSB found the premises empty; too little to go on' },
      ],
    });
  }
  return cases;
}

export const DEMO_CASES: readonly DemoCase[] = buildCases();

/** The sums of the demo cases' outcomes: arrests, sites by kind, units and the value seized per currency (minor units). */
export function demoOutcomeTotals(cases: readonly DemoCase[] = DEMO_CASES) {
  const totals = { arrests: 0, sitesClosed: sites({}), unitsSeized: 0, valueSeized: {} as Record<string, bigint> };
  for (const c of cases) {
    for (const e of c.events) {
      if (e.kind !== 'OUTCOMES') continue;
      const o = e.outcomes;
      totals.arrests += o.arrests;
      for (const k of Object.keys(totals.sitesClosed) as (keyof DemoOutcomes['sitesClosed'])[]) totals.sitesClosed[k] += o.sitesClosed[k];
      totals.unitsSeized += o.unitsSeized;
      totals.valueSeized[o.valueSeized.currency] = (totals.valueSeized[o.valueSeized.currency] ?? 0n) + BigInt(o.valueSeized.amountMinor);
    }
  }
  return totals;
}
