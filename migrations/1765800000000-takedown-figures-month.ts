import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16's SLA figures from a monthly roll-up instead of every request of the period (a year at
 * 1,000,000 requests read 13–21 s live; the roll-up has a row per month, marketplace, member and
 * agent: about a thousand).
 *
 * - `takedown_request.removed_listings`: the request's REMOVED listings, kept by a trigger on
 *   takedown_listing, so that a change of outcome moves the request and so its figures.
 * - `takedown_figures_month`: per month of submission (UTC), marketplace, member and agent
 *   (`agent_key`: the agent organisation, or the nil uuid when the member filed itself, so that the
 *   primary key has no null) the counts of today's figures and a histogram of the processing times
 *   of decided requests. Kept by statement triggers on takedown_request with transition tables:
 *   each statement subtracts what its old rows contributed and adds what its new rows do, in one
 *   upsert per key touched (sorted, so concurrent writers lock rows in the same order), whatever
 *   the path (filing, deciding, pauses, the SLA job, counter-notices, backdating, a bulk load).
 *   Statements that change nothing the figures read (a review started, a warning sent) write no
 *   roll-up row.
 * - Processing times (decided_at − submitted_at − paused_ms) fall in 125 log-spaced buckets:
 *   bucket 1 under a minute, bucket k ≥ 2 from 60 s·1.1^(k−2) to 60 s·1.1^(k−1), the last one
 *   (from about 86 days) open-ended. A percentile is read as its bucket's geometric middle
 *   (`takedown_processing_bucket_ms`): within 5% (√1.1 − 1 = 4.9%) of the exact nearest rank from a
 *   minute to 86 days; under a minute it reads 30 s.
 *
 * The triggers fire ALWAYS, also under session_replication_role = replica (the benchmark's
 * load, a restore without foreign key checks): the roll-up is derived data and must follow every
 * write. A logical replica that also receives takedown_request must therefore not be sent
 * takedown_figures_month (it keeps its own).
 */
const BUCKETS = 125;
const NIL = `'00000000-0000-0000-0000-000000000000'::uuid`;
const ZEROS = `'{${Array(BUCKETS).fill(0).join(',')}}'::int[]`;

/**
 * What the rows of `source` (takedown_request rows: the table, or a trigger's transition table)
 * contribute to the roll-up, signed, as (key, counts, histogram) per key; only keys whose net
 * contribution is not nothing. `source` may be a union of old rows (sign −1) and new ones (+1).
 */
function contributions(source: string): string {
  return `
    SELECT d.alliance_id, d.month, d.marketplace_id, d.organisation_id, d.agent_key,
           sum(d.sign)::int AS received,
           sum(d.sign) FILTER (WHERE d.decided_at IS NOT NULL)::int AS processed,
           sum(d.sign) FILTER (WHERE d.decided_at <= d.due_at)::int AS within_sla,
           sum(d.sign) FILTER (WHERE d.decided_at IS NOT NULL AND d.status <> 'REJECTED')::int AS accepted,
           sum(d.sign * d.removed_listings) FILTER (WHERE d.status IN ('ACCEPTED', 'COUNTER_NOTICED', 'UPHELD'))::int AS listings_removed,
           takedown_histogram(takedown_processing_bucket(extract(epoch FROM d.decided_at - d.submitted_at) * 1000 - d.paused_ms), d.sign) AS processing
      FROM (SELECT s.sign, s.alliance_id, date_trunc('month', s.submitted_at AT TIME ZONE 'UTC')::date AS month, s.marketplace_id, s.organisation_id,
                   coalesce(s.agent_organisation_id, ${NIL}) AS agent_key, s.status, s.submitted_at, s.due_at, s.decided_at, s.paused_ms, s.removed_listings
              FROM (${source}) s) d
     GROUP BY 1, 2, 3, 4, 5`;
}

