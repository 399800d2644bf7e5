import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { domainToASCII, fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';

/**
 * Validation against the OASIS STIX 2.1 JSON Schemas (cti-stix2-json-schemas), read at run time
 * from a folder: the checkout keeps them in shared/stix21/schemas beside the repository. The
 * default is found from this file, in the sources (apps/api/src/exchange) or in the build
 * (dist/apps/api/src/exchange), whichever is running.
 */
export const DEFAULT_STIX_SCHEMA_DIR = [
  new URL('../../../../../shared/stix21/schemas/', import.meta.url),
  new URL('../../../../../../shared/stix21/schemas/', import.meta.url),
]
  .map((url) => fileURLToPath(url))
  .find((dir) => existsSync(join(dir, 'common', 'bundle.json'))) ?? fileURLToPath(new URL('../../../../../shared/stix21/schemas/', import.meta.url));

export interface StixValidationError {
  /** JSON pointer into the bundle, e.g. `/objects/3/pattern`. */
  path: string;
  message: string;
}

interface Validators {
  bundle: ValidateFunction;
  byType: Map<string, ValidateFunction>;
}

const cache = new Map<string, Validators>();

// ajv-formats is CommonJS; its default export arrives as the module or as its `default`
const addFormats = ((ajvFormats as unknown as { default?: unknown }).default ?? ajvFormats) as (ajv: Ajv2020) => Ajv2020;

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? jsonFiles(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []))
    .sort();
}

function load(schemaDir: string): Validators {
  const cached = cache.get(schemaDir);
  if (cached) return cached;
  // the schemas mix draft 2020-12 keywords with `definitions` (strict mode refuses them) and write
  // patterns such as `\-` that are not valid with the `u` flag ajv adds by default
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  // not in ajv-formats: a host name that may hold non-ASCII labels
  ajv.addFormat('idn-hostname', (value: string) => value.length <= 253 && domainToASCII(value) !== '');
  const files = existsSync(schemaDir) ? jsonFiles(schemaDir) : [];
  if (files.length === 0) throw new Error(`No STIX schemas in ${schemaDir}: give validateStix the folder of the OASIS STIX 2.1 JSON Schemas`);
  const typeToId = new Map<string, string>();
  let bundleId: string | undefined;
  for (const file of files) {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { $id?: string };
    if (!schema.$id) continue;
    ajv.addSchema(schema);
    const m = /\/(sdos|sros|observables|common)\/([a-z0-9-]+)\.json$/.exec(schema.$id);
    if (!m) continue;
    if (m[1] === 'common' && m[2] === 'bundle') bundleId = schema.$id;
    else if (m[1] !== 'common' || ['marking-definition', 'language-content', 'extension-definition'].includes(m[2])) typeToId.set(m[2], schema.$id);
  }
  if (!bundleId) throw new Error(`No bundle.json among the STIX schemas in ${schemaDir}`);
  const byType = new Map<string, ValidateFunction>();
  for (const [type, id] of typeToId) byType.set(type, ajv.getSchema(id)!);
  const validators = { bundle: ajv.getSchema(bundleId)!, byType };
  cache.set(schemaDir, validators);
  return validators;
}

const describeError = (e: ErrorObject) => `${e.message ?? 'is invalid'}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`;

/**
 * Errors of a bundle against the official schemas: each object against its own type's schema
 * (precise messages), then the bundle against bundle.json (which also catches objects of no
 * known type that are not valid custom objects). Empty when the bundle is valid.
 */
export function validateStix(bundle: unknown, options: { schemaDir?: string } = {}): StixValidationError[] {
  const { bundle: validateBundle, byType } = load(options.schemaDir ?? DEFAULT_STIX_SCHEMA_DIR);
  const errors: StixValidationError[] = [];
  const objects = (bundle as { objects?: unknown })?.objects;
  const reported = new Set<number>();
  if (Array.isArray(objects)) {
    objects.forEach((object, index) => {
      const validate = byType.get((object as { type?: string })?.type ?? '');
      if (!validate || validate(object)) return;
      reported.add(index);
      for (const e of validate.errors ?? []) errors.push({ path: `/objects/${index}${e.instancePath}`, message: describeError(e) });
    });
  }
  if (!validateBundle(bundle)) {
    const failing = new Set<number>();
    for (const e of validateBundle.errors ?? []) {
      const m = /^\/objects\/(\d+)/.exec(e.instancePath);
      if (!m) errors.push({ path: e.instancePath || '/', message: describeError(e) });
      else if (!reported.has(Number(m[1]))) failing.add(Number(m[1]));
    }
    // bundle.json's anyOf/oneOf over every type gives dozens of errors per object: one is enough
    for (const index of failing) errors.push({ path: `/objects/${index}`, message: 'matches no STIX 2.1 object schema (nor the rules for custom objects)' });
  }
  return errors;
}
