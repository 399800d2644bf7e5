import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SharingLevel } from '../../../../libs/domain/src/index.js';
import { badInput, conflict, notFound } from '../common/errors.js';
import { NodeRegistry } from '../common/node-registry.js';
import type { RequestContext } from '../common/request-context.js';
import { AuditService } from '../audit/audit.service.js';
import { IndustryCategoryService } from '../categories/industry-category.service.js';
import type { AllianceEntity } from './alliance.entity.js';
import { AllianceRepository } from './alliance.repository.js';
import { AllianceEvents } from './alliance-events.js';
import { Alliance } from './alliance.model.js';

export interface AllianceSettings {
  marketplaces?: string[];
  name?: string;
  homeCountry?: string;
  takedownSlaHours?: number;
  defaultSharingLevel?: SharingLevel;
  derivedKeys?: boolean;
  strikeWarningAt?: number;
  strikeFlagAt?: number;
  strikeWindowDays?: number;
}

@Injectable()
export class AllianceService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly nodes: NodeRegistry,
    private readonly categories: IndustryCategoryService,
    private readonly events: AllianceEvents,
    private readonly alliances: AllianceRepository,
  ) {}

  onModuleInit() {
    // a caller sees its own alliance only
    this.nodes.register(Alliance.typename, async (ctx, uuids) => {
      const map = new Map<string, object>();
      if (uuids.includes(ctx.allianceId)) map.set(ctx.allianceId, Alliance.from(await this.get(ctx)));
      return map;
    });
  }

  /** Whether any alliance exists (an empty database gets the demo). */
  async any(): Promise<boolean> {
    return (await this.alliances.count()) > 0;
  }

  async get(ctx: RequestContext): Promise<AllianceEntity> {
    const alliance = await this.alliances.findById(ctx.allianceId);
    if (!alliance) throw notFound('Alliance');
    return alliance;
  }

  /**
   * A new tenant with the default industry categories. The contexts above that keep per-alliance
   * data (intelligence: its seeded correlation exclusions) add theirs on `AllianceEvents.created`,
   * in `em`'s transaction, so an alliance never exists without them. Not exposed to alliance
   * users: the platform operator creates alliances.
   */
  async create(
    em: EntityManager,
    input: { slug: string; name: string; homeCountry: string; takedownSlaHours?: number; defaultSharingLevel?: SharingLevel },
  ): Promise<AllianceEntity> {
    const existing = await this.alliances.findBySlug(em, input.slug);
    if (existing) throw conflict(`An alliance with slug "${input.slug}" exists`, undefined, 'slug');
    const created = await this.alliances.insert(em, {
      slug: input.slug,
      name: input.name,
      homeCountry: input.homeCountry.toUpperCase(),
      takedownSlaHours: input.takedownSlaHours ?? 24,
      defaultSharingLevel: input.defaultSharingLevel ?? SharingLevel.AMBER,
    });
    await this.categories.seedDefaults(em, created.id);
    await this.events.created(em, created);
    return created;
  }

  async updateSettings(ctx: RequestContext, settings: AllianceSettings): Promise<AllianceEntity> {
    return this.dataSource.transaction(async (em) => {
      // an explicit null means "leave it": every setting has a value
      const given = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== null && v !== undefined)) as AllianceSettings;
      await this.events.settingsChanging(em, ctx, given);
      const before = await this.alliances.findForUpdate(em, ctx.allianceId);
      if (!before) throw notFound('Alliance');
      // the ladder goes up as a whole: the given threshold is checked against the stored other one
      const warningAt = given.strikeWarningAt ?? before.strikeWarningAt;
      const flagAt = given.strikeFlagAt ?? before.strikeFlagAt;
      if (warningAt >= flagAt) {
        const field = given.strikeWarningAt !== undefined ? 'strikeWarningAt' : 'strikeFlagAt';
        throw badInput(field, `A store is warned (at ${warningAt}) before it is flagged (at ${flagAt}): strikeWarningAt must be below strikeFlagAt`);
      }
      const after = await this.alliances.update(em, before, {
        ...given,
        ...(given.homeCountry ? { homeCountry: given.homeCountry.toUpperCase() } : {}),
      });
      await this.events.settingsChanged(em, ctx, before, after);
      await this.audit.record(em, ctx, { action: 'alliance.settings_updated', targetType: 'Alliance', targetId: ctx.allianceId, before, after });
      return after;
    });
  }
}
