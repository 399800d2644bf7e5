import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ExchangeRateValue } from './currency-conversion.js';

export interface ExchangeRateRow extends ExchangeRateValue {
  updatedAt: Date;
}

/** Every SQL statement on impact_settings and exchange_rate (migration 1766400000000). */
@Injectable()
export class ImpactRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async reportingCurrency(allianceId: string, em?: EntityManager): Promise<string | null> {
    const [row] = await (em ?? this.dataSource).query(`SELECT reporting_currency AS currency FROM impact_settings WHERE alliance_id = $1`, [allianceId]);
    return row?.currency ?? null;
  }

  async saveReportingCurrency(em: EntityManager, allianceId: string, currency: string, actorId: string): Promise<void> {
    await em.query(
      `INSERT INTO impact_settings (alliance_id, reporting_currency, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (alliance_id) DO UPDATE SET reporting_currency = EXCLUDED.reporting_currency, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [allianceId, currency, actorId],
    );
  }

  /** The alliance's rates, by currency and valid-from; the rate as its exact decimal text. At most `limit`. */
  rates(allianceId: string, limit: number, em?: EntityManager): Promise<ExchangeRateRow[]> {
    return (em ?? this.dataSource).query(
      `SELECT currency, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", rate::text AS rate, updated_at AS "updatedAt"
         FROM exchange_rate WHERE alliance_id = $1 ORDER BY currency, valid_from LIMIT $2`,
      [allianceId, limit],
    );
  }

  async rate(em: EntityManager, allianceId: string, currency: string, validFrom: string): Promise<ExchangeRateRow | null> {
    const [row] = await em.query(
      `SELECT currency, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", rate::text AS rate, updated_at AS "updatedAt"
         FROM exchange_rate WHERE alliance_id = $1 AND currency = $2 AND valid_from = $3::date FOR UPDATE`,
      [allianceId, currency, validFrom],
    );
    return row ?? null;
  }

  async countRates(em: EntityManager, allianceId: string): Promise<number> {
    const [row] = await em.query(`SELECT count(*)::int AS n FROM exchange_rate WHERE alliance_id = $1`, [allianceId]);
    return row.n;
  }

  async saveRate(em: EntityManager, allianceId: string, r: ExchangeRateValue, actorId: string): Promise<ExchangeRateRow> {
    const [row] = await em.query(
      `INSERT INTO exchange_rate (alliance_id, currency, valid_from, rate, updated_by) VALUES ($1, $2, $3::date, $4::numeric, $5)
       ON CONFLICT (alliance_id, currency, valid_from) DO UPDATE SET rate = EXCLUDED.rate, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING currency, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", rate::text AS rate, updated_at AS "updatedAt"`,
      [allianceId, r.currency, r.validFrom, r.rate, actorId],
    );
    return row;
  }

  async removeRate(em: EntityManager, allianceId: string, currency: string, validFrom: string): Promise<boolean> {
    const [, count] = await em.query(`DELETE FROM exchange_rate WHERE alliance_id = $1 AND currency = $2 AND valid_from = $3::date`, [allianceId, currency, validFrom]);
    return count > 0;
  }
}
