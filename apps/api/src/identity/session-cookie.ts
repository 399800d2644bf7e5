import type { IncomingHttpHeaders } from 'node:http';
import type { CookieOptions, NextFunction, Request, Response } from 'express';
import { DomainError, ErrorCode } from '../common/errors.js';

/**
 * The web client's session: the token `login` answers, kept by the browser in a cookie that page
 * scripts cannot read (HttpOnly), that no other site's request carries (SameSite=Strict) and that,
 * over https, is `__Host-` (Secure, Path=/, no Domain: a sibling sub-domain can neither set nor
 * replace it).
 *
 * The cookie stands for `Authorization: Bearer` only on a request that also carries CSRF_HEADER: a
 * cross-site form cannot send a custom header, and a cross-origin script would need a CORS preflight
 * the API never grants. So CSRF is refused even from a sibling sub-domain, which SameSite counts as
 * the same site. A graphql-ws connection (no custom headers there) uses the cookie when its Origin
 * is this host's or PUBLIC_URL's. A request with its own Authorization header ignores the cookie:
 * API keys and tools work as before.
 */
export const CSRF_HEADER = 'x-countermark-csrf';
const COOKIE = 'countermark_session';
const SECURE_COOKIE = `__Host-${COOKIE}`;

/** What this module leaves on a request: whether its credentials came from the cookie, or why the cookie was not used. */
export interface SessionCookieRequest {
  headers: IncomingHttpHeaders;
  /** the Authorization header was made from the session cookie */
  sessionFromCookie?: boolean;
  /** a session cookie came without what lets it stand for credentials: the guard answers this instead of UNAUTHENTICATED */
  cookieRefused?: DomainError;
}

function cookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, secure, sameSite: 'strict', path: '/' };
}

/** An HTTP request and its response, as a GraphQL operation's context holds them (over graphql-ws: neither). */
export interface HttpExchange {
  req?: { secure?: boolean };
  res?: Pick<Response, 'cookie' | 'clearCookie'>;
}

/** Sets the session cookie for the token a sign-in answers; it lasts as long as the token. */
export function setSessionCookie({ req, res }: HttpExchange, token: string, expiresAt: Date): void {
  const secure = Boolean(req?.secure);
  res?.cookie(secure ? SECURE_COOKIE : COOKIE, token, { ...cookieOptions(secure), expires: expiresAt });
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie({ req, res }: HttpExchange): void {
  const secure = Boolean(req?.secure);
  res?.clearCookie(secure ? SECURE_COOKIE : COOKIE, cookieOptions(secure));
}

/** The session cookie's token: over https only the `__Host-` one counts. */
function sessionCookieOf(headers: IncomingHttpHeaders, secure: boolean): string | null {
  const wanted = secure ? SECURE_COOKIE : COOKIE;
  for (const part of (headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === wanted) return decodeURIComponent(part.slice(at + 1).trim()) || null;
  }
  return null;
}

function refused(message: string): DomainError {
  return new DomainError(ErrorCode.FORBIDDEN, message, undefined, { csrfHeader: CSRF_HEADER });
}

/**
 * Express middleware, before anything reads credentials (body limits, the cost budget, the guard,
 * the plain HTTP routes): a session cookie with CSRF_HEADER becomes the request's bearer
 * credentials; without it, the cookie is not used and the guard refuses with FORBIDDEN.
 */
export function sessionCookies() {
  return (req: Request & SessionCookieRequest, _res: Response, next: NextFunction): void => {
    if (!req.headers.authorization) {
      const token = sessionCookieOf(req.headers, req.secure);
      if (token && req.headers[CSRF_HEADER]) {
        req.headers.authorization = `Bearer ${token}`;
        req.sessionFromCookie = true;
      } else if (token) {
        req.cookieRefused = refused(`A request signed in by the session cookie must carry the ${CSRF_HEADER} header (the web client sends it; a cross-site request cannot)`);
      }
    }
    next();
  };
}

/**
 * A graphql-ws connection's credentials: its `authorization` connection parameter, else the session
 * cookie of its upgrade request when the connection comes from an allowed origin (this host, or
 * `publicUrl`'s); browsers always send Origin on a WebSocket, so a socket opened by another site's
 * page is refused (FORBIDDEN) instead of riding on the cookie.
 */
export function webSocketCredentials(authorization: unknown, upgrade: { headers: IncomingHttpHeaders } | undefined, publicUrl: string): SessionCookieRequest {
  if (authorization || !upgrade) return { headers: { authorization: String(authorization ?? '') } };
  const origin = upgrade.headers.origin;
  const from = origin ? safeUrl(origin) : null;
  const secure = from?.protocol === 'https:';
  const token = sessionCookieOf(upgrade.headers, secure);
  const none = { headers: { authorization: '' } };
  if (!token && !sessionCookieOf(upgrade.headers, !secure)) return none;
  const allowed = from && (from.host === upgrade.headers.host || from.origin === safeUrl(publicUrl)?.origin);
  if (!allowed) return { ...none, cookieRefused: refused(`A graphql-ws connection signed in by the session cookie must come from this site (Origin ${origin ?? 'missing'} is not allowed)`) };
  return token ? { headers: { authorization: `Bearer ${token}` }, sessionFromCookie: true } : none;
}

function safeUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
