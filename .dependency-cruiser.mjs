/**
 * Arrows point down (issue 14, outcome 3). The API's bounded contexts (apps/api/src/<context>/) in
 * layers, lowest first: a context imports its own files and contexts of lower layers only, never
 * one above it nor a sibling of its own layer, and no module takes part in a circle. A context
 * above that must react to one below subscribes to it (alliances' `AllianceEvents.created`) instead
 * of the lower one calling up. The files directly in apps/api/src (main, bootstrap, app.module)
 * and schema/ compose the whole app: they may import anything and nothing imports them.
 *
 * Enforced by apps/api/src/architecture.spec.ts (the unit tests, so `npm test` and CI run it),
 * through test/support/dependency-rules.ts (type-only imports count; `./x.js` names `./x.ts`).
 */
export const LAYERS = [
  ['config', 'database', 'common'], // validated environment, TypeORM + migrations, request context, errors, paging
  ['audit'], // the append-only audit log every mutation writes
  ['jobs'], // pg-boss: queues, schedules, a job's serialised request context
  ['mail', 'notifications'], // outbox mail; per-person notifications with NOTIFY fan-out
  ['categories'], // an alliance's industry categories
  ['alliances'], // the tenant; seeds its default categories, announces its creation
  ['members'], // organisations, memberships, the membership lifecycle and who sees which member
  ['identity'], // users, sessions, API keys: a session knows whether its organisation is an active member
  ['files', 'partners'], // evidence files (bearer-authenticated routes); partnerships and their API keys
  ['brands'], // members' brands and trademarks with their evidence
  ['onboarding', 'intel'], // invitations and applications; intelligence (intel/reports, correlation, collaboration, search)
  ['intel-exchange', 'takedown'], // intelligence import and export (STIX 2.1, CSV): import jobs (writing through the reports' ReportIntake) and exports; notice and takedown (marketplaces, requests, the reviewers' queue)
  ['monitoring'], // proactive monitoring (issue 17): the listing feed of the marketplaces takedown keeps
  ['enforcement'], // enforcement cases (issue 17, outcome 4): opened from networks, reports, takedowns and monitoring alerts, referred to law enforcement
  ['impact'], // the alliance's impact report (issue 17, outcome 6): figures per year and quarter from the owners' aggregates, reporting currency and dated exchange rates
  ['demo', 'health'], // the demo alliance loader; the health route
];

const ROOT = '^apps/api/src/';
const CONTEXTS = LAYERS.flat();
const anyOf = (names) => `(${names.join('|')})`;

/** One rule per layer: its contexts may not import a context of the same or a higher layer. */
const noUpward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: 'no-upward-import',
  comment: `${layer.join(', ')} (layer ${i}) may import only ${LAYERS.slice(0, i).flat().join(', ') || 'libs/ and migrations/'}`,
  severity: 'error',
  from: { path: `${ROOT}${anyOf(layer)}/` },
  to: { path: `${ROOT}${anyOf(LAYERS.slice(i).flat())}/`, pathNot: `${ROOT}$1/` },
}));
// the top layer's contexts may not import each other either
const top = LAYERS[LAYERS.length - 1];
noUpward.push({
  name: 'no-upward-import',
  comment: `${top.join(', ')} (the top layer) may not import each other`,
  severity: 'error',
  from: { path: `${ROOT}${anyOf(top)}/` },
  to: { path: `${ROOT}${anyOf(top)}/`, pathNot: `${ROOT}$1/` },
});

export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A circle of imports: move the shared concept to its owner, lower down',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...noUpward,
    {
      name: 'context-without-layer',
      comment: 'A new context: give it a layer in LAYERS (.dependency-cruiser.mjs) and the README',
      severity: 'error',
      from: { path: `${ROOT}[^/]+/`, pathNot: `${ROOT}${anyOf([...CONTEXTS, 'schema'])}/` },
      to: {},
    },
    {
      name: 'no-import-of-the-app',
      comment: 'main, bootstrap and app.module compose every context; a context importing them imports everything',
      severity: 'error',
      from: { path: `${ROOT}[^/]+/`, pathNot: `${ROOT}schema/` },
      to: { path: `${ROOT}([^/]+$|schema/)` },
    },
    {
      name: 'libs-below-apps',
      comment: 'libs/ is shared by the API and the web client: it imports neither',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
  },
};
