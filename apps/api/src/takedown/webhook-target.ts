import ipaddr from 'ipaddr.js';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

/**
 * Where a marketplace's webhook may point (server-side request forgery, OWASP API7): a coordinator
 * types the URL and the server POSTs to it, so it must reach the public internet only — never the
 * loopback, private networks, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT,
 * multicast or reserved ranges, whether the URL names such an address or a host name resolves to
 * one (checked at each connection on the address connected to, so a name that changes its answer
 * after the check gains nothing). `allowPrivate` (WEBHOOK_PRIVATE_TARGETS) lifts this for a test
 * receiver on 127.0.0.1, and allows plain http there.
 */

/** The range of an address, IPv4-mapped IPv6 read as the IPv4 address it carries. */
function rangeOf(address: string): string {
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range();
}

/** Whether an address is on the public internet. */
export function isPublicAddress(address: string): boolean {
  return ipaddr.isValid(address) && rangeOf(address) === 'unicast';
}

/** Why a webhook URL may not be used, or null. */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (!url || !url.hostname) return 'A webhook URL starts with https://';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = ipaddr.isValid(host);
  const local = host === 'localhost' || host.endsWith('.localhost') || (literal && !isPublicAddress(host));
  if (url.protocol !== 'https:' && !(allowPrivate && local && url.protocol === 'http:')) return 'A webhook URL starts with https://';
  if (url.username || url.password) return 'A webhook URL carries no user name or password: the signature authenticates Countermark';
  if (local && !allowPrivate) return 'A webhook URL reaches the public internet, not a private, loopback or link-local address';
  return null;
}

type Resolve = (hostname: string, options: LookupOptions & { all: true }, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/** A DNS lookup for http(s).request that refuses host names resolving to non-public addresses. */
export function guardedLookup(allowPrivate: boolean, resolve: Resolve = dnsLookup as unknown as Resolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const refused = allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a.address));
      if (refused) return callback(Object.assign(new Error(`${hostname} resolves to ${refused.address}, which is not a public address`), { code: 'EPRIVATEADDRESS' }), '', 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/**
 * POSTs a webhook body: no redirects followed, the answer's body discarded, at most `timeoutMs`.
 * Answers the status code; throws on a refused target or a network failure.
 */
export function postWebhook(target: string, headers: Record<string, string>, body: string, options: { timeoutMs: number; allowPrivate: boolean }): Promise<number> {
  const problem = webhookUrlProblem(target, options.allowPrivate);
  if (problem) return Promise.reject(new Error(problem));
  const url = new URL(target);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: guardedLookup(options.allowPrivate),
    }, (res) => {
      res.resume();
      res.on('end', () => {
        clearTimeout(timer);
        resolve(res.statusCode ?? 0);
      });
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error(`No answer within ${options.timeoutMs / 1000} s`), { name: 'TimeoutError' })), options.timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}
