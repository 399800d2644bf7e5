import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardedLookup, isPublicAddress, postWebhook, webhookUrlProblem } from './webhook-target.js';

const PRIVATE = 'A webhook URL reaches the public internet, not a private, loopback or link-local address';

describe('where a webhook may point', () => {
  it('accepts https URLs of public hosts and addresses', () => {
    for (const url of ['https://hooks.bazaar.example/takedowns', 'https://93.184.215.14/hook', 'https://[2606:4700::1111]/hook', 'https://hooks.bazaar.example:8443/t?x=1']) {
      expect(webhookUrlProblem(url, false)).toBeNull();
    }
  });

  it('refuses loopback, private, link-local, carrier-grade NAT, unspecified and IPv4-mapped private addresses', () => {
    for (const url of [
      'https://127.0.0.1/hook', 'https://127.8.0.1/hook', 'https://10.0.0.5/hook', 'https://172.16.3.4/', 'https://192.168.1.10/',
      'https://169.254.169.254/latest/meta-data/', 'https://100.64.0.1/', 'https://0.0.0.0/', 'https://[::1]/', 'https://[fd00::1]/',
      'https://[fe80::1]/', 'https://[::ffff:127.0.0.1]/', 'https://[::ffff:10.0.0.1]/', 'https://localhost/hook', 'https://api.localhost/hook',
    ]) {
      expect([url, webhookUrlProblem(url, false)]).toEqual([url, PRIVATE]);
    }
  });

  it('wants https, and no credentials in the URL', () => {
    expect(webhookUrlProblem('http://hooks.bazaar.example/', false)).toBe('A webhook URL starts with https://');
    expect(webhookUrlProblem('http://hooks.bazaar.example/', true)).toBe('A webhook URL starts with https://');
    expect(webhookUrlProblem('ftp://hooks.bazaar.example/', false)).toBe('A webhook URL starts with https://');
    expect(webhookUrlProblem('not a url', false)).toBe('A webhook URL starts with https://');
    expect(webhookUrlProblem('https://user:pw@hooks.bazaar.example/', false)).toContain('no user name or password');
  });

  it('lets a test receiver on the loopback in, over http too, only when private targets are allowed', () => {
    expect(webhookUrlProblem('http://127.0.0.1:4000/hook', true)).toBeNull();
    expect(webhookUrlProblem('https://localhost:4000/hook', true)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:4000/hook', false)).toBe('A webhook URL starts with https://');
  });

  it('knows public from non-public addresses', () => {
    expect(isPublicAddress('8.8.8.8')).toBe(true);
    expect(isPublicAddress('::ffff:8.8.8.8')).toBe(true);
    expect(isPublicAddress('192.168.0.1')).toBe(false);
    expect(isPublicAddress('not an address')).toBe(false);
  });
});

describe('connecting to a webhook', () => {
  let server: Server;
  let port: number;
  let hits = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits += 1;
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('refuses a host name that resolves to a non-public address at the connection, with the system resolver', async () => {
    const lookup = guardedLookup(false);
    const error = await new Promise<NodeJS.ErrnoException | null>((done) => lookup('localhost', {}, (e) => done(e)));
    expect(error).toMatchObject({ code: 'EPRIVATEADDRESS', message: expect.stringMatching(/^localhost resolves to (127\.0\.0\.1|::1), which is not a public address$/) });
    // a real request through the guard never reaches the server listening there
    const refused = await new Promise<NodeJS.ErrnoException>((done) => {
      get({ host: 'localhost', port, path: '/', lookup: guardedLookup(false) }, () => done(new Error('connected'))).on('error', done);
    });
    expect(refused.code).toBe('EPRIVATEADDRESS');
    expect(hits).toBe(0);
  });

  it('refuses a name whose resolver answers one private address among public ones', async () => {
    const resolve = (_host: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) => cb(null, [{ address: '93.184.215.14', family: 4 }, { address: '10.1.2.3', family: 4 }]);
    const error = await new Promise<Error | null>((done) => guardedLookup(false, resolve)('rebind.example', {}, (e) => done(e)));
    expect(error?.message).toBe('rebind.example resolves to 10.1.2.3, which is not a public address');
    const allowed = await new Promise<unknown>((done) => guardedLookup(false, (_h, _o, cb) => cb(null, [{ address: '93.184.215.14', family: 4 }]))('public.example', { all: true }, (_e, a) => done(a)));
    expect(allowed).toEqual([{ address: '93.184.215.14', family: 4 }]);
  });

  it('posts to an allowed target and answers its status; refuses a private one before connecting', async () => {
    expect(await postWebhook(`http://127.0.0.1:${port}/hook`, { 'content-type': 'application/json' }, '{}', { timeoutMs: 5000, allowPrivate: true })).toBe(204);
    expect(hits).toBe(1);
    await expect(postWebhook(`https://127.0.0.1:${port}/hook`, {}, '{}', { timeoutMs: 5000, allowPrivate: false })).rejects.toThrow(PRIVATE);
    expect(hits).toBe(1);
  });
});
