import { Worker } from 'node:worker_threads';

/**
 * Starts the worker thread whose module sits beside `callerUrl` (the caller's `import.meta.url`)
 * as `<name>.js`. Built, that is the compiled file in dist/; run from the TypeScript sources (the
 * tests), it is `<name>.ts`, loaded through `ts-source-loader.mjs`, which transpiles it and what it
 * imports, since a worker does not go through ts-jest.
 */
export function startWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), { workerData });
  const hooks = new URL('./ts-source-loader.mjs', import.meta.url).href;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(hooks)});`;
  return new Worker(new URL(`./${name}.ts`, callerUrl), { workerData, execArgv: ['--import', `data:text/javascript,${encodeURIComponent(register)}`] });
}
