import { CSRF_HEADERS } from '../auth/session';
import { HttpApiError } from '../ui/errors';

/**
 * POSTs a body to one of the API's plain HTTP routes, signed in by the session cookie;
 * answers the JSON it returns, or throws its error as an HttpApiError (code, message, field).
 */
export async function postToApi<T>(path: string, body: BodyInit): Promise<T> {
  const res = await fetch(path, { method: 'POST', body, headers: CSRF_HEADERS });
  const json = (await res.json().catch(() => null)) as (T & { code?: string; message?: string; field?: string }) | null;
  if (!res.ok || !json) {
    throw new HttpApiError(json?.code ?? 'NETWORK', json?.message ?? `The request failed (HTTP ${res.status})`, json?.field ?? undefined);
  }
  return json;
}
