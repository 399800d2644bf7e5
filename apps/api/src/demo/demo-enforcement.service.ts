import { Injectable } from '@nestjs/common';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { normaliseIndicator, type IndicatorType } from '../../../../libs/indicators/src/index.js';
import { CaseAction } from '../../../../libs/enforcement/src/index.js';
import { TakedownStatus } from '../../../../libs/takedown/src/index.js';
import { BrandService } from '../brands/brand.service.js';
import { RequestContext } from '../common/request-context.js';
import { EnforcementCaseService } from '../enforcement/enforcement-case.service.js';
import { FileStorageService } from '../files/file-storage.service.js';
import { AuthService } from '../identity/auth.service.js';
import { NetworkService } from '../intel/correlation/network.service.js';
import { PageWriter } from '../takedown/takedown-notice.service.js';
import { TakedownService } from '../takedown/takedown.service.js';
import { DEMO_CASES, type DemoActor, type DemoCase, type DemoEvidenceFile, type DemoMoment } from './demo-enforcement.js';
import { DEMO_INTEL } from './demo-intel.js';

const DAY_MS = 86_400_000;
/** Cases played at once while loading (each is a short run of transactions; custody appends queue on the alliance's chain). */
const PARALLEL = 5;
/** The store DemoTakedownService removes three times (its upheld requests open the first case). */
const REPEAT_STORE = 'lm_repeat_store';

/**
 * The demo's enforcement cases (issue 17): DEMO_CASES played through the enforcement services — opened
 * by the coordinator or the lead member from the planted networks (found by their shared values)
 * and the repeat store's upheld takedowns, with evidence uploaded and attached, referred to the
 * demo's law-enforcement partner, moved along the transition table, logged, with outcomes and
 * court results — so the transitions, the audit log and the custody chain are what real use makes.
 * Then each case's history is set back to the days the plan gives (`EnforcementCaseService.backdate`).
 * Answers the cases opened.
 */
@Injectable()
export class DemoEnforcementService {
  constructor(
    private readonly cases: EnforcementCaseService,
    private readonly files: FileStorageService,
    private readonly auth: AuthService,
    private readonly brands: BrandService,
    private readonly networks: NetworkService,
    private readonly takedowns: TakedownService,
  ) {}

  async load(input: { allianceId: string; coordinatorId: string; people: Map<string, string[]>; policePartnershipId: string }, now = new Date()): Promise<number> {
    const coordinator = await this.auth.contextOfUserId(input.coordinatorId);
    const admins = await Promise.all(DEMO_INTEL.sharingMembers.map(async (name) => {
      const userId = input.people.get(name)?.[0];
      if (!userId) throw new Error(`The demo member ${name} has nobody to act for it`);
      return this.auth.contextOfUserId(userId);
    }));
    const actor = (who: DemoActor): RequestContext => (who === 'COORDINATOR' ? coordinator : admins[who]);
    const networkIds = await this.plantedNetworks(input.allianceId);
    const repeatStoreTakedowns = await this.repeatStoreTakedowns(admins[0]);
    const firstBrand = new Map([...(await this.brands.brandsByOrganisationIds(coordinator, admins.map((a) => a.organisationId!)))].map(([org, brands]) => [org, brands[0]?.id]));
    const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const when = (m: DemoMoment) => new Date(dayStart - m.daysAgo * DAY_MS + m.minute * 60_000);
    const day = (daysAgo: number) => new Date(dayStart - daysAgo * DAY_MS).toISOString().slice(0, 10);

    const play = async (plan: DemoCase): Promise<void> => {
      const lead = admins[plan.lead];
      const members = [plan.lead, ...plan.participants].map((i) => admins[i].organisationId!);
      const network = plan.network === null ? undefined : networkIds.get(plan.network);
      const opened = await this.cases.open(plan.openedBy === 'LEAD' ? lead : coordinator, {
        title: plan.title, summary: plan.summary, leadOrganisationId: lead.organisationId, participantOrganisationIds: members.slice(1), targets: plan.targets,
        brandIds: members.map((org) => firstBrand.get(org)).filter((id): id is string => !!id),
        networkIds: network ? [network] : [], takedownIds: plan.repeatStore ? repeatStoreTakedowns : [],
      });
      const steps = [when(plan.opened)];
      let evidenceAt: Date | null = null;
      for (const e of plan.events) {
        switch (e.kind) {
          case 'STEP': {
            const referral = e.action === CaseAction.REFER ? { partnershipId: input.policePartnershipId, ...plan.referral! } : null;
            await this.cases.move(actor(e.by), opened.id, e.action, e.note ?? null, referral);
            steps.push(when(e.at));
            break;
          }
          case 'LOG':
            await this.cases.logAction(actor(e.by), opened.id, { kind: e.entry, occurredOn: day(e.daysAgo), summary: e.summary }, now);
            break;
          case 'EVIDENCE': {
            const by = actor(e.by);
            const stored = [];
            for (const f of e.files) stored.push(await this.files.store(by, { fileName: f.fileName, contentType: f.contentType, content: await evidence(f) }, 'content'));
            await this.cases.attachEvidence(by, opened.id, stored.map((f) => f.id));
            evidenceAt = when(e.at);
            break;
          }
          case 'OUTCOMES':
            await this.cases.recordOutcomes(lead, opened.id, e.outcomes);
            break;
          case 'COURT':
            await this.cases.addCourtResult(lead, opened.id, { ...e, decidedOn: day(e.daysAgo) }, now);
            break;
        }
      }
      await this.cases.backdate(RequestContext.system(input.allianceId), opened.id, steps, evidenceAt);
    };
    for (let i = 0; i < DEMO_CASES.length; i += PARALLEL) await Promise.all(DEMO_CASES.slice(i, i + PARALLEL).map(play));
    return DEMO_CASES.length;
  }

