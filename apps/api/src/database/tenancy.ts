import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource } from 'typeorm';

/**
 * Which alliance's rows the database shows the work in hand (issue 15, outcome 6; the policies are
 * migration 1767300000000's, docs/least-privilege.md explains them). Every tenant table answers
 * only rows whose `alliance_id` equals the connection's `countermark.alliance_id`, or every row
 * when it is `system`; an empty setting sees nothing. The setting follows the work, not the code:
 * - an HTTP request runs in its own scope (`perRequest`) that sees nothing until the caller is
 *   authenticated, then its alliance (`actAs`, from `AuthService.authenticate`);
 * - a job runs in its envelope's alliance, a job without one (cron, clocks) as `system`
 *   (`JobsService.execute`);
 * - a lookup that must cross alliances before anyone is known (a session's person and membership,
 *   an API key, an invitation's token) names it: `asSystem(() => …)`;
 * - work outside any scope (start-up, the demo loader, pollers and listeners started with the app,
 *   the command line, tests calling services) is the system's.
 * A connection is set when TypeORM takes it from the pool, and only when its last setting differs
 * (a pool serving one alliance pays nothing), so a transaction runs wholly in the scope it began in.
 *
 * The same scope says whether the work is background work no request asked for (job workers,
 * pollers: `inBackground`), whose statements `QueryCounter` leaves out. One store for both: on
 * Node 20 every AsyncLocalStorage store in use is copied onto every promise the process makes.
 */
export const SYSTEM = 'system';
export const TENANT_SETTING = 'countermark.alliance_id';

class Scope {
  constructor(
    public allianceId: string | null,
    readonly system: boolean,
    readonly background = false,
  ) {}
}

const scopes = new AsyncLocalStorage<Scope>();

/** The value the connection must hold for the work in hand. */
export function tenantSetting(): string {
  const scope = scopes.getStore();
  if (!scope || scope.system) return SYSTEM;
  return scope.allianceId ?? '';
}

/** Runs `work` in a scope that sees nothing until `actAs` names its alliance (an HTTP request). */
export function inRequestScope<T>(work: () => T): T {
  return scopes.run(new Scope(null, false), work);
}

/** The request's caller is known: its scope sees this alliance from now on. Outside a request scope, nothing changes. */
export function actAs(allianceId: string): void {
  const scope = scopes.getStore();
  if (scope && !scope.system) scope.allianceId = allianceId;
}

/** Runs `work` seeing one alliance's rows (a job queued in it). */
export function inAlliance<T>(allianceId: string, work: () => T): T {
  return scopes.run(new Scope(allianceId, false), work);
}

/** Runs `work` seeing every alliance: a lookup by a global key, a clock over every alliance. */
export function asSystem<T>(work: () => T): T {
  return scopes.run(new Scope(null, true), work);
}

/** Runs `work` as background work (pollers, job workers) in the scope it is called from: its statements are not a request's. */
export function inBackground<T>(work: () => T): T {
  const scope = scopes.getStore();
  return scopes.run(new Scope(scope?.allianceId ?? null, scope ? scope.system : true, true), work);
}

/** Whether the work in hand is background work (`inBackground`). */
export function isBackground(): boolean {
  return scopes.getStore()?.background ?? false;
}

/** Express middleware: each request in its own scope (after the body is read: a stream's callbacks would lose it). */
export function perRequest(_req: unknown, _res: unknown, next: () => void): void {
  inRequestScope(next);
}

const SET = Symbol('countermark.tenant');
type Client = { query(text: string, values: unknown[]): Promise<unknown>; [SET]?: string };
type Driver = { obtainMasterConnection(): Promise<[Client, (error?: Error) => void]> };

/**
 * Sets `countermark.alliance_id` on each connection the DataSource takes from its pool, when it
 * differs from what the connection holds. The setting is session-wide (not `SET LOCAL`): TypeORM
 * runs most statements outside transactions.
 */
export function enforceTenancy(dataSource: DataSource): void {
  const driver = dataSource.driver as unknown as Driver;
  if (typeof driver.obtainMasterConnection !== 'function') throw new Error('Cannot enforce tenancy: TypeORM no longer has PostgresDriver.obtainMasterConnection');
  const obtain = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = async () => {
    const wanted = tenantSetting();
    const [client, release] = await obtain();
    if (client[SET] !== wanted) {
      try {
        await client.query(`SELECT set_config('${TENANT_SETTING}', $1, false)`, [wanted]);
      } catch (error) {
        release(error as Error);
        throw error;
      }
      client[SET] = wanted;
    }
    return [client, release];
  };
}

type Operation<A, R> = (args: A) => R;

/**
 * graphql-ws (no HTTP request around it): each operation of a socket in its own request scope,
 * which the auth guard's `actAs` fills as over HTTP. A subscription's events are executed in the
 * scope of the operation that subscribed: its iterator's steps run inside it.
 */
export function scopedOperations<A, E, S>(execute: Operation<A, E>, subscribe: Operation<A, S>): { execute: Operation<A, E>; subscribe: Operation<A, Promise<unknown>> } {
  return {
    execute: (args) => inRequestScope(() => execute(args)),
    subscribe: async (args) => {
      const scope = new Scope(null, false);
      const result: unknown = await scopes.run(scope, () => subscribe(args));
      if (!isAsyncIterable(result)) return result;
      const steps = result[Symbol.asyncIterator]();
      const inScope = <T>(step: () => Promise<T>) => scopes.run(scope, step);
      const scoped: AsyncIterableIterator<unknown> = {
        next: () => inScope(() => steps.next()),
        return: (value?: unknown) => inScope(() => steps.return?.(value) ?? Promise.resolve({ done: true as const, value })),
        throw: (error?: unknown) => inScope(() => steps.throw?.(error) ?? Promise.reject(error)),
        [Symbol.asyncIterator]: () => scoped,
      };
      return scoped;
    },
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return !!value && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}