function upsert(source: string): string {
  return `
    INSERT INTO takedown_figures_month AS f (alliance_id, month, marketplace_id, organisation_id, agent_key, received, processed, within_sla, accepted, listings_removed, processing)
    SELECT c.alliance_id, c.month, c.marketplace_id, c.organisation_id, c.agent_key, c.received, coalesce(c.processed, 0), coalesce(c.within_sla, 0), coalesce(c.accepted, 0),
           coalesce(c.listings_removed, 0), c.processing
      FROM (${contributions(source)}) c
     WHERE c.received <> 0 OR c.processed <> 0 OR c.within_sla <> 0 OR c.accepted <> 0 OR c.listings_removed <> 0 OR c.processing <> ${ZEROS}
     ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (alliance_id, month, marketplace_id, organisation_id, agent_key) DO UPDATE
       SET received = f.received + excluded.received, processed = f.processed + excluded.processed, within_sla = f.within_sla + excluded.within_sla,
           accepted = f.accepted + excluded.accepted, listings_removed = f.listings_removed + excluded.listings_removed,
           processing = takedown_histogram_sum(f.processing, excluded.processing)`;
}

/** `fn` after each INSERT, UPDATE and DELETE statement on `table`, with its transition tables (one event a trigger), firing ALWAYS. */
async function statementTriggers(q: QueryRunner, table: string, prefix: string, fn: string): Promise<void> {
  for (const [event, tables] of [['INSERT', 'NEW TABLE AS new_rows'], ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'], ['DELETE', 'OLD TABLE AS old_rows']]) {
    const name = `${prefix}_${event.toLowerCase()}`;
    await q.query(`CREATE TRIGGER ${name} AFTER ${event} ON ${table} REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${name}`);
  }
}

const COLUMNS = 'alliance_id, submitted_at, marketplace_id, organisation_id, agent_organisation_id, status, due_at, decided_at, paused_ms, removed_listings';

export class TakedownFiguresMonth1765800000000 implements MigrationInterface {
  name = 'TakedownFiguresMonth1765800000000';

  async up(q: QueryRunner): Promise<void> {
    // the bucket formula, in one place: the triggers file by it, the figures read by it
    await q.query(`
      CREATE FUNCTION takedown_processing_bucket(ms float8) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN CASE WHEN ms IS NULL THEN NULL WHEN ms < 60000 THEN 1 ELSE least(${BUCKETS}, 2 + floor(ln(ms / 60000) / ln(1.1))::int) END`);
    await q.query(`
      CREATE FUNCTION takedown_processing_bucket_ms(bucket int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN CASE WHEN bucket = 1 THEN 30000 ELSE 60000 * power(1.1, bucket - 1.5) END`);
    await q.query(`
      CREATE FUNCTION takedown_histogram_add(h int[], bucket int, n int) RETURNS int[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      BEGIN
        IF bucket IS NOT NULL THEN h[bucket] := h[bucket] + n; END IF;
        RETURN h;
      END $$`);
    await q.query(`CREATE AGGREGATE takedown_histogram(int, int) (SFUNC = takedown_histogram_add, STYPE = int[], INITCOND = '{${Array(BUCKETS).fill(0).join(',')}}')`);
    await q.query(`
      CREATE FUNCTION takedown_histogram_sum(a int[], b int[]) RETURNS int[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN ARRAY(SELECT x + y FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i) ORDER BY i)`);

    await q.query(`ALTER TABLE takedown_request ADD COLUMN removed_listings integer NOT NULL DEFAULT 0`);
    await q.query(`
      UPDATE takedown_request r SET removed_listings = l.n
        FROM (SELECT alliance_id, request_id, count(*)::int AS n FROM takedown_listing WHERE outcome = 'REMOVED' GROUP BY 1, 2) l
       WHERE r.alliance_id = l.alliance_id AND r.id = l.request_id`);

    await q.query(`
      CREATE TABLE takedown_figures_month (
        alliance_id uuid NOT NULL,
        month date NOT NULL,
        marketplace_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        agent_key uuid NOT NULL,
        received integer NOT NULL,
        processed integer NOT NULL,
        within_sla integer NOT NULL,
        accepted integer NOT NULL,
        listings_removed integer NOT NULL,
        processing integer[] NOT NULL CHECK (cardinality(processing) = ${BUCKETS}),
        PRIMARY KEY (alliance_id, month, marketplace_id, organisation_id, agent_key),
        FOREIGN KEY (alliance_id, marketplace_id) REFERENCES marketplace (alliance_id, id),
        FOREIGN KEY (alliance_id, organisation_id) REFERENCES organisation (alliance_id, id)
      )`);
    await q.query(upsert(`SELECT 1 AS sign, ${COLUMNS} FROM takedown_request`));

    await q.query(`
      CREATE FUNCTION takedown_figures_month_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${upsert(`SELECT 1 AS sign, ${COLUMNS} FROM new_rows`)};
        ELSIF TG_OP = 'DELETE' THEN
          ${upsert(`SELECT -1 AS sign, ${COLUMNS} FROM old_rows`)};
        ELSE
          -- only the rows whose figures may have moved
          ${upsert(`
            SELECT x.* FROM old_rows o JOIN new_rows n ON n.alliance_id = o.alliance_id AND n.id = o.id
             CROSS JOIN LATERAL (SELECT -1 AS sign, o.alliance_id, o.submitted_at, o.marketplace_id, o.organisation_id, o.agent_organisation_id, o.status, o.due_at, o.decided_at, o.paused_ms, o.removed_listings
                                 UNION ALL
                                 SELECT 1, n.alliance_id, n.submitted_at, n.marketplace_id, n.organisation_id, n.agent_organisation_id, n.status, n.due_at, n.decided_at, n.paused_ms, n.removed_listings) x
             WHERE (o.submitted_at, o.marketplace_id, o.organisation_id, o.agent_organisation_id, o.status, o.due_at, o.decided_at, o.paused_ms, o.removed_listings)
                   IS DISTINCT FROM (n.submitted_at, n.marketplace_id, n.organisation_id, n.agent_organisation_id, n.status, n.due_at, n.decided_at, n.paused_ms, n.removed_listings)`)};
        END IF;
        RETURN NULL;
      END $$`);
    await statementTriggers(q, 'takedown_request', 'takedown_figures_month', 'takedown_figures_month_apply');

    await q.query(`
      CREATE FUNCTION takedown_request_removed_listings() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE takedown_request r SET removed_listings = r.removed_listings + d.n
            FROM (SELECT alliance_id, request_id, count(*)::int AS n FROM new_rows WHERE outcome = 'REMOVED' GROUP BY 1, 2) d
           WHERE r.alliance_id = d.alliance_id AND r.id = d.request_id;
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE takedown_request r SET removed_listings = r.removed_listings - d.n
            FROM (SELECT alliance_id, request_id, count(*)::int AS n FROM old_rows WHERE outcome = 'REMOVED' GROUP BY 1, 2) d
           WHERE r.alliance_id = d.alliance_id AND r.id = d.request_id;
        ELSE
          UPDATE takedown_request r SET removed_listings = r.removed_listings + d.n
            FROM (SELECT alliance_id, request_id, sum(n)::int AS n
                    FROM (SELECT alliance_id, request_id, -1 AS n FROM old_rows WHERE outcome = 'REMOVED'
                          UNION ALL
                          SELECT alliance_id, request_id, 1 FROM new_rows WHERE outcome = 'REMOVED') x
                   GROUP BY 1, 2 HAVING sum(n) <> 0) d
           WHERE r.alliance_id = d.alliance_id AND r.id = d.request_id;
        END IF;
        RETURN NULL;
      END $$`);
    await statementTriggers(q, 'takedown_listing', 'takedown_listing_removed', 'takedown_request_removed_listings');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete']) {
      await q.query(`DROP TRIGGER takedown_listing_removed_${event} ON takedown_listing`);
      await q.query(`DROP TRIGGER takedown_figures_month_${event} ON takedown_request`);
    }
    await q.query(`DROP FUNCTION takedown_request_removed_listings()`);
    await q.query(`DROP FUNCTION takedown_figures_month_apply()`);
    await q.query(`DROP TABLE takedown_figures_month`);
    await q.query(`ALTER TABLE takedown_request DROP COLUMN removed_listings`);
    await q.query(`DROP FUNCTION takedown_histogram_sum(int[], int[])`);
    await q.query(`DROP AGGREGATE takedown_histogram(int, int)`);
    await q.query(`DROP FUNCTION takedown_histogram_add(int[], int, int)`);
    await q.query(`DROP FUNCTION takedown_processing_bucket_ms(int)`);
    await q.query(`DROP FUNCTION takedown_processing_bucket(float8)`);
  }
}
