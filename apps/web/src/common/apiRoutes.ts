import { CSRF_HEADERS } from '../auth/session';
import { downloadBlob } from '../intel/download';
import { HttpApiError } from '../ui/errors';

/**
 * POSTs a body to one of the API's plain HTTP routes, signed in by the session cookie;
 * answers the JSON it returns, or throws its error as an HttpApiError (code, message, field).
 */
export async function postToApi<T>(path: string, body: BodyInit): Promise<T> {
  const res = await fetch(path, { method: 'POST', body, headers: CSRF_HEADERS });
  const json = (await res.json().catch(() => null)) as (T & { code?: string; message?: string; field?: string }) | null;
  if (!res.ok || !json) {
    const { code, message, field, ...details } = json ?? {};
    throw new HttpApiError(code ?? 'NETWORK', message ?? `The request failed (HTTP ${res.status})`, field ?? undefined, details);
  }
  return json;
}

/**
 * GETs a file from one of the API's plain HTTP routes (an export streamed whatever its size),
 * signed in by the session cookie, and saves it under the name the API gives it (else
 * `fallbackName`); answers that name, or throws the route's error as an HttpApiError.
 */
export async function downloadFromApi(path: string, fallbackName: string): Promise<string> {
  const res = await fetch(path, { headers: CSRF_HEADERS });
  if (!res.ok) {
    const json = (await res.json().catch(() => null)) as { code?: string; message?: string; field?: string } | null;
    throw new HttpApiError(json?.code ?? 'NETWORK', json?.message ?? `The export failed (HTTP ${res.status})`, json?.field ?? undefined);
  }
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  downloadBlob(await res.blob(), fileName);
  return fileName;
}
