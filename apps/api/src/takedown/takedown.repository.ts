import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { histogramPercentile, type ListingOutcome, type TakedownAction, type TakedownStatus } from '../../../../libs/takedown/src/index.js';

export type TakedownChannel = 'PORTAL' | 'API' | 'BULK_CSV' | 'PDF_FORM' | 'EMAIL';

export interface TakedownRow {
  allianceId: string;
  id: string;
  organisationId: string;
  filedBy: string;
  filedByKind: 'USER' | 'API_KEY';
  brandId: string;
  trademarkId: string | null;
  ipRightId: string | null;
  agentOrganisationId: string | null;
  marketplaceId: string;
  reason: string;
  statement: string | null;
  channel: TakedownChannel;
  clientKey: string | null;
  status: TakedownStatus;
  slaHours: number;
  submittedAt: Date;
  dueAt: Date;
  pausedSince: Date | null;
  pausedMs: number;
  decidedAt: Date | null;
  decidedBy: string | null;
  listingCount: number;
  counterDeadline: Date | null;
  answerDeadline: Date | null;
  autoAccepted: boolean;
  auditSampled: boolean;
  auditAgreed: boolean | null;
  auditedAt: Date | null;
  version: number;
}

export interface ListingRow {
  requestId: string;
  position: number;
  url: string;
  listingId: string | null;
  storeId: string | null;
  storeName: string | null;
  price: string | null;
  currency: string | null;
  outcome: ListingOutcome | null;
  repeatOffence: boolean;
}

export interface TransitionRow {
  requestId: string;
  fromStatus: TakedownStatus | null;
  toStatus: TakedownStatus;
  action: TakedownAction | 'SUBMIT';
  actorKind: string;
  actorId: string | null;
  note: string | null;
  at: Date;
}

export type NewTakedown = Omit<TakedownRow, 'allianceId' | 'id' | 'status' | 'submittedAt' | 'dueAt' | 'pausedSince' | 'pausedMs' | 'decidedAt' | 'decidedBy' | 'version' | 'counterDeadline' | 'answerDeadline' | 'autoAccepted' | 'auditSampled' | 'auditAgreed' | 'auditedAt'>;
export type NewListing = Omit<ListingRow, 'requestId' | 'outcome'>;

export interface CounterNoticeRow {
  requestId: string;
  filedByKind: 'SELLER' | 'REVIEWER';
  reason: string;
  statement: string;
  contactName: string | null;
  contactEmail: string | null;
  evidenceUrls: string[];
  filedAt: Date;
  answer: string | null;
  legalAction: boolean | null;
  answeredAt: Date | null;
}

/** Who may see which requests, as SQL over `r` (a takedown_request) and `m` (its marketplace). */
export interface Visibility {
  /** Every request of the alliance (coordinators). */
  all?: boolean;
  /** Requests filed for this organisation or by it as an agent (its members). */
  complainant?: string;
  /** Requests on marketplaces whose reviewers come from this organisation. */
  reviewer?: string;
}

const COLUMNS = `r.alliance_id AS "allianceId", r.id, r.organisation_id AS "organisationId", r.filed_by AS "filedBy", r.filed_by_kind AS "filedByKind",
  r.brand_id AS "brandId", r.trademark_id AS "trademarkId", r.ip_right_id AS "ipRightId", r.agent_organisation_id AS "agentOrganisationId", r.marketplace_id AS "marketplaceId", r.reason, r.statement, r.channel,
  r.client_key AS "clientKey", r.status, r.sla_hours AS "slaHours", r.submitted_at AS "submittedAt", r.due_at AS "dueAt",
  r.paused_since AS "pausedSince", r.paused_ms::float8 AS "pausedMs", r.decided_at AS "decidedAt", r.decided_by AS "decidedBy",
  r.listing_count AS "listingCount", r.counter_deadline AS "counterDeadline", r.answer_deadline AS "answerDeadline",
  r.auto_accepted AS "autoAccepted", r.audit_sampled AS "auditSampled", r.audit_agreed AS "auditAgreed", r.audited_at AS "auditedAt", r.version`;

