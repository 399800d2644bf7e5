import { session } from '../auth/session';
import { HttpApiError } from '../ui/errors';

/**
 * POSTs a body to one of the API's plain HTTP routes with the session's bearer credentials;
 * answers the JSON it returns, or throws its error as an HttpApiError (code, message, field).
 */
export async function postToApi<T>(path: string, body: BodyInit): Promise<T> {
  const token = session.token();
  const res = await fetch(path, { method: 'POST', body, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const json = (await res.json().catch(() => null)) as (T & { code?: string; message?: string; field?: string }) | null;
  if (!res.ok || !json) {
    throw new HttpApiError(json?.code ?? 'NETWORK', json?.message ?? `The request failed (HTTP ${res.status})`, json?.field ?? undefined);
  }
  return json;
}
