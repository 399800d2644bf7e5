// A worker thread (started by `stix-parse.ts`): reads a STIX bundle from disk, parses and maps it,
// and posts what it found in batches, so the JSON and its objects never sit on the API's thread.
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { parseStixBundle } from './stix.js';
import { parseOptionsOf, STIX_PARSE_BATCH, type PortableStixParseOptions, type StixParseMessage } from './stix-parse.js';

const { path, options } = workerData as { path: string; options: PortableStixParseOptions };
const post = (message: StixParseMessage) => parentPort!.postMessage(message);

let json: unknown;
let readable = true;
try {
  json = JSON.parse(await readFile(path, 'utf8'));
} catch {
  readable = false;
}
if (!readable) {
  post({ errors: [{ path: 'file', message: 'The file is not JSON' }] });
} else {
  const parsed = parseStixBundle(json, parseOptionsOf(options));
  json = undefined;
  for (let i = 0; i < parsed.skipped.length; i += STIX_PARSE_BATCH) post({ skipped: parsed.skipped.slice(i, i + STIX_PARSE_BATCH) });
  for (let i = 0; i < parsed.errors.length; i += STIX_PARSE_BATCH) post({ errors: parsed.errors.slice(i, i + STIX_PARSE_BATCH) });
  for (let i = 0; i < parsed.reports.length; i += STIX_PARSE_BATCH) post({ reports: parsed.reports.slice(i, i + STIX_PARSE_BATCH) });
}
post({ done: true });
