import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { SharingLevel } from '../../../../libs/domain/src/index.js';
import type { NormaliseOptions } from '../../../../libs/indicators/src/index.js';
import { AllianceRepository } from '../alliances/alliance.repository.js';
import type { RequestContext } from '../common/request-context.js';
import { OrganisationRepository } from '../members/organisation.repository.js';

export interface ReportSettings {
  /** The caller's organisation's country, else the alliance's home country: where phone numbers without a country code are read. */
  homeCountry: string;
  marketplaces: string[];
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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly alliances: AllianceRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  async of(ctx: RequestContext, em: EntityManager = this.dataSource.manager): Promise<ReportSettings> {
    const alliance = (await this.alliances.findById(ctx.allianceId, em))!;
    const organisation = ctx.organisationId ? await this.organisations.findById(em, ctx.organisationId) : null;
    return { homeCountry: organisation?.country ?? alliance.homeCountry, marketplaces: alliance.marketplaces, defaultSharingLevel: alliance.defaultSharingLevel, correlationLimit: alliance.correlationLimit };
  }

  /** How the caller's typed values are normalised (phones in its country, marketplace ids among the alliance's marketplaces). */
  async reading(ctx: RequestContext): Promise<Pick<NormaliseOptions, 'defaultCountry' | 'marketplaces'>> {
    const settings = await this.of(ctx);
    return { defaultCountry: settings.homeCountry, marketplaces: settings.marketplaces };
  }
}
