import { once } from 'node:events';
import { startWorker } from '../common/worker-thread.js';
import { marketplaceRulesOf, portableRule, type PortableRule } from './portable-marketplaces.js';
import type { ParsedReport, StixParseOptions, StixParseResult } from './stix.js';

/** Objects per message from the parsing thread: each is small to take in on the API's thread. */
export const STIX_PARSE_BATCH = 500;

/** The parse's options as the worker gets them: the marketplace rules as data. */
export type PortableStixParseOptions = Omit<StixParseOptions, 'extraMarketplaces'> & { extraMarketplaces?: PortableRule[] };

/** The options the worker parses with: its marketplace rules rebuilt from data. */
export function parseOptionsOf({ extraMarketplaces, ...options }: PortableStixParseOptions): StixParseOptions {
  return { ...options, extraMarketplaces: marketplaceRulesOf(extraMarketplaces) };
}

/** What the parsing thread posts: parts of a `StixParseResult`, in order (skipped, errors, reports), then `done`. */
export type StixParseMessage = Partial<StixParseResult> & { done?: true };

/**
 * `parseStixBundle` of the JSON file at `path` (errors: `file` when it is not JSON), run in a worker
 * thread: reading, `JSON.parse` and mapping a bundle of up to MAX_STIX_IMPORT_BYTES take seconds
 * of CPU, which on the API's thread would stall every request meanwhile. The result comes back a
 * batch at a time: skipped objects, then errors, then reports. A worker that fails is an error
 * thrown here (the import's job is retried), never a verdict on the file.
 */
export async function* parseStixFile(path: string, options: StixParseOptions): AsyncGenerator<StixParseMessage> {
  const { extraMarketplaces, ...rest } = options;
  const portable: PortableStixParseOptions = { ...rest, extraMarketplaces: extraMarketplaces?.map(portableRule) };
  const worker = startWorker(import.meta.url, 'stix-parse.worker', { path, options: portable });
  const messages: StixParseMessage[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  let ended = false;
  worker.on('message', (message: StixParseMessage) => {
    messages.push(message);
    wake?.();
  });
  worker.on('error', (error) => {
    failure = error;
    wake?.();
  });
  worker.on('exit', (code) => {
    if (!ended && code !== 0) failure ??= new Error(`The STIX parsing thread stopped (exit code ${code})`);
    ended = true;
    wake?.();
  });
  try {
    for (;;) {
      const message = messages.shift();
      if (message) {
        if (message.done) return;
        yield message;
        continue;
      }
      if (failure) throw failure;
      if (ended) throw new Error('The STIX parsing thread ended before it was done');
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    if (!ended) {
      const exited = once(worker, 'exit');
      await worker.terminate();
      await exited.catch(() => undefined);
    }
  }
}

/** The reports of a parse, for callers that want them in one list (tests, tools). */
export async function parseStixFileWhole(path: string, options: StixParseOptions): Promise<StixParseResult> {
  const result: StixParseResult = { reports: [] as ParsedReport[], skipped: [], errors: [] };
  for await (const m of parseStixFile(path, options)) {
    result.reports.push(...(m.reports ?? []));
    result.skipped.push(...(m.skipped ?? []));
    result.errors.push(...(m.errors ?? []));
  }
  return result;
}
