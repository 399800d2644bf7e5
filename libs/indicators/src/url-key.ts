import normalizeUrl from 'normalize-url';

/** Query parameters that track a visit, not the page: dropped from a URL's key. */
export const TRACKING_PARAMETERS: (string | RegExp)[] = [
  /^utm_\w+/i, 'fbclid', 'gclid', 'dclid', 'msclkid', 'yclid', 'igshid', 'mc_cid', 'mc_eid', '_ga', '_gl', 'ref', 'ref_', 'referrer',
  'spm', 'scm', 'pvid', 'algo_pvid', 'algo_expid', 'btsid', 'ws_ab_test', 'aff_platform', 'aff_trace_key', 'sk', 'terminal_id', 'gatewayAdapt',
  'tracelog', 'trackInfo', 'abbucket', 'ns', 'ali_refid', 'ali_trackid', 'acm', 'utparam', 'share_crt_v', 'sp_tk', 'tt_from', 'share_token',
  'smid', 'psc', 'th', 'linkCode', 'tag', 'ascsubtag', 'hash', 'mkevt', 'mkcid', 'mkrid', 'campid', 'customid', 'toolid', '_trkparms', '_trksid',
];

const DIRECTORY_INDEX = /^index\.(?:html?|php|aspx?)$/;

/**
 * The key of an http(s) URL (parsed by WHATWG URL): normalize-url's canonical form without the
 * scheme — no www., fragment, credentials, tracking parameters, directory index or trailing slash,
 * the other parameters sorted. Throws where normalize-url does.
 */
export function urlKey(url: URL): string {
  return plainUrlKey(url) ?? normalizedUrlKey(url);
}

/** The key by normalize-url itself: the reference the quick path below must agree with. */
export function normalizedUrlKey(url: URL): string {
  const canonical = normalizeUrl(url.toString(), {
    stripWWW: true,
    stripHash: true,
    removeQueryParameters: TRACKING_PARAMETERS,
    sortQueryParameters: true,
    removeTrailingSlash: true,
    removeSingleSlash: true,
    removeDirectoryIndex: [DIRECTORY_INDEX],
    stripAuthentication: true,
  });
  // http and https serve the same shop: the key ignores the scheme
  return canonical.replace(/^https?:\/\//, '');
}

// What the quick path takes: nothing that normalize-url would decode, encode or fold. A host of
// ASCII labels; a path of non-empty segments (no "//") without "%" or "\"; a query whose
// characters URLSearchParams' serialising and normalize-url's decoding give back as they were
// (no "%", "+", "?", "'").
const PLAIN_HOST = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/;
const PLAIN_PATH = /^(?:\/[A-Za-z0-9\-._~!$&'()*+,;=:@]+)*\/?$/;
const PLAIN_QUERY = /^\?[A-Za-z0-9\-._~*=&,:/@!$();]*$/;
// normalize-url's own test for a www. to strip
const STRIPPABLE_WWW = /^www\.(?!www\.)[a-z\-\d]{1,63}\.[a-z.\-\d]{2,63}$/;

/**
 * normalize-url's answer (`normalizedUrlKey`) for the URLs most files hold, worked out from the
 * parsed URL's parts instead of a dozen WHATWG URL setters and two more parses (docs/import-throughput.md,
 * session 16); null for any other URL, which goes the slow way.
 */
export function plainUrlKey(url: URL): string | null {
  const { hostname, pathname, search } = url;
  if (url.username || url.password || !PLAIN_HOST.test(hostname) || !PLAIN_PATH.test(pathname) || (search && !PLAIN_QUERY.test(search))) return null;
  const last = pathname.slice(pathname.lastIndexOf('/', pathname.length - 2) + 1).replace(/\/$/, '');
  if (DIRECTORY_INDEX.test(last)) return null;
  const host = (STRIPPABLE_WWW.test(hostname) ? hostname.slice(4) : hostname) + (url.port ? `:${url.port}` : '');
  const path = pathname === '/' ? '/' : pathname.replace(/\/$/, '');
  return `${host}${path}${plainQuery(search)}`.replace(/\/$/, '');
}

/** The query as normalize-url leaves it: tracking parameters out, the rest sorted by name (stably), a name without "=" kept so. */
function plainQuery(search: string): string {
  if (!search) return '';
  const parts = search.slice(1).split('&').filter(Boolean);
  const bare = new Set(parts.filter((p) => !p.includes('=')));
  const kept: [string, string][] = [];
  for (const part of parts) {
    const at = part.indexOf('=');
    const name = at === -1 ? part : part.slice(0, at);
    if (!TRACKING_PARAMETERS.some((t) => (typeof t === 'string' ? t === name : t.test(name)))) kept.push([name, at === -1 ? '' : part.slice(at + 1)]);
  }
  if (kept.length === 0) return '';
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `?${kept.map(([name, value]) => (value !== '' ? `${name}=${value}` : name === '' ? '=' : bare.has(name) ? name : `${name}=`)).join('&')}`;
}
