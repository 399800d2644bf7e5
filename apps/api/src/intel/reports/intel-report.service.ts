import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ReportStatus, type SharingLevel } from '../../../../../libs/domain/src/index.js';
import { AuditService } from '../../audit/audit.service.js';
import { BrandService } from '../../brands/brand.service.js';
import { IndustryCategoryService } from '../../categories/industry-category.service.js';
import { badInput, conflict, DomainError, forbidden, notFound } from '../../common/errors.js';
import { groupBy } from '../../common/loaders.js';
import { NodeRegistry } from '../../common/node-registry.js';
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from '../../common/pagination.js';
import type { RequestContext } from '../../common/request-context.js';
import { FileStorageService } from '../../files/file-storage.service.js';
import { NotificationService } from '../../notifications/notification.service.js';
import type { NotificationEntity } from '../../notifications/notification.entity.js';
import { CollaborationService } from '../collaboration/collaboration.service.js';
import { CorrelationService } from '../correlation/correlation.service.js';
import { DerivedKeyRepository } from '../correlation/derived-key.repository.js';
import { IntelAccess } from '../intel-access.js';
import { reportAudit } from '../intelligence-audit.js';
import { IntelSearchService } from '../search/intel-search.service.js';
import { IntelSettings, type ReportSettings } from '../intel-settings.js';
import type { IndicatorEntity } from './indicator.entity.js';
import type { IntelReportEntity, IntelReportVersionEntity } from './intel-report.entity.js';
import { Indicator, IntelReport } from './intel-report.models.js';
import { IntelReportRepository } from './intel-report.repository.js';
import { readReportValues, type ReadValues, type ReportValues } from './report-values.js';

export type { ReportValues };

type PreparedReport = Awaited<ReturnType<IntelReportService['prepareWith']>>;
/** The brands and active categories a batch of reports cites, read once for the batch (its reports' checks then read nothing). */
interface KnownReferences {
  brands: ReadonlySet<string>;
  categories: ReadonlySet<string>;
}

