/**
 * Where the SLA figures' roll-up (takedown_figures_month, kept by triggers) differs from a live
 * recount of takedown_request and takedown_listing by today's definitions: one line per
 * (month, marketplace, member, agent) that differs, so a failing test names it. Counts must agree
 * exactly; the roll-up's median and 95th percentile (nearest rank over its histogram, read as the
 * bucket's middle) within 5% of the exact nearest rank, or 30 s under a minute.
 */
type Query = (sql: string, parameters?: unknown[]) => Promise<any[]>;

export async function takedownFiguresDrift(query: Query): Promise<string[]> {
  const rows: { key: string; live: Record<string, number> | null; rolled: Record<string, number> | null }[] = await query(
    `WITH live AS (
       SELECT r.alliance_id, date_trunc('month', r.submitted_at AT TIME ZONE 'UTC')::date AS month, r.marketplace_id, r.organisation_id,
              coalesce(r.agent_organisation_id, '00000000-0000-0000-0000-000000000000') AS agent_key,
              count(*)::int AS received, count(r.decided_at)::int AS processed,
              count(*) FILTER (WHERE r.decided_at <= r.due_at)::int AS within_sla,
              count(*) FILTER (WHERE r.decided_at IS NOT NULL AND r.status <> 'REJECTED')::int AS accepted,
              coalesce(sum((SELECT count(*) FROM takedown_listing l WHERE l.alliance_id = r.alliance_id AND l.request_id = r.id AND l.outcome = 'REMOVED'))
                       FILTER (WHERE r.status IN ('ACCEPTED', 'COUNTER_NOTICED', 'UPHELD')), 0)::int AS listings_removed,
              (percentile_disc(0.5) WITHIN GROUP (ORDER BY x.ms))::float8 AS median,
              (percentile_disc(0.95) WITHIN GROUP (ORDER BY x.ms))::float8 AS p95
         FROM takedown_request r
        CROSS JOIN LATERAL (SELECT CASE WHEN r.decided_at IS NOT NULL THEN extract(epoch FROM r.decided_at - r.submitted_at) * 1000 - r.paused_ms END AS ms) x
        GROUP BY 1, 2, 3, 4, 5),
     rolled AS (
       SELECT f.alliance_id, f.month, f.marketplace_id, f.organisation_id, f.agent_key, f.received, f.processed, f.within_sla, f.accepted, f.listings_removed,
              (SELECT sum(n) FROM unnest(f.processing) n)::int AS histogram_total,
              (SELECT count(*) FROM unnest(f.processing) n WHERE n < 0)::int AS negative_buckets,
              (SELECT takedown_processing_bucket_ms(min(i)::int) FROM (SELECT i, sum(n) OVER (ORDER BY i) AS below, sum(n) OVER () AS total FROM unnest(f.processing) WITH ORDINALITY u(n, i)) c
                WHERE c.total > 0 AND c.below >= ceil(0.5 * c.total)) AS median,
              (SELECT takedown_processing_bucket_ms(min(i)::int) FROM (SELECT i, sum(n) OVER (ORDER BY i) AS below, sum(n) OVER () AS total FROM unnest(f.processing) WITH ORDINALITY u(n, i)) c
                WHERE c.total > 0 AND c.below >= ceil(0.95 * c.total)) AS p95
         FROM takedown_figures_month f
        WHERE f.received <> 0 OR f.processed <> 0 OR f.within_sla <> 0 OR f.accepted <> 0 OR f.listings_removed <> 0 OR EXISTS (SELECT 1 FROM unnest(f.processing) n WHERE n <> 0))
     SELECT concat_ws(' ', to_char(coalesce(l.month, f.month), 'YYYY-MM'), 'marketplace', coalesce(l.marketplace_id, f.marketplace_id), 'member', coalesce(l.organisation_id, f.organisation_id),
                      'agent', coalesce(l.agent_key, f.agent_key)) AS key,
            CASE WHEN l.month IS NOT NULL THEN json_build_object('received', l.received, 'processed', l.processed, 'withinSla', l.within_sla, 'accepted', l.accepted,
                                                                 'listingsRemoved', l.listings_removed, 'medianMs', l.median, 'p95Ms', l.p95) END AS live,
            CASE WHEN f.month IS NOT NULL THEN json_build_object('received', f.received, 'processed', f.processed, 'withinSla', f.within_sla, 'accepted', f.accepted,
                                                                 'listingsRemoved', f.listings_removed, 'medianMs', f.median, 'p95Ms', f.p95,
                                                                 'histogramTotal', f.histogram_total, 'negativeBuckets', f.negative_buckets) END AS rolled
       FROM live l FULL JOIN rolled f USING (alliance_id, month, marketplace_id, organisation_id, agent_key)`,
  );
  const drift: string[] = [];
  const close = (rolled: number | null, live: number | null) =>
    rolled === null || live === null ? rolled === live : Math.abs(rolled - live) <= Math.max(0.05 * live, 30_000);
  for (const { key, live, rolled } of rows) {
    if (!live || !rolled) {
      drift.push(`${key}: ${live ? 'missing from the roll-up' : 'in the roll-up only'} (${JSON.stringify(live ?? rolled)})`);
      continue;
    }
    const counts = ['received', 'processed', 'withinSla', 'accepted', 'listingsRemoved'].filter((k) => live[k] !== rolled[k]);
    if (counts.length || rolled.histogramTotal !== live.processed || rolled.negativeBuckets !== 0 || !close(rolled.medianMs, live.medianMs) || !close(rolled.p95Ms, live.p95Ms)) {
      drift.push(`${key}: live ${JSON.stringify(live)}, roll-up ${JSON.stringify(rolled)}`);
    }
  }
  return drift;
}