/** `agent`: the column of `r` naming the agent organisation (the figures' roll-up keys it as agent_key). */
function visible(v: Visibility, params: unknown[], agent = 'agent_organisation_id'): string {
  if (v.all) return 'true';
  const parts: string[] = [];
  if (v.complainant) {
    const p = params.push(v.complainant);
    parts.push(`(r.organisation_id = $${p} OR r.${agent} = $${p})`);
  }
  if (v.reviewer) parts.push(`m.reviewer_organisation_id = $${params.push(v.reviewer)}`);
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

/**
 * A page cursor's (time, id) as SQL. The cursor's time has milliseconds, the column microseconds:
 * the row the cursor names gives its exact time (the cursor's own only if that row is gone), or the
 * next page would start with the last row of the one before.
 */
function cursorKey(column: 'due_at' | 'submitted_at', after: (string | number | null)[], params: unknown[]): string {
  const time = params.push(after[0]);
  const id = params.push(after[1]);
  return `COALESCE((SELECT c.${column} FROM takedown_request c WHERE c.alliance_id = $1 AND c.id = $${id}::uuid), $${time}::timestamptz), $${id}::uuid`;
}

/** Every SQL statement on takedown_request, takedown_listing and takedown_transition, and on their figures' roll-up takedown_figures_month. */
@Injectable()
export class TakedownRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts the request unless its client key was used; null when it was. */
  async insert(em: EntityManager, allianceId: string, r: NewTakedown): Promise<TakedownRow | null> {
    const [row] = await em.query(
      `INSERT INTO takedown_request AS r (alliance_id, organisation_id, filed_by, filed_by_kind, brand_id, trademark_id, marketplace_id, reason, statement,
                                          channel, client_key, status, sla_hours, due_at, listing_count, ip_right_id, agent_organisation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'SUBMITTED', $12, now() + make_interval(hours => $12), $13, $14, $15)
       ON CONFLICT (alliance_id, organisation_id, client_key) WHERE client_key IS NOT NULL DO NOTHING
       RETURNING ${COLUMNS}`,
      [allianceId, r.organisationId, r.filedBy, r.filedByKind, r.brandId, r.trademarkId, r.marketplaceId, r.reason, r.statement, r.channel, r.clientKey, r.slaHours, r.listingCount, r.ipRightId, r.agentOrganisationId],
    );
    return row ?? null;
  }

  async insertListings(em: EntityManager, allianceId: string, requestId: string, listings: readonly NewListing[]): Promise<void> {
    await em.query(
      `INSERT INTO takedown_listing (alliance_id, request_id, position, url, listing_id, store_id, store_name, price, currency, repeat_offence)
       SELECT $1, $2, * FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::numeric[], $9::text[], $10::boolean[])`,
      [
        allianceId, requestId, listings.map((l) => l.position), listings.map((l) => l.url), listings.map((l) => l.listingId), listings.map((l) => l.storeId),
        listings.map((l) => l.storeName), listings.map((l) => l.price), listings.map((l) => l.currency), listings.map((l) => l.repeatOffence),
      ],
    );
  }

  /** Screenshots attached to listings, by position. */
  async insertScreenshots(em: EntityManager, allianceId: string, requestId: string, shots: readonly { position: number; fileId: string }[]): Promise<void> {
    if (!shots.length) return;
    await em.query(
      `INSERT INTO takedown_listing_screenshot (alliance_id, request_id, position, file_id) SELECT $1, $2, * FROM unnest($3::int[], $4::uuid[])`,
      [allianceId, requestId, shots.map((s) => s.position), shots.map((s) => s.fileId)],
    );
  }

  async screenshotsOf(allianceId: string, requestIds: readonly string[]): Promise<{ requestId: string; position: number; fileId: string }[]> {
    if (!requestIds.length) return [];
    return this.dataSource.query(
      `SELECT request_id AS "requestId", position, file_id AS "fileId" FROM takedown_listing_screenshot
        WHERE alliance_id = $1 AND request_id = ANY($2::uuid[]) ORDER BY request_id, position, file_id`,
      [allianceId, requestIds],
    );
  }

  /**
   * The condition under which an organisation may open a file it did not upload: a screenshot of a
   * listing of a request it filed, files as an agent, or decides as the marketplace's reviewers.
   */
  screenshotGrant(organisationParam: string, file: string): string {
    return `EXISTS (SELECT 1 FROM takedown_listing_screenshot shot
                      JOIN takedown_request shot_r ON shot_r.alliance_id = shot.alliance_id AND shot_r.id = shot.request_id
                      JOIN marketplace shot_m ON shot_m.alliance_id = shot_r.alliance_id AND shot_m.id = shot_r.marketplace_id
                     WHERE shot.alliance_id = f.alliance_id AND shot.file_id = ${file}
                       AND ${organisationParam} IN (shot_r.organisation_id, shot_r.agent_organisation_id, shot_m.reviewer_organisation_id))`;
  }

  async byClientKey(em: EntityManager, allianceId: string, organisationId: string, clientKey: string): Promise<TakedownRow | null> {
    const [row] = await em.query(`SELECT ${COLUMNS} FROM takedown_request r WHERE r.alliance_id = $1 AND r.organisation_id = $2 AND r.client_key = $3`, [allianceId, organisationId, clientKey]);
    return row ?? null;
  }

  async visibleByIds(allianceId: string, ids: readonly string[], v: Visibility, em: EntityManager = this.dataSource.manager): Promise<TakedownRow[]> {
    const params: unknown[] = [allianceId, ids];
    return em.query(
      `SELECT ${COLUMNS} FROM takedown_request r JOIN marketplace m ON m.alliance_id = r.alliance_id AND m.id = r.marketplace_id
        WHERE r.alliance_id = $1 AND r.id = ANY ($2) AND ${visible(v, params)}`,
      params,
    );
  }

  /**
   * Of the visible requests among `ids`, how many are decided and now in one of `statuses`, per
   * the key each id is given (`keys[i]` for `ids[i]`; an id may come under several keys). Keys
   * with none are left out. One primary-key probe per id (the lateral `LIMIT 1` keeps the planner
   * from hashing the whole table instead): the cost follows the ids, not the alliance's history
   * (500,000 requests: a hash join read them all, 0.1–0.5 s).
   */
  async countDecidedByKey(allianceId: string, keys: readonly string[], ids: readonly string[], statuses: readonly string[], v: Visibility): Promise<{ key: string; count: number }[]> {
    const params: unknown[] = [allianceId, keys, ids, statuses];
    return this.dataSource.query(
      `SELECT g.key, count(*)::int AS count
         FROM unnest($2::text[], $3::uuid[]) AS g(key, id)
         CROSS JOIN LATERAL (SELECT r.* FROM takedown_request r WHERE r.alliance_id = $1 AND r.id = g.id LIMIT 1) r
         JOIN marketplace m ON m.alliance_id = r.alliance_id AND m.id = r.marketplace_id
        WHERE r.decided_at IS NOT NULL AND r.status = ANY ($4::text[]) AND ${visible(v, params)}
        GROUP BY g.key`,
      params,
    );
  }

  /** A page of visible requests, newest first, or of the queue (undecided, by due time). */
  async page(
    allianceId: string,
    v: Visibility,
    q: { queue: boolean; status?: TakedownStatus; marketplaceId?: string; rightsHolderId?: string; after: (string | number | null)[] | null; limit: number },
  ): Promise<{ rows: TakedownRow[]; total: number }> {
    const params: unknown[] = [allianceId];
    const where = [`r.alliance_id = $1`, visible(v, params)];
    if (q.queue) where.push(`r.status IN ('SUBMITTED', 'UNDER_REVIEW')`);
    if (q.status) where.push(`r.status = $${params.push(q.status)}`);
    if (q.marketplaceId) where.push(`r.marketplace_id = $${params.push(q.marketplaceId)}`);
    if (q.rightsHolderId) where.push(`r.organisation_id = $${params.push(q.rightsHolderId)}`);
    const from = `FROM takedown_request r JOIN marketplace m ON m.alliance_id = r.alliance_id AND m.id = r.marketplace_id WHERE ${where.join(' AND ')}`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total ${from}`, params);
    if (q.queue) return { rows: await this.queuePage(params, where, q), total };
    const keyset = q.after ? ` AND (r.submitted_at, r.id) < (${cursorKey('submitted_at', q.after, params)})` : '';
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS} ${from}${keyset} ORDER BY r.submitted_at DESC, r.id DESC LIMIT $${params.push(q.limit + 1)}`,
      params,
    );
    return { rows, total };
  }

  /**
   * A page of the queue: each visible marketplace's soonest-due requests read in due order from its
   * queue index (takedown_request_queue_due), merged; a page reads at most `limit + 1` rows per
   * marketplace however long the queue is. `where` is page()'s, visibility included.
   */
  private queuePage(params: unknown[], where: string[], q: { after: (string | number | null)[] | null; limit: number }): Promise<TakedownRow[]> {
    const keyset = q.after ? [`(r.due_at, r.id) > (${cursorKey('due_at', q.after, params)})`] : [];
    const limit = `$${params.push(q.limit + 1)}`;
    return this.dataSource.query(
      `SELECT ${COLUMNS}
         FROM marketplace m
        CROSS JOIN LATERAL (
              SELECT r.* FROM takedown_request r
               WHERE r.marketplace_id = m.id AND ${[...where, ...keyset].join(' AND ')}
               ORDER BY r.due_at, r.id LIMIT ${limit}) r
        WHERE m.alliance_id = $1
        ORDER BY r.due_at, r.id LIMIT ${limit}`,
      params,
    );
  }

  /**
   * Moves a request along one row of the transition table, only if nobody moved it first (its
   * status and version are still those the caller read); null when someone did.
   */
  async move(
    em: EntityManager,
    row: TakedownRow,
    to: TakedownStatus,
    change: { pause?: 'start' | 'end'; decided?: { by: string }; counterDeadline?: Date; answerDeadline?: Date },
  ): Promise<TakedownRow | null> {
    const [rows] = await em.query(
      `UPDATE takedown_request r
          SET status = $4, version = r.version + 1, updated_at = now(),
              paused_since = CASE WHEN $5 = 'start' THEN now() WHEN $5 = 'end' THEN NULL ELSE r.paused_since END,
              paused_ms = r.paused_ms + CASE WHEN $5 = 'end' THEN (extract(epoch FROM now() - r.paused_since) * 1000)::bigint ELSE 0 END,
              due_at = r.due_at + CASE WHEN $5 = 'end' THEN now() - r.paused_since ELSE interval '0' END,
              decided_at = CASE WHEN $6::uuid IS NOT NULL THEN now() ELSE r.decided_at END,
              decided_by = COALESCE($6::uuid, r.decided_by),
              counter_deadline = COALESCE($8::timestamptz, r.counter_deadline),
              answer_deadline = COALESCE($9::timestamptz, r.answer_deadline)
        WHERE r.alliance_id = $1 AND r.id = $2 AND r.version = $3 AND r.status = $7
        RETURNING ${COLUMNS}`,
      [row.allianceId, row.id, row.version, to, change.pause ?? null, change.decided?.by ?? null, row.status, change.counterDeadline ?? null, change.answerDeadline ?? null],
    );
    return rows[0] ?? null;
  }

  /**
   * Marks, once each, the undecided requests whose due time is `warnHours` away or less (`warned`)
   * or past (`breached`), across alliances; answers what it marked with the marketplace's reviewers'
   * organisation. A conditional update: two replicas running the job together mark each request once.
   */
  async markSla(em: EntityManager, kind: 'warned' | 'breached', warnHours: number): Promise<{ allianceId: string; id: string; reviewerOrganisationId: string | null; marketplace: string; dueAt: Date }[]> {
    const column = kind === 'warned' ? 'warned_at' : 'breached_at';
    const due = kind === 'warned' ? `r.due_at - make_interval(hours => $1) <= now()` : `r.due_at < now()`;
    const [rows] = await em.query(
      `UPDATE takedown_request r SET ${column} = now()
         FROM marketplace m
        WHERE m.alliance_id = r.alliance_id AND m.id = r.marketplace_id
          AND r.status IN ('SUBMITTED', 'UNDER_REVIEW') AND r.${column} IS NULL AND r.breached_at IS NULL AND ${due}
        RETURNING r.alliance_id AS "allianceId", r.id, m.reviewer_organisation_id AS "reviewerOrganisationId", m.name AS marketplace, r.due_at AS "dueAt"`,
      kind === 'warned' ? [warnHours] : [],
    );
    return rows;
  }

  /** The demo's history: a filed (and maybe decided) request moved back to when it was submitted and decided. */
  async backdate(em: EntityManager, allianceId: string, id: string, submittedAt: Date, decidedAt: Date | null): Promise<void> {
    await em.query(
      `UPDATE takedown_request r SET submitted_at = s.at, due_at = s.at + make_interval(hours => r.sla_hours),
              decided_at = CASE WHEN r.decided_at IS NULL THEN NULL ELSE $4::timestamptz END,
              breached_at = CASE WHEN r.decided_at IS NULL AND s.at + make_interval(hours => r.sla_hours) < now() THEN s.at + make_interval(hours => r.sla_hours) END
         FROM (SELECT $3::timestamptz AS at) s
        WHERE r.alliance_id = $1 AND r.id = $2`,
      [allianceId, id, submittedAt, decidedAt],
    );
    await em.query(
      `UPDATE takedown_transition SET at = CASE WHEN action = 'SUBMIT' THEN $3::timestamptz ELSE COALESCE($4::timestamptz, $3::timestamptz) END WHERE alliance_id = $1 AND request_id = $2`,
      [allianceId, id, submittedAt, decidedAt],
    );
  }

  /** A request found by its id alone (the public counter-notice page, whose link carries it). */
  async anyById(id: string): Promise<TakedownRow | null> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM takedown_request r WHERE r.id = $1`, [id]);
    return row ?? null;
  }

  async insertCounterNotice(em: EntityManager, allianceId: string, c: Omit<CounterNoticeRow, 'filedAt' | 'answer' | 'legalAction' | 'answeredAt'>): Promise<void> {
    await em.query(
      `INSERT INTO counter_notice (alliance_id, request_id, filed_by_kind, reason, statement, contact_name, contact_email, evidence_urls) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [allianceId, c.requestId, c.filedByKind, c.reason, c.statement, c.contactName, c.contactEmail, c.evidenceUrls],
    );
  }

  /** The rights holder's answer, once, while the window is open; false when it was answered or closed. */
  async answerCounterNotice(em: EntityManager, allianceId: string, requestId: string, answer: string, legalAction: boolean): Promise<boolean> {
    const [, count] = await em.query(
      `UPDATE counter_notice c SET answer = $3, legal_action = $4, answered_at = now()
         FROM takedown_request r
        WHERE c.alliance_id = $1 AND c.request_id = $2 AND c.answered_at IS NULL
          AND r.alliance_id = c.alliance_id AND r.id = c.request_id AND r.status = 'COUNTER_NOTICED' AND r.answer_deadline > now()`,
      [allianceId, requestId, answer, legalAction],
    );
    return count > 0;
  }

  counterNoticesOf(allianceId: string, requestIds: readonly string[]): Promise<CounterNoticeRow[]> {
    return this.dataSource.query(
      `SELECT request_id AS "requestId", filed_by_kind AS "filedByKind", reason, statement, contact_name AS "contactName", contact_email AS "contactEmail",
              evidence_urls AS "evidenceUrls", filed_at AS "filedAt", answer, legal_action AS "legalAction", answered_at AS "answeredAt"
         FROM counter_notice WHERE alliance_id = $1 AND request_id = ANY ($2)`,
      [allianceId, requestIds],
    );
  }

  /** Requests whose window closed: accepted ones no seller counter-noticed, counter-noticed ones their rights holder did not answer. */
  lapsedWindows(limit: number): Promise<TakedownRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM takedown_request r
        WHERE (r.status = 'ACCEPTED' AND r.counter_deadline < now())
           OR (r.status = 'COUNTER_NOTICED' AND r.answer_deadline < now()
               AND NOT EXISTS (SELECT 1 FROM counter_notice c WHERE c.alliance_id = r.alliance_id AND c.request_id = r.id AND c.answered_at IS NOT NULL))
        ORDER BY r.alliance_id LIMIT $1`,
      [limit],
    );
  }

  /**
   * SLA figures of the visible requests, per month of submission (UTC) and the chosen group, read
   * from the monthly roll-up `takedown_figures_month` (migration 1765800000000, kept by triggers on
   * every write): every month that [from, to) touches, whole. Received, processed (decided), within
   * the SLA (decided by the due time, pauses counted), acceptance and listings removed are exact;
   * the median and 95th percentile of the processing time without pauses are the nearest rank over
   * the merged histograms, read as the bucket's geometric middle (within 5%; under a minute: 30 s).
   * The histograms are merged here, read as text: summing a thousand arrays element by element in
   * SQL (unnest), or the driver's parsing of int[], took most of the time (a year: about a thousand
   * roll-up rows of 125 buckets, whatever the number of requests).
   */
  async figures(
    allianceId: string,
    v: Visibility,
    q: { groupBy: 'MONTH' | 'MARKETPLACE' | 'MEMBER'; from: Date; to: Date },
  ): Promise<{ month: string; groupId: string | null; groupName: string | null; received: number; processed: number; withinSla: number; medianMs: number | null; p95Ms: number | null; accepted: number; listingsRemoved: number }[]> {
    const params: unknown[] = [allianceId, q.from, q.to];
    const [groupId, groupName] =
      q.groupBy === 'MARKETPLACE' ? ['r.marketplace_id', 'm.name'] : q.groupBy === 'MEMBER' ? ['r.organisation_id', 'NULL::text'] : ['NULL::uuid', 'NULL::text'];
    const rows: { month: string; groupId: string | null; groupName: string | null; received: number; processed: number; withinSla: number; accepted: number; listingsRemoved: number; processing: string }[] =
      await this.dataSource.query(
        `SELECT to_char(r.month, 'YYYY-MM') AS month, ${groupId} AS "groupId", ${groupName} AS "groupName", r.received, r.processed, r.within_sla AS "withinSla",
                r.accepted, r.listings_removed AS "listingsRemoved", array_to_string(r.processing, ',') AS processing
           FROM takedown_figures_month r
           JOIN marketplace m ON m.alliance_id = r.alliance_id AND m.id = r.marketplace_id
          WHERE r.alliance_id = $1 AND r.month >= date_trunc('month', $2::timestamptz AT TIME ZONE 'UTC') AND r.month < $3::timestamptz AT TIME ZONE 'UTC'
            AND ${visible(v, params, 'agent_key')}
          ORDER BY 1, 3, 2`,
        params,
      );
    const groups = new Map<string, Omit<(typeof rows)[number], 'processing'> & { processing: number[] }>();
    for (const { processing: text, ...r } of rows) {
      const processing = text.split(',');
      const key = `${r.month} ${r.groupId}`;
      const g = groups.get(key);
      if (!g) {
        groups.set(key, { ...r, processing: processing.map(Number) });
        continue;
      }
      g.received += r.received;
      g.processed += r.processed;
      g.withinSla += r.withinSla;
      g.accepted += r.accepted;
      g.listingsRemoved += r.listingsRemoved;
      for (const [bucket, n] of processing.entries()) g.processing[bucket] += Number(n);
    }
    const values = groups.size ? await this.bucketValues(groups.values().next().value!.processing.length) : [];
    const at = (bucket: number | null) => (bucket === null ? null : values[bucket]);
    return [...groups.values()]
      .filter((g) => g.received > 0)
      .map(({ processing, ...g }) => ({ ...g, medianMs: at(histogramPercentile(processing, 0.5)), p95Ms: at(histogramPercentile(processing, 0.95)) }));
  }

  /**
   * The counts of `figures` per month (YYYY-MM) only, summed in SQL over the roll-up, without the
   * processing-time histograms: what the impact report reads. Its rows are per month, marketplace,
   * member and agent (a large alliance's year: tens of thousands), so the histograms, merged here
   * in `figures`, would be most of the time; months with nothing received are left out.
   */
  async monthlyCounts(allianceId: string, v: Visibility, from: Date, to: Date): Promise<{ month: string; received: number; processed: number; withinSla: number; accepted: number; listingsRemoved: number }[]> {
    const params: unknown[] = [allianceId, from, to];
    return this.dataSource.query(
      `SELECT to_char(r.month, 'YYYY-MM') AS month, sum(r.received)::int AS received, sum(r.processed)::int AS processed, sum(r.within_sla)::int AS "withinSla",
              sum(r.accepted)::int AS accepted, sum(r.listings_removed)::int AS "listingsRemoved"
         FROM takedown_figures_month r
         JOIN marketplace m ON m.alliance_id = r.alliance_id AND m.id = r.marketplace_id
        WHERE r.alliance_id = $1 AND r.month >= date_trunc('month', $2::timestamptz AT TIME ZONE 'UTC') AND r.month < $3::timestamptz AT TIME ZONE 'UTC'
          AND ${visible(v, params, 'agent_key')}
        GROUP BY r.month HAVING sum(r.received) > 0 ORDER BY r.month`,
      params,
    );
  }

  private bucketMs: Promise<number[]> | null = null;

  /** What each bucket of the processing histogram reads as (takedown_processing_bucket_ms: the formula stays in SQL); fixed, so read once. */
  private bucketValues(buckets: number): Promise<number[]> {
    this.bucketMs ??= this.dataSource
      .query(`SELECT takedown_processing_bucket_ms(b) AS ms FROM generate_series(1, $1::int) b ORDER BY b`, [buckets])
      .then((rows: { ms: number }[]) => rows.map((r) => r.ms))
      .catch((error: unknown) => {
        this.bucketMs = null;
        throw error;
      });
    return this.bucketMs;
  }

  /** A trusted complainant's request skips the queue; some are picked for the audit. */
  async markAutoAccepted(em: EntityManager, row: TakedownRow, sampled: boolean): Promise<void> {
    await em.query(`UPDATE takedown_request SET auto_accepted = true, audit_sampled = $3 WHERE alliance_id = $1 AND id = $2`, [row.allianceId, row.id, sampled]);
  }

  /** The audit of a sampled request, once. */
  async recordAudit(em: EntityManager, allianceId: string, id: string, agreed: boolean): Promise<boolean> {
    const [, count] = await em.query(
      `UPDATE takedown_request SET audit_agreed = $3, audited_at = now() WHERE alliance_id = $1 AND id = $2 AND audit_sampled AND audited_at IS NULL`,
      [allianceId, id, agreed],
    );
    return count > 0;
  }

  /** A page of decided requests submitted in [from, to), oldest first (the notice archive). */
  archivePage(allianceId: string, from: Date, to: Date, after: { submittedAt: Date; id: string } | null, limit: number): Promise<TakedownRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM takedown_request r
        WHERE r.alliance_id = $1 AND r.decided_at IS NOT NULL AND r.submitted_at >= $2 AND r.submitted_at < $3
          AND ($4::timestamptz IS NULL OR (r.submitted_at, r.id) > ($4, $5::uuid))
        ORDER BY r.submitted_at, r.id LIMIT $6`,
      [allianceId, from, to, after?.submittedAt ?? null, after?.id ?? null, limit],
    );
  }

  async recordTransition(em: EntityManager, allianceId: string, t: Omit<TransitionRow, 'at'>): Promise<void> {
    await em.query(
      // clock time, not the transaction's: two steps in one transaction (filed, then auto-accepted) keep their order
      `INSERT INTO takedown_transition (alliance_id, request_id, from_status, to_status, action, actor_kind, actor_id, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, clock_timestamp())`,
      [allianceId, t.requestId, t.fromStatus, t.toStatus, t.action, t.actorKind, t.actorId, t.note],
    );
  }

  async setOutcomes(em: EntityManager, allianceId: string, requestId: string, outcomes: readonly { position: number; outcome: ListingOutcome }[]): Promise<void> {
    await em.query(
      `UPDATE takedown_listing l SET outcome = o.outcome
         FROM unnest($3::int[], $4::text[]) AS o(position, outcome)
        WHERE l.alliance_id = $1 AND l.request_id = $2 AND l.position = o.position`,
      [allianceId, requestId, outcomes.map((o) => o.position), outcomes.map((o) => o.outcome)],
    );
  }

  listingsOf(allianceId: string, requestIds: readonly string[]): Promise<ListingRow[]> {
    return this.dataSource.query(
      `SELECT request_id AS "requestId", position, url, listing_id AS "listingId", store_id AS "storeId", store_name AS "storeName",
              price::text, currency, outcome, repeat_offence AS "repeatOffence"
         FROM takedown_listing WHERE alliance_id = $1 AND request_id = ANY ($2) ORDER BY request_id, position`,
      [allianceId, requestIds],
    );
  }

  transitionsOf(allianceId: string, requestIds: readonly string[]): Promise<TransitionRow[]> {
    return this.dataSource.query(
      `SELECT request_id AS "requestId", from_status AS "fromStatus", to_status AS "toStatus", action, actor_kind AS "actorKind", actor_id AS "actorId", note, at
         FROM takedown_transition WHERE alliance_id = $1 AND request_id = ANY ($2) ORDER BY request_id, at, id`,
      [allianceId, requestIds],
    );
  }
}
