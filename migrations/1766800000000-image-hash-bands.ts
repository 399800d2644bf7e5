import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Perceptual-hash lookups by band (issue 17, "Performance"): monitoring compares each listing
 * picture's 64-bit perceptual hash with the IMAGE_HASH indicators of 16 hex digits within a few
 * bits (Hamming distance ≤ 6). Compared with every such indicator, a chunk of listings cost 830 ms
 * at 20,000 of them. Cut into four bands of 16 bits, two hashes at most seven bits apart differ in
 * at most one bit of some band (pigeonhole), so the candidates are the indicators holding one of
 * the picture's 68 probes — each band as it is and with each one of its bits flipped — found by a
 * GIN index over the indicators' bands (`1:abcd`, `2:ef01`, …), and the distance is checked on those
 * alone (about 20 rows a picture at 20,000 hashes).
 */
export class ImageHashBands1766800000000 implements MigrationInterface {
  name = 'ImageHashBands1766800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION phash_bands(hex text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT ARRAY(SELECT b || ':' || substr(hex, 4 * b - 3, 4) FROM generate_series(1, 4) b)
      $$`);
    await q.query(`
      CREATE FUNCTION phash_probes(hex text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT ARRAY(SELECT b || ':' || lpad(to_hex(('x' || substr(hex, 4 * b - 3, 4))::bit(16)::int # CASE WHEN f < 0 THEN 0 ELSE 1 << f END), 4, '0')
                       FROM generate_series(1, 4) b, generate_series(-1, 15) f)
      $$`);
    await q.query(`CREATE INDEX indicator_phash_bands ON indicator USING gin (phash_bands(key)) WHERE type = 'IMAGE_HASH' AND length(key) = 16`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX indicator_phash_bands`);
    await q.query(`DROP FUNCTION phash_probes(text)`);
    await q.query(`DROP FUNCTION phash_bands(text)`);
  }
}
