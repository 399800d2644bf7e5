import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Screenshots of a takedown request's listings (issue 16, outcome 2): evidence files the filer
 * uploaded, attached per listing; the request's deciders may open them (files.byIds grants it).
 */
export class TakedownScreenshots1765600000000 implements MigrationInterface {
  name = 'TakedownScreenshots1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE takedown_listing_screenshot (
        alliance_id uuid NOT NULL,
        request_id uuid NOT NULL,
        position integer NOT NULL,
        file_id uuid NOT NULL,
        PRIMARY KEY (alliance_id, request_id, position, file_id),
        FOREIGN KEY (alliance_id, request_id, position) REFERENCES takedown_listing (alliance_id, request_id, position) ON DELETE CASCADE,
        FOREIGN KEY (alliance_id, file_id) REFERENCES evidence_file (alliance_id, id)
      )`);
    // who may open a file asks by file
    await q.query(`CREATE INDEX takedown_listing_screenshot_file ON takedown_listing_screenshot (alliance_id, file_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE takedown_listing_screenshot`);
  }
}
