import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The alliance's upheld requests by when they were upheld (issue 17, "Performance"): matching reads
 * the strikes inside the ladder's window first (`RepeatInfringerRepository.strikesSince`), so a
 * chunk's stores are looked up in intelligence's networks only beside the stores struck, rather
 * than every store of every network a chunk names. Upheld transitions are a small part of the table.
 */
export class UpheldTransitions1767610000000 implements MigrationInterface {
  name = 'UpheldTransitions1767610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX takedown_transition_upheld ON takedown_transition (alliance_id, at) WHERE to_status = 'UPHELD'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX takedown_transition_upheld`);
  }
}
