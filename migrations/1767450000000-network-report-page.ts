import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A network's page of reports (newest first, 50 at a time) reads them in order from an index on
 * the network: with `intel_report_network (network_id)` alone the planner walked the alliance's
 * whole feed by publication date and dropped every report of another network (at 200,000 reports
 * and a network of 1,000: 170,000 rows skipped, 94–192 ms; now 0.3 ms). The new index leads with
 * `network_id`, so every statement that looked reports up by network alone still uses it.
 */
export class NetworkReportPage1767450000000 implements MigrationInterface {
  name = 'NetworkReportPage1767450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX intel_report_network_feed ON intel_report (network_id, published_at DESC, id DESC)`);
    await q.query(`DROP INDEX intel_report_network`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX intel_report_network ON intel_report (network_id)`);
    await q.query(`DROP INDEX intel_report_network_feed`);
  }
}
