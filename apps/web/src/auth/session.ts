/**
 * The session lives in an HttpOnly cookie the API sets at sign-in and clears at sign-out: no script
 * in the page can read its token. Who is signed in is the API's answer to `viewer`.
 *
 * Every request the page makes says it comes from the page itself (CSRF_HEADERS): the API accepts
 * the cookie only with that header, which a cross-site form cannot send.
 */
export const CSRF_HEADERS: Record<string, string> = { 'x-countermark-csrf': '1' };

// an earlier version kept the token in localStorage: nothing of it stays behind
localStorage.removeItem('countermark.session');