/** Intelligence reports: drafted, published, amended (history kept) and retracted, with their indicators. */
@Injectable()
export class IntelReportService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: IntelAccess,
    private readonly settings: IntelSettings,
    private readonly correlation: CorrelationService,
    private readonly audit: AuditService,
    private readonly brands: BrandService,
    private readonly categories: IndustryCategoryService,
    private readonly files: FileStorageService,
    private readonly search: IntelSearchService,
    private readonly nodes: NodeRegistry,
    private readonly collaboration: CollaborationService,
    private readonly notifications: NotificationService,
    private readonly derivedKeys: DerivedKeyRepository,
    private readonly repository: IntelReportRepository,
  ) {}

  /** Runs a change in a transaction and pushes the notifications it caused once it has committed. */
  private async notifying<T>(work: (em: EntityManager, sent: NotificationEntity[]) => Promise<T>): Promise<T> {
    const sent: NotificationEntity[] = [];
    const result = await this.dataSource.transaction((em) => work(em, sent));
    await this.notifications.deliver(sent);
    this.search.settleSoon(); // the report's values and title wait in the search indexes' pending lists
    return result;
  }

  onModuleInit() {
    // a RED report is its organisation's alone: so is its evidence, coordinators included
    this.files.restrict((ctx, file) => (ctx.isCoordinator ? this.repository.redEvidenceHidden(file) : null));
    this.nodes.registerBatch(IntelReport.typename, (ctx, uuids) => this.byIds(ctx, uuids), IntelReport.from);
    this.nodes.registerBatch(Indicator.typename, (ctx, uuids) => this.indicatorsByIds(ctx, uuids), Indicator.from);
  }

  // ---- reads: all through the visibility condition ------------------------------------------

  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, IntelReportEntity>> {
    if (ids.length === 0) return new Map();
    const v = await this.access.reportCondition(ctx, 'r');
    const rows = await this.repository.byIds(v, ids);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** The feed: newest first (by publication, drafts by creation). */
  async feed(ctx: RequestContext, filter: { statuses?: ReportStatus[]; sharingLevels?: SharingLevel[]; mine?: boolean }, first?: number, after?: string): Promise<Connection<IntelReport>> {
    const size = pageSize(first);
    const v = await this.access.reportCondition(ctx, 'r');
    const cursor = decodeCursor(after, 2);
    const { totalCount, rows } = await this.repository.feed(
      v,
      { statuses: filter.statuses, sharingLevels: filter.sharingLevels, organisationId: filter.mine ? (ctx.organisationId ?? '00000000-0000-0000-0000-000000000000') : undefined },
      cursor ? cursor[1] : undefined,
      size + 1,
    );
    return toConnection(rows, size, totalCount, (r) => encodeCursor([(r.publishedAt ?? r.createdAt).toISOString(), r.id]), IntelReport.from);
  }

  async indicatorsByReportIds(ctx: RequestContext, reportIds: readonly string[]): Promise<Map<string, IndicatorEntity[]>> {
    if (reportIds.length === 0) return new Map();
    const visible = await this.byIds(ctx, reportIds);
    if (visible.size === 0) return new Map();
    const rows = await this.repository.indicatorsOf(ctx.allianceId, [...visible.keys()]);
    return groupBy(rows, (r) => r.reportId);
  }

  async indicatorsByIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, IndicatorEntity>> {
    if (ids.length === 0) return new Map();
    const v = await this.access.reportCondition(ctx, 'r');
    const rows = await this.repository.indicatorsByIds(v, ids);
    return new Map(rows.map((r) => [r.id, r]));
  }

  async brandIdsByReportIds(ctx: RequestContext, reportIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows = reportIds.length ? await this.repository.brandsOf(ctx.allianceId, reportIds) : [];
    return new Map([...groupBy(rows, (r) => r.reportId)].map(([k, v]) => [k, v.map((x) => x.brandId)]));
  }

  async categoryIdsByReportIds(ctx: RequestContext, reportIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows = reportIds.length ? await this.repository.categoriesOf(ctx.allianceId, reportIds) : [];
    return new Map([...groupBy(rows, (r) => r.reportId)].map(([k, v]) => [k, v.map((x) => x.categoryId)]));
  }

  async evidenceIdsByReportIds(ctx: RequestContext, reportIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows = reportIds.length ? await this.repository.evidenceOf(ctx.allianceId, reportIds) : [];
    return new Map([...groupBy(rows, (r) => r.reportId)].map(([k, v]) => [k, v.map((x) => x.fileId)]));
  }

  /** Earlier versions: for the reporting organisation and the coordinators. */
  async versionsByReportIds(ctx: RequestContext, reportIds: readonly string[]): Promise<Map<string, IntelReportVersionEntity[]>> {
    if (reportIds.length === 0) return new Map();
    const rows = await this.repository.versionsOf(ctx.allianceId, reportIds, { all: ctx.isCoordinator, organisationId: ctx.organisationId });
    return groupBy(rows, (r) => r.reportId);
  }

  // ---- writes --------------------------------------------------------------------------------

  /**
   * What would be wrong with creating this report, without writing anything: the message of the
   * first problem and the field it names, or null. Imports check a whole file this way first.
   */
  async check(ctx: RequestContext, values: ReportValues, settings?: ReportSettings): Promise<{ field?: string; message: string } | null> {
    try {
      const em = this.dataSource.manager;
      await this.prepareWith(em, ctx, values, settings ?? (await this.settings.of(ctx, em)));
      return null;
    } catch (error) {
      if (error instanceof DomainError) return { field: error.field, message: error.message };
      throw error;
    }
  }

  /** `alsoInTransaction` runs inside the report's transaction (an import moves its checkpoint there). */
  async create(ctx: RequestContext, values: ReportValues, publish: boolean, alsoInTransaction?: (em: EntityManager, report: IntelReportEntity) => Promise<void>): Promise<IntelReportEntity> {
    await this.requireAuthor(ctx);
    return this.notifying(async (em, sent) => {
      const prepared = await this.prepare(em, ctx, values);
      const report = await this.repository.insert(em, {
        ...prepared.fields,
        allianceId: ctx.allianceId,
        organisationId: ctx.organisationId!,
        authorId: ctx.actorId,
        status: publish ? ReportStatus.PUBLISHED : ReportStatus.DRAFT,
        publishedAt: publish ? new Date() : null,
        version: 1,
        sourceRef: values.sourceRef ?? null,
      });
      await this.writeParts(em, ctx, [{ id: report.id, prepared }]);
      if (publish) {
        report.networkId = (await this.correlation.attach(em, ctx, [{ id: report.id, keys: prepared.keys }], 'publication', { limit: prepared.correlationLimit })).get(report.id) ?? null;
        sent.push(...(await this.collaboration.notifyWatchers(em, ctx, [report])));
      }
      const saved = report; // the insert filled in the generated columns
      await this.audit.record(em, ctx, { action: publish ? 'intel_report.published' : 'intel_report.drafted', targetType: 'IntelReport', targetId: saved.id, ...reportAudit(null, { ...saved }, { indicators: prepared.indicators.length }) });
      await alsoInTransaction?.(em, saved);
      return saved;
    });
  }

  /**
   * Publishes many reports at once (an import batch): each gets the checks, correlation, watchlist
   * notifications and audit record that `create` gives one, in a constant number of statements
   * per batch. Reports whose source id the organisation already has are left out (imports are
   * idempotent). `alsoInTransaction` commits with them (an import moves its checkpoint there).
   * `publishedAt` (the demo's year of reports): when each was published; otherwise now.
   */
  async createMany(
    ctx: RequestContext,
    items: { values: ReportValues; sourceRef: string; publishedAt?: Date }[],
    settings: ReportSettings,
    alsoInTransaction: (em: EntityManager, result: { created: number; indicators: number; already: number }) => Promise<void>,
    options: { after?: Promise<unknown> } = {},
  ): Promise<{ created: number; indicators: number; already: number }> {
    await this.requireAuthor(ctx);
    return this.notifying(async (em, sent) => {
      await this.repository.relaxForBatch(em);
      const existing = await this.repository.sourceRefsTaken(em, ctx.allianceId, ctx.organisationId, items.map((i) => i.sourceRef));
      const fresh = items.filter((i) => !existing.has(i.sourceRef));
      const prepared: (PreparedReport & { id: string; sourceRef: string; publishedAt?: Date })[] = [];
      const known = await this.knownReferences(em, ctx, fresh.map((i) => i.values));
      for (const item of fresh) prepared.push({ id: uuidv7(), sourceRef: item.sourceRef, publishedAt: item.publishedAt, ...(await this.prepareWith(em, ctx, item.values, settings, known)) });
      const result = { created: prepared.length, indicators: 0, already: items.length - fresh.length };
      const keys = prepared.map((p) => ({ id: p.id, keys: p.keys }));
      const writeRows = async (networks: Map<string, string>) => {
        await this.repository.copyPublished(
          em,
          { allianceId: ctx.allianceId, organisationId: ctx.organisationId!, actorId: ctx.actorId },
          prepared.map((p) => ({ id: p.id, fields: p.fields, sourceRef: p.sourceRef, networkId: networks.get(p.id) ?? null, publishedAt: p.publishedAt })),
        );
        result.indicators = await this.writeParts(em, ctx, prepared.map((p) => ({ id: p.id, prepared: p })), { copy: true });
      };
      const notify = async () => {
        sent.push(...(await this.collaboration.notifyWatchers(em, ctx, prepared.map((p) => ({ id: p.id, title: p.fields.title, sharingLevel: p.fields.sharingLevel, organisationId: ctx.organisationId! })))));
      };
      let networks = new Map<string, string>();
      if (options.after) {
        // pipelined (an import): the rows are written, in the networks they most likely form, while
        // the batch before still correlates and commits on another connection; this batch then
        // correlates (under the alliance's lock, which the batch before holds until it commits),
        // keeping the proposed networks that come true and moving the reports of the others. The
        // watchers' matches need no network: found meanwhile too, off the alliance's lock
        const proposed = prepared.length ? await this.correlation.propose(em, ctx, keys) : new Map<string, string>();
        if (prepared.length) {
          await writeRows(proposed);
          await notify();
        }
        await options.after;
        if (prepared.length) networks = await this.correlation.attach(em, ctx, keys, 'import', { limit: settings.correlationLimit, place: true, proposed });
      } else if (prepared.length) {
        // networks first, so that each report is written once, with its network
        networks = await this.correlation.attach(em, ctx, keys, 'import', { limit: settings.correlationLimit, place: false });
        await writeRows(networks);
        await notify();
      }
      if (prepared.length) {
        await this.audit.recordMany(em, ctx, prepared.map((p) => ({
          action: 'intel_report.published', targetType: 'IntelReport', targetId: p.id,
          ...reportAudit(null, { id: p.id, ...p.fields, sourceRef: p.sourceRef, status: ReportStatus.PUBLISHED, version: 1, networkId: networks.get(p.id) ?? null }, { indicators: p.indicators.length }),
        })));
      }
      await alsoInTransaction(em, result);
      return result;
    });
  }

  /** A draft is edited in place; a published report is amended: the old version is kept and links are recomputed. */
  async update(ctx: RequestContext, reportId: string, values: ReportValues): Promise<IntelReportEntity> {
    return this.notifying(async (em, sent) => {
      const before = await this.lockOwn(em, ctx, reportId);
      if (before.status === ReportStatus.RETRACTED) throw conflict('The report is retracted; it cannot change', { currentStatus: before.status }, 'reportId');
      const prepared = await this.prepare(em, ctx, values);
      const amending = before.status === ReportStatus.PUBLISHED;
      if (amending) {
        await this.repository.insertVersion(em, { allianceId: ctx.allianceId, reportId, version: before.version, snapshot: await this.snapshot(em, before), actorId: ctx.actorId });
        await this.correlation.detach(em, ctx, reportId, 'amendment');
      }
      await this.repository.update(em, reportId, { ...prepared.fields, version: amending ? before.version + 1 : before.version });
      await this.repository.deleteParts(em, reportId);
      await this.writeParts(em, ctx, [{ id: reportId, prepared }]);
      if (amending) {
        await this.correlation.attach(em, ctx, [{ id: reportId, keys: prepared.keys }], 'amendment', { limit: prepared.correlationLimit });
      }
      const after = await this.repository.find(em, reportId);
      if (amending) sent.push(...(await this.collaboration.notifyWatchers(em, ctx, [after])));
      await this.audit.record(em, ctx, { action: amending ? 'intel_report.amended' : 'intel_report.draft_updated', targetType: 'IntelReport', targetId: reportId, ...reportAudit({ ...before }, { ...after }, { indicators: prepared.indicators.length }) });
      return after;
    });
  }

  async publish(ctx: RequestContext, reportId: string): Promise<IntelReportEntity> {
    return this.notifying(async (em, sent) => {
      const before = await this.lockOwn(em, ctx, reportId);
      if (before.status !== ReportStatus.DRAFT) throw conflict(`The report is ${before.status}; only drafts are published`, { currentStatus: before.status }, 'reportId');
      await this.repository.update(em, reportId, { status: ReportStatus.PUBLISHED, publishedAt: new Date() });
      await this.correlation.attach(em, ctx, [{ id: reportId, keys: await this.derivedKeys.keysOf(em, reportId) }], 'publication');
      const after = await this.repository.find(em, reportId);
      sent.push(...(await this.collaboration.notifyWatchers(em, ctx, [after])));
      await this.audit.record(em, ctx, { action: 'intel_report.published', targetType: 'IntelReport', targetId: reportId, ...reportAudit({ ...before }, { ...after }) });
      return after;
    });
  }

  async retract(ctx: RequestContext, reportId: string, reason: string): Promise<IntelReportEntity> {
    return this.dataSource.transaction(async (em) => {
      const before = await this.lockOwn(em, ctx, reportId);
      if (before.status !== ReportStatus.PUBLISHED) throw conflict(`The report is ${before.status}; only published reports are retracted`, { currentStatus: before.status }, 'reportId');
      await this.correlation.detach(em, ctx, reportId, 'retraction');
      await this.repository.update(em, reportId, { status: ReportStatus.RETRACTED, retractedAt: new Date(), retractionReason: reason.trim() });
      const after = await this.repository.find(em, reportId);
      await this.audit.record(em, ctx, { action: 'intel_report.retracted', targetType: 'IntelReport', targetId: reportId, ...reportAudit({ ...before }, { ...after }) });
      return after;
    });
  }

  // ---- rules ---------------------------------------------------------------------------------

  /** Reports come from the people of an active member organisation. */
  async requireAuthor(ctx: RequestContext): Promise<void> {
    if (!(await this.access.isActiveMember(ctx)) || (ctx.role !== 'MEMBER_ADMIN' && ctx.role !== 'MEMBER_ANALYST')) {
      throw forbidden('Only people of an active member organisation report intelligence');
    }
  }

  /** The caller's own report, locked; another organisation's answers like a missing one. */
  private async lockOwn(em: EntityManager, ctx: RequestContext, reportId: string): Promise<IntelReportEntity> {
    const visible = (await this.byIds(ctx, [reportId])).get(reportId);
    if (!visible) throw notFound('Report', 'reportId');
    if (visible.organisationId !== ctx.organisationId) throw forbidden('Only the reporting organisation changes its report');
    await this.requireAuthor(ctx);
    return this.repository.lock(em, reportId);
  }

  private async prepare(em: EntityManager, ctx: RequestContext, values: ReportValues) {
    return this.prepareWith(em, ctx, values, await this.settings.of(ctx, em));
  }

  /** What a batch of reports cites, read in two statements rather than two a report (the demo's 2,000 reports). */
  private async knownReferences(em: EntityManager, ctx: RequestContext, values: readonly ReportValues[]): Promise<KnownReferences> {
    const brands = [...new Set(values.flatMap((v) => v.brandUuids ?? []))];
    return {
      brands: new Set((await this.brands.brandsByIds(ctx, brands)).keys()),
      categories: await this.categories.activeIds(em, ctx, values.flatMap((v) => v.categoryUuids ?? [])),
    };
  }

  /**
   * Checks and normalises a report's values. Only brands, categories and evidence files need the
   * database; a report without them (an imported one) is prepared in memory, and a batch's brands
   * and categories are read once (`known`).
   */
  async prepareWith(em: EntityManager, ctx: RequestContext, values: ReportValues, alliance: ReportSettings, known?: KnownReferences): Promise<ReadValues> {
    const checked = readReportValues(values, alliance);
    if ('problem' in checked) throw badInput(checked.problem.field, checked.problem.message);
    const { brandUuids, categoryUuids, evidence } = checked.read;
    if (brandUuids.length) {
      const found = known?.brands ?? new Set((await this.brands.brandsByIds(ctx, brandUuids)).keys());
      const missing = brandUuids.findIndex((id) => !found.has(id));
      if (missing >= 0) throw badInput(`brandIds.${missing}`, 'Unknown brand');
    }
    await this.categories.requireActive(em, ctx, categoryUuids, 'categoryIds', known?.categories);
    if (evidence.length) {
      const found = await this.files.byIds(ctx, evidence);
      const missing = evidence.findIndex((id) => !found.has(id));
      if (missing >= 0) throw badInput(`evidenceFileIds.${missing}`, 'Unknown file: upload it first');
    }
    return checked.read;
  }

  /** Indicators, brands, categories and evidence of any number of reports: one statement each. Answers the number of indicators. */
  private async writeParts(em: EntityManager, ctx: RequestContext, reports: { id: string; prepared: PreparedReport }[], options: { copy?: boolean } = {}): Promise<number> {
    // time-ordered ids: an import's rows land at the end of the indexes
    const indicators = reports.flatMap((r) => r.prepared.indicators.map((i, n) => ({ id: uuidv7(), reportId: r.id, type: i.type, rawValue: i.rawValue, key: i.key, note: i.note, qualifier: i.qualifier, position: n + 1, derived: i.derived })));
    await this.repository.insertIndicators(em, ctx.allianceId, indicators, options);
    const derived = indicators.flatMap((i) => i.derived.map((d) => ({ indicatorId: i.id, reportId: i.reportId, type: d.type, key: d.key, via: d.via })));
    await this.derivedKeys.insert(em, ctx.allianceId, derived, { copy: options.copy });
    const pairs = (pick: (p: PreparedReport) => string[]) => reports.flatMap((r) => pick(r.prepared).map((id) => [r.id, id] as const));
    await this.repository.insertParts(em, ctx.allianceId, { brands: pairs((p) => p.brandUuids), categories: pairs((p) => p.categoryUuids), evidence: pairs((p) => p.evidence) });
    return indicators.length;
  }

  private async snapshot(em: EntityManager, report: IntelReportEntity): Promise<Record<string, unknown>> {
    const { indicators, brands, categories } = await this.repository.partsOf(em, report.id);
    const { networkId: _n, ...fields } = report;
    return {
      ...fields,
      indicators: indicators.map((i) => ({ type: i.type, value: i.rawValue, qualifier: i.qualifier, key: i.key, note: i.note })),
      brandIds: brands.map((b) => b.brandId),
      categoryIds: categories.map((c) => c.categoryId),
    };
  }
}
