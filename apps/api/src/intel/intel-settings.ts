import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { SharingLevel } from '../../../../libs/domain/src/index.js';
import type { NormaliseOptions } from '../../../../libs/indicators/src/index.js';
import type { RequestContext } from '../common/request-context.js';

export interface ReportSettings {
  /** The caller's organisation's country, else the alliance's home country: where phone numbers without a country code are read. */
  homeCountry: string;
  marketplaces: string[];
  defaultSharingLevel: SharingLevel;
  correlationLimit: number;
}

/**
 * What filing and reading intelligence needs of the caller's alliance and organisation, in one
 * query: the same reading of a typed value wherever it is typed — a report's indicators, an
 * import, search, the watchlist, a blind-match contact request, a coordinator's key decision.
 */
@Injectable()
export class IntelSettings {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(ctx: RequestContext, em: EntityManager = this.dataSource.manager): Promise<ReportSettings> {
    const [row] = await em.query(
      `SELECT a.home_country, a.marketplaces, a.default_sharing_level, a.correlation_limit, o.country AS organisation_country
         FROM alliance a LEFT JOIN organisation o ON o.id = $2 WHERE a.id = $1`,
      [ctx.allianceId, ctx.organisationId],
    );
    return { homeCountry: row.organisation_country ?? row.home_country, marketplaces: row.marketplaces, defaultSharingLevel: row.default_sharing_level, correlationLimit: row.correlation_limit };
  }

  /** How the caller's typed values are normalised (phones in its country, marketplace ids among the alliance's marketplaces). */
  async reading(ctx: RequestContext): Promise<Pick<NormaliseOptions, 'defaultCountry' | 'marketplaces'>> {
    const settings = await this.of(ctx);
    return { defaultCountry: settings.homeCountry, marketplaces: settings.marketplaces };
  }
}
