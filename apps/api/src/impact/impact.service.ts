import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { regionOf, Role } from '../../../../libs/domain/src/index.js';
import { currencyProblem } from '../../../../libs/domain/src/money.js';
import { AllianceService } from '../alliances/alliance.service.js';
import { AuditService } from '../audit/audit.service.js';
import { BrandService } from '../brands/brand.service.js';
import { IndustryCategory } from '../categories/industry-category.model.js';
import { badInput, conflict, forbidden, notFound } from '../common/errors.js';
import { toGlobalId } from '../common/node.js';
import { RequestContext } from '../common/request-context.js';
import { moneyOf } from '../enforcement/enforcement-case.models.js';
import { EnforcementCaseService } from '../enforcement/enforcement-case.service.js';
import { MemberService } from '../members/member.service.js';
import { MembershipService } from '../members/membership.service.js';
import { MonitoringAlertService } from '../monitoring/monitoring-alert.service.js';
import { TakedownService } from '../takedown/takedown.service.js';
import { canonicalRate, convertAll, rateProblem, type DatedAmount, type ExchangeRateValue } from './currency-conversion.js';
import type { ExchangeRate, ImpactFigures, ImpactMemberCount, ImpactMonth, ImpactReport } from './impact.models.js';
import { ImpactRepository } from './impact.repository.js';

/** Most dated rates an alliance keeps (a rate a month for 40 currencies over a year is 480). */
export const MAX_EXCHANGE_RATES = 500;
/** The first year a report covers. */
export const FIRST_REPORT_YEAR = 2000;

/**
 * The alliance's impact report (issue 17, outcomes 6 and 7), from its owners' aggregates: members
 * and brands, members by category and country (members, brands), the takedown roll-up per month
 * (takedown), alerts and proactive removals per month (monitoring), cases and outcomes
 * (enforcement). Never a row: every figure is a count or a sum over the whole alliance. The quarters'
 * takedown and monitoring figures are their months' sums.
 *
 * Who reads it: coordinators, and the people of active members — the alliance's figures as a trade
 * association publishes them, so a member sees the alliance's totals, not only its own (the owners
 * are asked as the system inside the caller's alliance for that reason, after this check). Partners,
 * reviewers and former members do not. Rates and the reporting currency: coordinators.
 */
