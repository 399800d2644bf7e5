import { CombinedGraphQLErrors } from '@apollo/client/errors';

export interface ApiError {
  code: string;
  message: string;
  field?: string;
}

/** The API's errors as plain objects: code, message and the field at fault. */
export function apiErrors(error: unknown): ApiError[] {
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
