import { CombinedGraphQLErrors } from '@apollo/client/errors';

export interface ApiError {
  code: string;
  message: string;
  field?: string;
}

/**
 * An error answered by one of the API's plain HTTP routes (POST /files, POST /imports): their JSON
 * body is `{ code, message, field, ...details }`, the same code, field and extensions a GraphQL error carries.
 */
export class HttpApiError extends Error {
  constructor(readonly code: string, message: string, readonly field?: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

/** The API's errors as plain objects: code, message and the field at fault. */
export function apiErrors(error: unknown): ApiError[] {
  if (error instanceof HttpApiError) return [{ code: error.code, message: error.message, field: error.field }];
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.map((e) => ({
      code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
      message: e.message,
      field: e.extensions?.field as string | undefined,
    }));
  }
  if (error) return [{ code: 'NETWORK', message: error instanceof Error ? error.message : String(error) }];
  return [];
}

/** Messages by field, for showing each next to its input; unplaced ones under `_form`. */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of apiErrors(error)) {
    const key = e.field ?? '_form';
    out[key] ??= e.message;
  }
  return out;
}

/** Whether an API field path (`niceClasses[0]`, `evidence.0.fileId`) belongs to a form field. */
function belongsTo(apiField: string, formField: string): boolean {
  return apiField === formField || apiField.startsWith(`${formField}.`) || apiField.startsWith(`${formField}[`);
}

export interface PlacedErrors {
  /** The message for each of the form's fields that the API named */
  byField: Record<string, string>;
  /** Everything the form has no field for, for a role="alert" element */
  form?: string;
}

/**
 * The API's errors placed on a form: a message goes next to the field it names when the form has
 * that field (nested paths such as `evidence.0.fileId` go to `evidence`), and to the form's alert
 * otherwise, so no message is ever dropped.
 */
export function placeErrors(error: unknown, fields: readonly string[]): PlacedErrors {
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  for (const e of apiErrors(error)) {
    const field = e.field ? fields.find((f) => belongsTo(e.field!, f)) : undefined;
    if (field) byField[field] ??= e.message;
    else if (!rest.includes(e.message)) rest.push(e.message);
  }
  return { byField, form: rest.length ? rest.join(' ') : undefined };
}

/**
 * Runs a mutation whose error the component shows from the hook's state: answers its data, or
 * undefined when it failed.
 */
export async function attempt<T>(mutation: Promise<{ data?: T | null }>): Promise<T | undefined> {
  try {
    return (await mutation).data ?? undefined;
  } catch {
    return undefined;
  }
}