@Injectable()
export class ImpactService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ImpactRepository,
    private readonly audit: AuditService,
    private readonly memberships: MembershipService,
    private readonly members: MemberService,
    private readonly alliances: AllianceService,
    private readonly brands: BrandService,
    private readonly takedowns: TakedownService,
    private readonly alerts: MonitoringAlertService,
    private readonly cases: EnforcementCaseService,
  ) {}

  async assertMayRead(ctx: RequestContext): Promise<void> {
    if (ctx.isCoordinator) return;
    if ((ctx.role === Role.MEMBER_ADMIN || ctx.role === Role.MEMBER_ANALYST) && (await this.memberships.isActiveMember(ctx))) return;
    throw forbidden('The impact report is for the coordinators and the alliance’s active members');
  }

  private assertCoordinator(ctx: RequestContext): void {
    if (!ctx.isCoordinator) throw forbidden('Coordinators keep the reporting currency and the exchange rates');
  }

  async report(ctx: RequestContext, year: number, now = new Date()): Promise<ImpactReport> {
    await this.assertMayRead(ctx);
    if (!Number.isInteger(year) || year < FIRST_REPORT_YEAR || year > now.getUTCFullYear()) {
      throw badInput('year', `A report covers a year from ${FIRST_REPORT_YEAR} to ${now.getUTCFullYear()}`);
    }
    const system = RequestContext.system(ctx.allianceId);
    const bounds = [0, 1, 2, 3, 4].map((q) => new Date(Date.UTC(year, 3 * q, 1)));
    const quarters = [0, 1, 2, 3].map((q) => ({ from: bounds[q], to: bounds[q + 1] }));
    const ends = quarters.map((q) => (q.to < now ? q.to : now));
    const [reportingCurrency, rates, holdings, takedownMonths, alertMonths, enforcement, groups] = await Promise.all([
      this.repository.reportingCurrency(ctx.allianceId),
      this.repository.rates(ctx.allianceId, MAX_EXCHANGE_RATES),
      this.brands.holdingsAt(system, ends),
      this.takedowns.monthlyCounts(system, bounds[0], bounds[4]),
      this.alerts.perMonth(system, bounds[0], bounds[4]),
      this.cases.impactFigures(system, bounds[0], bounds[4]),
      this.members.activeMembersByGroupAt(system, ends[3]),
    ]);
    const months = monthsOf(year, takedownMonths, alertMonths);

    const figures = quarters.map((q, i): ImpactFigures => {
      const inQuarter = months.slice(3 * i, 3 * i + 3);
      const sum = (f: (m: ImpactMonth) => number) => inQuarter.reduce((n, m) => n + f(m), 0);
      const counts = enforcement.counts.find((c) => c.quarter === i + 1);
      const outcomes = enforcement.outcomes.filter((o) => o.quarter === i + 1);
      const sites = (k: 'manufacturing' | 'warehouse' | 'distribution' | 'retail') => outcomes.reduce((n, o) => n + o[k], 0);
      const sitesClosed = { manufacturing: sites('manufacturing'), warehouse: sites('warehouse'), distribution: sites('distribution'), retail: sites('retail'), total: 0 };
      sitesClosed.total = sitesClosed.manufacturing + sitesClosed.warehouse + sitesClosed.distribution + sitesClosed.retail;
      const values: DatedAmount[] = outcomes.filter((o) => o.currency && o.valueMinor).map((o) => ({ currency: o.currency!, on: o.on, amountMinor: BigInt(o.valueMinor!) }));
      const converted = convertAll(values, reportingCurrency, rates);
      return {
        period: `${year}-Q${i + 1}`, from: q.from, to: q.to,
        members: holdings[i].members, brands: holdings[i].brands,
        takedownsReceived: sum((m) => m.takedownsReceived), takedownsProcessed: sum((m) => m.takedownsProcessed), takedownsProcessedWithinSla: sum((m) => m.takedownsProcessedWithinSla),
        listingsRemoved: sum((m) => m.listingsRemoved), listingsRemovedProactively: sum((m) => m.listingsRemovedProactively), listingsRemovedOnNotice: sum((m) => m.listingsRemovedOnNotice),
        alerts: sum((m) => m.alerts),
        casesOpened: counts?.opened ?? 0, casesReferred: counts?.referred ?? 0,
        arrests: outcomes.reduce((n, o) => n + o.arrests, 0), sitesClosed,
        unitsSeized: outcomes.reduce((n, o) => n + BigInt(o.units), 0n).toString(),
        valueSeized: converted.convertedMinor === null ? null : moneyOf(converted.convertedMinor.toString(), reportingCurrency),
        valueUnconverted: converted.unconverted.map((u) => moneyOf(u.amountMinor.toString(), u.currency)!),
      };
    });
    return {
      year, reportingCurrency, quarters: figures, total: yearOf(year, figures, reportingCurrency), months, membersAt: ends[3],
      ...memberGroupsOf(groups),
    };
  }

  /** The report with what its printed form adds: the alliance's name (GET /impact-report.pdf). */
  async reportWithAlliance(ctx: RequestContext, year: number): Promise<{ report: ImpactReport; allianceName: string }> {
    const report = await this.report(ctx, year);
    return { report, allianceName: (await this.alliances.get(ctx)).name };
  }

  async exchangeRates(ctx: RequestContext): Promise<{ reportingCurrency: string | null; rates: ExchangeRate[] }> {
    await this.assertMayRead(ctx);
    const [reportingCurrency, rates] = await Promise.all([this.repository.reportingCurrency(ctx.allianceId), this.repository.rates(ctx.allianceId, MAX_EXCHANGE_RATES)]);
    return { reportingCurrency, rates: rates.map(rateOf) };
  }

  async setReportingCurrency(ctx: RequestContext, code: string): Promise<string> {
    this.assertCoordinator(ctx);
    const currency = this.currency(code, 'currency');
    await this.dataSource.transaction(async (em) => {
      const before = await this.repository.reportingCurrency(ctx.allianceId, em);
      await this.repository.saveReportingCurrency(em, ctx.allianceId, currency, ctx.actorId);
      await this.audit.record(em, ctx, { action: 'impact.reporting_currency_set', targetType: 'Alliance', targetId: ctx.allianceId, before: { reportingCurrency: before }, after: { reportingCurrency: currency } });
    });
    return currency;
  }

  async setRate(ctx: RequestContext, input: { currency: string; validFrom: string; rate: string }): Promise<ExchangeRate> {
    this.assertCoordinator(ctx);
    const value: ExchangeRateValue = { currency: this.currency(input.currency, 'currency'), validFrom: this.day(input.validFrom), rate: this.rate(input.rate) };
    return this.dataSource.transaction(async (em) => {
      const reporting = await this.repository.reportingCurrency(ctx.allianceId, em);
      if (reporting === value.currency) throw badInput('currency', `${value.currency} is the reporting currency: its values need no rate`);
      const before = await this.repository.rate(em, ctx.allianceId, value.currency, value.validFrom);
      if (!before && (await this.repository.countRates(em, ctx.allianceId)) >= MAX_EXCHANGE_RATES) {
        throw conflict(`The alliance keeps at most ${MAX_EXCHANGE_RATES} rates; remove old ones first`, undefined, 'validFrom');
      }
      const saved = await this.repository.saveRate(em, ctx.allianceId, value, ctx.actorId);
      await this.audit.record(em, ctx, {
        action: 'impact.exchange_rate_set', targetType: 'Alliance', targetId: ctx.allianceId,
        before: before ? { currency: before.currency, validFrom: before.validFrom, rate: canonicalRate(before.rate) } : null, after: { ...value },
      });
      return rateOf(saved);
    });
  }

  async removeRate(ctx: RequestContext, input: { currency: string; validFrom: string }): Promise<boolean> {
    this.assertCoordinator(ctx);
    const currency = this.currency(input.currency, 'currency');
    const validFrom = this.day(input.validFrom);
    return this.dataSource.transaction(async (em) => {
      const before = await this.repository.rate(em, ctx.allianceId, currency, validFrom);
      if (!before || !(await this.repository.removeRate(em, ctx.allianceId, currency, validFrom))) throw notFound('Exchange rate', 'validFrom');
      await this.audit.record(em, ctx, { action: 'impact.exchange_rate_removed', targetType: 'Alliance', targetId: ctx.allianceId, before: { currency, validFrom, rate: canonicalRate(before.rate) }, after: null });
      return true;
    });
  }

  private currency(code: string, field: string): string {
    const c = code.trim().toUpperCase();
    const problem = currencyProblem(c);
    if (problem) throw badInput(field, problem);
    return c;
  }

  private day(text: string): string {
    const d = new Date(`${text}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) throw badInput('validFrom', 'validFrom is a day, YYYY-MM-DD');
    if (d.getUTCFullYear() < FIRST_REPORT_YEAR - 1 || d.getUTCFullYear() > new Date().getUTCFullYear() + 1) throw badInput('validFrom', `validFrom is a day from ${FIRST_REPORT_YEAR - 1} to next year`);
    return text;
  }

  private rate(text: string): string {
    const problem = rateProblem(text.trim());
    if (problem) throw badInput('rate', problem);
    return canonicalRate(text.trim());
  }
}

function rateOf(r: { currency: string; validFrom: string; rate: string; updatedAt: Date }): ExchangeRate {
  return { currency: r.currency, validFrom: r.validFrom, rate: canonicalRate(r.rate), updatedAt: r.updatedAt };
}

/** The year from its quarters: counts and sums added, members and brands as at the last quarter's end. */
function yearOf(year: number, q: ImpactFigures[], reportingCurrency: string | null): ImpactFigures {
  const sum = (f: (x: ImpactFigures) => number) => q.reduce((n, x) => n + f(x), 0);
  const unconverted = new Map<string, bigint>();
  for (const m of q.flatMap((x) => x.valueUnconverted)) unconverted.set(m.currency, (unconverted.get(m.currency) ?? 0n) + BigInt(m.amountMinor));
  return {
    period: String(year), from: q[0].from, to: q[3].to, members: q[3].members, brands: q[3].brands,
    takedownsReceived: sum((x) => x.takedownsReceived), takedownsProcessed: sum((x) => x.takedownsProcessed), takedownsProcessedWithinSla: sum((x) => x.takedownsProcessedWithinSla),
    listingsRemoved: sum((x) => x.listingsRemoved), listingsRemovedProactively: sum((x) => x.listingsRemovedProactively), listingsRemovedOnNotice: sum((x) => x.listingsRemovedOnNotice),
    alerts: sum((x) => x.alerts), casesOpened: sum((x) => x.casesOpened), casesReferred: sum((x) => x.casesReferred), arrests: sum((x) => x.arrests),
    sitesClosed: {
      manufacturing: sum((x) => x.sitesClosed.manufacturing), warehouse: sum((x) => x.sitesClosed.warehouse),
      distribution: sum((x) => x.sitesClosed.distribution), retail: sum((x) => x.sitesClosed.retail), total: sum((x) => x.sitesClosed.total),
    },
    unitsSeized: q.reduce((n, x) => n + BigInt(x.unitsSeized), 0n).toString(),
    valueSeized: reportingCurrency === null ? null : moneyOf(q.reduce((n, x) => n + BigInt(x.valueSeized!.amountMinor), 0n).toString(), reportingCurrency),
    valueUnconverted: [...unconverted].sort(([a], [b]) => a.localeCompare(b)).map(([c, n]) => moneyOf(n.toString(), c)!),
  };
}

/**
 * The twelve months from the takedown roll-up and monitoring's counts. Listings removed are the
 * takedowns' (by month of submission), at least the month's proactive removals (those count by the
 * month their alert was first raised, and its takedown may be filed later): the rest is on notice.
 */
function monthsOf(year: number, takedowns: readonly { month: string; received: number; processed: number; withinSla: number; listingsRemoved: number }[], alerts: ReadonlyMap<string, { alerts: number; removedFromAlerts: number }>): ImpactMonth[] {
  return Array.from({ length: 12 }, (_, i) => {
    const month = `${year}-${String(i + 1).padStart(2, '0')}`;
    const t = takedowns.find((m) => m.month === month);
    const a = alerts.get(month);
    const proactive = a?.removedFromAlerts ?? 0;
    const removed = Math.max(t?.listingsRemoved ?? 0, proactive);
    const processed = t?.processed ?? 0;
    return {
      month, takedownsReceived: t?.received ?? 0, takedownsProcessed: processed, takedownsProcessedWithinSla: t?.withinSla ?? 0,
      withinSlaShare: processed ? (t?.withinSla ?? 0) / processed : null,
      listingsRemoved: removed, listingsRemovedProactively: proactive, listingsRemovedOnNotice: removed - proactive, alerts: a?.alerts ?? 0,
    };
  });
}

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });
const NO_CATEGORY = 'No category';
const NO_COUNTRY = 'Country not given';

function countryName(code: string): string {
  try {
    return countryNames.of(code) ?? code;
  } catch {
    return code;
  }
}

const mostFirst = (a: ImpactMemberCount, b: ImpactMemberCount) => b.members - a.members || a.name.localeCompare(b.name);

/** Members by category, country and region, most first (ties by name); none last. */
function memberGroupsOf(groups: Awaited<ReturnType<MemberService['activeMembersByGroupAt']>>): Pick<ImpactReport, 'membersByCategory' | 'membersByCountry' | 'membersByRegion'> {
  const last = (name: string) => (a: ImpactMemberCount, b: ImpactMemberCount) => Number(a.name === name && a.code === null) - Number(b.name === name && b.code === null) || mostFirst(a, b);
  const membersByCategory = groups.byCategory
    .map((c) => ({ code: c.categoryId === null ? null : toGlobalId(IndustryCategory.typename, c.categoryId), name: c.name ?? NO_CATEGORY, members: c.members }))
    .sort(last(NO_CATEGORY));
  const membersByCountry = groups.byCountry
    .map((c) => ({ code: c.country, name: c.country === null ? NO_COUNTRY : countryName(c.country), members: c.members }))
    .sort(last(NO_COUNTRY));
  const regions = new Map<string, number>();
  for (const c of groups.byCountry) {
    const region = regionOf(c.country) ?? NO_COUNTRY;
    regions.set(region, (regions.get(region) ?? 0) + c.members);
  }
  const membersByRegion = [...regions].map(([name, members]) => ({ code: null, name, members })).sort(last(NO_COUNTRY));
  return { membersByCategory, membersByCountry, membersByRegion };
}
