import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { SharingLevel } from '../../../../libs/domain/src/index.js';
import type { MarketplaceRule, NormaliseOptions } from '../../../../libs/indicators/src/index.js';
import type { AllianceEntity } from '../alliances/alliance.entity.js';
import { AllianceRepository } from '../alliances/alliance.repository.js';
import type { RequestContext } from '../common/request-context.js';
import { OrganisationRepository } from '../members/organisation.repository.js';

export interface ReportSettings {
  /** The caller's organisation's country, else the alliance's home country: where phone numbers without a country code are read. */
  homeCountry: string;
  marketplaces: string[];
  /** The alliance's own marketplaces (the takedown pillar's table), read after the built-in ones. */
  extraMarketplaces: MarketplaceRule[];
  defaultSharingLevel: SharingLevel;
  correlationLimit: number;
}

/**
 * What filing and reading intelligence needs of the caller's alliance and organisation (read
 * through their owners' repositories): the same reading of a typed value wherever it is typed — a report's indicators, an
 * import, search, the watchlist, a blind-match contact request, a coordinator's key decision.
 */
@Injectable()
export class IntelSettings {
  private ownMarketplaces: (allianceId: string, em: EntityManager) => Promise<MarketplaceRule[]> = async () => [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly alliances: AllianceRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  /**
   * Where the alliance's own marketplaces come from: the takedown pillar keeps them (a context above
   * this one), so it registers here when it starts, as alliances' created event is subscribed to.
   */
  ownMarketplacesFrom(source: (allianceId: string, em: EntityManager) => Promise<MarketplaceRule[]>): void {
    this.ownMarketplaces = source;
  }

  async of(ctx: RequestContext, em: EntityManager = this.dataSource.manager): Promise<ReportSettings> {
    const alliance = (await this.alliances.findById(ctx.allianceId, em))!;
    const organisation = ctx.organisationId ? await this.organisations.findById(em, ctx.organisationId) : null;
    return {
      homeCountry: organisation?.country ?? alliance.homeCountry,
      marketplaces: alliance.marketplaces,
      extraMarketplaces: await this.ownMarketplaces(ctx.allianceId, em),
      defaultSharingLevel: alliance.defaultSharingLevel,
      correlationLimit: alliance.correlationLimit,
    };
  }

  /** How the caller's typed values are normalised (phones in its country, marketplace ids among the alliance's marketplaces and its own). */
  async reading(ctx: RequestContext): Promise<Pick<NormaliseOptions, 'defaultCountry' | 'marketplaces' | 'extraMarketplaces'>> {
    const settings = await this.of(ctx);
    return { defaultCountry: settings.homeCountry, marketplaces: settings.marketplaces, extraMarketplaces: settings.extraMarketplaces };
  }

  /**
   * The alliance's own reading (no organisation's country: the system's, as `reading` answers it for
   * `RequestContext.system`) from rows the caller has read: its row and its own marketplaces'
   * rules, every one, retired too (matching reads both once a chunk).
   */
  static allianceReading(alliance: Pick<AllianceEntity, 'homeCountry' | 'marketplaces'>, ownMarketplaces: MarketplaceRule[]): Pick<NormaliseOptions, 'defaultCountry' | 'marketplaces' | 'extraMarketplaces'> {
    return { defaultCountry: alliance.homeCountry, marketplaces: alliance.marketplaces, extraMarketplaces: ownMarketplaces };
  }
}