  /** Each planted network's id, found by the values its reports share (DEMO_INTEL.networks), as intelligence holds them. */
  private async plantedNetworks(allianceId: string): Promise<Map<number, string>> {
    const wanted = new Set(DEMO_CASES.map((c) => c.network).filter((n): n is number => n !== null));
    const keys = [...wanted].flatMap((n) => DEMO_INTEL.networks[n].shared.flatMap((s) => {
      const r = normaliseIndicator(s.type, s.value);
      return r.ok ? [{ n, type: s.type as IndicatorType, key: r.key }] : [];
    }));
    const held = await this.networks.keyHolders(allianceId, keys.map(({ type, key }) => ({ type, key })));
    const ids = new Map<number, string>();
    for (const n of wanted) {
      // the network most of its shared values are in
      const votes = new Map<string, number>();
      for (const k of keys.filter((k) => k.n === n)) {
        for (const h of held) if (h.type === k.type && h.key === k.key && h.networkId) votes.set(h.networkId, (votes.get(h.networkId) ?? 0) + 1);
      }
      const [best] = [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      if (best) ids.set(n, best[0]);
    }
    return ids;
  }

  /** The upheld takedowns of the repeat store, filed by the first sharing member (DemoTakedownService). */
  private async repeatStoreTakedowns(ctx: RequestContext): Promise<string[]> {
    const upheld = (await this.takedowns.page(ctx, { queue: false, status: TakedownStatus.UPHELD, first: 100 })).edges.map((e) => e.node.id);
    const listings = await this.takedowns.listingsOf(ctx, upheld);
    return upheld.filter((id) => (listings.get(id) ?? []).some((l) => l.storeId === REPEAT_STORE)).sort();
  }
}

/** A report as evidence: a one-page PDF (pdf-lib, its standard fonts) or a text file. */
async function evidence(f: DemoEvidenceFile): Promise<Buffer> {
  if (f.contentType === 'text/plain') return Buffer.from(`${f.heading}\n\n${f.lines.join('\n')}\n`);
  const doc = await PDFDocument.create();
  doc.setTitle(f.heading);
  // a fixed date keeps each file the same at every load
  doc.setCreationDate(new Date(Date.UTC(2026, 0, 1)));
  doc.setModificationDate(new Date(Date.UTC(2026, 0, 1)));
  const writer = new PageWriter(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  writer.line(f.heading, { size: 16, bold: true });
  writer.gap();
  for (const line of f.lines) writer.paragraph(line);
  return Buffer.from(await doc.save());
}
