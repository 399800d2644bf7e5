import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Role } from '../../../../libs/domain/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { badInput, conflict, forbidden, notFound } from '../common/errors.js';
import { NodeRegistry } from '../common/node-registry.js';
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from '../common/pagination.js';
import type { RequestContext } from '../common/request-context.js';
import { CounterfeiterNetwork } from '../intel/correlation/network.models.js';
import { NetworkService } from '../intel/correlation/network.service.js';
import { FileTakedownInput, FilingChannel } from '../takedown/dto/takedown.inputs.js';
import { TakedownService, type TakedownReason } from '../takedown/takedown.service.js';
import { AlertStatus, TriageAction } from './dto/alerts.args.js';
import { alertFigures, REMOVED_STATUSES, type AlertFigures } from './alert-figures.js';
import { Alert } from './monitoring-alert.models.js';
import { MonitoringAlertRepository, type AlertFilter, type AlertRow } from './monitoring-alert.repository.js';

/**
 * Alerts to their readers (issue 17, outcome 3): the people of the member owning the brand, while
 * its membership is active, and nobody else — coordinators, reviewers and partners see none (an
 * alert is a member's commercial lead; coordinators get counts in `figures`). The condition is
 * in each statement. A reason's networks are named only when the reader may see them (IntelAccess
 * through NetworkService.byIds), otherwise counted.
 */
