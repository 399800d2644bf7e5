import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A brand's median price from its alerts alone (issue 17, "Performance"): each alert keeps its
 * listing's price and currency as matched, and the brand's index carries them, so the median of a
 * brand's latest alerts is an index-only range instead of a listing read per alert (115 ms a chunk
 * of 1,000 listings at 100,000 fed, the costliest statement of matching).
 */
export class AlertPrice1766900000000 implements MigrationInterface {
  name = 'AlertPrice1766900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE monitoring_alert ADD COLUMN price_minor bigint, ADD COLUMN currency char(3)`);
    await q.query(`UPDATE monitoring_alert a SET price_minor = l.price_minor, currency = l.currency FROM listing l WHERE l.alliance_id = a.alliance_id AND l.id = a.listing_id`);
    await q.query(`DROP INDEX monitoring_alert_brand`);
    await q.query(`CREATE INDEX monitoring_alert_brand ON monitoring_alert (alliance_id, brand_id, first_alerted_at DESC) INCLUDE (currency, price_minor)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX monitoring_alert_brand`);
    await q.query(`CREATE INDEX monitoring_alert_brand ON monitoring_alert (alliance_id, brand_id, first_alerted_at DESC)`);
    await q.query(`ALTER TABLE monitoring_alert DROP COLUMN price_minor, DROP COLUMN currency`);
  }
}