@Injectable()
export class MonitoringAlertService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly alerts: MonitoringAlertRepository,
    private readonly networks: NetworkService,
    private readonly audit: AuditService,
    private readonly nodes: NodeRegistry,
    private readonly takedowns: TakedownService,
  ) {}

  onModuleInit() {
    this.nodes.register(Alert.typename, (ctx, ids) => this.byIds(ctx, ids));
  }

  /**
   * The alerts of these ids the caller may read, by id, under the one rule of alerts (the people
   * of the brand-owning member while active; for anyone else none): `node`, and what enforcement
   * cases link (opened from an alert, and shown on the case to those who may read it).
   */
  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, Alert>> {
    if (!ids.length || !this.mayRead(ctx)) return new Map();
    const rows = await this.alerts.byIds(ctx.allianceId, ctx.organisationId!, ids);
    const models = await this.toModels(ctx, rows);
    return new Map(rows.map((r, i) => [r.id, models[i]]));
  }

  private mayRead(ctx: RequestContext): boolean {
    return (ctx.role === Role.MEMBER_ADMIN || ctx.role === Role.MEMBER_ANALYST) && !!ctx.organisationId && ctx.activeMember !== false;
  }

  private assertMayRead(ctx: RequestContext): void {
    if (!this.mayRead(ctx)) throw forbidden('Alerts go to the people of the member owning the brand');
  }

  async list(ctx: RequestContext, filter: AlertFilter, first?: number, after?: string): Promise<Connection<Alert>> {
    this.assertMayRead(ctx);
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2);
    if (cursor && (typeof cursor[0] !== 'number' || typeof cursor[1] !== 'string' || !/^[0-9a-f-]{36}$/.test(cursor[1]))) throw badInput('after', 'Malformed cursor');
    const { totalCount, rows } = await this.alerts.page(ctx.allianceId, ctx.organisationId!, filter, cursor as [number, string] | null, size + 1);
    const models = await this.toModels(ctx, rows.slice(0, size));
    const byId = new Map(rows.slice(0, size).map((r, i) => [r.id, models[i]]));
    return toConnection(rows, size, totalCount, (r) => encodeCursor([r.score, r.id]), (r) => byId.get(r.id)!);
  }

  /** One statement for the page's networks the reader may see. */
  private async toModels(ctx: RequestContext, rows: AlertRow[]): Promise<Alert[]> {
    const ids = [...new Set(rows.flatMap((r) => r.reasons.flatMap((reason) => reason.networkIds ?? [])))];
    const visible = await this.networks.byIds(ctx, ids);
    const models = new Map([...visible].map(([id, n]) => [id, CounterfeiterNetwork.from(n)]));
    return rows.map((r) => Alert.from(r, models));
  }

  /**
   * DISMISS (with a reason): the alert is dismissed, and the seller stops alerting the brand for
   * the rules and automatic reasons of this alert; WATCH: it alerts again when the listing changes.
   */
  async triage(ctx: RequestContext, alertId: string, action: TriageAction, reason: string | null): Promise<Alert> {
    this.assertMayRead(ctx);
    if (action === TriageAction.DISMISS && !reason?.trim()) throw badInput('reason', 'Say why the alert is dismissed');
    const row = await this.dataSource.transaction(async (em) => {
      const [before] = await this.alerts.byIds(ctx.allianceId, ctx.organisationId!, [alertId], em);
      if (!before) throw notFound('Alert', 'alertId');
      if (before.status === AlertStatus.FILED) throw conflict('A takedown was filed from this alert', undefined, 'alertId');
      const status = action === TriageAction.DISMISS ? AlertStatus.DISMISSED : AlertStatus.WATCHING;
      const why = action === TriageAction.DISMISS ? reason!.trim() : null;
      if (!(await this.alerts.triage(em, ctx.allianceId, ctx.organisationId!, alertId, status, why, ctx.actorId))) throw notFound('Alert', 'alertId');
      const ruleKeys = before.reasons.map((r) => r.ruleKey);
      if (action === TriageAction.DISMISS) await this.alerts.suppress(em, ctx.allianceId, before, ruleKeys, why!, ctx.actorId);
      await this.audit.record(em, ctx, {
        action: action === TriageAction.DISMISS ? 'alert.dismissed' : 'alert.watched', targetType: 'Alert', targetId: alertId,
        before: { status: before.status }, after: { status, reason: why, ...(action === TriageAction.DISMISS ? { sellerKey: before.sellerKey, ruleKeys } : {}) },
      });
      return (await this.alerts.byIds(ctx.allianceId, ctx.organisationId!, [alertId], em))[0];
    });
    return (await this.toModels(ctx, [row]))[0];
  }

  /**
   * Outcome 3's figures over alerts first raised in [from, to) (default: the last twelve months; at
   * most three years): a member's for its brands; the coordinators', counts for every brand (never
   * a listing or a reason). Removals on notice are the takedown figures of the same requesters.
   */
  async figures(ctx: RequestContext, from: Date | null, to: Date | null): Promise<AlertFigures> {
    if (!ctx.isCoordinator) this.assertMayRead(ctx);
    const until = to ?? new Date();
    const since = from ?? new Date(until.getTime() - 365 * 86_400_000);
    if (since >= until) throw badInput('from', 'from comes before to');
    if (until.getTime() - since.getTime() > 3 * 366 * 86_400_000) throw badInput('from', 'Figures cover at most three years at a time');
    const organisationId = ctx.isCoordinator ? null : ctx.organisationId!;
    const [brands, filed] = await Promise.all([
      this.alerts.brandCounts(ctx.allianceId, organisationId, since, until),
      this.alerts.filed(ctx.allianceId, organisationId, since, until),
    ]);
    const requests = await this.takedowns.byIds(ctx, [...new Set(filed.map((f) => f.requestId))]);
    const takedown = await this.takedowns.figures(ctx, { groupBy: 'MONTH', from: since, to: until });
    return alertFigures(
      brands,
      filed.map((f) => ({ firstSeenAt: f.firstSeenAt, unitsSold: f.unitsSold, status: requests.get(f.requestId)?.status ?? null, decidedAt: requests.get(f.requestId)?.decidedAt ?? null })),
      takedown.reduce((n, m) => n + m.listingsRemoved, 0),
    );
  }

  /**
   * The impact report's monitoring figures per month (UTC, YYYY-MM) of [from, to): alerts first
   * raised that month (every brand's: an aggregate the caller's service authorises), and the
   * listings removed from them — as `figures` counts them: filed, and the request decided and its
   * listings down. Two set-based statements, whatever the number of alerts.
   */
  async perMonth(ctx: RequestContext, from: Date, to: Date): Promise<Map<string, { alerts: number; removedFromAlerts: number }>> {
    const months = await this.alerts.perMonth(ctx.allianceId, from, to);
    const removed = await this.takedowns.countDecided(ctx, new Map(months.map((m) => [m.month, m.filedRequestIds])), REMOVED_STATUSES);
    return new Map(months.map((m) => [m.month, { alerts: m.alerts, removedFromAlerts: removed.get(m.month) ?? 0 }]));
  }

  /**
   * Files a takedown request from the alert in one step, through the takedown pillar's API channel
   * and all its rules (who may file for the brand, the cited right, the marketplace): the listing as
   * the feed gave it (address, ids, store), the alert's reasons as the statement unless given. The
   * request's client key is the alert's, so filing twice (a retry after a failure between the two
   * steps) files once; the alert becomes FILED with its request.
   */
  async fileTakedown(ctx: RequestContext, alertId: string, right: { trademarkId: string | null; ipRightId: string | null }, reason: TakedownReason, statement: string | null): Promise<Alert> {
    this.assertMayRead(ctx);
    const [alert] = await this.alerts.byIds(ctx.allianceId, ctx.organisationId!, [alertId]);
    if (!alert) throw notFound('Alert', 'alertId');
    if (alert.status === AlertStatus.FILED) return (await this.toModels(ctx, [alert]))[0];
    const input = Object.assign(new FileTakedownInput(), {
      brandId: alert.brandId, trademarkId: right.trademarkId, ipRightId: right.ipRightId, marketplaceId: alert.marketplaceId, reason,
      statement: statement?.trim() || `Found by the alliance’s listing monitoring (score ${alert.score}): ${alert.reasons.map((r) => r.detail).join('; ')}.`.slice(0, 5000),
      listings: [{ url: alert.url, listingId: alert.listingKey, storeId: alert.storeId, storeName: alert.storeName?.slice(0, 200) ?? null }],
      channel: FilingChannel.API, clientKey: `alert:${alertId}`,
    });
    const request = await this.takedowns.file(ctx, input);
    const row = await this.dataSource.transaction(async (em) => {
      if (!(await this.alerts.markFiled(em, ctx.allianceId, ctx.organisationId!, alertId, request.id, ctx.actorId))) throw notFound('Alert', 'alertId');
      await this.audit.record(em, ctx, { action: 'alert.takedown_filed', targetType: 'Alert', targetId: alertId, before: { status: alert.status }, after: { status: AlertStatus.FILED, takedownRequestId: request.id } });
      return (await this.alerts.byIds(ctx.allianceId, ctx.organisationId!, [alertId], em))[0];
    });
    return (await this.toModels(ctx, [row]))[0];
  }
}
